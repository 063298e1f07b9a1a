import { defaultDefaultsConfig, defaultFeaturesConfig, defaultAutoscalerConfig, parseDefaultsConfig, SecurePodDefaults } from '@ebb/config';
import type { DefaultsConfig, FeaturesConfig } from '@ebb/config';
import { Operation, type DefaultingContext } from '../core/context.js';
import { childName } from '../core/names.js';
import { setDefaults } from './index.js';
import { defaultRevisionSpec } from './revision.js';
import { expectNoSecondPatch } from './idempotency.spec-support.js';

// One row per RevisionSpec default of API.md §2.1 (serving `revision_defaults.go`): the field absent
// gets Knative's default, the field set is kept, and non-default config-defaults/-features values drive it.

type Json = Record<string, unknown>;

interface Row {
  readonly name: string;
  /** The template spec the user wrote. */
  readonly spec: Json;
  readonly defaults?: Partial<DefaultsConfig>;
  readonly features?: Partial<FeaturesConfig>;
  readonly operation?: Operation;
  /** Where to look in the defaulted template spec. */
  readonly path: readonly (string | number)[];
  /** The value found there (`undefined`: the field stays unset). */
  readonly expected: unknown;
}

function ctxOf(row: Pick<Row, 'defaults' | 'features' | 'operation'>): DefaultingContext {
  return {
    defaults: { ...defaultDefaultsConfig(), ...row.defaults },
    features: { ...defaultFeaturesConfig(), ...row.features },
    autoscaler: defaultAutoscalerConfig(),
    operation: row.operation ?? Operation.Create,
    user: 'alice@example.com',
  };
}

const service = (spec: Json, name = 'hello'): Json => ({
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: { name, namespace: 'default' },
  spec: { template: { spec } },
});

function at(value: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((v, key) => (typeof v === 'object' && v !== null ? (v as Record<string | number, unknown>)[key] : undefined), value);
}

const templateSpec = (object: unknown): unknown => at(object, ['spec', 'template', 'spec']);


/** config-defaults as the ConfigMap gives it (API.md §2.5); a parse failure fails the test. */
function parsedDefaults(data: Record<string, string>): DefaultsConfig {
  const parsed = parseDefaultsConfig(data);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.config;
}

const one = (container: Json = {}, pod: Json = {}): Json => ({ containers: [{ image: 'ghcr.io/knative/helloworld-go', ...container }], ...pod });

