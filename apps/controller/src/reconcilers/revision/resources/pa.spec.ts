// Table tests of makePodAutoscaler with complete expected objects (Knative pa_test.go style).
import type { PodAutoscaler } from '@ebb/api';
import { REVISION_OWNER, testRevision } from './fixtures.spec-support.js';
import { makePodAutoscaler } from './pa.js';

const LABELS = {
  'serving.knative.dev/configuration': 'hello',
  'serving.knative.dev/service': 'hello',
  'serving.knative.dev/revision': 'hello-00001',
  'serving.knative.dev/revisionUID': 'rev-uid',
  app: 'hello-00001',
};

/** The expected PodAutoscaler. */
function expected(over: { annotations?: Record<string, string>; containerConcurrency?: number; protocolType?: 'http1' | 'h2c'; reachability?: '' | 'Reachable' | 'Unreachable' } = {}): PodAutoscaler {
  return {
    apiVersion: 'autoscaling.internal.knative.dev/v1alpha1',
    kind: 'PodAutoscaler',
    metadata: { name: 'hello-00001', namespace: 'default', labels: LABELS, annotations: over.annotations ?? {}, ownerReferences: [REVISION_OWNER] },
    spec: {
      containerConcurrency: over.containerConcurrency ?? 0,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'hello-00001-deployment' },
      protocolType: over.protocolType ?? 'http1',
      reachability: over.reachability ?? '',
    },
  };
}

describe('makePodAutoscaler', () => {
  it.each([
    { name: 'defaults', rev: testRevision(), want: expected() },
    {
      name: 'autoscaling annotations kept, routing ones dropped, route label dropped',
      rev: testRevision({
        labels: { 'serving.knative.dev/routingState': 'active', 'serving.knative.dev/route': 'hello' },
        annotations: {
          'autoscaling.knative.dev/min-scale': '1',
          'serving.knative.dev/routes': 'hello',
          'serving.knative.dev/routingStateModified': 'x',
          'serving.knative.dev/lastPinned': 'y',
        },
      }),
      want: expected({ annotations: { 'autoscaling.knative.dev/min-scale': '1' }, reachability: 'Reachable' }),
    },
    { name: 'a pending revision: reachability unknown', rev: testRevision({ labels: { 'serving.knative.dev/routingState': 'pending' } }), want: expected() },
    { name: 'a reserve revision (no route any more): unreachable', rev: testRevision({ labels: { 'serving.knative.dev/routingState': 'reserve' } }), want: expected({ reachability: 'Unreachable' }) },
    {
      name: 'concurrency and h2c',
      rev: testRevision({ spec: { containerConcurrency: 5, containers: [{ name: 'c', image: 'i', ports: [{ name: 'h2c', containerPort: 9000 }] }] } }),
      want: expected({ containerConcurrency: 5, protocolType: 'h2c' }),
    },
  ])('$name', ({ rev, want }) => {
    expect(makePodAutoscaler(rev)).toEqual(want);
  });
});
