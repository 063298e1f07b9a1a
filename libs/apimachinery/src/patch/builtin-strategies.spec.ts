import type { JsonObject } from '../object.js';
import { builtinFieldStrategies, schemaFieldStrategies } from './builtin-strategies.js';
import type { FieldStrategy } from './list-types.js';

const byName: FieldStrategy = { listType: 'map', mapKeys: ['name'] };
const byType: FieldStrategy = { listType: 'map', mapKeys: ['type'] };

describe('builtinFieldStrategies', () => {
  it.each<[string, [group: string, kind: string], string, FieldStrategy | undefined]>([
    ['ownerReferences of a ConfigMap', ['', 'ConfigMap'], 'metadata.ownerReferences', { listType: 'map', mapKeys: ['uid'] }],
    ['finalizers of a Secret', ['', 'Secret'], 'metadata.finalizers', { listType: 'set' }],
    ['labels merge by default', ['', 'ConfigMap'], 'metadata.labels', undefined],
    ['Pod containers', ['', 'Pod'], 'spec.containers', byName],
    ['Pod initContainers', ['', 'Pod'], 'spec.initContainers', byName],
    ['Pod ephemeralContainers', ['', 'Pod'], 'spec.ephemeralContainers', byName],
    ['Pod volumes (retainKeys)', ['', 'Pod'], 'spec.volumes', { listType: 'map', mapKeys: ['name'], retainKeys: true }],
    ['Pod imagePullSecrets', ['', 'Pod'], 'spec.imagePullSecrets', byName],
    ['Pod container env', ['', 'Pod'], 'spec.containers.env', byName],
    ['Pod init container ports', ['', 'Pod'], 'spec.initContainers.ports', { listType: 'map', mapKeys: ['containerPort', 'protocol'] }],
    ['Pod container volumeMounts', ['', 'Pod'], 'spec.containers.volumeMounts', { listType: 'map', mapKeys: ['mountPath'] }],
    ['Pod container volumeDevices', ['', 'Pod'], 'spec.containers.volumeDevices', { listType: 'map', mapKeys: ['devicePath'] }],
    ['Pod container args are atomic', ['', 'Pod'], 'spec.containers.args', undefined],
    ['Pod tolerations', ['', 'Pod'], 'spec.tolerations', { listType: 'atomic' }],
    ['Pod status conditions', ['', 'Pod'], 'status.conditions', byType],
    ['Deployment template containers', ['apps', 'Deployment'], 'spec.template.spec.containers', byName],
    ['Deployment template container env', ['apps', 'Deployment'], 'spec.template.spec.containers.env', byName],
    ['Deployment template volumes', ['apps', 'Deployment'], 'spec.template.spec.volumes', { listType: 'map', mapKeys: ['name'], retainKeys: true }],
    ['Deployment strategy', ['apps', 'Deployment'], 'spec.strategy', { retainKeys: true }],
    ['Deployment status conditions', ['apps', 'Deployment'], 'status.conditions', byType],
    ['Deployment has no spec.containers', ['apps', 'Deployment'], 'spec.containers', undefined],
    ['ReplicaSet template ephemeralContainers', ['apps', 'ReplicaSet'], 'spec.template.spec.ephemeralContainers', byName],
    ['ReplicaSet status conditions', ['apps', 'ReplicaSet'], 'status.conditions', byType],
    ['Namespace status conditions', ['', 'Namespace'], 'status.conditions', byType],
    ['Service ports', ['', 'Service'], 'spec.ports', { listType: 'map', mapKeys: ['port', 'protocol'] }],
    ['ServiceAccount secrets', ['', 'ServiceAccount'], 'secrets', byName],
    ['CRD versions', ['apiextensions.k8s.io', 'CustomResourceDefinition'], 'spec.versions', byName],
    ['CRD status conditions', ['apiextensions.k8s.io', 'CustomResourceDefinition'], 'status.conditions', byType],
    ['mutating webhooks', ['admissionregistration.k8s.io', 'MutatingWebhookConfiguration'], 'webhooks', byName],
    ['validating webhooks', ['admissionregistration.k8s.io', 'ValidatingWebhookConfiguration'], 'webhooks', byName],
    ['Role rules', ['rbac.authorization.k8s.io', 'Role'], 'rules', { listType: 'atomic' }],
    ['ClusterRole rules', ['rbac.authorization.k8s.io', 'ClusterRole'], 'rules', { listType: 'atomic' }],
    ['a Pod in the wrong group is unknown', ['apps', 'Pod'], 'spec.containers', undefined],
    ['Endpoints subsets are atomic', ['', 'Endpoints'], 'subsets', undefined],
  ])('%s', (_name, [group, kind], path, expected) => {
    expect(builtinFieldStrategies(group, kind)(path.split('.'))).toEqual(expected);
  });
});

const SCHEMA: JsonObject = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['port', 'protocol'],
          items: { type: 'object', properties: { tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } } } },
        },
        workers: {
          type: 'array',
          'x-kubernetes-patch-strategy': 'merge',
          'x-kubernetes-patch-merge-key': 'id',
          items: { type: 'object' },
        },
        hosts: { type: 'array', 'x-kubernetes-patch-strategy': 'merge', items: { type: 'string' } },
        selector: { type: 'object', 'x-kubernetes-map-type': 'atomic' },
        strategy: { type: 'object', 'x-kubernetes-patch-strategy': 'retainKeys' },
        keyed: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['zone', 'name'],
          'x-kubernetes-patch-merge-key': 'name',
          items: { type: 'object' },
        },
        groups: {
          type: 'object',
          additionalProperties: { type: 'object', properties: { members: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } } } },
        },
        args: { type: 'array', 'x-kubernetes-list-type': 'atomic', items: { type: 'string' } },
        plain: { type: 'array', items: { type: 'string' } },
      },
    },
  },
};

describe('schemaFieldStrategies', () => {
  const lookup = schemaFieldStrategies(SCHEMA);

  it.each<[string, string, FieldStrategy | undefined]>([
    ['x-kubernetes-list-type map with its keys', 'spec.ports', { listType: 'map', mapKeys: ['port', 'protocol'] }],
    ['a set inside list items (items skipped)', 'spec.ports.tags', { listType: 'set' }],
    ['patch strategy merge with a merge key', 'spec.workers', { listType: 'map', mapKeys: ['id'] }],
    ['patch strategy merge on a scalar list', 'spec.hosts', { listType: 'set' }],
    ['x-kubernetes-map-type atomic', 'spec.selector', { mapType: 'atomic' }],
    ['patch strategy retainKeys', 'spec.strategy', { retainKeys: true }],
    ['the patch merge key comes first', 'spec.keyed', { listType: 'map', mapKeys: ['name', 'zone'] }],
    ['additionalProperties match any key', 'spec.groups.admins.members', { listType: 'set' }],
    ['x-kubernetes-list-type atomic', 'spec.args', { listType: 'atomic' }],
    ['a list without extensions', 'spec.plain', undefined],
    ['a field the schema does not know', 'spec.nothing.here', undefined],
    ['ObjectMeta ownerReferences by default', 'metadata.ownerReferences', { listType: 'map', mapKeys: ['uid'] }],
    ['ObjectMeta finalizers by default', 'metadata.finalizers', { listType: 'set' }],
  ])('%s', (_name, path, expected) => {
    expect(lookup(path.split('.'))).toEqual(expected);
  });
});
