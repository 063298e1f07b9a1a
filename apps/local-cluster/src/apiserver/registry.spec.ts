import type { ResourceType } from '@ebb/apimachinery';
import { ResourceRegistry } from './registry.js';

function resource(gvk: { group: string; version: string; kind: string }, plural: string, custom = false): ResourceType {
  const { group, version, kind } = gvk;
  return {
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced: true,
    shortNames: [],
    categories: [],
    verbs: ['get', 'list'],
    statusSubresource: false,
    tracksGeneration: custom,
    patchStrategy: custom ? 'merge' : 'strategic',
    allowCreateOnUpdate: false,
    allowUnconditionalUpdate: !custom,
    columns: [],
    custom,
  };
}

const PODS = resource({ group: '', version: 'v1', kind: 'Pod' }, 'pods');
const DEPLOYMENTS = resource({ group: 'apps', version: 'v1', kind: 'Deployment' }, 'deployments');
const WIDGETS_V1 = resource({ group: 'example.com', version: 'v1', kind: 'Widget' }, 'widgets', true);
const WIDGETS_V2 = resource({ group: 'example.com', version: 'v2', kind: 'Widget' }, 'widgets', true);
const GADGETS = resource({ group: 'example.com', version: 'v1', kind: 'Gadget' }, 'gadgets', true);

function registry(): ResourceRegistry {
  const r = new ResourceRegistry([PODS, DEPLOYMENTS]);
  r.setCustom('widgets.example.com', [WIDGETS_V1, WIDGETS_V2]);
  return r;
}

function label(r: ResourceType | undefined): string {
  return r === undefined ? 'none' : `${r.group}/${r.version}/${r.plural}`;
}

describe('ResourceRegistry lookups', () => {
  it.each([
    { name: 'find core', run: (r: ResourceRegistry): string => label(r.find('', 'v1', 'pods')), expected: '/v1/pods' },
    { name: 'find grouped', run: (r: ResourceRegistry): string => label(r.find('apps', 'v1', 'deployments')), expected: 'apps/v1/deployments' },
    { name: 'find custom v2', run: (r: ResourceRegistry): string => label(r.find('example.com', 'v2', 'widgets')), expected: 'example.com/v2/widgets' },
    { name: 'find wrong group', run: (r: ResourceRegistry): string => label(r.find('', 'v1', 'deployments')), expected: 'none' },
    { name: 'find unserved version', run: (r: ResourceRegistry): string => label(r.find('apps', 'v2', 'deployments')), expected: 'none' },
    { name: 'findKind any version: first', run: (r: ResourceRegistry): string => label(r.findKind('example.com', 'Widget')), expected: 'example.com/v1/widgets' },
    { name: 'findKind exact version', run: (r: ResourceRegistry): string => label(r.findKind('example.com', 'Widget', 'v2')), expected: 'example.com/v2/widgets' },
    { name: 'findKind unknown version falls back', run: (r: ResourceRegistry): string => label(r.findKind('example.com', 'Widget', 'v9')), expected: 'example.com/v1/widgets' },
    { name: 'findKind unknown kind', run: (r: ResourceRegistry): string => label(r.findKind('apps', 'StatefulSet')), expected: 'none' },
    { name: 'findStored: first served version', run: (r: ResourceRegistry): string => label(r.findStored('example.com', 'widgets')), expected: 'example.com/v1/widgets' },
    { name: 'findStored unknown', run: (r: ResourceRegistry): string => label(r.findStored('example.com', 'gizmos')), expected: 'none' },
    {
      name: 'all: built-ins first',
      run: (r: ResourceRegistry): string => r.all().map(label).join(' '),
      expected: '/v1/pods apps/v1/deployments example.com/v1/widgets example.com/v2/widgets',
    },
    {
      name: 'storedResources: one per group/plural',
      run: (r: ResourceRegistry): string => r.storedResources().map(label).join(' '),
      expected: '/v1/pods apps/v1/deployments example.com/v1/widgets',
    },
    { name: 'servesGroupVersion yes', run: (r: ResourceRegistry): string => String(r.servesGroupVersion('example.com', 'v2')), expected: 'true' },
    { name: 'servesGroupVersion no', run: (r: ResourceRegistry): string => String(r.servesGroupVersion('example.com', 'v3')), expected: 'false' },
  ])('$name', ({ run, expected }) => {
    expect(run(registry())).toBe(expected);
  });
});

describe('ResourceRegistry changes', () => {
  it.each([
    { name: 'fresh registry', steps: [], resources: '/v1/pods', version: 0, calls: 0 },
    { name: 'setCustom adds', steps: [['set', 'gadgets.example.com', [GADGETS]]], resources: '/v1/pods example.com/v1/gadgets', version: 1, calls: 1 },
    {
      name: 'setCustom again replaces',
      steps: [
        ['set', 'widgets.example.com', [WIDGETS_V1]],
        ['set', 'widgets.example.com', [WIDGETS_V2]],
      ],
      resources: '/v1/pods example.com/v2/widgets',
      version: 2,
      calls: 2,
    },
    {
      name: 'setCustom with nothing removes',
      steps: [
        ['set', 'widgets.example.com', [WIDGETS_V1]],
        ['set', 'widgets.example.com', []],
      ],
      resources: '/v1/pods',
      version: 2,
      calls: 2,
    },
    {
      name: 'removeCustom removes',
      steps: [
        ['set', 'widgets.example.com', [WIDGETS_V1]],
        ['remove', 'widgets.example.com', []],
      ],
      resources: '/v1/pods',
      version: 2,
      calls: 2,
    },
    { name: 'removeCustom of an unknown CRD: no change', steps: [['remove', 'nothing.example.com', []]], resources: '/v1/pods', version: 0, calls: 0 },
    { name: 'setCustom with nothing for an unknown CRD: no change', steps: [['set', 'nothing.example.com', []]], resources: '/v1/pods', version: 0, calls: 0 },
  ] as { name: string; steps: ['set' | 'remove', string, ResourceType[]][]; resources: string; version: number; calls: number }[])(
    '$name',
    ({ steps, resources, version, calls }) => {
      const r = new ResourceRegistry([PODS]);
      let seen = 0;
      r.onChange(() => {
        seen += 1;
      });
      for (const [op, crd, list] of steps) {
        if (op === 'set') r.setCustom(crd, list);
        else r.removeCustom(crd);
      }
      expect({ resources: r.all().map(label).join(' '), version: r.version(), calls: seen }).toEqual({ resources, version, calls });
    },
  );

  it.each([{ name: 'unsubscribed listeners are not called' }])('$name', () => {
    const r = new ResourceRegistry([PODS]);
    const calls: string[] = [];
    const stopA = r.onChange(() => calls.push('a'));
    r.onChange(() => calls.push('b'));
    r.setCustom('gadgets.example.com', [GADGETS]);
    stopA();
    r.removeCustom('gadgets.example.com');
    expect(calls).toEqual(['a', 'b', 'b']);
  });
});
