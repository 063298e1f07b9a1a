/**
 * Container and pod securityContext rules (`k8s_validation.go` `validateSecurityContext`,
 * `ValidatePodSecurityContext`, `warnDefaultContainerSecurityContext`; VALIDATION.md §0.2, §7).
 */
import { Flag, SecurePodDefaults } from '@ebb/config';
import { FieldError, errGeneric, errInvalidValue, errOutOfBoundsValue } from '../../errors/field-error.js';
import { asObject, disallowedFields, flagAllows, isSet, type Features, type JsonObject } from './fields.js';

/** Upper bound of user and group ids (Go `math.MaxInt32`). */
export const MAX_ID = 2147483647;

/** Container securityContext fields Knative admits; `privileged` is left out so only `false` passes. */
const CONTAINER_FIELDS = [
  'capabilities',
  'readOnlyRootFilesystem',
  'runAsUser',
  'runAsGroup',
  'runAsNonRoot',
  'allowPrivilegeEscalation',
  'seccompProfile',
] as const;

/** Pod securityContext fields admitted with `kubernetes.podspec-securitycontext`. */
const POD_FIELDS = ['runAsUser', 'runAsGroup', 'runAsNonRoot', 'fsGroup', 'supplementalGroups', 'seccompProfile'] as const;

/** Seccomp profile types a pod may pick under secure-pod-defaults alone. */
const RESTRICTED_SECCOMP_TYPES: readonly unknown[] = ['RuntimeDefault', 'Unconfined'];

const INSECURE_DEFAULT = 'Kubernetes default value is insecure, Knative may default this to secure in a future release';

/** Whether a Go pointer/slice field is nil (absent or null). */
function isNil(value: unknown): boolean {
  return value === undefined || value === null;
}

/** `expected 0 <= <v> <= 2147483647` at `path` when `value` is a number outside the id range. */
function idBounds(value: unknown, path: string): FieldError {
  if (typeof value !== 'number' || (value >= 0 && value <= MAX_ID)) return FieldError.empty();
  return errOutOfBoundsValue(value, 0, MAX_ID, path);
}

/** Whether `capabilities.add` may be set: the add-capabilities flag Enabled, or exactly [NET_BIND_SERVICE] under secure-pod-defaults. */
function addAllowed(add: unknown, features: Features): boolean {
  if (features.containerSpecAddCapabilities === Flag.Enabled) return true;
  const onlyBind = Array.isArray(add) && add.length === 1 && add[0] === 'NET_BIND_SERVICE';
  return onlyBind && features.securePodDefaults !== SecurePodDefaults.Disabled;
}

/** The capabilities field mask (paths relative to `capabilities`). */
function validateCapabilities(caps: unknown, features: Features): FieldError {
  if (isNil(caps)) return FieldError.empty();
  const allowed = addAllowed(asObject(caps)['add'], features) ? ['drop', 'add'] : ['drop'];
  return disallowedFields(caps, allowed);
}

/** A container's securityContext (paths relative to `securityContext`). */
export function validateContainerSecurityContext(sc: unknown, features: Features): FieldError {
  if (isNil(sc)) return FieldError.empty();
  const o = asObject(sc);
  return disallowedFields(o, CONTAINER_FIELDS)
    .also(validateCapabilities(o['capabilities'], features).viaField('capabilities'))
    .also(idBounds(o['runAsUser'], 'runAsUser'), idBounds(o['runAsGroup'], 'runAsGroup'));
}

/** Whether a pod seccompProfile stays within what secure-pod-defaults alone admits (a RuntimeDefault/Unconfined type). */
function restrictedSeccompOk(profile: unknown): boolean {
  const p = asObject(profile);
  const onlyType = Object.entries(p).every(([key, value]) => key === 'type' || !isSet(value));
  return onlyType && (!isSet(p['type']) || RESTRICTED_SECCOMP_TYPES.includes(p['type']));
}

