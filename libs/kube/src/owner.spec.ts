// Table tests of the owner-reference helpers: the reference an owner puts on its children
// and the `metav1.IsControlledBy` check.
import { controllerReference, isControlledBy, type OwnedLike } from './owner.js';

describe('controllerReference', () => {
  it.each([
    {
      name: 'name and uid of the owner',
      owner: { metadata: { name: 'hello', uid: 'u1' } },
      want: { apiVersion: 'serving.knative.dev/v1', kind: 'Route', name: 'hello', uid: 'u1', controller: true, blockOwnerDeletion: true },
    },
    {
      name: 'zero values when metadata is missing',
      owner: {},
      want: { apiVersion: 'serving.knative.dev/v1', kind: 'Route', name: '', uid: '', controller: true, blockOwnerDeletion: true },
    },
  ])('$name', ({ owner, want }) => {
    expect(controllerReference(owner, { apiVersion: 'serving.knative.dev/v1', kind: 'Route' })).toEqual(want);
  });
});

describe('isControlledBy', () => {
  const ref = (uid: string, controller?: boolean): { uid: string; controller?: boolean } => ({ uid, ...(controller === undefined ? {} : { controller }) });
  it.each<{ name: string; child: OwnedLike; ownerUid: string; want: boolean }>([
    { name: 'controller reference with the owner uid', child: { metadata: { ownerReferences: [ref('u1', true)] } }, ownerUid: 'u1', want: true },
    { name: 'controller reference to another owner', child: { metadata: { ownerReferences: [ref('u2', true)] } }, ownerUid: 'u1', want: false },
    { name: 'non-controller reference with the owner uid', child: { metadata: { ownerReferences: [ref('u1', false), ref('u2', true)] } }, ownerUid: 'u1', want: false },
    { name: 'controller found after a plain reference', child: { metadata: { ownerReferences: [ref('u1'), ref('u2', true)] } }, ownerUid: 'u2', want: true },
    { name: 'no owner references', child: { metadata: {} }, ownerUid: 'u1', want: false },
    { name: 'no metadata', child: {}, ownerUid: '', want: false },
  ])('$name', ({ child, ownerUid, want }) => {
    expect(isControlledBy(child, { metadata: { uid: ownerUid } })).toBe(want);
  });
});
