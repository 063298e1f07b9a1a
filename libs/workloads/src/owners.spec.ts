import { controllerOf, controllerRefTo } from './owners.js';

describe('controllerOf', () => {
  const owner = (uid: string, controller?: boolean): { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean } => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: uid, uid, ...(controller === undefined ? {} : { controller }) });
  it.each([
    { name: 'no metadata', object: {}, expected: undefined },
    { name: 'no owners', object: { metadata: {} }, expected: undefined },
    { name: 'owners, none the controller', object: { metadata: { ownerReferences: [owner('a'), owner('b', false)] } }, expected: undefined },
    { name: 'the controlling one', object: { metadata: { ownerReferences: [owner('a'), owner('b', true)] } }, expected: 'b' },
  ])('$name', ({ object, expected }) => {
    expect(controllerOf(object)?.uid).toBe(expected);
  });
});

describe('controllerRefTo', () => {
  it.each([
    { owner: { metadata: { name: 'web', uid: 'u1' } }, type: { apiVersion: 'apps/v1', kind: 'Deployment' }, expected: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'u1', controller: true, blockOwnerDeletion: true } },
    { owner: {}, type: { apiVersion: 'v1', kind: 'Service' }, expected: { apiVersion: 'v1', kind: 'Service', name: '', uid: '', controller: true, blockOwnerDeletion: true } },
  ])('$type.kind', ({ owner, type, expected }) => {
    expect(controllerRefTo(owner, type)).toEqual(expected);
  });
});
