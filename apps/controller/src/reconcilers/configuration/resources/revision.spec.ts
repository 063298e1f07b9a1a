// Table tests of makeRevision: complete expected objects (API.md §4.1, §4.3, §5).
import type { Configuration, Revision } from '@ebb/api';
import { makeRevision } from './revision.js';

const NOW = new Date('2026-03-04T05:06:07.890Z');
const owner = { apiVersion: 'serving.knative.dev/v1', kind: 'Configuration', name: 'hello', uid: 'cfg-uid', controller: true, blockOwnerDeletion: true };
const spec = { containers: [{ image: 'ghcr.io/knative/helloworld-go', env: [{ name: 'TARGET', value: 'Ebb' }] }], timeoutSeconds: 300 };

function configuration(meta: Partial<NonNullable<Configuration['metadata']>>, template: NonNullable<Configuration['spec']>['template']): Configuration {
  return { metadata: { name: 'hello', namespace: 'default', uid: 'cfg-uid', generation: 1, ...meta }, spec: { template } };
}

describe('makeRevision', () => {
  it.each<{ name: string; configuration: Configuration; want: Revision }>([
    {
      name: 'standalone configuration, generated name',
      configuration: configuration({}, { spec }),
      want: {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Revision',
        metadata: {
          name: 'hello-00001',
          namespace: 'default',
          labels: {
            'serving.knative.dev/configuration': 'hello',
            'serving.knative.dev/configurationGeneration': '1',
            'serving.knative.dev/configurationUID': 'cfg-uid',
            'serving.knative.dev/routingState': 'pending',
          },
          annotations: { 'serving.knative.dev/routingStateModified': '2026-03-04T05:06:07Z' },
          ownerReferences: [owner],
        },
        spec,
      },
    },
    {
      name: 'service-owned: service labels copied, creator = lastModifier, configuration metadata NOT copied',
      configuration: configuration(
        {
          generation: 12,
          labels: { 'serving.knative.dev/service': 'hello', 'serving.knative.dev/serviceUID': 'svc-uid', team: 'not-copied' },
          annotations: { 'serving.knative.dev/creator': 'alice', 'serving.knative.dev/lastModifier': 'bob', 'serving.knative.dev/routes': 'hello', note: 'not-copied' },
        },
        { metadata: { labels: { tier: 'web' }, annotations: { 'autoscaling.knative.dev/min-scale': '1' } }, spec },
      ),
      want: {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Revision',
        metadata: {
          name: 'hello-00012',
          namespace: 'default',
          labels: {
            tier: 'web',
            'serving.knative.dev/configuration': 'hello',
            'serving.knative.dev/configurationGeneration': '12',
            'serving.knative.dev/configurationUID': 'cfg-uid',
            'serving.knative.dev/service': 'hello',
            'serving.knative.dev/serviceUID': 'svc-uid',
            'serving.knative.dev/routingState': 'pending',
          },
          annotations: {
            'autoscaling.knative.dev/min-scale': '1',
            'serving.knative.dev/creator': 'bob',
            'serving.knative.dev/routingStateModified': '2026-03-04T05:06:07Z',
          },
          ownerReferences: [owner],
        },
        spec,
      },
    },
    {
      name: 'BYO name from the template',
      configuration: configuration({ generation: 2 }, { metadata: { name: 'hello-blue' }, spec }),
      want: {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Revision',
        metadata: {
          name: 'hello-blue',
          namespace: 'default',
          labels: {
            'serving.knative.dev/configuration': 'hello',
            'serving.knative.dev/configurationGeneration': '2',
            'serving.knative.dev/configurationUID': 'cfg-uid',
            'serving.knative.dev/routingState': 'pending',
          },
          annotations: { 'serving.knative.dev/routingStateModified': '2026-03-04T05:06:07Z' },
          ownerReferences: [owner],
        },
        spec,
      },
    },
    {
      name: 'long name hashed to 63 characters',
      configuration: configuration({ name: 'a'.repeat(63) }, { spec }),
      want: {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Revision',
        metadata: {
          name: `${'a'.repeat(25)}b06521f39153d618550606be297466d5-00001`, // md5('a'×63), 63 chars
          namespace: 'default',
          labels: {
            'serving.knative.dev/configuration': 'a'.repeat(63),
            'serving.knative.dev/configurationGeneration': '1',
            'serving.knative.dev/configurationUID': 'cfg-uid',
            'serving.knative.dev/routingState': 'pending',
          },
          annotations: { 'serving.knative.dev/routingStateModified': '2026-03-04T05:06:07Z' },
          ownerReferences: [{ ...owner, name: 'a'.repeat(63) }],
        },
        spec,
      },
    },
  ])('$name', ({ configuration: cfg, want }) => {
    const before = structuredClone(cfg);
    const got = makeRevision(cfg, NOW);
    expect(got).toEqual(want);
    expect(cfg).toEqual(before);
    expect(got.spec).not.toBe(cfg.spec?.template?.spec);
  });
});
