// A Revision to build children from in the revision reconciler's specs.
import type { Revision } from '@ebb/api';

/** The controller owner reference children of {@link testRevision} carry. */
export const REVISION_OWNER = {
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Revision',
  name: 'hello-00001',
  uid: 'rev-uid',
  controller: true,
  blockOwnerDeletion: true,
};

/** A defaulted Revision `hello-00001` of Service `hello`, with `over` merged over its parts. */
export function testRevision(
  over: { labels?: Record<string, string>; annotations?: Record<string, string>; spec?: Partial<NonNullable<Revision['spec']>>; generation?: number } = {},
): Revision {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Revision',
    metadata: {
      name: 'hello-00001',
      namespace: 'default',
      uid: 'rev-uid',
      generation: over.generation ?? 1,
      labels: { 'serving.knative.dev/configuration': 'hello', 'serving.knative.dev/service': 'hello', ...over.labels },
      annotations: { ...over.annotations },
    },
    spec: {
      containerConcurrency: 0,
      timeoutSeconds: 300,
      containers: [{ name: 'user-container', image: 'dev.local/hello:1', readinessProbe: { tcpSocket: { port: 0 }, successThreshold: 1 } }],
      ...over.spec,
    },
  };
}
