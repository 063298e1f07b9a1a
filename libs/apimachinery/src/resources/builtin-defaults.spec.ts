import type { KubeObject } from '../object.js';
import { applyBuiltinDefaults, applyCreateStatus } from './builtin-defaults.js';
import { BUILTIN_RESOURCES } from './builtins.js';
import type { ResourceType } from './resource-type.js';

function builtin(group: string, kind: string): ResourceType {
  const found = BUILTIN_RESOURCES.find((r) => r.group === group && r.kind === kind);
  if (found === undefined) throw new Error(`no built-in ${group}/${kind}`);
  return found;
}

const PODS = builtin('', 'Pod');
const DEPLOYMENTS = builtin('apps', 'Deployment');
const REPLICASETS = builtin('apps', 'ReplicaSet');
const SERVICES = builtin('', 'Service');
const NAMESPACES = builtin('', 'Namespace');
const CONFIGMAPS = builtin('', 'ConfigMap');
const WIDGETS: ResourceType = { ...builtin('apps', 'Deployment'), group: 'example.com', kind: 'Widget', plural: 'widgets', custom: true, patchStrategy: 'merge' };

const POD_SPEC_DEFAULTS = { restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', securityContext: {} };
const CONTAINER_DEFAULTS = { terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' };

function pod(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec };
}

function container(image: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'app', image, ...extra };
}

function defaulted(image: string, pullPolicy: string): Record<string, unknown> {
  return { ...CONTAINER_DEFAULTS, imagePullPolicy: pullPolicy, name: 'app', image };
}

describe('applyBuiltinDefaults: Pod', () => {
  it.each([
    { name: 'untagged image: Always', image: 'nginx', policy: 'Always' },
    { name: ':latest: Always', image: 'nginx:latest', policy: 'Always' },
    { name: 'tagged: IfNotPresent', image: 'nginx:1.27', policy: 'IfNotPresent' },
    { name: 'registry port, untagged: Always', image: 'localhost:5000/nginx', policy: 'Always' },
    { name: 'registry port, tagged: IfNotPresent', image: 'localhost:5000/nginx:1.27', policy: 'IfNotPresent' },
    { name: 'digest only: IfNotPresent', image: 'nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', policy: 'IfNotPresent' },
    // Kubernetes (SetDefaults_Container, parsers.ParseImageName): tag `latest` → Always, even with a digest.
    { name: ':latest with digest: Always', image: 'nginx:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', policy: 'Always' },
  ])('imagePullPolicy, $name', ({ image, policy }) => {
    expect(applyBuiltinDefaults(PODS, pod({ containers: [container(image)] }))).toEqual(pod({ ...POD_SPEC_DEFAULTS, containers: [defaulted(image, policy)] }));
  });

  it.each([
    { name: 'no spec', object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }, expected: pod(POD_SPEC_DEFAULTS) },
    {
      name: 'explicit values kept',
      object: pod({ restartPolicy: 'Never', terminationGracePeriodSeconds: 5, containers: [container('nginx', { imagePullPolicy: 'Never', terminationMessagePolicy: 'FallbackToLogsOnError' })] }),
      expected: pod({
        ...POD_SPEC_DEFAULTS,
        restartPolicy: 'Never',
        terminationGracePeriodSeconds: 5,
        containers: [{ ...CONTAINER_DEFAULTS, name: 'app', image: 'nginx', imagePullPolicy: 'Never', terminationMessagePolicy: 'FallbackToLogsOnError' }],
      }),
    },
    {
      name: 'init containers defaulted too',
      object: pod({ initContainers: [container('busybox:1.36')], containers: [container('nginx')] }),
      expected: pod({ ...POD_SPEC_DEFAULTS, initContainers: [defaulted('busybox:1.36', 'IfNotPresent')], containers: [defaulted('nginx', 'Always')] }),
    },
  ])('$name', ({ object, expected }) => {
    expect(applyBuiltinDefaults(PODS, object)).toEqual(expected);
  });
});

const RS_TEMPLATE = { metadata: { labels: { app: 'web' } }, spec: { containers: [container('nginx:1.27')] } };
const RS_TEMPLATE_DEFAULTED = { metadata: { labels: { app: 'web' } }, spec: { ...POD_SPEC_DEFAULTS, containers: [defaulted('nginx:1.27', 'IfNotPresent')] } };
const ROLLING = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };

function deployment(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec };
}