const timeoutRows: Row[] = [
  { name: 'timeoutSeconds absent → revision-timeout-seconds (300)', spec: one(), path: ['timeoutSeconds'], expected: 300 },
  { name: 'timeoutSeconds 0 → revision-timeout-seconds (300)', spec: one({}, { timeoutSeconds: 0 }), path: ['timeoutSeconds'], expected: 300 },
  { name: 'timeoutSeconds set is kept', spec: one({}, { timeoutSeconds: 100 }), path: ['timeoutSeconds'], expected: 100 },
  { name: 'timeoutSeconds from revision-timeout-seconds: 120', spec: one(), defaults: { revisionTimeoutSeconds: 120 }, path: ['timeoutSeconds'], expected: 120 },
  { name: 'idleTimeoutSeconds stays unset with the stock 0', spec: one(), path: ['idleTimeoutSeconds'], expected: undefined },
  { name: 'idleTimeoutSeconds from revision-idle-timeout-seconds: 60', spec: one(), defaults: { revisionIdleTimeoutSeconds: 60 }, path: ['idleTimeoutSeconds'], expected: 60 },
  {
    name: 'idleTimeoutSeconds not defaulted when the default is not < timeoutSeconds',
    spec: one({}, { timeoutSeconds: 60 }),
    defaults: { revisionIdleTimeoutSeconds: 60 },
    path: ['idleTimeoutSeconds'],
    expected: undefined,
  },
  { name: 'idleTimeoutSeconds set is kept', spec: one({}, { idleTimeoutSeconds: 10 }), defaults: { revisionIdleTimeoutSeconds: 60 }, path: ['idleTimeoutSeconds'], expected: 10 },
  { name: 'responseStartTimeoutSeconds unset for the default timeout (300 is not < 300)', spec: one(), path: ['responseStartTimeoutSeconds'], expected: undefined },
  { name: 'responseStartTimeoutSeconds 300 when timeoutSeconds is 600', spec: one({}, { timeoutSeconds: 600 }), path: ['responseStartTimeoutSeconds'], expected: 300 },
  {
    name: 'responseStartTimeoutSeconds from revision-response-start-timeout-seconds: 30',
    spec: one(),
    defaults: { revisionResponseStartTimeoutSeconds: 30 },
    path: ['responseStartTimeoutSeconds'],
    expected: 30,
  },
  {
    name: 'responseStartTimeoutSeconds not defaulted when the config value is 0',
    spec: one({}, { timeoutSeconds: 600 }),
    defaults: { revisionResponseStartTimeoutSeconds: 0 },
    path: ['responseStartTimeoutSeconds'],
    expected: undefined,
  },
  {
    name: 'timeoutSeconds 600 under a ConfigMap with only revision-timeout-seconds: 600',
    spec: one(),
    defaults: parsedDefaults({ 'revision-timeout-seconds': '600' }),
    path: ['timeoutSeconds'],
    expected: 600,
  },
  {
    // "That config key itself defaults to the value of revision-timeout-seconds": 600 is not < 600.
    name: 'responseStartTimeoutSeconds stays unset under a ConfigMap with only revision-timeout-seconds: 600',
    spec: one(),
    defaults: parsedDefaults({ 'revision-timeout-seconds': '600' }),
    path: ['responseStartTimeoutSeconds'],
    expected: undefined,
  },
  {
    name: 'responseStartTimeoutSeconds follows revision-timeout-seconds: 600 when timeoutSeconds is 900',
    spec: one({}, { timeoutSeconds: 900 }),
    defaults: parsedDefaults({ 'revision-timeout-seconds': '600', 'max-revision-timeout-seconds': '900' }),
    path: ['responseStartTimeoutSeconds'],
    expected: 600,
  },
  { name: 'responseStartTimeoutSeconds set is kept', spec: one({}, { timeoutSeconds: 600, responseStartTimeoutSeconds: 20 }), path: ['responseStartTimeoutSeconds'], expected: 20 },
  { name: 'containerConcurrency absent → container-concurrency (0)', spec: one(), path: ['containerConcurrency'], expected: 0 },
  { name: 'containerConcurrency from container-concurrency: 10', spec: one(), defaults: { containerConcurrency: 10 }, path: ['containerConcurrency'], expected: 10 },
  { name: 'containerConcurrency set is kept', spec: one({}, { containerConcurrency: 5 }), defaults: { containerConcurrency: 10 }, path: ['containerConcurrency'], expected: 5 },
  { name: 'containerConcurrency 0 set is kept', spec: one({}, { containerConcurrency: 0 }), defaults: { containerConcurrency: 10 }, path: ['containerConcurrency'], expected: 0 },
];

const two = (a: Json, b: Json, pod: Json = {}): Json => ({ containers: [{ image: 'a', ...a }, { image: 'b', ...b }], ...pod });

