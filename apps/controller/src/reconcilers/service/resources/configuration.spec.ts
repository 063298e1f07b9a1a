// Table tests of makeConfiguration: complete expected objects (API.md §4.3).
import type { Configuration, Service } from '@ebb/api';
import { makeConfiguration } from './configuration.js';

const template = { spec: { containers: [{ image: 'ghcr.io/knative/helloworld-go' }] } };
const owner = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello', uid: 'svc-uid', controller: true, blockOwnerDeletion: true };

function service(meta: { labels?: Record<string, string>; annotations?: Record<string, string> } = {}, spec: Service['spec'] = { template }): Service {
  return { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'hello', namespace: 'default', uid: 'svc-uid', generation: 3, ...meta }, spec };
}

describe('makeConfiguration', () => {
  it.each<{ name: string; service: Service; existing?: Configuration; want: Configuration }>([
    {
      name: 'plain service',
      service: service(),
      want: {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Configuration',
        metadata: {
          name: 'hello',
          namespace: 'default',
          labels: { 'serving.knative.dev/service': 'hello', 'serving.knative.dev/serviceUID': 'svc-uid' },
          annotations: { 'serving.knative.dev/routes': 'hello' },
          ownerReferences: [owner],
        },
        spec: { template },
      },
    },
    {
      name: 'labels and annotations propagated; last-applied and rollout duration dropped; system labels win',
      service: service({
        labels: { team: 'a', 'serving.knative.dev/service': 'spoofed', 'networking.knative.dev/visibility': 'cluster-local' },
        annotations: {
          'serving.knative.dev/creator': 'alice',
          'serving.knative.dev/lastModifier': 'bob',
          'kubectl.kubernetes.io/last-applied-configuration': '{}',
          'serving.knative.dev/rollout-duration': '60s',
          'serving.knative.dev/rolloutDuration': '60s',
        },
      }),
      want: {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Configuration',
        metadata: {
          name: 'hello',
          namespace: 'default',
          labels: {
            team: 'a',
            'networking.knative.dev/visibility': 'cluster-local',
            'serving.knative.dev/service': 'hello',
            'serving.knative.dev/serviceUID': 'svc-uid',
          },
          annotations: { 'serving.knative.dev/creator': 'alice', 'serving.knative.dev/lastModifier': 'bob', 'serving.knative.dev/routes': 'hello' },
          ownerReferences: [owner],
        },
        spec: { template },
      },
    },
    {
      name: 'routes annotation merged with the existing list, sorted',
      service: service(),
      existing: { metadata: { name: 'hello', annotations: { 'serving.knative.dev/routes': 'zeta,alpha', other: 'dropped' } } },
      want: {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Configuration',
        metadata: {
          name: 'hello',
          namespace: 'default',
          labels: { 'serving.knative.dev/service': 'hello', 'serving.knative.dev/serviceUID': 'svc-uid' },
          annotations: { 'serving.knative.dev/routes': 'alpha,hello,zeta' },
          ownerReferences: [owner],
        },
        spec: { template },
      },
    },
    {
      name: 'BYO revision name and template metadata kept in the template',
      service: service({}, { template: { metadata: { name: 'hello-v2', labels: { tier: 'web' } }, spec: template.spec } }),
      want: {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Configuration',
        metadata: {
          name: 'hello',
          namespace: 'default',
          labels: { 'serving.knative.dev/service': 'hello', 'serving.knative.dev/serviceUID': 'svc-uid' },
          annotations: { 'serving.knative.dev/routes': 'hello' },
          ownerReferences: [owner],
        },
        spec: { template: { metadata: { name: 'hello-v2', labels: { tier: 'web' } }, spec: template.spec } },
      },
    },
  ])('$name', ({ service: svc, existing, want }) => {
    const before = structuredClone(svc);
    const got = makeConfiguration(svc, existing);
    expect(got).toEqual(want);
    expect(svc).toEqual(before);
    // The template is a copy: changing the child never changes the Service.
    expect(got.spec?.template).not.toBe(svc.spec?.template);
  });
});
