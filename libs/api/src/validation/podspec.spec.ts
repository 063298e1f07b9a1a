import { defaultAutoscalerConfig, defaultDefaultsConfig, defaultFeaturesConfig, type FeaturesConfig } from '@ebb/config';
import { Operation, type ValidationContext } from '../core/context.js';
import type { PodSpec } from '../core/podspec.js';
import { DiagnosticLevel } from '../errors/field-error.js';
import { validatePodSpec } from './podspec.js';

// Exact texts of VALIDATION.md §0.3 / §7 and knative/serving k8s_validation_test.go.
const SUBDOMAIN = String.raw`a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
const INSECURE = 'Kubernetes default value is insecure, Knative may default this to secure in a future release';
const ONE_PORT = 'Only a single port is allowed across all containers';

/** A validation context from the stock config with some features overridden. */
function ctxWith(features: Partial<FeaturesConfig> = {}): ValidationContext {
  return {
    defaults: defaultDefaultsConfig(),
    features: { ...defaultFeaturesConfig(), ...features },
    autoscaler: defaultAutoscalerConfig(),
    operation: Operation.Create,
  };
}

interface Row {
  readonly name: string;
  /** The PodSpec; `unknown` so rows can carry fields outside the admitted subset. */
  readonly ps: unknown;
  readonly features?: Partial<FeaturesConfig>;
  readonly want: string;
}

/** The rendered Error-level diagnostics. */
function errorsOf(row: Row): string {
  return validatePodSpec(row.ps as PodSpec, ctxWith(row.features)).filter(DiagnosticLevel.Error).render();
}

/** The rendered Warning-level diagnostics. */
function warningsOf(row: Row): string {
  return validatePodSpec(row.ps as PodSpec, ctxWith(row.features)).filter(DiagnosticLevel.Warning).render();
}

const one = { image: 'busybox' };

describe('validatePodSpec: pod level', () => {
  it.each<Row>([
    { name: 'valid: a single container', ps: { containers: [one] }, want: '' },
    { name: 'containers required: empty list', ps: { containers: [] }, want: 'missing field(s): containers' },
    { name: 'containers required: absent', ps: { serviceAccountName: 'bob' }, want: 'missing field(s): containers' },
    { name: 'field mask: never-allowed field', ps: { containers: [one], terminationGracePeriodSeconds: 5 }, want: 'must not set the field(s): terminationGracePeriodSeconds' },
    {
      name: 'field mask: several never-allowed fields, merged and sorted',
      ps: { containers: [one], restartPolicy: 'Always', nodeName: 'n1', readinessGates: [] },
      want: 'must not set the field(s): nodeName, readinessGates, restartPolicy',
    },
    {
      name: 'field mask: always-allowed fields',
      ps: { containers: [one], imagePullSecrets: [{ name: 'x' }], enableServiceLinks: true, serviceAccountName: 'default' },
      want: '',
    },
    { name: 'automountServiceAccountToken: true rejected', ps: { containers: [one], automountServiceAccountToken: true }, want: 'must not set the field(s): automountServiceAccountToken' },
    { name: 'automountServiceAccountToken: false accepted', ps: { containers: [one], automountServiceAccountToken: false }, want: '' },
    { name: 'serviceAccountName: not a DNS-1123 subdomain', ps: { containers: [one], serviceAccountName: 'foo@bar.baz' }, want: `invalid value: foo@bar.baz: serviceAccountName\n${SUBDOMAIN}` },
    { name: 'serviceAccountName: dotted subdomain accepted', ps: { containers: [one], serviceAccountName: 'my.service-account' }, want: '' },
    {
      name: 'serviceAccountName: too long and malformed gives one error per message',
      ps: { containers: [one], serviceAccountName: `-${'a'.repeat(253)}` },
      want: `invalid value: -${'a'.repeat(253)}: serviceAccountName\n${SUBDOMAIN}\ninvalid value: -${'a'.repeat(253)}: serviceAccountName\nmust be no more than 253 characters`,
    },
  ])('$name', (row) => {
    expect(errorsOf(row)).toBe(row.want);
  });
});

// Feature-gated PodSpec fields (API.md §3): rejected when Disabled, admitted when Allowed or Enabled.
const GATED: readonly (readonly [keyof FeaturesConfig, string, unknown])[] = [
  ['podSpecAffinity', 'affinity', { nodeAffinity: {} }],
  ['podSpecTopologySpreadConstraints', 'topologySpreadConstraints', [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }]],
  ['podSpecHostAliases', 'hostAliases', [{ ip: '127.0.0.1', hostnames: ['foo.remote'] }]],
  ['podSpecNodeSelector', 'nodeSelector', { 'kubernetes.io/arch': 'amd64' }],
  ['podSpecRuntimeClassName', 'runtimeClassName', 'test'],
  ['podSpecTolerations', 'tolerations', [{ key: 'key', operator: 'Equal', value: 'value', effect: 'NoSchedule' }]],
  ['podSpecSecurityContext', 'securityContext', {}],
  ['podSpecShareProcessNamespace', 'shareProcessNamespace', true],
  ['podSpecPriorityClassName', 'priorityClassName', 'foo'],
  ['podSpecSchedulerName', 'schedulerName', 'foo'],
  ['podSpecDnsPolicy', 'dnsPolicy', 'Default'],
  ['podSpecDnsConfig', 'dnsConfig', { nameservers: ['1.2.3.4'] }],
  ['podSpecHostIpc', 'hostIPC', true],
  ['podSpecHostPid', 'hostPID', true],
  ['podSpecHostNetwork', 'hostNetwork', true],
];

describe('validatePodSpec: feature-gated fields', () => {
  const rows = GATED.flatMap(([flag, field, value]) =>
    (['Disabled', 'Allowed', 'Enabled'] as const).map((state) => ({
      name: `${field} with ${flag} ${state}`,
      ps: { containers: [one], [field]: value },
      features: { [flag]: state },
      want: state === 'Disabled' ? `must not set the field(s): ${field}` : '',
    })),
  );
  it.each<Row>(rows)('$name', (row) => {
    expect(errorsOf(row)).toBe(row.want);
  });

  it.each<Row>(GATED.map(([flag, field]) => ({ name: `${field} absent with ${flag} Disabled`, ps: { containers: [one] }, want: '' })))('$name', (row) => {
    expect(errorsOf(row)).toBe(row.want);
  });
});

const served = { name: 'container-a', image: 'busybox', ports: [{ containerPort: 8888 }] };
const sidecar = { name: 'container-b', image: 'helloworld' };

describe('validatePodSpec: containers', () => {
  it.each<Row>([
    { name: 'multi-container Enabled: one port across two containers', ps: { containers: [served, sidecar] }, want: '' },
    { name: 'multi-container Disabled: more than one container', ps: { containers: [served, sidecar] }, features: { multiContainer: 'Disabled' }, want: 'multi-container is off, but found 2 containers: ' },
    { name: 'multi-container Allowed is not Enabled', ps: { containers: [served, sidecar] }, features: { multiContainer: 'Allowed' }, want: 'multi-container is off, but found 2 containers: ' },
    { name: 'several containers without any port', ps: { containers: [{ ...served, ports: undefined }, sidecar] }, want: 'missing field(s): containers[*].ports' },
    {
      name: 'a port in each of two containers',
      ps: { containers: [served, { ...sidecar, ports: [{ containerPort: 9999 }] }] },
      want: `more than one container port is set: containers[*].ports\n${ONE_PORT}`,
    },
    {
      name: 'two ports in one of several containers',
      ps: { containers: [{ ...served, ports: [{ containerPort: 8888 }, { containerPort: 9999 }] }, sidecar] },
      want: `more than one container port is set: containers[*].ports\n${ONE_PORT}`,
    },
    {
      name: 'two ports in a single container',
      ps: { containers: [{ image: 'foo', ports: [{ name: 'h2c' }, { name: 'http1' }] }] },
      want: `more than one container port is set: containers[*].ports\n${ONE_PORT}`,
    },
    {
      name: 'duplicate container names',
      ps: { containers: [{ ...served, name: 'the-name' }, { ...sidecar, name: 'the-name' }] },
      want: 'duplicate container name "the-name": containers[1].name',
    },
    {
      name: 'a sidecar may set PORT but not K_SERVICE',
      ps: { containers: [served, { ...sidecar, env: [{ name: 'PORT', value: 'Foo' }, { name: 'K_SERVICE', value: 'Foo' }] }] },
      want: '"K_SERVICE" is a reserved environment variable: containers[1].env[1].name',
    },
    {
      name: 'the serving container of several may not set PORT',
      ps: { containers: [{ ...served, env: [{ name: 'PORT', value: '1' }] }, sidecar] },
      want: '"PORT" is a reserved environment variable: containers[0].env[0].name',
    },
  ])('$name', (row) => {
    expect(errorsOf(row)).toBe(row.want);
  });
});

const init = { name: 'init', image: 'busybox' };
const INIT_ON = { podSpecInitContainers: 'Enabled' } as const;

describe('validatePodSpec: init containers', () => {
  it.each<Row>([
    { name: 'flag Enabled: accepted', ps: { containers: [one], initContainers: [init] }, features: INIT_ON, want: '' },
    {
      name: 'flag Disabled: field mask and feature check',
      ps: { containers: [one], initContainers: [init] },
      want: 'must not set the field(s): initContainers\npod spec support for init-containers is off, but found 1 init containers: ',
    },
    {
      name: 'flag Allowed passes the mask but not the Enabled check',
      ps: { containers: [one], initContainers: [init, init] },
      features: { podSpecInitContainers: 'Allowed' },
      want: 'pod spec support for init-containers is off, but found 2 init containers: ',
    },
    {
      name: 'name clash with a container (reported under containers[i])',
      ps: { containers: [{ ...one, name: 'the-name' }], initContainers: [{ ...init, name: 'the-name' }] },
      features: INIT_ON,
      want: 'duplicate container name "the-name": containers[0].name',
    },
    {
      name: 'probes and lifecycle not allowed in an init container',
      ps: {
        containers: [one],
        initContainers: [{ ...init, livenessProbe: { tcpSocket: {} }, readinessProbe: { exec: {} }, startupProbe: { exec: {} }, lifecycle: {} }],
      },
      features: INIT_ON,
      want:
        'field not allowed in an init container: containers[0].lifecycle, containers[0].livenessProbe, containers[0].readinessProbe, containers[0].startupProbe\n' +
        'must not set the field(s): containers[0].lifecycle',
    },
    {
      name: 'an init container may set PORT but not K_REVISION',
      ps: { containers: [one], initContainers: [{ ...init, env: [{ name: 'PORT', value: '1' }, { name: 'K_REVISION', value: 'x' }] }] },
      features: INIT_ON,
      want: '"K_REVISION" is a reserved environment variable: containers[0].env[1].name',
    },
    {
      name: 'init container ports: every port range/reserved checked, names and count free',
      ps: { containers: [one], initContainers: [{ ...init, ports: [{ containerPort: 1, name: 'any' }, { containerPort: 8012 }] }] },
      features: INIT_ON,
      want: 'invalid value: 8012 is a reserved port: containers[0].ports.containerPort\n8012 is a reserved port, please use a different value',
    },
    {
      name: 'init container image required',
      ps: { containers: [one], initContainers: [{ name: 'x' }] },
      features: INIT_ON,
      want: 'missing field(s): containers[0].image',
    },
  ])('$name', (row) => {
    expect(errorsOf(row)).toBe(row.want);
  });
});

const SC_ON = { podSpecSecurityContext: 'Enabled' } as const;

describe('validatePodSpec: pod securityContext', () => {
  it.each<Row>([
    { name: 'flag Disabled: the field and its set fields', ps: { containers: [one], securityContext: { runAsUser: 1 } }, want: 'must not set the field(s): securityContext, securityContext.runAsUser' },
    { name: 'flag Enabled: admitted fields', ps: { containers: [one], securityContext: { runAsUser: 1, runAsGroup: 2, runAsNonRoot: true, fsGroup: 3, supplementalGroups: [4], seccompProfile: { type: 'RuntimeDefault' } } }, features: SC_ON, want: '' },
    {
      name: 'flag Enabled: disallowed fields',
      ps: { containers: [one], securityContext: { seLinuxOptions: {}, windowsOptions: {}, sysctls: [] } },
      features: SC_ON,
      want: 'must not set the field(s): securityContext.seLinuxOptions, securityContext.sysctls, securityContext.windowsOptions',
    },
    { name: 'runAsUser too large', ps: { containers: [one], securityContext: { runAsUser: 2147483648 } }, features: SC_ON, want: 'expected 0 <= 2147483648 <= 2147483647: securityContext.runAsUser' },
    { name: 'runAsUser negative', ps: { containers: [one], securityContext: { runAsUser: -10 } }, features: SC_ON, want: 'expected 0 <= -10 <= 2147483647: securityContext.runAsUser' },
    { name: 'runAsGroup negative', ps: { containers: [one], securityContext: { runAsGroup: -10 } }, features: SC_ON, want: 'expected 0 <= -10 <= 2147483647: securityContext.runAsGroup' },
    { name: 'fsGroup too large', ps: { containers: [one], securityContext: { fsGroup: 2147483648 } }, features: SC_ON, want: 'expected 0 <= 2147483648 <= 2147483647: securityContext.fsGroup' },
    { name: 'supplementalGroups negative', ps: { containers: [one], securityContext: { supplementalGroups: [1, -10] } }, features: SC_ON, want: 'expected 0 <= -10 <= 2147483647: securityContext.supplementalGroups[1]' },
    {
      name: 'secure-pod-defaults alone: seccompProfile RuntimeDefault admitted',
      ps: { containers: [one], securityContext: { seccompProfile: { type: 'RuntimeDefault' } } },
      features: { securePodDefaults: 'Enabled' },
      want: '',
    },
    {
      name: 'secure-pod-defaults alone: other fields rejected',
      ps: { containers: [one], securityContext: { runAsUser: 1000, seccompProfile: { type: 'Unconfined' } } },
      features: { securePodDefaults: 'AllowRootBounded' },
      want: 'must not set the field(s): securityContext.runAsUser',
    },
    {
      name: 'secure-pod-defaults alone: Localhost seccomp profile rejected',
      ps: { containers: [one], securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } } },
      features: { securePodDefaults: 'Enabled' },
      want: 'must not set the field(s): securityContext.seccompProfile',
    },
  ])('$name', (row) => {
    expect(errorsOf(row)).toBe(row.want);
  });
});

describe('validatePodSpec: §0.2 securityContext warnings', () => {
  const at = (...paths: string[]): string => `${INSECURE}: ${paths.map((p) => `containers[0].securityContext.${p}`).join(', ')}`;
  it.each<Row>([
    { name: 'insecure defaults: nothing set', ps: { containers: [one] }, want: at('allowPrivilegeEscalation', 'capabilities', 'runAsNonRoot', 'seccompProfile') },
    {
      name: 'insecure defaults: empty capabilities and seccomp profile',
      ps: { containers: [{ ...one, securityContext: { capabilities: {} } }], securityContext: { seccompProfile: {} } },
      features: SC_ON,
      want: at('allowPrivilegeEscalation', 'capabilities.drop', 'runAsNonRoot', 'seccompProfile.type'),
    },
    {
      name: 'explicitly dangerous values do not warn',
      ps: { containers: [{ ...one, securityContext: { allowPrivilegeEscalation: true, runAsNonRoot: false, capabilities: { drop: [] }, seccompProfile: { type: 'Unconfined' } } }] },
      want: '',
    },
    {
      name: 'pod-level runAsNonRoot and seccompProfile count',
      ps: { containers: [one], securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Unconfined' } } },
      features: SC_ON,
      want: at('allowPrivilegeEscalation', 'capabilities'),
    },
    {
      name: 'capabilities.drop: [all] must be spelled ALL',
      ps: { containers: [{ ...one, securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['all'] } } }], securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } },
      features: SC_ON,
      want: "invalid value: all: containers[0].securityContext.capabilities.drop\nMust be spelled as 'ALL'",
    },
    {
      name: 'capabilities.drop: [ALL] is fine',
      ps: { containers: [{ ...one, securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, capabilities: { drop: ['ALL'] } } }] },
      want: '',
    },
    { name: 'secure-pod-defaults Enabled suppresses insecure-default warnings', ps: { containers: [one] }, features: { securePodDefaults: 'Enabled' }, want: '' },
    { name: 'secure-pod-defaults AllowRootBounded suppresses them too', ps: { containers: [one] }, features: { securePodDefaults: 'AllowRootBounded' }, want: '' },
    {
      name: 'secure-pod-defaults keeps the [all] spelling warning',
      ps: { containers: [{ ...one, securityContext: { capabilities: { drop: ['all'] } } }] },
      features: { securePodDefaults: 'Enabled' },
      want: "invalid value: all: containers[0].securityContext.capabilities.drop\nMust be spelled as 'ALL'",
    },
    {
      name: 'init containers warn under initContainers[i]',
      ps: { containers: [{ ...one, securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, capabilities: { drop: ['ALL'] } } }], initContainers: [init] },
      features: INIT_ON,
      want: `${INSECURE}: ${['allowPrivilegeEscalation', 'capabilities', 'runAsNonRoot', 'seccompProfile'].map((p) => `initContainers[0].securityContext.${p}`).join(', ')}`,
    },
  ])('$name', (row) => {
    expect(warningsOf(row)).toBe(row.want);
  });

  it('warnings never deny: a valid spec has no Error-level diagnostics', () => {
    expect(validatePodSpec({ containers: [one] }, ctxWith()).filter(DiagnosticLevel.Error).isEmpty()).toBe(true);
  });
});

describe('validatePodSpec: malformed input never throws', () => {
  it.each<Row>([
    { name: 'null container', ps: { containers: [null] }, want: 'missing field(s): containers[0]' },
    { name: 'null volume and mount entries', ps: { containers: [{ image: 'foo', volumeMounts: [null] }], volumes: [null] }, want: 'expected exactly one, got neither: volumes[0].configMap, volumes[0].emptyDir, volumes[0].projected, volumes[0].secret\nmissing field(s): containers[0].volumeMounts[0].mountPath, volumes[0].name\nvolume mount should be readOnly for this type of volume: containers[0].volumeMounts[0].readOnly' },
    { name: 'containers not a list', ps: { containers: { image: 'foo' } }, want: 'missing field(s): containers' },
  ])('$name', (row) => {
    expect(errorsOf(row)).toBe(row.want);
  });
});