const nameRows: Row[] = [
  { name: 'an unnamed single container → user-container', spec: one(), path: ['containers', 0, 'name'], expected: 'user-container' },
  { name: 'a container name set is kept', spec: one({ name: 'web' }), path: ['containers', 0, 'name'], expected: 'web' },
  { name: 'two unnamed containers → user-container-0', spec: two({}, {}), path: ['containers', 0, 'name'], expected: 'user-container-0' },
  { name: 'two unnamed containers → user-container-1', spec: two({}, {}), path: ['containers', 1, 'name'], expected: 'user-container-1' },
  { name: 'the suffix skips a name the user took', spec: two({ name: 'user-container-0' }, {}), path: ['containers', 1, 'name'], expected: 'user-container-1' },
  {
    name: 'a single container whose default name clashes gets a suffix',
    spec: one({}, { initContainers: [{ name: 'user-container', image: 'i' }] }),
    path: ['containers', 0, 'name'],
    expected: 'user-container-0',
  },
  { name: 'an unnamed init container → init-container', spec: one({}, { initContainers: [{ image: 'i' }] }), path: ['initContainers', 0, 'name'], expected: 'init-container' },
  {
    name: 'two unnamed init containers → init-container-0, init-container-1',
    spec: one({}, { initContainers: [{ image: 'i' }, { image: 'j' }] }),
    path: ['initContainers'],
    expected: [
      { name: 'init-container-0', image: 'i' },
      { name: 'init-container-1', image: 'j' },
    ],
  },
  {
    name: 'an init container whose default name clashes with a user-given container name gets a suffix',
    spec: one({ name: 'init-container' }, { initContainers: [{ image: 'i' }] }),
    path: ['initContainers', 0, 'name'],
    expected: 'init-container-0',
  },
  {
    name: 'the init-container suffix skips a name the user took',
    spec: one({}, { initContainers: [{ name: 'init-container-0', image: 'i' }, { image: 'j' }] }),
    path: ['initContainers'],
    expected: [
      { name: 'init-container-0', image: 'i' },
      { name: 'init-container-1', image: 'j' },
    ],
  },
  { name: 'an init container name set is kept', spec: one({}, { initContainers: [{ name: 'setup', image: 'i' }] }), path: ['initContainers', 0, 'name'], expected: 'setup' },
  {
    name: 'container-name-template renders the parent ObjectMeta',
    spec: one(),
    defaults: { containerNameTemplate: '{{.Name}}-app' },
    path: ['containers', 0, 'name'],
    expected: 'hello-app',
  },
  {
    name: 'init-container-name-template renders the parent ObjectMeta',
    spec: one({}, { initContainers: [{ image: 'i' }] }),
    defaults: { initContainerNameTemplate: '{{ .Namespace }}-init' },
    path: ['initContainers', 0, 'name'],
    expected: 'default-init',
  },
  {
    name: 'a suffixed name longer than 63 characters is shortened (kmeta.ChildName)',
    spec: two({}, {}),
    defaults: { containerNameTemplate: 'c'.repeat(63) },
    path: ['containers', 1, 'name'],
    expected: childName('c'.repeat(63), '-1'),
  },
];

