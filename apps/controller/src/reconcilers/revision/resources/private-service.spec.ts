// Table tests of makePrivateService with complete expected objects.
import type { V1Service } from '@kubernetes/client-node';
import { REVISION_OWNER, testRevision } from './fixtures.spec-support.js';
import { makePrivateService } from './private-service.js';

const LABELS = { 'serving.knative.dev/configuration': 'hello', 'serving.knative.dev/service': 'hello', 'serving.knative.dev/revision': 'hello-00001' };

/** The expected private Service with `port`. */
function expected(port: Record<string, unknown>): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'hello-00001-private', namespace: 'default', labels: LABELS, ownerReferences: [REVISION_OWNER] },
    spec: { selector: { 'serving.knative.dev/revisionUID': 'rev-uid' }, ports: [port as never] },
  };
}

describe('makePrivateService', () => {
  it.each([
    { name: 'default port', rev: testRevision(), want: expected({ name: 'http', port: 80, targetPort: 8080 }) },
    {
      name: 'declared http1 port',
      rev: testRevision({ spec: { containers: [{ name: 'c', image: 'i', ports: [{ name: 'http1', containerPort: 9090 }] }] } }),
      want: expected({ name: 'http', port: 80, targetPort: 9090 }),
    },
    {
      name: 'h2c port',
      rev: testRevision({ spec: { containers: [{ name: 'c', image: 'i', ports: [{ name: 'h2c', containerPort: 9000 }] }] } }),
      want: expected({ name: 'h2c', port: 80, targetPort: 9000, appProtocol: 'kubernetes.io/h2c' }),
    },
  ])('$name', ({ rev, want }) => {
    expect(makePrivateService(rev)).toEqual(want);
  });
});
