import { fieldsOf, selectableFields } from './field-labels.js';
import type { KubeObject } from './object.js';

const INVOLVED = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'];

describe('selectableFields', () => {
  it.each([
    {
      name: 'Pod',
      group: '',
      kind: 'Pod',
      fields: [
        'metadata.name',
        'metadata.namespace',
        'spec.nodeName',
        'spec.restartPolicy',
        'spec.schedulerName',
        'spec.serviceAccountName',
        'spec.hostNetwork',
        'status.phase',
        'status.podIP',
        'status.nominatedNodeName',
      ],
    },
    {
      name: 'core Event',
      group: '',
      kind: 'Event',
      fields: ['metadata.name', 'metadata.namespace', ...INVOLVED.map((f) => `involvedObject.${f}`), 'reason', 'reportingComponent', 'source', 'type'],
    },
    {
      name: 'events.k8s.io Event',
      group: 'events.k8s.io',
      kind: 'Event',
      fields: ['metadata.name', 'metadata.namespace', ...INVOLVED.map((f) => `regarding.${f}`), 'reason', 'reportingController', 'type'],
    },
    { name: 'Namespace', group: '', kind: 'Namespace', fields: ['metadata.name', 'metadata.namespace', 'status.phase'] },
    { name: 'custom kind', group: 'example.com', kind: 'Widget', fields: ['metadata.name', 'metadata.namespace'] },
    { name: 'same kind name in another group', group: 'example.com', kind: 'Pod', fields: ['metadata.name', 'metadata.namespace'] },
  ])('$name', ({ group, kind, fields }) => {
    expect(selectableFields(group, kind)).toEqual(fields);
  });
});

const POD: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p1', namespace: 'prod' },
  spec: { nodeName: 'node-1', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'default', hostNetwork: true },
  status: { phase: 'Running', podIP: '10.0.0.7' },
};

const CORE_EVENT: KubeObject = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'web.1872', namespace: 'prod' },
  involvedObject: { kind: 'Deployment', namespace: 'prod', name: 'web', uid: 'u-1', apiVersion: 'apps/v1', resourceVersion: '12' },
  reason: 'ScalingReplicaSet',
  reportingComponent: 'deployment-controller',
  source: { component: 'deployment-controller' },
  type: 'Normal',
};

const NEW_EVENT: KubeObject = {
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata: { name: 'web.1872', namespace: 'prod' },
  regarding: { kind: 'Pod', namespace: 'prod', name: 'p1', uid: 'u-2', apiVersion: 'v1', fieldPath: 'spec.containers{app}' },
  reason: 'Pulled',
  reportingController: 'kubelet',
  type: 'Warning',
};

describe('fieldsOf', () => {
  it.each([
    {
      name: 'Pod with every field',
      group: '',
      object: POD,
      fields: {
        'metadata.name': 'p1',
        'metadata.namespace': 'prod',
        'spec.nodeName': 'node-1',
        'spec.restartPolicy': 'Always',
        'spec.schedulerName': 'default-scheduler',
        'spec.serviceAccountName': 'default',
        'spec.hostNetwork': 'true',
        'status.phase': 'Running',
        'status.podIP': '10.0.0.7',
        'status.nominatedNodeName': '',
      },
    },
    {
      name: 'Pod without spec/status: empty values, hostNetwork false',
      group: '',
      object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p2', namespace: 'default' } },
      fields: {
        'metadata.name': 'p2',
        'metadata.namespace': 'default',
        'spec.nodeName': '',
        'spec.restartPolicy': '',
        'spec.schedulerName': '',
        'spec.serviceAccountName': '',
        'spec.hostNetwork': 'false',
        'status.phase': '',
        'status.podIP': '',
        'status.nominatedNodeName': '',
      },
    },
    {
      name: 'core Event (involvedObject.*)',
      group: '',
      object: CORE_EVENT,
      fields: {
        'metadata.name': 'web.1872',
        'metadata.namespace': 'prod',
        'involvedObject.kind': 'Deployment',
        'involvedObject.namespace': 'prod',
        'involvedObject.name': 'web',
        'involvedObject.uid': 'u-1',
        'involvedObject.apiVersion': 'apps/v1',
        'involvedObject.resourceVersion': '12',
        'involvedObject.fieldPath': '',
        reason: 'ScalingReplicaSet',
        reportingComponent: 'deployment-controller',
        source: 'deployment-controller',
        type: 'Normal',
      },
    },
    {
      name: 'events.k8s.io Event (regarding.*)',
      group: 'events.k8s.io',
      object: NEW_EVENT,
      fields: {
        'metadata.name': 'web.1872',
        'metadata.namespace': 'prod',
        'regarding.kind': 'Pod',
        'regarding.namespace': 'prod',
        'regarding.name': 'p1',
        'regarding.uid': 'u-2',
        'regarding.apiVersion': 'v1',
        'regarding.resourceVersion': '',
        'regarding.fieldPath': 'spec.containers{app}',
        reason: 'Pulled',
        reportingController: 'kubelet',
        type: 'Warning',
      },
    },
    {
      name: 'Namespace (cluster-scoped: empty namespace)',
      group: '',
      object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' }, status: { phase: 'Terminating' } },
      fields: { 'metadata.name': 'prod', 'metadata.namespace': '', 'status.phase': 'Terminating' },
    },
    {
      name: 'custom kind: metadata fields only',
      group: 'example.com',
      object: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1', namespace: 'prod' }, spec: { size: 3 } },
      fields: { 'metadata.name': 'w1', 'metadata.namespace': 'prod' },
    },
  ])('$name', ({ group, object, fields }) => {
    expect(fieldsOf(group, object)).toEqual(fields);
  });
});