const resourceRows: Row[] = [
  { name: 'resources absent → {}', spec: one(), path: ['containers', 0, 'resources'], expected: {} },
  { name: 'resources set are kept', spec: one({ resources: { limits: { cpu: '1' } } }), path: ['containers', 0, 'resources'], expected: { limits: { cpu: '1' } } },
  { name: 'cpu request from revision-cpu-request', spec: one(), defaults: { revisionCpuRequest: '100m' }, path: ['containers', 0, 'resources'], expected: { requests: { cpu: '100m' } } },
  {
    name: 'memory limit from revision-memory-limit',
    spec: one(),
    defaults: { revisionMemoryLimit: '1Gi' },
    path: ['containers', 0, 'resources'],
    expected: { limits: { memory: '1Gi' } },
  },
  {
    name: 'ephemeral-storage request/limit from config-defaults',
    spec: one(),
    defaults: { revisionEphemeralStorageRequest: '500Mi', revisionEphemeralStorageLimit: '750Mi' },
    path: ['containers', 0, 'resources'],
    expected: { requests: { 'ephemeral-storage': '500Mi' }, limits: { 'ephemeral-storage': '750Mi' } },
  },
  {
    name: 'a request the container sets is kept over revision-cpu-request',
    spec: one({ resources: { requests: { cpu: '250m' } } }),
    defaults: { revisionCpuRequest: '100m', revisionMemoryRequest: '64Mi' },
    path: ['containers', 0, 'resources'],
    expected: { requests: { cpu: '250m', memory: '64Mi' } },
  },
  { name: 'cpu limit from revision-cpu-limit', spec: one(), defaults: { revisionCpuLimit: '1' }, path: ['containers', 0, 'resources'], expected: { limits: { cpu: '1' } } },
  {
    name: 'memory request from revision-memory-request alone',
    spec: one(),
    defaults: { revisionMemoryRequest: '64Mi' },
    path: ['containers', 0, 'resources'],
    expected: { requests: { memory: '64Mi' } },
  },
  {
    name: 'a cpu limit the container sets is kept over revision-cpu-limit',
    spec: one({ resources: { limits: { cpu: '2' } } }),
    defaults: { revisionCpuLimit: '1', revisionMemoryLimit: '1Gi' },
    path: ['containers', 0, 'resources'],
    expected: { limits: { cpu: '2', memory: '1Gi' } },
  },
  {
    name: 'a memory limit the container sets is kept over revision-memory-limit',
    spec: one({ resources: { limits: { memory: '2Gi' } } }),
    defaults: { revisionMemoryLimit: '1Gi' },
    path: ['containers', 0, 'resources'],
    expected: { limits: { memory: '2Gi' } },
  },
  {
    name: 'an ephemeral-storage limit the container sets is kept over revision-ephemeral-storage-limit',
    spec: one({ resources: { limits: { 'ephemeral-storage': '1Gi' } } }),
    defaults: { revisionEphemeralStorageLimit: '750Mi' },
    path: ['containers', 0, 'resources'],
    expected: { limits: { 'ephemeral-storage': '1Gi' } },
  },
  { name: 'sidecars get resources {} too', spec: two({ ports: [{ containerPort: 8080 }] }, {}), path: ['containers', 1, 'resources'], expected: {} },
];

