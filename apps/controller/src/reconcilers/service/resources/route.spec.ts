// Table tests of makeRoute: complete expected objects (API.md §4.3).
import type { Route, Service } from '@ebb/api';
import { makeRoute } from './route.js';

const owner = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello', uid: 'svc-uid', controller: true, blockOwnerDeletion: true };

function service(meta: { labels?: Record<string, string>; annotations?: Record<string, string> }, traffic: NonNullable<Service['spec']>['traffic']): Service {
  return {
    metadata: { name: 'hello', namespace: 'prod', uid: 'svc-uid', ...meta },
    spec: { template: { spec: { containers: [{ image: 'img' }] } }, ...(traffic === undefined ? {} : { traffic }) },
  };
}

const route = (meta: { labels: Record<string, string>; annotations: Record<string, string> }, spec: Route['spec']): Route => ({
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Route',
  metadata: { name: 'hello', namespace: 'prod', ...meta, ownerReferences: [owner] },
  spec,
});

describe('makeRoute', () => {
  it.each<{ name: string; service: Service; want: Route }>([
    {
      name: 'defaulted traffic: the latest revision of the Service configuration',
      service: service({}, [{ percent: 100, latestRevision: true }]),
      want: route(
        { labels: { 'serving.knative.dev/service': 'hello' }, annotations: {} },
        { traffic: [{ percent: 100, latestRevision: true, configurationName: 'hello' }] },
      ),
    },
    {
      name: 'pinned revisions keep no configurationName; tags kept',
      service: service({}, [
        { revisionName: 'hello-00001', latestRevision: false, percent: 40, tag: 'blue' },
        { latestRevision: true, percent: 60, tag: 'green' },
      ]),
      want: route(
        { labels: { 'serving.knative.dev/service': 'hello' }, annotations: {} },
        {
          traffic: [
            { revisionName: 'hello-00001', latestRevision: false, percent: 40, tag: 'blue' },
            { latestRevision: true, percent: 60, tag: 'green', configurationName: 'hello' },
          ],
        },
      ),
    },
    {
      name: 'labels (visibility) and annotations (rollout duration kept, last-applied dropped) propagated',
      service: service(
        {
          labels: { 'networking.knative.dev/visibility': 'cluster-local' },
          annotations: { 'serving.knative.dev/rollout-duration': '120s', 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
        },
        [{ percent: 100, latestRevision: true }],
      ),
      want: route(
        {
          labels: { 'networking.knative.dev/visibility': 'cluster-local', 'serving.knative.dev/service': 'hello' },
          annotations: { 'serving.knative.dev/rollout-duration': '120s' },
        },
        { traffic: [{ percent: 100, latestRevision: true, configurationName: 'hello' }] },
      ),
    },
    {
      name: 'no traffic → empty spec',
      service: service({}, undefined),
      want: route({ labels: { 'serving.knative.dev/service': 'hello' }, annotations: {} }, {}),
    },
  ])('$name', ({ service: svc, want }) => {
    const before = structuredClone(svc);
    expect(makeRoute(svc)).toEqual(want);
    expect(svc).toEqual(before);
  });
});
