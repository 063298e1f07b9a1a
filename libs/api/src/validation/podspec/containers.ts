/**
 * The pod's containers and init containers (`k8s_validation.go` `ValidatePodSpec` container part,
 * `validateContainers`, `validateInitContainers`).
 */
import type { Container, Volume } from '../../core/podspec.js';
import { goQuote } from '../../errors/go-format.js';
import { FieldError, errGeneric, errMissingField } from '../../errors/field-error.js';
import { ContainerRole, validateContainer } from './container.js';
import { asObject, flagEnabled, listOf, nameOf, type Features } from './fields.js';
import { validateContainersPorts, type ServingPort } from './ports.js';

/** The options of {@link validateContainers} and {@link validateInitContainers}. */
export interface ContainersInput {
  readonly containers: readonly Container[];
  readonly initContainers: readonly Container[];
  /** The pod's volumes by name. */
  readonly volumes: ReadonlyMap<string, Volume>;
  readonly features: Features;
}

/** `duplicate container name "<n>"` at `containers[i].name`. */
function duplicateName(name: string, index: number): FieldError {
  return new FieldError({ message: `duplicate container name ${goQuote(name)}`, paths: ['name'] }).viaFieldIndex('containers', index);
}

/** Duplicate names among the (regular) containers, reported at each repeat. */
function duplicateNames(containers: readonly Container[]): FieldError {
  const seen = new Set<string>();
  const errs = containers.map((c, i) => {
    const name = nameOf(c);
    if (seen.has(name)) return duplicateName(name, i);
    seen.add(name);
    return FieldError.empty();
  });
  return FieldError.empty().also(...errs);
}

/** Two or more containers: multi-container must be Enabled; the one with a port serves, the others are sidecars. */
function validateMany(input: ContainersInput, port: ServingPort): FieldError {
  const { containers, features, volumes } = input;
  if (!flagEnabled(features.multiContainer)) return errGeneric(`multi-container is off, but found ${containers.length} containers`);
  const each = containers.map((container, i) => {
    const role = listOf(asObject(container)['ports']).length === 0 ? ContainerRole.Sidecar : ContainerRole.Serving;
    return validateContainer({ container, role, port, volumes, features }).viaFieldIndex('containers', i);
  });
  return duplicateNames(containers).also(...each);
}

/** The containers: at least one, a single port across them, each by its role (paths relative to the PodSpec). */
export function validateContainers(input: ContainersInput): FieldError {
  const { containers, features, volumes } = input;
  const { port, errors } = validateContainersPorts(containers);
  const portErrs = errors.viaField('containers[*]');
  const [only] = containers;
  if (only === undefined) return portErrs.also(errMissingField('containers'));
  if (containers.length > 1) return portErrs.also(validateMany(input, port));
  return portErrs.also(validateContainer({ container: only, role: ContainerRole.Serving, port, volumes, features }).viaFieldIndex('containers', 0));
}

/**
 * The init containers: `kubernetes.podspec-init-containers` must be Enabled. Quirk kept from Knative:
 * their errors (and name clashes with regular containers) are reported under `containers[<i>]`.
 */
export function validateInitContainers(input: ContainersInput): FieldError {
  const { initContainers, containers, features, volumes } = input;
  if (initContainers.length === 0) return FieldError.empty();
  if (!flagEnabled(features.podSpecInitContainers)) {
    return errGeneric(`pod spec support for init-containers is off, but found ${initContainers.length} init containers`);
  }
  const names = new Set(containers.map(nameOf));
  const port: ServingPort = { name: 'http', containerPort: 8080 };
  const each = initContainers.map((container, i) => {
    const name = nameOf(container);
    const dup = names.has(name) ? duplicateName(name, i) : FieldError.empty();
    return dup.also(validateContainer({ container, role: ContainerRole.Init, port, volumes, features }).viaFieldIndex('containers', i));
  });
  return FieldError.empty().also(...each);
}
