/**
 * Per-container defaults of a RevisionSpec (serving `revision_defaults.go` applyDefault and
 * defaultSecurityContext; API.md §2.1 items 6–8, 10, 11). These fill the container in place: they run on
 * the copy `setDefaults` made.
 */
import { SecurePodDefaults } from '@ebb/config';
import type { DefaultsConfig, FeaturesConfig } from '@ebb/config';
import { isNil } from '../core/semantic-equal.js';
import { childObject, isObject, numberOf, objectsOf, stringOf, type JsonObject } from './json.js';

/** Kubernetes' probe defaults Knative applies when `periodSeconds` is set. */
const K8S_FAILURE_THRESHOLD = 3;
const K8S_PROBE_TIMEOUT_SECONDS = 1;
/** The first port that needs no NET_BIND_SERVICE capability. */
const FIRST_UNPRIVILEGED_PORT = 1024;
const PROBE_HANDLERS = ['tcpSocket', 'httpGet', 'exec', 'grpc'] as const;
/** Volume sources whose mounts stay writable. */
const WRITABLE_SOURCES = ['emptyDir', 'persistentVolumeClaim', 'ephemeral'] as const;

/** Resource names with the config-defaults fields that default their request and limit. */
const RESOURCE_DEFAULTS: readonly { name: string; request: keyof DefaultsConfig; limit: keyof DefaultsConfig }[] = [
  { name: 'cpu', request: 'revisionCpuRequest', limit: 'revisionCpuLimit' },
  { name: 'memory', request: 'revisionMemoryRequest', limit: 'revisionMemoryLimit' },
  { name: 'ephemeral-storage', request: 'revisionEphemeralStorageRequest', limit: 'revisionEphemeralStorageLimit' },
];

/** What the per-container defaults read of the RevisionSpec. */
export interface ContainerDefaulting {
  /** config-defaults. */
  readonly defaults: DefaultsConfig;
  /** Whether this is the serving container (the only container, or one with ports): it gets a readiness probe. */
  readonly serving: boolean;
  /** Names of the pod volumes whose mounts stay writable (emptyDir, PVC, ephemeral). */
  readonly writableVolumes: ReadonlySet<string>;
}

function fillQuantity(list: JsonObject, name: string, value: unknown): void {
  if (typeof value === 'string' && !Object.hasOwn(list, name)) list[name] = value;
}

/** Item 6: requests/limits filled from `revision-{cpu,memory,ephemeral-storage}-{request,limit}`. */
function fillResources(container: JsonObject, defaults: DefaultsConfig): void {
  const resources = childObject(container, 'resources');
  const requests = isObject(resources['requests']) ? resources['requests'] : {};
  const limits = isObject(resources['limits']) ? resources['limits'] : {};
  for (const r of RESOURCE_DEFAULTS) {
    fillQuantity(requests, r.name, defaults[r.request]);
    fillQuantity(limits, r.name, defaults[r.limit]);
  }
  // Go leaves empty maps, which `omitempty` drops from the JSON.
  if (Object.keys(requests).length > 0) resources['requests'] = requests;
  if (Object.keys(limits).length > 0) resources['limits'] = limits;
}

/** Item 7: the serving container gets a readiness probe, with `tcpSocket: {port: 0}` when it has no handler. */
function fillServingReadinessProbe(container: JsonObject): void {
  const probe = childObject(container, 'readinessProbe');
  if (PROBE_HANDLERS.every((h) => isNil(probe[h]))) probe['tcpSocket'] = { port: 0 };
}

/** Item 7: successThreshold 0 → 1; with periodSeconds ≠ 0 also failureThreshold 0 → 3, timeoutSeconds 0 → 1. */
function fillReadinessProbeThresholds(container: JsonObject): void {
  const probe = container['readinessProbe'];
  if (!isObject(probe)) return;
  if (numberOf(probe['successThreshold']) === 0) probe['successThreshold'] = 1;
  if (numberOf(probe['periodSeconds']) === 0) return;
  if (numberOf(probe['failureThreshold']) === 0) probe['failureThreshold'] = K8S_FAILURE_THRESHOLD;
  if (numberOf(probe['timeoutSeconds']) === 0) probe['timeoutSeconds'] = K8S_PROBE_TIMEOUT_SECONDS;
}

/** Item 8: gRPC probes get `service: ""`. */
function fillGrpcProbes(container: JsonObject): void {
  for (const key of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
    const probe = container[key];
    const grpc = isObject(probe) ? probe['grpc'] : undefined;
    if (isObject(grpc) && isNil(grpc['service'])) grpc['service'] = '';
  }
}

/** Item 10: mounts of volumes other than emptyDir/PVC/ephemeral become `readOnly: true`. */
function fillVolumeMounts(container: JsonObject, writable: ReadonlySet<string>): void {
  for (const mount of objectsOf(container['volumeMounts'])) {
    if (!writable.has(stringOf(mount['name']))) mount['readOnly'] = true;
  }
}

/** The names of the volumes whose mounts stay writable. */
export function writableVolumeNames(volumes: unknown): ReadonlySet<string> {
  const writable = objectsOf(volumes).filter((v) => WRITABLE_SOURCES.some((s) => !isNil(v[s])));
  return new Set(writable.map((v) => stringOf(v['name'])));
}

/** Items 6–8 and 10 for one (non-init) container. */
export function fillContainer(container: JsonObject, opts: ContainerDefaulting): void {
  fillResources(container, opts.defaults);
  if (opts.serving) fillServingReadinessProbe(container);
  fillReadinessProbeThresholds(container);
  fillGrpcProbes(container);
  fillVolumeMounts(container, opts.writableVolumes);
}

/** What the security-context defaults read. */
export interface SecurityDefaulting {
  readonly features: FeaturesConfig;
  /** The pod-level `securityContext`, if any. */
  readonly podSecurityContext: unknown;
}

function needsLowPort(container: JsonObject): boolean {
  return objectsOf(container['ports']).some((p) => numberOf(p['containerPort']) < FIRST_UNPRIVILEGED_PORT);
}

function fillSeccomp(sc: JsonObject, pod: JsonObject): void {
  const podProfile = pod['seccompProfile'];
  if (isObject(podProfile) && stringOf(podProfile['type']) !== '') return;
  const profile = childObject(sc, 'seccompProfile');
  if (stringOf(profile['type']) === '') profile['type'] = 'RuntimeDefault';
}

/** Item 11: secure-pod-defaults (`Enabled` or `AllowRootBounded`) for a container or init container. */
export function fillSecurityContext(container: JsonObject, opts: SecurityDefaulting): void {
  const mode = opts.features.securePodDefaults;
  if (mode === SecurePodDefaults.Disabled) return;
  const pod = isObject(opts.podSecurityContext) ? opts.podSecurityContext : {};
  const sc = childObject(container, 'securityContext');
  if (isNil(sc['allowPrivilegeEscalation'])) sc['allowPrivilegeEscalation'] = false;
  fillSeccomp(sc, pod);
  if (isNil(sc['capabilities'])) {
    sc['capabilities'] = needsLowPort(container) ? { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } : { drop: ['ALL'] };
  }
  if (mode === SecurePodDefaults.Enabled && isNil(pod['runAsNonRoot']) && isNil(sc['runAsNonRoot'])) sc['runAsNonRoot'] = true;
}
