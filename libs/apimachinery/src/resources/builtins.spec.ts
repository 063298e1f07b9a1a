import type { JsonObject } from '../object.js';
import { BUILTIN_RESOURCES, podSummary } from './builtins.js';
import type { ResourceType } from './resource-type.js';
import { tableColumns, toTable } from './table.js';

function resource(plural: string, group = ''): ResourceType {
  const found = BUILTIN_RESOURCES.find((r) => r.plural === plural && r.group === group);
  if (found === undefined) throw new Error(`no ${plural}.${group}`);
  return found;
}

const now = new Date('2026-11-26T12:00:00Z');

/** The cells of one object's row, keyed by upper-cased column name as kubectl prints them. */
function row(plural: string, object: JsonObject, group = ''): Record<string, unknown> {
  const r = resource(plural, group);
  const table = toTable({ resource: r, objects: [object], now, includeObject: 'None', resourceVersion: '1' });
  const cells = ((table['rows'] as JsonObject[])[0]?.['cells'] ?? []) as unknown[];
  return Object.fromEntries(tableColumns(r).map((c, i) => [c.name.toUpperCase(), cells[i]]));
}

describe('BUILTIN_RESOURCES', () => {
  it.each([
    { name: 'namespaces', group: '', kind: 'Namespace', namespaced: false, shortNames: ['ns'], categories: [], status: true, scale: false, generation: false, createOnUpdate: false },
    { name: 'pods', group: '', kind: 'Pod', namespaced: true, shortNames: ['po'], categories: ['all'], status: true, scale: false, generation: true, createOnUpdate: false },
    { name: 'services', group: '', kind: 'Service', namespaced: true, shortNames: ['svc'], categories: ['all'], status: true, scale: false, generation: false, createOnUpdate: false },
    { name: 'endpoints', group: '', kind: 'Endpoints', namespaced: true, shortNames: ['ep'], categories: [], status: false, scale: false, generation: false, createOnUpdate: true },
    { name: 'configmaps', group: '', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'], categories: [], status: false, scale: false, generation: false, createOnUpdate: false },
    { name: 'secrets', group: '', kind: 'Secret', namespaced: true, shortNames: [], categories: [], status: false, scale: false, generation: false, createOnUpdate: false },
    { name: 'serviceaccounts', group: '', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'], categories: [], status: false, scale: false, generation: false, createOnUpdate: false },
    { name: 'events', group: '', kind: 'Event', namespaced: true, shortNames: ['ev'], categories: [], status: false, scale: false, generation: false, createOnUpdate: true },
    { name: 'deployments', group: 'apps', kind: 'Deployment', namespaced: true, shortNames: ['deploy'], categories: ['all'], status: true, scale: true, generation: true, createOnUpdate: false },
    { name: 'replicasets', group: 'apps', kind: 'ReplicaSet', namespaced: true, shortNames: ['rs'], categories: ['all'], status: true, scale: true, generation: true, createOnUpdate: false },
    { name: 'endpointslices', group: 'discovery.k8s.io', kind: 'EndpointSlice', namespaced: true, shortNames: [], categories: [], status: false, scale: false, generation: false, createOnUpdate: false },
    { name: 'leases', group: 'coordination.k8s.io', kind: 'Lease', namespaced: true, shortNames: [], categories: [], status: false, scale: false, generation: false, createOnUpdate: false },
    { name: 'poddisruptionbudgets', group: 'policy', kind: 'PodDisruptionBudget', namespaced: true, shortNames: ['pdb'], categories: [], status: true, scale: false, generation: true, createOnUpdate: false },
    { name: 'events', group: 'events.k8s.io', kind: 'Event', namespaced: true, shortNames: ['ev'], categories: [], status: false, scale: false, generation: false, createOnUpdate: true },
    { name: 'customresourcedefinitions', group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', namespaced: false, shortNames: ['crd', 'crds'], categories: [], status: true, scale: false, generation: true, createOnUpdate: false },
    { name: 'mutatingwebhookconfigurations', group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', namespaced: false, shortNames: [], categories: [], status: false, scale: false, generation: false, createOnUpdate: false },
    { name: 'validatingwebhookconfigurations', group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', namespaced: false, shortNames: [], categories: [], status: false, scale: false, generation: false, createOnUpdate: false },
    { name: 'roles', group: 'rbac.authorization.k8s.io', kind: 'Role', namespaced: true, shortNames: [], categories: [], status: false, scale: false, generation: false, createOnUpdate: false },
    { name: 'clusterroles', group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', namespaced: false, shortNames: [], categories: [], status: false, scale: false, generation: false, createOnUpdate: false },
    { name: 'rolebindings', group: 'rbac.authorization.k8s.io', kind: 'RoleBinding', namespaced: true, shortNames: [], categories: [], status: false, scale: false, generation: false, createOnUpdate: false },
    { name: 'clusterrolebindings', group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding', namespaced: false, shortNames: [], categories: [], status: false, scale: false, generation: false, createOnUpdate: false },
  ])('$name.$group: $kind', ({ name, group, kind, namespaced, shortNames, categories, status, scale, generation, createOnUpdate }) => {
    const r = resource(name, group);
    expect(r).toMatchObject({ kind, version: 'v1', namespaced, shortNames, categories, singular: kind.toLowerCase(), statusSubresource: status, tracksGeneration: generation, allowCreateOnUpdate: createOnUpdate });
    expect(r).toMatchObject({ allowUnconditionalUpdate: true, patchStrategy: 'strategic', custom: false });
    expect(r.scale !== undefined).toBe(scale);
    expect(r.schema).toBeUndefined();
  });

  it('serves 24 resources, each once', () => {
    const keys = BUILTIN_RESOURCES.map((r) => `${r.plural}.${r.group}`);
    expect(new Set(keys).size).toBe(24);
    expect(keys).toHaveLength(24);
  });

  it.each([
    { name: 'namespaces', verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
    { name: 'configmaps', verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] },
  ])('$name verbs', ({ name, verbs }) => {
    expect(resource(name).verbs).toEqual(verbs);
  });

  it('gives Deployments the built-in scale whose selector the server formats from spec.selector', () => {
    expect(resource('deployments', 'apps').scale).toEqual({ specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' });
  });

  it.each([
    { name: 'pods', group: '', header: 'NAME READY STATUS RESTARTS AGE', wide: 'IP NODE NOMINATED NODE READINESS GATES' },
    { name: 'deployments', group: 'apps', header: 'NAME READY UP-TO-DATE AVAILABLE AGE', wide: 'CONTAINERS IMAGES SELECTOR' },
    { name: 'replicasets', group: 'apps', header: 'NAME DESIRED CURRENT READY AGE', wide: 'CONTAINERS IMAGES SELECTOR' },
    { name: 'services', group: '', header: 'NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE', wide: 'SELECTOR' },
    { name: 'namespaces', group: '', header: 'NAME STATUS AGE', wide: '' },
    { name: 'configmaps', group: '', header: 'NAME DATA AGE', wide: '' },
    { name: 'secrets', group: '', header: 'NAME TYPE DATA AGE', wide: '' },
    { name: 'serviceaccounts', group: '', header: 'NAME SECRETS AGE', wide: '' },
    { name: 'endpoints', group: '', header: 'NAME ENDPOINTS AGE', wide: '' },
    { name: 'events', group: '', header: 'LAST SEEN TYPE REASON OBJECT MESSAGE', wide: 'SUBOBJECT SOURCE FIRST SEEN COUNT NAME' },
    { name: 'events', group: 'events.k8s.io', header: 'LAST SEEN TYPE REASON OBJECT MESSAGE', wide: 'SUBOBJECT SOURCE FIRST SEEN COUNT NAME' },
    { name: 'endpointslices', group: 'discovery.k8s.io', header: 'NAME ADDRESSTYPE PORTS ENDPOINTS AGE', wide: '' },
    { name: 'leases', group: 'coordination.k8s.io', header: 'NAME HOLDER AGE', wide: '' },
    { name: 'poddisruptionbudgets', group: 'policy', header: 'NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE', wide: '' },
    { name: 'customresourcedefinitions', group: 'apiextensions.k8s.io', header: 'NAME CREATED AT', wide: '' },
    { name: 'roles', group: 'rbac.authorization.k8s.io', header: 'NAME CREATED AT', wide: '' },
    { name: 'rolebindings', group: 'rbac.authorization.k8s.io', header: 'NAME ROLE AGE', wide: '' },
    { name: 'mutatingwebhookconfigurations', group: 'admissionregistration.k8s.io', header: 'NAME WEBHOOKS AGE', wide: '' },
  ])('$name.$group prints $header', ({ name, group, header, wide }) => {
    const columns = tableColumns(resource(name, group));
    expect(columns.filter((c) => c.priority === 0).map((c) => c.name.toUpperCase()).join(' ')).toBe(header);
    expect(columns.filter((c) => c.priority > 0).map((c) => c.name.toUpperCase()).join(' ')).toBe(wide);
  });
});

const created = '2026-11-26T11:00:00Z';

function pod(status: JsonObject, extra: { spec?: JsonObject; metadata?: JsonObject } = {}): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', creationTimestamp: created, ...extra.metadata },
    spec: { containers: [{ name: 'app', image: 'nginx' }, { name: 'side', image: 'envoy' }], ...extra.spec },
    status,
  };
}

const running = { running: { startedAt: created } };

describe('pod READY / STATUS / RESTARTS', () => {
  it.each([
    { name: 'pending, no statuses', pod: pod({ phase: 'Pending' }), summary: { ready: '0/2', status: 'Pending', restarts: '0' } },
    {
      name: 'running and ready',
      pod: pod({ phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }, { name: 'side', ready: true, restartCount: 0, state: running }] }),
      summary: { ready: '2/2', status: 'Running', restarts: '0' },
    },
    {
      name: 'crash loop, with the last restart time',
      pod: pod({
        phase: 'Running',
        containerStatuses: [
          { name: 'app', ready: false, restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: '2026-11-26T11:57:00Z' } } },
          { name: 'side', ready: true, restartCount: 1, state: running },
        ],
      }),
      summary: { ready: '1/2', status: 'CrashLoopBackOff', restarts: '5 (3m ago)' },
    },
    {
      name: 'container creating',
      pod: pod({ phase: 'Pending', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] }),
      summary: { ready: '0/2', status: 'ContainerCreating', restarts: '0' },
    },
    {
      name: 'terminated without reason shows the exit code',
      pod: pod({ phase: 'Failed', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 3 } } }] }),
      summary: { ready: '0/2', status: 'ExitCode:3', restarts: '0' },
    },
    {
      name: 'terminated by a signal',
      pod: pod({ phase: 'Failed', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 137, signal: 9 } } }] }),
      summary: { ready: '0/2', status: 'Signal:9', restarts: '0' },
    },
    {
      name: 'completed but one container still running and Ready',
      pod: pod({
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          { name: 'app', ready: true, restartCount: 0, state: running },
          { name: 'side', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        ],
      }),
      summary: { ready: '1/2', status: 'Running', restarts: '0' },
    },
    {
      name: 'completed but one container still running, not Ready',
      pod: pod({
        phase: 'Running',
        containerStatuses: [
          { name: 'app', ready: true, restartCount: 0, state: running },
          { name: 'side', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        ],
      }),
      summary: { ready: '1/2', status: 'NotReady', restarts: '0' },
    },
    {
      name: 'waiting on the second of two init containers',
      pod: pod(
        { phase: 'Pending', initContainerStatuses: [{ name: 'i1', restartCount: 0, state: { terminated: { exitCode: 0 } } }, { name: 'i2', restartCount: 0, state: { running: {} } }] },
        { spec: { initContainers: [{ name: 'i1' }, { name: 'i2' }] } },
      ),
      summary: { ready: '0/2', status: 'Init:1/2', restarts: '0' },
    },
    {
      name: 'init container crash looping',
      pod: pod({ phase: 'Pending', initContainerStatuses: [{ name: 'i1', restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }, { spec: { initContainers: [{ name: 'i1' }] } }),
      summary: { ready: '0/2', status: 'Init:CrashLoopBackOff', restarts: '2' },
    },
    {
      name: 'init container failed',
      pod: pod({ phase: 'Pending', initContainerStatuses: [{ name: 'i1', restartCount: 0, state: { terminated: { exitCode: 2 } } }] }, { spec: { initContainers: [{ name: 'i1' }] } }),
      summary: { ready: '0/2', status: 'Init:ExitCode:2', restarts: '0' },
    },
    {
      name: 'init reason kept once Initialized, ready containers counted',
      pod: pod(
        {
          phase: 'Running',
          conditions: [{ type: 'Initialized', status: 'True' }],
          initContainerStatuses: [{ name: 'i1', restartCount: 0, state: { running: {} } }],
          containerStatuses: [{ name: 'app', ready: true, restartCount: 1, state: running }],
        },
        { spec: { initContainers: [{ name: 'i1' }] } },
      ),
      summary: { ready: '1/2', status: 'Init:0/1', restarts: '1' },
    },
    {
      name: 'being deleted',
      pod: pod({ phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }] }, { metadata: { deletionTimestamp: '2026-11-26T12:00:30Z' } }),
      summary: { ready: '1/2', status: 'Terminating', restarts: '0' },
    },
    {
      name: 'deleted after success keeps its phase',
      pod: pod({ phase: 'Succeeded' }, { metadata: { deletionTimestamp: '2026-11-26T12:00:30Z' } }),
      summary: { ready: '0/2', status: 'Succeeded', restarts: '0' },
    },
    {
      name: 'scheduling gated',
      pod: pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }),
      summary: { ready: '0/2', status: 'SchedulingGated', restarts: '0' },
    },
    { name: 'status reason wins over phase', pod: pod({ phase: 'Failed', reason: 'Evicted' }), summary: { ready: '0/2', status: 'Evicted', restarts: '0' } },
  ])('$name', ({ pod: p, summary }) => {
    expect(podSummary(p, now)).toEqual(summary);
  });

  it('fills the wide pod cells', () => {
    const p = pod(
      { phase: 'Running', podIPs: [{ ip: '10.0.0.7' }], conditions: [{ type: 'example.com/gate', status: 'True' }] },
      { spec: { nodeName: 'local', readinessGates: [{ conditionType: 'example.com/gate' }, { conditionType: 'other' }] } },
    );
    expect(row('pods', p)).toMatchObject({ IP: '10.0.0.7', NODE: 'local', 'NOMINATED NODE': '<none>', 'READINESS GATES': '1/2', AGE: '60m' });
    expect(row('pods', pod({ phase: 'Pending' }))).toMatchObject({ IP: '<none>', NODE: '<none>', 'READINESS GATES': '<none>' });
  });
});