/** The pod securityContext field mask for `features`. */
function podMask(o: JsonObject, features: Features): FieldError {
  if (flagAllows(features.podSpecSecurityContext)) return disallowedFields(o, POD_FIELDS);
  if (features.securePodDefaults === SecurePodDefaults.Disabled) return disallowedFields(o, []);
  const allowed = restrictedSeccompOk(o['seccompProfile']) ? ['seccompProfile'] : [];
  return disallowedFields(o, allowed);
}

/** The pod-level securityContext (paths relative to `securityContext`). */
export function validatePodSecurityContext(sc: unknown, features: Features): FieldError {
  if (isNil(sc)) return FieldError.empty();
  const o = asObject(sc);
  const groups = Array.isArray(o['supplementalGroups']) ? (o['supplementalGroups'] as unknown[]) : [];
  const groupErrs = groups.map((gid, i) => idBounds(gid, '').viaFieldIndex('supplementalGroups', i));
  return podMask(o, features)
    .also(idBounds(o['runAsUser'], 'runAsUser'), idBounds(o['runAsGroup'], 'runAsGroup'), idBounds(o['fsGroup'], 'fsGroup'))
    .also(...groupErrs);
}

/** The insecure-default warning at `path`. */
function insecure(path: string): FieldError {
  return errGeneric(INSECURE_DEFAULT, path).asWarning();
}

/** Warnings for a seccomp profile left at the Kubernetes default (unset or without a type) at both levels. */
function seccompWarning(pod: JsonObject, ctr: JsonObject): FieldError {
  if (isNil(ctr['seccompProfile']) && isNil(pod['seccompProfile'])) return insecure('seccompProfile');
  const noType = (p: unknown): boolean => !isSet(asObject(p)['type']);
  return noType(pod['seccompProfile']) && noType(ctr['seccompProfile']) ? insecure('seccompProfile.type') : FieldError.empty();
}

/** Warnings about capabilities left unset or without a drop list. */
function capabilitiesWarning(ctr: JsonObject): FieldError {
  if (isNil(ctr['capabilities'])) return insecure('capabilities');
  return isNil(asObject(ctr['capabilities'])['drop']) ? insecure('capabilities.drop') : FieldError.empty();
}

/** The warning for `capabilities.drop: [all]`, which drops nothing (must be spelled `ALL`). */
function dropSpellingWarning(ctr: JsonObject): FieldError {
  const drop = asObject(ctr['capabilities'])['drop'];
  if (!Array.isArray(drop) || drop[0] !== 'all') return FieldError.empty();
  return errInvalidValue('all', 'capabilities.drop', "Must be spelled as 'ALL'").asWarning();
}

/** The options of {@link warnDefaultSecurityContext}. */
export interface SecurityWarningInput {
  /** The pod-level securityContext. */
  readonly pod: unknown;
  /** The container's securityContext. */
  readonly container: unknown;
  readonly features: Features;
}

/**
 * Warning-level diagnostics for securityContext values left at insecure Kubernetes defaults (paths
 * relative to the container's `securityContext`). The insecure-default warnings are suppressed when
 * `secure-pod-defaults` is not Disabled (defaulting fills them in); the `all` spelling warning is not.
 */
export function warnDefaultSecurityContext(input: SecurityWarningInput): FieldError {
  const pod = asObject(input.pod);
  const ctr = asObject(input.container);
  const spelling = dropSpellingWarning(ctr);
  if (input.features.securePodDefaults !== SecurePodDefaults.Disabled) return spelling;
  const runAsNonRoot = isNil(pod['runAsNonRoot']) && isNil(ctr['runAsNonRoot']) ? insecure('runAsNonRoot') : FieldError.empty();
  const escalation = isNil(ctr['allowPrivilegeEscalation']) ? insecure('allowPrivilegeEscalation') : FieldError.empty();
  return runAsNonRoot.also(escalation, seccompWarning(pod, ctr), capabilitiesWarning(ctr), spelling);
}