const probeRows: Row[] = [
  {
    name: 'readinessProbe absent → tcpSocket port 0, successThreshold 1',
    spec: one(),
    path: ['containers', 0, 'readinessProbe'],
    expected: { tcpSocket: { port: 0 }, successThreshold: 1 },
  },
  {
    name: 'a readinessProbe without a handler gets tcpSocket port 0',
    spec: one({ readinessProbe: { initialDelaySeconds: 2 } }),
    path: ['containers', 0, 'readinessProbe'],
    expected: { initialDelaySeconds: 2, tcpSocket: { port: 0 }, successThreshold: 1 },
  },
  {
    name: 'a readinessProbe handler set is kept',
    spec: one({ readinessProbe: { httpGet: { path: '/ready' } } }),
    path: ['containers', 0, 'readinessProbe'],
    expected: { httpGet: { path: '/ready' }, successThreshold: 1 },
  },
  {
    name: 'successThreshold set is kept',
    spec: one({ readinessProbe: { exec: { command: ['true'] }, successThreshold: 2 } }),
    path: ['containers', 0, 'readinessProbe'],
    expected: { exec: { command: ['true'] }, successThreshold: 2 },
  },
  {
    name: 'periodSeconds set → failureThreshold 3, timeoutSeconds 1',
    spec: one({ readinessProbe: { periodSeconds: 10 } }),
    path: ['containers', 0, 'readinessProbe'],
    expected: { periodSeconds: 10, tcpSocket: { port: 0 }, successThreshold: 1, failureThreshold: 3, timeoutSeconds: 1 },
  },
  {
    name: 'periodSeconds set keeps failureThreshold/timeoutSeconds set',
    spec: one({ readinessProbe: { periodSeconds: 10, failureThreshold: 5, timeoutSeconds: 4 } }),
    path: ['containers', 0, 'readinessProbe'],
    expected: { periodSeconds: 10, tcpSocket: { port: 0 }, successThreshold: 1, failureThreshold: 5, timeoutSeconds: 4 },
  },
  {
    name: 'periodSeconds 0 (aggressive probing) leaves failureThreshold/timeoutSeconds 0',
    spec: one({ readinessProbe: { periodSeconds: 0 } }),
    path: ['containers', 0, 'readinessProbe'],
    expected: { periodSeconds: 0, tcpSocket: { port: 0 }, successThreshold: 1 },
  },
  { name: 'a sidecar without ports gets no readinessProbe', spec: two({ ports: [{ containerPort: 8080 }] }, {}), path: ['containers', 1, 'readinessProbe'], expected: undefined },
  {
    name: 'the container with ports gets the readinessProbe',
    spec: two({}, { ports: [{ containerPort: 8080 }] }),
    path: ['containers', 1, 'readinessProbe'],
    expected: { tcpSocket: { port: 0 }, successThreshold: 1 },
  },
  {
    name: "a sidecar's own readinessProbe gets successThreshold 1",
    spec: two({ ports: [{ containerPort: 8080 }] }, { readinessProbe: { exec: { command: ['true'] } } }),
    path: ['containers', 1, 'readinessProbe'],
    expected: { exec: { command: ['true'] }, successThreshold: 1 },
  },
  {
    name: "a sidecar's handler-less readinessProbe gets no tcpSocket",
    spec: two({ ports: [{ containerPort: 8080 }] }, { readinessProbe: { initialDelaySeconds: 1 } }),
    path: ['containers', 1, 'readinessProbe'],
    expected: { initialDelaySeconds: 1, successThreshold: 1 },
  },
  {
    name: "a sidecar's readinessProbe with periodSeconds gets failureThreshold 3, timeoutSeconds 1",
    spec: two({ ports: [{ containerPort: 8080 }] }, { readinessProbe: { exec: { command: ['true'] }, periodSeconds: 5 } }),
    path: ['containers', 1, 'readinessProbe'],
    expected: { exec: { command: ['true'] }, periodSeconds: 5, successThreshold: 1, failureThreshold: 3, timeoutSeconds: 1 },
  },
  {
    name: 'a gRPC readinessProbe gets service ""',
    spec: one({ readinessProbe: { grpc: { port: 9090 } } }),
    path: ['containers', 0, 'readinessProbe', 'grpc'],
    expected: { port: 9090, service: '' },
  },
  { name: 'a gRPC livenessProbe gets service ""', spec: one({ livenessProbe: { grpc: { port: 9090 } } }), path: ['containers', 0, 'livenessProbe'], expected: { grpc: { port: 9090, service: '' } } },
  { name: 'a gRPC startupProbe gets service ""', spec: one({ startupProbe: { grpc: { port: 9090 } } }), path: ['containers', 0, 'startupProbe'], expected: { grpc: { port: 9090, service: '' } } },
  {
    name: 'a gRPC service set is kept',
    spec: one({ livenessProbe: { grpc: { port: 9090, service: 'health' } } }),
    path: ['containers', 0, 'livenessProbe'],
    expected: { grpc: { port: 9090, service: 'health' } },
  },
  { name: 'a livenessProbe is otherwise not defaulted', spec: one({ livenessProbe: { httpGet: { path: '/' } } }), path: ['containers', 0, 'livenessProbe'], expected: { httpGet: { path: '/' } } },
];

const volumes = {
  volumes: [
    { name: 'cm', configMap: { name: 'cm' } },
    { name: 'sec', secret: { secretName: 'sec' } },
    { name: 'proj', projected: { sources: [] } },
    { name: 'scratch', emptyDir: {} },
    { name: 'claim', persistentVolumeClaim: { claimName: 'claim' } },
    { name: 'eph', ephemeral: { volumeClaimTemplate: {} } },
  ],
};
const mounted = (name: string, extra: Json = {}): Json => one({ volumeMounts: [{ name, mountPath: `/m/${name}`, ...extra }] }, volumes);