const meta = { name: 'x', namespace: 'default', creationTimestamp: created };

describe('built-in cells', () => {
  it.each([
    {
      name: 'deployment',
      plural: 'deployments',
      group: 'apps',
      object: {
        metadata: { ...meta, name: 'web' },
        spec: {
          replicas: 3,
          selector: { matchLabels: { tier: 'front', app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }] },
          template: { spec: { containers: [{ name: 'app', image: 'nginx:1' }, { name: 'side', image: 'envoy' }] } },
        },
        status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
      },
      cells: { NAME: 'web', READY: '2/3', 'UP-TO-DATE': 3, AVAILABLE: 2, AGE: '60m', CONTAINERS: 'app,side', IMAGES: 'nginx:1,envoy', SELECTOR: 'app=web,env in (dev,prod),tier=front' },
    },
    {
      name: 'deployment without status',
      plural: 'deployments',
      group: 'apps',
      object: { metadata: meta, spec: { replicas: 1, selector: { matchExpressions: [{ key: 'gone', operator: 'DoesNotExist' }] } } },
      cells: { READY: '0/1', 'UP-TO-DATE': 0, AVAILABLE: 0, SELECTOR: '!gone' },
    },
    {
      name: 'replica set',
      plural: 'replicasets',
      group: 'apps',
      object: { metadata: meta, spec: { replicas: 2, selector: {} }, status: { replicas: 2, readyReplicas: 1 } },
      cells: { DESIRED: 2, CURRENT: 2, READY: 1, SELECTOR: '<none>' },
    },
    {
      name: 'ClusterIP service',
      plural: 'services',
      group: '',
      object: { metadata: meta, spec: { type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ port: 53, protocol: 'UDP' }, { port: 80, protocol: 'TCP' }], selector: { app: 'dns' } } },
      cells: { TYPE: 'ClusterIP', 'CLUSTER-IP': '10.96.0.10', 'EXTERNAL-IP': '<none>', 'PORT(S)': '53/UDP,80/TCP', SELECTOR: 'app=dns' },
    },
    {
      name: 'NodePort service',
      plural: 'services',
      group: '',
      object: { metadata: meta, spec: { type: 'NodePort', clusterIP: '10.96.1.1', ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] } },
      cells: { 'EXTERNAL-IP': '<none>', 'PORT(S)': '80:30080/TCP', SELECTOR: '<none>' },
    },
    {
      name: 'pending LoadBalancer',
      plural: 'services',
      group: '',
      object: { metadata: meta, spec: { type: 'LoadBalancer', clusterIP: '10.96.1.2', ports: [] } },
      cells: { 'EXTERNAL-IP': '<pending>', 'PORT(S)': '<none>' },
    },
    {
      name: 'LoadBalancer with an ingress IP',
      plural: 'services',
      group: '',
      object: { metadata: meta, spec: { type: 'LoadBalancer', clusterIP: '10.96.1.2' }, status: { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } } },
      cells: { 'EXTERNAL-IP': '192.0.2.1' },
    },
    {
      name: 'ExternalName service',
      plural: 'services',
      group: '',
      object: { metadata: meta, spec: { type: 'ExternalName', externalName: 'example.com' } },
      cells: { 'CLUSTER-IP': '<none>', 'EXTERNAL-IP': 'example.com' },
    },
    { name: 'namespace', plural: 'namespaces', group: '', object: { metadata: meta, status: { phase: 'Active' } }, cells: { STATUS: 'Active', AGE: '60m' } },
    { name: 'secret', plural: 'secrets', group: '', object: { metadata: meta, type: 'Opaque', data: { a: 'MQ==' } }, cells: { TYPE: 'Opaque', DATA: 1 } },
    { name: 'service account', plural: 'serviceaccounts', group: '', object: { metadata: meta }, cells: { SECRETS: 0 } },
    {
      name: 'endpoints, more than three',
      plural: 'endpoints',
      group: '',
      object: { metadata: meta, subsets: [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 80 }, { port: 443 }] }] },
      cells: { ENDPOINTS: '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...' },
    },
    { name: 'endpoints, none', plural: 'endpoints', group: '', object: { metadata: meta }, cells: { ENDPOINTS: '<none>' } },
    {
      name: 'endpoint slice',
      plural: 'endpointslices',
      group: 'discovery.k8s.io',
      object: { metadata: meta, addressType: 'IPv4', ports: [{ name: 'http', port: 8080 }], endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2'] }] },
      cells: { ADDRESSTYPE: 'IPv4', PORTS: '8080', ENDPOINTS: '10.0.0.1,10.0.0.2' },
    },
    { name: 'empty endpoint slice', plural: 'endpointslices', group: 'discovery.k8s.io', object: { metadata: meta, addressType: 'IPv4' }, cells: { PORTS: '<unset>', ENDPOINTS: '<unset>' } },
    { name: 'lease', plural: 'leases', group: 'coordination.k8s.io', object: { metadata: meta, spec: { holderIdentity: 'host_1234' } }, cells: { HOLDER: 'host_1234' } },
    { name: 'pdb by max unavailable', plural: 'poddisruptionbudgets', group: 'policy', object: { metadata: meta, spec: { maxUnavailable: 1 }, status: { disruptionsAllowed: 1 } }, cells: { 'MIN AVAILABLE': 'N/A', 'MAX UNAVAILABLE': '1', 'ALLOWED DISRUPTIONS': 1 } },
    { name: 'pdb by percentage, no status yet', plural: 'poddisruptionbudgets', group: 'policy', object: { metadata: meta, spec: { minAvailable: '80%' } }, cells: { 'MIN AVAILABLE': '80%', 'MAX UNAVAILABLE': 'N/A', 'ALLOWED DISRUPTIONS': 0 } },
    { name: 'crd', plural: 'customresourcedefinitions', group: 'apiextensions.k8s.io', object: { metadata: meta }, cells: { 'CREATED AT': created } },
    {
      name: 'role binding',
      plural: 'rolebindings',
      group: 'rbac.authorization.k8s.io',
      object: { metadata: meta, roleRef: { kind: 'ClusterRole', name: 'view' } },
      cells: { ROLE: 'ClusterRole/view', AGE: '60m' },
    },
    { name: 'webhook configuration', plural: 'validatingwebhookconfigurations', group: 'admissionregistration.k8s.io', object: { metadata: meta, webhooks: [{}, {}] }, cells: { WEBHOOKS: 2 } },
  ])('$name', ({ plural, group, object, cells }) => {
    expect(row(plural, object as unknown as JsonObject, group)).toMatchObject(cells);
  });
});

