import { defaultAutoscalerConfig, defaultDefaultsConfig, defaultFeaturesConfig, type FeaturesConfig } from '@ebb/config';
import { Operation, type ValidationContext } from '../../core/context.js';
import type { PodSpec } from '../../core/podspec.js';
import { DiagnosticLevel } from '../../errors/field-error.js';
import { validatePodSpec } from '../podspec.js';

/** A validation context from the stock config with some features overridden. */
function ctxWith(features: Partial<FeaturesConfig> = {}): ValidationContext {
  return { defaults: defaultDefaultsConfig(), features: { ...defaultFeaturesConfig(), ...features }, autoscaler: defaultAutoscalerConfig(), operation: Operation.Create };
}

interface Row {
  readonly name: string;
  /** The single (serving) container; `unknown` so rows can carry fields outside the admitted subset. */
  readonly c: unknown;
  readonly features?: Partial<FeaturesConfig>;
  readonly want: string;
}

/** Errors of a PodSpec holding just `c`. */
function errorsOf(row: Row): string {
  return validatePodSpec({ containers: [row.c] } as PodSpec, ctxWith(row.features)).filter(DiagnosticLevel.Error).render();
}

const reserved = (p: number): string => `invalid value: ${p} is a reserved port: containers[0].ports.containerPort\n${p} is a reserved port, please use a different value`;

describe('validatePodSpec: container basics (VALIDATION.md §7 Containers)', () => {
  it.each<Row>([
    { name: 'valid container', c: { image: 'foo' }, want: '' },
    { name: 'empty container', c: {}, want: 'missing field(s): containers[0]' },
    { name: 'container with only zero values is empty', c: { ports: [], env: [], resources: {} }, want: 'missing field(s): containers[0]' },
    {
      name: 'disallowed container fields',
      c: { image: 'foo', name: 'fail', stdin: true, stdinOnce: true, tty: true, lifecycle: {}, volumeDevices: [{ name: 'disallowed', devicePath: '/' }] },
      want: 'must not set the field(s): containers[0].lifecycle, containers[0].stdin, containers[0].stdinOnce, containers[0].tty, containers[0].volumeDevices',
    },
    { name: 'zero-valued disallowed scalars are not set', c: { image: 'foo', stdin: false, tty: false }, want: '' },
    {
      name: 'all admitted container fields',
      c: {
        name: 'app', image: 'foo', args: ['a'], command: ['b'], workingDir: '/w', imagePullPolicy: 'Always',
        terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', resources: {},
      },
      want: '',
    },
    { name: 'has numerous problems', c: { lifecycle: {} }, want: 'missing field(s): containers[0].image\nmust not set the field(s): containers[0].lifecycle' },
    { name: 'reserved container name', c: { name: 'queue-proxy', image: 'foo' }, want: '"queue-proxy" is a reserved container name: containers[0].name' },
    { name: 'image required', c: { name: 'x' }, want: 'missing field(s): containers[0].image' },
    {
      name: 'invalid image reference',
      c: { image: 'foo:bar:baz' },
      want: 'Failed to parse image reference: containers[0].image\nimage: "foo:bar:baz", error: could not parse reference: foo:bar:baz',
    },
    { name: 'image with registry, port, path and tag', c: { image: 'localhost:5000/ns/app:v1.2' }, want: '' },
    { name: 'image by digest', c: { image: `gcr.io/knative/helloworld@sha256:${'a'.repeat(64)}` }, want: '' },
    { name: 'terminationMessagePolicy invalid', c: { image: 'foo', terminationMessagePolicy: 'Not a Policy' }, want: 'invalid value: Not a Policy: containers[0].terminationMessagePolicy' },
    { name: 'terminationMessagePolicy FallbackToLogsOnError', c: { image: 'foo', terminationMessagePolicy: 'FallbackToLogsOnError' }, want: '' },
    { name: 'resources limits and requests', c: { image: 'foo', resources: { limits: { memory: '250M' }, requests: { cpu: '25m' } } }, want: '' },
    { name: 'resources claims not admitted', c: { image: 'foo', resources: { claims: [{ name: 'gpu' }] } }, want: 'must not set the field(s): containers[0].resources.claims' },
  ])('$name', (row) => {
    expect(errorsOf(row)).toBe(row.want);
  });
});