describe('applyBuiltinDefaults: Deployment', () => {
  it.each([
    {
      name: 'empty spec: replicas, strategy, history, deadline',
      spec: {},
      expected: { replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: ROLLING },
    },
    {
      name: 'template pod spec defaulted',
      spec: { selector: { matchLabels: { app: 'web' } }, template: RS_TEMPLATE },
      expected: { replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: ROLLING, selector: { matchLabels: { app: 'web' } }, template: RS_TEMPLATE_DEFAULTED },
    },
    {
      name: 'explicit values kept (replicas 0 too)',
      spec: { replicas: 0, revisionHistoryLimit: 2, progressDeadlineSeconds: 60, strategy: { type: 'Recreate' } },
      expected: { replicas: 0, revisionHistoryLimit: 2, progressDeadlineSeconds: 60, strategy: { type: 'Recreate' } },
    },
    {
      // SetDefaults_Deployment: a RollingUpdate strategy without rollingUpdate gets 25%/25%.
      name: 'strategy RollingUpdate without rollingUpdate: 25%/25% filled',
      spec: { strategy: { type: 'RollingUpdate' } },
      expected: { replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: ROLLING },
    },
    {
      // SetDefaults_Deployment: empty type → RollingUpdate; absent maxUnavailable → 25%.
      name: 'strategy with only maxSurge: type and maxUnavailable filled',
      spec: { strategy: { rollingUpdate: { maxSurge: 1 } } },
      expected: { replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } } },
    },
  ])('$name', ({ spec, expected }) => {
    expect(applyBuiltinDefaults(DEPLOYMENTS, deployment(spec))).toEqual(deployment(expected));
  });
});

describe('applyBuiltinDefaults: other kinds', () => {
  it.each([
    {
      name: 'ReplicaSet: replicas and template',
      resource: REPLICASETS,
      object: { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs' }, spec: { template: RS_TEMPLATE } },
      expected: { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs' }, spec: { replicas: 1, template: RS_TEMPLATE_DEFAULTED } },
    },
    {
      name: 'Service: type, affinity, port protocol and targetPort',
      resource: SERVICES,
      object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }, { port: 443, targetPort: 'https', protocol: 'UDP' }] } },
      expected: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 's' },
        spec: {
          type: 'ClusterIP',
          sessionAffinity: 'None',
          ports: [
            { protocol: 'TCP', targetPort: 80, port: 80 },
            { protocol: 'UDP', targetPort: 'https', port: 443 },
          ],
        },
      },
    },
    {
      name: 'Service: explicit type kept',
      resource: SERVICES,
      object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'NodePort' } },
      expected: { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'NodePort', sessionAffinity: 'None' } },
    },
    {
      name: 'Namespace: kubernetes finalizer',
      resource: NAMESPACES,
      object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } },
      expected: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' }, spec: { finalizers: ['kubernetes'] } },
    },
    {
      name: 'ConfigMap: no defaults',
      resource: CONFIGMAPS,
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } },
      expected: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } },
    },
    {
      name: 'custom kind untouched',
      resource: WIDGETS,
      object: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 1 } },
      expected: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 1 } },
    },
  ])('$name', ({ resource, object, expected }) => {
    expect(applyBuiltinDefaults(resource, object)).toEqual(expected);
  });
});

describe('applyCreateStatus', () => {
  const guaranteed = { requests: { cpu: '500m', memory: '128Mi' }, limits: { cpu: '500m', memory: '128Mi' } };
  it.each([
    {
      name: 'Namespace: Active',
      resource: NAMESPACES,
      object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } },
      expected: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' }, status: { phase: 'Active' } },
    },
    {
      name: 'Pod without resources: Pending, BestEffort',
      resource: PODS,
      object: pod({ containers: [container('nginx')] }),
      expected: { ...pod({ containers: [container('nginx')] }), status: { phase: 'Pending', qosClass: 'BestEffort' } },
    },
    {
      // pod/strategy.go PrepareForCreate sets status.qosClass from qos.GetPodQOS.
      name: 'Pod with requests == limits: Guaranteed',
      resource: PODS,
      object: pod({ containers: [container('nginx', { resources: guaranteed })] }),
      expected: { ...pod({ containers: [container('nginx', { resources: guaranteed })] }), status: { phase: 'Pending', qosClass: 'Guaranteed' } },
    },
    {
      name: 'Pod with a cpu request only: Burstable',
      resource: PODS,
      object: pod({ containers: [container('nginx', { resources: { requests: { cpu: '100m' } } })] }),
      expected: { ...pod({ containers: [container('nginx', { resources: { requests: { cpu: '100m' } } })] }), status: { phase: 'Pending', qosClass: 'Burstable' } },
    },
    {
      name: 'Deployment: unchanged',
      resource: DEPLOYMENTS,
      object: deployment({ replicas: 1 }),
      expected: deployment({ replicas: 1 }),
    },
    {
      name: 'ConfigMap: unchanged',
      resource: CONFIGMAPS,
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
      expected: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
    },
    {
      name: 'custom kind: unchanged',
      resource: WIDGETS,
      object: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
      expected: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
    },
  ])('$name', ({ resource, object, expected }) => {
    expect(applyCreateStatus(resource, object)).toEqual(expected);
  });
});