const mountRows: Row[] = [
  { name: 'a configMap mount becomes readOnly', spec: mounted('cm'), path: ['containers', 0, 'volumeMounts', 0, 'readOnly'], expected: true },
  { name: 'a secret mount becomes readOnly', spec: mounted('sec'), path: ['containers', 0, 'volumeMounts', 0, 'readOnly'], expected: true },
  { name: 'a projected mount becomes readOnly', spec: mounted('proj'), path: ['containers', 0, 'volumeMounts', 0, 'readOnly'], expected: true },
  { name: 'a secret mount readOnly false becomes true', spec: mounted('sec', { readOnly: false }), path: ['containers', 0, 'volumeMounts', 0, 'readOnly'], expected: true },
  { name: 'an emptyDir mount stays writable', spec: mounted('scratch'), path: ['containers', 0, 'volumeMounts', 0, 'readOnly'], expected: undefined },
  { name: 'a PVC mount keeps readOnly false', spec: mounted('claim', { readOnly: false }), path: ['containers', 0, 'volumeMounts', 0, 'readOnly'], expected: false },
  {
    name: "an init container's secret mount gets no readOnly",
    spec: one({}, { ...volumes, initContainers: [{ name: 'setup', image: 'i', volumeMounts: [{ name: 'sec', mountPath: '/m/sec' }] }] }),
    path: ['initContainers', 0, 'volumeMounts', 0],
    expected: { name: 'sec', mountPath: '/m/sec' },
  },
  { name: 'an ephemeral mount stays writable', spec: mounted('eph'), path: ['containers', 0, 'volumeMounts', 0, 'readOnly'], expected: undefined },
];

const linkRows: Row[] = [
  { name: 'enableServiceLinks absent on create → enable-service-links (false)', spec: one(), path: ['enableServiceLinks'], expected: false },
  { name: 'enableServiceLinks from enable-service-links: true', spec: one(), defaults: { enableServiceLinks: true }, path: ['enableServiceLinks'], expected: true },
  { name: 'enableServiceLinks stays unset when enable-service-links is neither', spec: one(), defaults: { enableServiceLinks: undefined }, path: ['enableServiceLinks'], expected: undefined },
  { name: 'enableServiceLinks set is kept', spec: one({}, { enableServiceLinks: true }), path: ['enableServiceLinks'], expected: true },
  { name: 'enableServiceLinks is not defaulted on update', spec: one(), operation: Operation.Update, path: ['enableServiceLinks'], expected: undefined },
  { name: 'enableServiceLinks is not defaulted without containers (Knative sets it per container)', spec: { containers: [] }, path: ['enableServiceLinks'], expected: undefined },
];

