/**
 * The PodSpec field mask (`fieldmask.go` `PodSpecMask`, API.md §3): which top-level PodSpec fields a
 * Revision may set, with the feature flag that gates each optional one.
 */
import { SecurePodDefaults } from '@ebb/config';
import type { FieldError } from '../../errors/field-error.js';
import { disallowedFields, flagAllows, type Features } from './fields.js';

/** Fields every Revision may set. */
const ALWAYS_ALLOWED = [
  'serviceAccountName',
  'containers',
  'volumes',
  'imagePullSecrets',
  'enableServiceLinks',
  // `automountServiceAccountToken` is left out: only `false` is allowed, and `isSet` treats false as unset.
] as const;

/** Gated fields and whether the features let each through (flag ≠ Disabled). */
const GATED: Readonly<Record<string, (f: Features) => boolean>> = {
  affinity: (f) => flagAllows(f.podSpecAffinity),
  topologySpreadConstraints: (f) => flagAllows(f.podSpecTopologySpreadConstraints),
  hostAliases: (f) => flagAllows(f.podSpecHostAliases),
  nodeSelector: (f) => flagAllows(f.podSpecNodeSelector),
  runtimeClassName: (f) => flagAllows(f.podSpecRuntimeClassName),
  tolerations: (f) => flagAllows(f.podSpecTolerations),
  securityContext: (f) => flagAllows(f.podSpecSecurityContext) || f.securePodDefaults !== SecurePodDefaults.Disabled,
  shareProcessNamespace: (f) => flagAllows(f.podSpecShareProcessNamespace),
  priorityClassName: (f) => flagAllows(f.podSpecPriorityClassName),
  schedulerName: (f) => flagAllows(f.podSpecSchedulerName),
  initContainers: (f) => flagAllows(f.podSpecInitContainers),
  dnsPolicy: (f) => flagAllows(f.podSpecDnsPolicy),
  dnsConfig: (f) => flagAllows(f.podSpecDnsConfig),
  hostIPC: (f) => flagAllows(f.podSpecHostIpc),
  hostPID: (f) => flagAllows(f.podSpecHostPid),
  hostNetwork: (f) => flagAllows(f.podSpecHostNetwork),
};

/** The PodSpec keys allowed under `features`. */
export function allowedPodFields(features: Features): string[] {
  const gated = Object.entries(GATED)
    .filter(([, allows]) => allows(features))
    .map(([key]) => key);
  return [...ALWAYS_ALLOWED, ...gated];
}

/** `must not set the field(s)` for top-level PodSpec fields outside the allowed subset (paths relative to the PodSpec). */
export function validatePodFields(spec: unknown, features: Features): FieldError {
  return disallowedFields(spec, allowedPodFields(features));
}