describe('applyBuiltinDefaults: Secret type and container port protocol', () => {
  const SECRETS = builtin('', 'Secret');

  it.each([
    { name: 'no type', secret: { data: { a: 'Yg==' } }, want: 'Opaque' },
    { name: 'empty type', secret: { type: '' }, want: 'Opaque' },
    { name: 'a given type', secret: { type: 'kubernetes.io/tls' }, want: 'kubernetes.io/tls' },
  ])('a Secret with $name has type $want', ({ secret, want }) => {
    const object = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, ...secret } as KubeObject;
    expect(applyBuiltinDefaults(SECRETS, object).type).toBe(want);
  });

  it.each([
    { name: 'no protocol', port: { containerPort: 80 }, want: { protocol: 'TCP', containerPort: 80 } },
    { name: 'UDP kept', port: { containerPort: 53, protocol: 'UDP' }, want: { protocol: 'UDP', containerPort: 53 } },
  ])('a container port with $name', ({ port, want }) => {
    const spec = applyBuiltinDefaults(PODS, pod({ containers: [container('nginx:1.27', { ports: [port] })] })).spec as { containers: { ports: unknown[] }[] };
    expect(spec.containers[0]?.ports).toEqual([want]);
  });
});

describe('applyBuiltinDefaults: Secret stringData', () => {
  const SECRETS = builtin('', 'Secret');

  it.each([
    { name: 'stringData only', secret: { stringData: { user: 'admin', note: 'ünï' } }, data: { user: 'YWRtaW4=', note: 'w7xuw68=' } },
    { name: 'merged over data, stringData wins', secret: { data: { user: 'b2xk', keep: 'eA==' }, stringData: { user: 'new' } }, data: { user: 'bmV3', keep: 'eA==' } },
    { name: 'data only', secret: { data: { a: 'Yg==' } }, data: { a: 'Yg==' } },
  ])('$name', ({ secret, data }) => {
    const object = applyBuiltinDefaults(SECRETS, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, ...secret });
    expect(object.data).toEqual(data);
    expect(object.stringData).toBeUndefined();
  });
});

describe('applyBuiltinDefaults: probes (SetDefaults_Probe, SetDefaults_HTTPGetAction)', () => {
  const PROBE_DEFAULTS = { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 };
  it.each([
    { name: 'an httpGet readiness probe', probe: { httpGet: { port: 8080 } }, expected: { ...PROBE_DEFAULTS, httpGet: { path: '/', scheme: 'HTTP', port: 8080 } } },
    { name: 'given values kept', probe: { periodSeconds: 1, failureThreshold: 1, httpGet: { path: '/ready', port: 'http', scheme: 'HTTPS' } }, expected: { ...PROBE_DEFAULTS, periodSeconds: 1, failureThreshold: 1, httpGet: { path: '/ready', port: 'http', scheme: 'HTTPS' } } },
    { name: 'a tcpSocket probe', probe: { tcpSocket: { port: 80 } }, expected: { ...PROBE_DEFAULTS, tcpSocket: { port: 80 } } },
  ])('$name, in a pod and in a Deployment template', ({ probe, expected }) => {
    const spec = { containers: [container('nginx:1.27', { readinessProbe: probe, livenessProbe: probe })] };
    const defaultedPod = applyBuiltinDefaults(PODS, pod(spec));
    const podContainer = (defaultedPod.spec as { containers: Record<string, unknown>[] }).containers[0];
    expect([podContainer?.['readinessProbe'], podContainer?.['livenessProbe']]).toEqual([expected, expected]);
    const deployment: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: {}, template: { spec } } };
    const templateContainer = ((applyBuiltinDefaults(DEPLOYMENTS, deployment).spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers)[0];
    expect(templateContainer?.['readinessProbe']).toEqual(expected);
  });
});