const secure = { securePodDefaults: SecurePodDefaults.Enabled };
const rootBounded = { securePodDefaults: SecurePodDefaults.AllowRootBounded };
const fullSecurityContext = { allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' }, capabilities: { drop: ['ALL'] }, runAsNonRoot: true };

const securityRows: Row[] = [
  { name: 'secure-pod-defaults Disabled sets no securityContext', spec: one(), path: ['containers', 0, 'securityContext'], expected: undefined },
  { name: 'secure-pod-defaults Enabled sets the restricted securityContext', spec: one(), features: secure, path: ['containers', 0, 'securityContext'], expected: fullSecurityContext },
  {
    name: 'secure-pod-defaults AllowRootBounded does not set runAsNonRoot',
    spec: one(),
    features: rootBounded,
    path: ['containers', 0, 'securityContext'],
    expected: { allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' }, capabilities: { drop: ['ALL'] } },
  },
  {
    name: 'a port below 1024 adds NET_BIND_SERVICE',
    spec: one({ ports: [{ containerPort: 80 }] }),
    features: secure,
    path: ['containers', 0, 'securityContext', 'capabilities'],
    expected: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
  },
  {
    name: 'capabilities set are kept',
    spec: one({ securityContext: { capabilities: { drop: ['NET_RAW'] } } }),
    features: secure,
    path: ['containers', 0, 'securityContext', 'capabilities'],
    expected: { drop: ['NET_RAW'] },
  },
  {
    name: 'allowPrivilegeEscalation and runAsNonRoot set are kept',
    spec: one({ securityContext: { allowPrivilegeEscalation: true, runAsNonRoot: false } }),
    features: secure,
    path: ['containers', 0, 'securityContext'],
    expected: { ...fullSecurityContext, allowPrivilegeEscalation: true, runAsNonRoot: false },
  },
  {
    name: 'a pod-level seccompProfile leaves the container one unset',
    spec: one({}, { securityContext: { seccompProfile: { type: 'Unconfined' } } }),
    features: secure,
    path: ['containers', 0, 'securityContext', 'seccompProfile'],
    expected: undefined,
  },
  {
    name: 'a container seccompProfile type set is kept',
    spec: one({ securityContext: { seccompProfile: { type: 'Unconfined' } } }),
    features: secure,
    path: ['containers', 0, 'securityContext', 'seccompProfile'],
    expected: { type: 'Unconfined' },
  },
  {
    name: 'a pod-level runAsNonRoot leaves the container one unset',
    spec: one({}, { securityContext: { runAsNonRoot: false } }),
    features: secure,
    path: ['containers', 0, 'securityContext', 'runAsNonRoot'],
    expected: undefined,
  },
  {
    name: 'a container seccompProfile without type → RuntimeDefault',
    spec: one({ securityContext: { seccompProfile: {} } }),
    features: secure,
    path: ['containers', 0, 'securityContext', 'seccompProfile'],
    expected: { type: 'RuntimeDefault' },
  },
  {
    name: 'a container seccompProfile with empty type → RuntimeDefault',
    spec: one({ securityContext: { seccompProfile: { type: '' } } }),
    features: secure,
    path: ['containers', 0, 'securityContext', 'seccompProfile'],
    expected: { type: 'RuntimeDefault' },
  },
  {
    name: 'a port of 1024 or more adds no NET_BIND_SERVICE under AllowRootBounded',
    spec: one({ ports: [{ containerPort: 1024 }] }),
    features: rootBounded,
    path: ['containers', 0, 'securityContext', 'capabilities'],
    expected: { drop: ['ALL'] },
  },
  {
    name: 'a port of 1023 adds NET_BIND_SERVICE under AllowRootBounded',
    spec: one({ ports: [{ containerPort: 1023 }] }),
    features: rootBounded,
    path: ['containers', 0, 'securityContext', 'capabilities'],
    expected: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
  },
  { name: 'init containers get the securityContext too', spec: one({}, { initContainers: [{ image: 'i' }] }), features: secure, path: ['initContainers', 0, 'securityContext'], expected: fullSecurityContext },
];

const initContainerRows: Row[] = [
  { name: 'an init container gets no resources {}', spec: one({}, { initContainers: [{ name: 'setup', image: 'i' }] }), path: ['initContainers', 0, 'resources'], expected: undefined },
  {
    name: 'an init container gets no resources from revision-*-request/limit',
    spec: one({}, { initContainers: [{ name: 'setup', image: 'i' }] }),
    defaults: { revisionCpuRequest: '100m', revisionMemoryLimit: '1Gi' },
    path: ['initContainers', 0],
    expected: { name: 'setup', image: 'i' },
  },
  { name: 'an init container gets no readinessProbe', spec: one({}, { initContainers: [{ name: 'setup', image: 'i' }] }), path: ['initContainers', 0, 'readinessProbe'], expected: undefined },
];

const allRows = [...timeoutRows, ...nameRows, ...resourceRows, ...probeRows, ...mountRows, ...linkRows, ...securityRows, ...initContainerRows];

describe('RevisionSpec defaults (API.md §2.1) via a Service template', () => {
  it.each(allRows)('$name', (row) => {
    expect(at(templateSpec(setDefaults(service(row.spec), ctxOf(row))), row.path)).toEqual(row.expected);
  });

  it.each(allRows)('is idempotent and leaves its input alone: $name', (row) => {
    expectNoSecondPatch(service(row.spec), ctxOf(row));
  });

  it('gives the bare single container of revision_defaults_test.go', () => {
    const spec = templateSpec(setDefaults(service({ containers: [{ image: 'busybox' }] }), ctxOf({})));
    expect(spec).toEqual({
      timeoutSeconds: 300,
      containerConcurrency: 0,
      enableServiceLinks: false,
      containers: [{ name: 'user-container', image: 'busybox', resources: {}, readinessProbe: { tcpSocket: { port: 0 }, successThreshold: 1 } }],
    });
  });
});

describe('container names under a Configuration parent (API.md §2.1 item 5)', () => {
  const configuration = (spec: Json): Json => ({ apiVersion: 'serving.knative.dev/v1', kind: 'Configuration', metadata: { name: 'cfg', namespace: 'prod' }, spec: { template: { spec } } });

  it.each([
    { name: 'container-name-template renders the Configuration ObjectMeta', defaults: { containerNameTemplate: '{{.Name}}-app' }, path: ['containers', 0, 'name'], expected: 'cfg-app' },
    {
      name: 'init-container-name-template renders the Configuration ObjectMeta',
      defaults: { initContainerNameTemplate: '{{.Namespace}}-{{.Name}}-init' },
      path: ['initContainers', 0, 'name'],
      expected: 'prod-cfg-init',
    },
    { name: 'the stock template gives user-container', defaults: {}, path: ['containers', 0, 'name'], expected: 'user-container' },
  ])('$name', ({ defaults, path, expected }) => {
    const input = configuration(one({}, { initContainers: [{ image: 'i' }] }));
    expect(at(templateSpec(setDefaults(input, ctxOf({ defaults }))), path)).toBe(expected);
    expectNoSecondPatch(input, ctxOf({ defaults }));
  });
});

describe('config-defaults from the ConfigMap (API.md §2.5)', () => {
  it('revision-response-start-timeout-seconds follows revision-timeout-seconds when absent', () => {
    expect(parsedDefaults({ 'revision-timeout-seconds': '600' }).revisionResponseStartTimeoutSeconds).toBe(600);
  });
});

describe('Revision defaulting', () => {
  const revision = (operation: Operation): unknown =>
    setDefaults({ apiVersion: 'serving.knative.dev/v1', kind: 'Revision', metadata: { name: 'hello-00001' }, spec: one() }, ctxOf({ operation }));

  it.each([
    { name: 'a Revision is defaulted on create', operation: Operation.Create, expected: 300 },
    { name: 'a Revision is not defaulted on update (its spec is immutable)', operation: Operation.Update, expected: undefined },
  ])('$name', ({ operation, expected }) => {
    expect(at(revision(operation), ['spec', 'timeoutSeconds'])).toEqual(expected);
  });

  it('sets no creator/lastModifier on a Revision', () => {
    expect(at(revision(Operation.Create), ['metadata', 'annotations'])).toBeUndefined();
  });

  it('renders the container name template against an empty parent ObjectMeta (Knative sets none for a Revision)', () => {
    const ctx = ctxOf({ defaults: { containerNameTemplate: 'c{{.Name}}' } });
    const out = setDefaults({ apiVersion: 'serving.knative.dev/v1', kind: 'Revision', metadata: { name: 'hello-00001' }, spec: one() }, ctx);
    expect(at(out, ['spec', 'containers', 0, 'name'])).toBe('c');
  });
});

describe('defaultRevisionSpec', () => {
  it('returns a defaulted copy and leaves its input alone', () => {
    const spec = one();
    const before = structuredClone(spec);
    const out = defaultRevisionSpec(spec, { config: ctxOf({}), operation: Operation.Create, parentMeta: { name: 'hello' } });
    expect(spec).toEqual(before);
    expect(at(out, ['timeoutSeconds'])).toBe(300);
  });

  it('returns a non-object unchanged', () => {
    expect(defaultRevisionSpec('nope', { config: ctxOf({}), operation: Operation.Create, parentMeta: {} })).toBe('nope');
  });
});