describe('validatePodSpec: container env and envFrom', () => {
  it.each<Row>([
    { name: 'env name required', c: { image: 'foo', env: [{ value: 'Foo' }] }, want: 'missing field(s): containers[0].env[0].name' },
    { name: 'serving container may not set PORT', c: { image: 'foo', ports: [{ containerPort: 8888 }], env: [{ name: 'PORT', value: 'Foo' }] }, want: '"PORT" is a reserved environment variable: containers[0].env[0].name' },
    {
      name: 'serving container may not set K_SERVICE, K_CONFIGURATION, K_REVISION',
      c: { image: 'foo', env: [{ name: 'K_SERVICE' }, { name: 'K_CONFIGURATION' }, { name: 'OK' }, { name: 'K_REVISION' }] },
      want:
        '"K_CONFIGURATION" is a reserved environment variable: containers[0].env[1].name\n' +
        '"K_REVISION" is a reserved environment variable: containers[0].env[3].name\n' +
        '"K_SERVICE" is a reserved environment variable: containers[0].env[0].name',
    },
    { name: 'env var with configMapKeyRef and secretKeyRef', c: { image: 'foo', env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k' } } }, { name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }, want: '' },
    { name: 'fieldRef with kubernetes.podspec-fieldref Disabled', c: { image: 'foo', env: [{ name: 'NODE_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }] }, want: 'must not set the field(s): containers[0].env[0].valueFrom.fieldRef' },
    {
      name: 'resourceFieldRef with kubernetes.podspec-fieldref Disabled',
      c: { image: 'foo', env: [{ name: 'CPU', valueFrom: { resourceFieldRef: { containerName: 'Server', resource: 'request.cpu' } } }] },
      want: 'must not set the field(s): containers[0].env[0].valueFrom.resourceFieldRef',
    },
    { name: 'fieldRef with kubernetes.podspec-fieldref Allowed', c: { image: 'foo', env: [{ name: 'NODE_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }] }, features: { podSpecFieldRef: 'Allowed' }, want: '' },
    { name: 'resourceFieldRef with kubernetes.podspec-fieldref Enabled', c: { image: 'foo', env: [{ name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'request.cpu' } } }] }, features: { podSpecFieldRef: 'Enabled' }, want: '' },
    { name: 'envFrom: none of', c: { image: 'foo', envFrom: [{}] }, want: 'expected exactly one, got neither: containers[0].envFrom.configMapRef, containers[0].envFrom.secretRef' },
    {
      name: 'envFrom: multiple',
      c: { image: 'foo', envFrom: [{ configMapRef: { name: 'ConfigMapName' }, secretRef: { name: 'SecretName' } }] },
      want: 'expected exactly one, got both: containers[0].envFrom.configMapRef, containers[0].envFrom.secretRef',
    },
    { name: 'envFrom: secret', c: { image: 'foo', envFrom: [{ secretRef: { name: 'SecretName' } }] }, want: '' },
    { name: 'envFrom: configMap with prefix', c: { image: 'foo', envFrom: [{ prefix: 'P_', configMapRef: { name: 'ConfigMapName' } }] }, want: '' },
  ])('$name', (row) => {
    expect(errorsOf(row)).toBe(row.want);
  });
});

describe('validatePodSpec: serving container port', () => {
  it.each<Row>([
    { name: 'unnamed user port', c: { image: 'foo', ports: [{ containerPort: 8181 }] }, want: '' },
    { name: 'port name http1', c: { image: 'foo', ports: [{ name: 'http1' }] }, want: '' },
    { name: 'port name h2c', c: { image: 'foo', ports: [{ name: 'h2c' }] }, want: '' },
    { name: 'an empty port', c: { image: 'foo', ports: [{}] }, want: '' },
    { name: 'port name not allowed', c: { image: 'foo', ports: [{ name: 'foobar' }] }, want: "Port name foobar is not allowed: containers[0].ports\nName must be empty, or one of: 'h2c', 'http1'" },
    { name: 'protocol TCP', c: { image: 'foo', ports: [{ protocol: 'TCP' }] }, want: '' },
    { name: 'protocol not TCP', c: { image: 'foo', ports: [{ protocol: 'tdp' }] }, want: 'invalid value: tdp: containers[0].ports.protocol' },
    { name: 'hostPort not admitted', c: { image: 'foo', ports: [{ hostPort: 80 }] }, want: 'must not set the field(s): containers[0].ports.hostPort' },
    { name: 'hostIP not admitted', c: { image: 'foo', ports: [{ hostIP: '127.0.0.1' }] }, want: 'must not set the field(s): containers[0].ports.hostIP' },
    { name: 'containerPort too large', c: { image: 'foo', ports: [{ containerPort: 65536 }] }, want: 'expected 0 <= 65536 <= 65535: containers[0].ports.containerPort' },
    { name: 'containerPort negative', c: { image: 'foo', ports: [{ containerPort: -1 }] }, want: 'expected 0 <= -1 <= 65535: containers[0].ports.containerPort' },
    ...[8012, 8013, 8022, 9090, 9091, 8008].map((p) => ({ name: `reserved port ${p}`, c: { image: 'foo', ports: [{ containerPort: p }] }, want: reserved(p) })),
  ])('$name', (row) => {
    expect(errorsOf(row)).toBe(row.want);
  });
});

describe('validatePodSpec: container securityContext', () => {
  it.each<Row>([
    { name: 'admitted fields', c: { image: 'foo', securityContext: { readOnlyRootFilesystem: true, runAsUser: 1000, runAsGroup: 1000, runAsNonRoot: true, allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' }, capabilities: { drop: ['ALL'] } } }, want: '' },
    { name: 'privileged true not admitted', c: { image: 'foo', securityContext: { privileged: true } }, want: 'must not set the field(s): containers[0].securityContext.privileged' },
    { name: 'privileged false admitted', c: { image: 'foo', securityContext: { privileged: false } }, want: '' },
    { name: 'seLinuxOptions and procMount not admitted', c: { image: 'foo', securityContext: { seLinuxOptions: {}, procMount: 'Unmasked' } }, want: 'must not set the field(s): containers[0].securityContext.procMount, containers[0].securityContext.seLinuxOptions' },
    { name: 'capabilities.add without the flag', c: { image: 'foo', securityContext: { capabilities: { add: ['all'] } } }, want: 'must not set the field(s): containers[0].securityContext.capabilities.add' },
    { name: 'capabilities.add with kubernetes.containerspec-addcapabilities Enabled', c: { image: 'foo', securityContext: { capabilities: { add: ['all'] } } }, features: { containerSpecAddCapabilities: 'Enabled' }, want: '' },
    { name: 'capabilities.add [NET_BIND_SERVICE] under secure-pod-defaults', c: { image: 'foo', securityContext: { capabilities: { add: ['NET_BIND_SERVICE'] } } }, features: { securePodDefaults: 'Enabled' }, want: '' },
    {
      name: 'capabilities.add other than [NET_BIND_SERVICE] under secure-pod-defaults',
      c: { image: 'foo', securityContext: { capabilities: { add: ['NET_ADMIN'] } } },
      features: { securePodDefaults: 'Enabled' },
      want: 'must not set the field(s): containers[0].securityContext.capabilities.add',
    },
    { name: 'runAsUser too large', c: { image: 'foo', securityContext: { runAsUser: 2147483648 } }, want: 'expected 0 <= 2147483648 <= 2147483647: containers[0].securityContext.runAsUser' },
    { name: 'runAsUser negative', c: { image: 'foo', securityContext: { runAsUser: -10 } }, want: 'expected 0 <= -10 <= 2147483647: containers[0].securityContext.runAsUser' },
    { name: 'runAsGroup too large', c: { image: 'foo', securityContext: { runAsGroup: 2147483648 } }, want: 'expected 0 <= 2147483648 <= 2147483647: containers[0].securityContext.runAsGroup' },
    { name: 'runAsGroup negative', c: { image: 'foo', securityContext: { runAsGroup: -10 } }, want: 'expected 0 <= -10 <= 2147483647: containers[0].securityContext.runAsGroup' },
  ])('$name', (row) => {
    expect(errorsOf(row)).toBe(row.want);
  });
});
