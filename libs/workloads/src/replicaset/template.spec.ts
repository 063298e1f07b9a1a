import type { KubeObject } from '@ebb/apimachinery';
import { makePodFromTemplate } from './template.js';

const rs = (template: Record<string, unknown>): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web-7c5ddbdf54', namespace: 'shop', uid: 'rs-uid', labels: { app: 'web' }, annotations: { 'deployment.kubernetes.io/revision': '2' } },
  spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template },
});

const ownerRef = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7c5ddbdf54', uid: 'rs-uid', controller: true, blockOwnerDeletion: true };
const spec = { containers: [{ name: 'app', image: 'dev.local/web', ports: [{ containerPort: 8080 }] }] };

describe('makePodFromTemplate', () => {
  it.each([
    {
      name: 'labels, annotations and spec of the template; not the RS annotations',
      template: { metadata: { labels: { app: 'web', 'pod-template-hash': '7c5ddbdf54' }, annotations: { note: 'x' } }, spec },
      metadata: { generateName: 'web-7c5ddbdf54-', namespace: 'shop', labels: { app: 'web', 'pod-template-hash': '7c5ddbdf54' }, annotations: { note: 'x' }, ownerReferences: [ownerRef] },
    },
    {
      name: 'template finalizers carried over; no labels or annotations keys when the template has none',
      template: { metadata: { finalizers: ['example.com/keep'] }, spec },
      metadata: { generateName: 'web-7c5ddbdf54-', namespace: 'shop', finalizers: ['example.com/keep'], ownerReferences: [ownerRef] },
    },
  ])('$name', ({ template, metadata }) => {
    expect(makePodFromTemplate(rs(template))).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata, spec });
  });

  it('copies the spec, so changing the pod leaves the ReplicaSet alone', () => {
    const set = rs({ metadata: { labels: { app: 'web' } }, spec });
    const pod = makePodFromTemplate(set);
    (pod.spec as { containers: { image: string }[] }).containers[0]!.image = 'changed';
    expect(spec.containers[0]!.image).toBe('dev.local/web');
  });
});