describe('event cells', () => {
  const involved = { kind: 'Deployment', name: 'web', namespace: 'default', fieldPath: 'spec.containers{app}' };
  it.each([
    {
      name: 'single core event',
      group: '',
      object: { metadata: { ...meta, name: 'web.1' }, type: 'Normal', reason: 'ScalingReplicaSet', message: ' Scaled up replica set web-7c5ddbdf54 from 0 to 3 ', involvedObject: involved, firstTimestamp: '2026-11-26T11:59:00Z', lastTimestamp: '2026-11-26T11:59:00Z', count: 1, source: { component: 'deployment-controller' } },
      cells: { 'LAST SEEN': '60s', TYPE: 'Normal', REASON: 'ScalingReplicaSet', OBJECT: 'deployment/web', MESSAGE: 'Scaled up replica set web-7c5ddbdf54 from 0 to 3', SUBOBJECT: 'spec.containers{app}', SOURCE: 'deployment-controller', 'FIRST SEEN': '60s', COUNT: 1, NAME: 'web.1' },
    },
    {
      name: 'repeated core event',
      group: '',
      object: { metadata: meta, type: 'Warning', reason: 'BackOff', message: 'Back-off', involvedObject: { kind: 'Pod', name: 'p' }, firstTimestamp: '2026-11-26T11:00:00Z', lastTimestamp: '2026-11-26T11:59:30Z', count: 12, source: { component: 'kubelet', host: 'local' } },
      cells: { 'LAST SEEN': '30s (x12 over 60m)', OBJECT: 'pod/p', SOURCE: 'kubelet, local', COUNT: 12 },
    },
    {
      name: 'event with only eventTime and a series',
      group: '',
      object: { metadata: meta, type: 'Normal', reason: 'R', involvedObject: { kind: 'Node' }, eventTime: '2026-11-26T11:50:00.000000Z', series: { count: 4, lastObservedTime: '2026-11-26T11:58:00.000000Z' }, reportingComponent: 'ctl', reportingInstance: 'ctl-1' },
      cells: { 'LAST SEEN': '2m', OBJECT: 'node', 'FIRST SEEN': '10m', COUNT: 4, SOURCE: 'ctl, ctl-1' },
    },
    {
      name: 'events.k8s.io event',
      group: 'events.k8s.io',
      object: { metadata: meta, type: 'Normal', reason: 'Created', note: 'Created pod', regarding: { kind: 'Pod', name: 'p' }, eventTime: '2026-11-26T11:59:50.000000Z', reportingController: 'kubelet', reportingInstance: 'node-1' },
      cells: { 'LAST SEEN': '10s', OBJECT: 'pod/p', MESSAGE: 'Created pod', SOURCE: 'kubelet, node-1', COUNT: 0 },
    },
  ])('$name', ({ object, cells, group }) => {
    expect(row('events', object as unknown as JsonObject, group)).toMatchObject(cells);
  });
});
