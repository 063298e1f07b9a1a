/**
 * One container (`k8s_validation.go` `ValidateContainer`, `validateSidecarContainer`,
 * `validateInitContainer`, `validate`).
 */
import type { Container, Volume } from '../../core/podspec.js';
import { goQuote } from '../../errors/go-format.js';
import { CURRENT_FIELD, FieldError, errInvalidValue, errMissingField } from '../../errors/field-error.js';
import { validateEnv, validateEnvFrom } from './env.js';
import { asObject, disallowedFields, flagEnabled, isSet, isZero, type Features, type JsonObject } from './fields.js';
import { imageReferenceError } from './image.js';
import { validateContainerPorts, validateInitContainerPorts, type ServingPort } from './ports.js';
import { ProbeOwner, disallowSidecarProbe, validateProbe, validateReadinessProbe } from './probes.js';
import { validateContainerSecurityContext } from './security-context.js';
import { validateVolumeMounts } from './volume-mounts.js';

/** The role a container plays in the pod, which decides its probe, port and env rules. */
export const ContainerRole = { Serving: 'serving', Sidecar: 'sidecar', Init: 'init' } as const;
/** One of {@link ContainerRole}. */
export type ContainerRole = (typeof ContainerRole)[keyof typeof ContainerRole];

/** Container names the system reserves. */
export const RESERVED_CONTAINER_NAMES: readonly string[] = ['queue-proxy'];

const CONTAINER_FIELDS = [
  'name',
  'args',
  'command',
  'env',
  'workingDir',
  'envFrom',
  'image',
  'imagePullPolicy',
  'livenessProbe',
  'ports',
  'readinessProbe',
  'resources',
  'securityContext',
  'startupProbe',
  'terminationMessagePath',
  'terminationMessagePolicy',
  'volumeMounts',
] as const;
const RESOURCES_FIELDS = ['limits', 'requests'] as const;
const TERMINATION_MESSAGE_POLICIES: readonly unknown[] = ['', 'File', 'FallbackToLogsOnError', undefined];
const INIT_FORBIDDEN = ['livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'] as const;

/** The options of {@link validateContainer}. */
export interface ContainerInput {
  readonly container: Container;
  readonly role: ContainerRole;
  /** The serving port (probe port names must match it). */
  readonly port: ServingPort;
  /** The pod's volumes by name. */
  readonly volumes: ReadonlyMap<string, Volume>;
  readonly features: Features;
}

/** The probes of the serving container, or of a sidecar when `multi-container-probing` is Enabled. */
function probeChecks(c: JsonObject, input: ContainerInput, owner: ProbeOwner): FieldError {
  const probe = (key: string): { probe: unknown; port: ServingPort; owner: ProbeOwner } => ({ probe: c[key], port: input.port, owner });
  return validateProbe(probe('livenessProbe'))
    .viaField('livenessProbe')
    .also(validateReadinessProbe(probe('readinessProbe')).viaField('readinessProbe'), validateProbe(probe('startupProbe')).viaField('startupProbe'));
}

/** The rules that depend on the container's role. */
function roleChecks(c: JsonObject, input: ContainerInput): FieldError {
  if (input.role === ContainerRole.Serving) return probeChecks(c, input, ProbeOwner.Serving);
  if (input.role === ContainerRole.Init) {
    const set = INIT_FORBIDDEN.filter((key) => isSet(c[key]));
    return FieldError.empty().also(...set.map((key) => new FieldError({ message: 'field not allowed in an init container', paths: [key] })));
  }
  if (flagEnabled(input.features.multiContainerProbing)) return probeChecks(c, input, ProbeOwner.Sidecar);
  const probes = ['livenessProbe', 'readinessProbe', 'startupProbe'];
  return FieldError.empty().also(...probes.map((key) => disallowSidecarProbe(c[key]).viaField(key)));
}

/** image: required and a parseable reference. */
function validateImage(image: unknown): FieldError {
  if (typeof image !== 'string' || image === '') return errMissingField('image');
  const error = imageReferenceError(image);
  if (error === undefined) return FieldError.empty();
  return new FieldError({ message: 'Failed to parse image reference', paths: ['image'], details: `image: ${goQuote(image)}, error: ${error}` });
}

/** name (not reserved), terminationMessagePolicy and resources. */
function validateScalars(c: JsonObject): FieldError {
  let errs = disallowedFields(c['resources'], RESOURCES_FIELDS).viaField('resources');
  const name = c['name'];
  if (typeof name === 'string' && RESERVED_CONTAINER_NAMES.includes(name)) {
    errs = errs.also(new FieldError({ message: `${goQuote(name)} is a reserved container name`, paths: ['name'] }));
  }
  const policy = c['terminationMessagePolicy'];
  if (!TERMINATION_MESSAGE_POLICIES.includes(policy)) errs = errs.also(errInvalidValue(policy, 'terminationMessagePolicy'));
  return errs;
}

/**
 * Whether the container is Go's zero `Container` (k8s semantic equality: empty lists equal nil; the
 * pointer fields — probes, lifecycle, securityContext — count as set even when `{}`; `resources` is a value).
 */
function isEmptyContainer(c: JsonObject): boolean {
  return Object.entries(c).every(([key, value]) => (key === 'resources' ? isZero(value) : !isSet(value) || (Array.isArray(value) && value.length === 0)));
}

/** The rules every container shares (Knative's `validate`). */
function validateCommon(c: JsonObject, input: ContainerInput): FieldError {
  if (isEmptyContainer(c)) return errMissingField(CURRENT_FIELD);
  const ports = input.role === ContainerRole.Init ? validateInitContainerPorts(c['ports']) : validateContainerPorts(c['ports']);
  const env = validateEnv({ env: c['env'], serving: input.role === ContainerRole.Serving, features: input.features });
  return disallowedFields(c, CONTAINER_FIELDS).also(
    validateScalars(c),
    env.viaField('env'),
    validateEnvFrom(c['envFrom']).viaField('envFrom'),
    validateImage(c['image']),
    ports.viaField('ports'),
    validateContainerSecurityContext(c['securityContext'], input.features).viaField('securityContext'),
    validateVolumeMounts({ mounts: c['volumeMounts'], volumes: input.volumes, features: input.features }).viaField('volumeMounts'),
  );
}

/** One container in its role (paths relative to the container, e.g. `image`). */
export function validateContainer(input: ContainerInput): FieldError {
  const c = asObject(input.container);
  return roleChecks(c, input).also(validateCommon(c, input));
}
