// Table tests of the identity readers: name and UID, or Kubernetes' zero value '' when missing.
import { nameOf, uidOf, type IdentityLike } from './meta.js';

describe('nameOf and uidOf', () => {
  it.each<{ name: string; object: IdentityLike; wantName: string; wantUid: string }>([
    { name: 'both set', object: { metadata: { name: 'hello', uid: 'u1' } }, wantName: 'hello', wantUid: 'u1' },
    { name: 'name only', object: { metadata: { name: 'hello' } }, wantName: 'hello', wantUid: '' },
    { name: 'empty metadata', object: { metadata: {} }, wantName: '', wantUid: '' },
    { name: 'no metadata', object: {}, wantName: '', wantUid: '' },
  ])('$name', ({ object, wantName, wantUid }) => {
    expect([nameOf(object), uidOf(object)]).toEqual([wantName, wantUid]);
  });
});
