/**
 * Knative's PodSpec validation (`pkg/apis/serving/k8s_validation.go` `ValidatePodSpec`,
 * VALIDATION.md §7 and the §0.2 securityContext warnings). The rules live in `./podspec/`, one file
 * per concern; this file only composes them.
 */
import type { ValidationContext } from '../core/context.js';
import type { Container, PodSpec, Volume } from '../core/podspec.js';
import { validateDns1123Subdomain } from '@ebb/apimachinery';
import { FieldError, errInvalidValue } from '../errors/field-error.js';
import { validateContainers, validateInitContainers } from './podspec/containers.js';
import { asObject, listOf, nameOf, type Features } from './podspec/fields.js';
import { validatePodFields } from './podspec/pod-fields.js';
import { validatePodSecurityContext, warnDefaultSecurityContext } from './podspec/security-context.js';
import { validateVolumes } from './podspec/volumes.js';

/** A list field as an array (absent → empty). */
function list<T>(value: readonly T[] | undefined): readonly T[] {
  return Array.isArray(value) ? (value as readonly T[]) : [];
}

/** Names of the volumes any container or init container mounts. */
function mountedVolumes(containers: readonly Container[]): Set<string> {
  return new Set(containers.flatMap((c) => listOf(asObject(c)['volumeMounts']).map(nameOf)));
}

/** serviceAccountName must be a DNS-1123 subdomain: one error per apimachinery message. */
function validateServiceAccountName(name: string | undefined): FieldError {
  if (name === undefined || name === '') return FieldError.empty();
  return FieldError.empty().also(...validateDns1123Subdomain(name).map((msg) => errInvalidValue(name, 'serviceAccountName', msg)));
}

/** The §0.2 warnings for every container and init container. */
function securityWarnings(spec: PodSpec, features: Features): FieldError {
  const warn = (field: string, containers: readonly Container[]): FieldError[] =>
    containers.map((c, i) =>
      warnDefaultSecurityContext({ pod: spec.securityContext, container: asObject(c)['securityContext'], features })
        .viaField('securityContext')
        .viaFieldIndex(field, i),
    );
  return FieldError.empty().also(...warn('containers', list(spec.containers)), ...warn('initContainers', list(spec.initContainers)));
}

/** Validates a revision's PodSpec (paths relative to it, e.g. `containers[0].image`; the caller prefixes `spec.template.spec` or `spec`). */
export function validatePodSpec(spec: PodSpec | undefined, ctx: ValidationContext): FieldError {
  const ps: PodSpec = spec ?? {};
  const { features } = ctx;
  const containers = list(ps.containers);
  const initContainers = list(ps.initContainers);
  const volumeList: readonly Volume[] = list(ps.volumes);
  const volumes = new Map(volumeList.map((v) => [nameOf(v), v] as const));
  const input = { containers, initContainers, volumes, features };
  return validatePodFields(ps, features).also(
    validatePodSecurityContext(ps.securityContext, features).viaField('securityContext'),
    securityWarnings(ps, features),
    validateVolumes({ volumes: volumeList, mounted: mountedVolumes([...initContainers, ...containers]), features }).viaField('volumes'),
    validateInitContainers(input),
    validateContainers(input),
    validateServiceAccountName(ps.serviceAccountName),
  );
}
