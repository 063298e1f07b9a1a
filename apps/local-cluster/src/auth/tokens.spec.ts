import { createHmac } from 'node:crypto';
import { issueServiceAccountToken, newSecret, sameSecret, serviceAccountUser, verifyServiceAccountToken, type ServiceAccountClaims } from './tokens.js';

const KEY = 'a'.repeat(64);
const OTHER_KEY = 'b'.repeat(64);
/** The verification time, in Unix seconds. */
const NOW = 1_800_000_000;
const CLAIMS: ServiceAccountClaims = { namespace: 'prod', name: 'builder', uid: '0f6c1c9e-4b8a-4d7e-9f00-1234567890ab' };
const TOKEN = issueServiceAccountToken(KEY, CLAIMS);
const [PREFIX = '', PAYLOAD = '', SIGNATURE = ''] = TOKEN.split('.');

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function flipLast(text: string): string {
  return `${text.slice(0, -1)}${text.endsWith('A') ? 'B' : 'A'}`;
}

describe('service-account tokens', () => {
  it.each([
    { name: 'shape', check: (): unknown => TOKEN.split('.').length, expected: 3 },
    { name: 'prefix', check: (): unknown => PREFIX, expected: 'ebbsa' },
    { name: 'payload carries the claims', check: (): unknown => JSON.parse(Buffer.from(PAYLOAD, 'base64url').toString('utf8')), expected: { ns: 'prod', name: 'builder', uid: CLAIMS.uid } },
    { name: 'deterministic for one key', check: (): unknown => issueServiceAccountToken(KEY, CLAIMS) === TOKEN, expected: true },
    { name: 'differs per key', check: (): unknown => issueServiceAccountToken(OTHER_KEY, CLAIMS) === TOKEN, expected: false },
  ])('issue: $name', ({ check, expected }) => {
    expect(check()).toEqual(expected);
  });

  it.each([
    { name: 'round trip', key: KEY, token: TOKEN, claims: CLAIMS },
    { name: 'wrong key', key: OTHER_KEY, token: TOKEN, claims: undefined },
    { name: 'tampered payload', key: KEY, token: `${PREFIX}.${encode({ ns: 'kube-system', name: 'builder', uid: CLAIMS.uid })}.${SIGNATURE}`, claims: undefined },
    { name: 'tampered signature', key: KEY, token: `${PREFIX}.${PAYLOAD}.${flipLast(SIGNATURE)}`, claims: undefined },
    { name: 'truncated signature', key: KEY, token: `${PREFIX}.${PAYLOAD}.${SIGNATURE.slice(0, -2)}`, claims: undefined },
    { name: 'other prefix', key: KEY, token: `ebbxx.${PAYLOAD}.${SIGNATURE}`, claims: undefined },
    { name: 'no prefix', key: KEY, token: `${PAYLOAD}.${SIGNATURE}`, claims: undefined },
    { name: 'extra segment', key: KEY, token: `${TOKEN}.x`, claims: undefined },
    { name: 'empty', key: KEY, token: '', claims: undefined },
    { name: 'admin-style hex secret', key: KEY, token: newSecret(), claims: undefined },
  ])('verify: $name', ({ key, token, claims }) => {
    expect(verifyServiceAccountToken(key, token, NOW)).toEqual(claims);
  });

  it.each([
    { name: 'before expiry', expiresAt: NOW + 1, valid: true },
    { name: 'at expiry', expiresAt: NOW, valid: false },
    { name: 'after expiry', expiresAt: NOW - 60, valid: false },
  ])('verify an expiring token: $name', ({ expiresAt, valid }) => {
    const claims = { ...CLAIMS, expiresAt };
    const token = issueServiceAccountToken(KEY, claims);
    expect(verifyServiceAccountToken(KEY, token, NOW)).toEqual(valid ? claims : undefined);
  });

  it.each([
    { name: 'well signed but not JSON', payload: Buffer.from('not json').toString('base64url') },
    { name: 'well signed, uid missing', payload: encode({ ns: 'prod', name: 'builder' }) },
    { name: 'well signed, name not a string', payload: encode({ ns: 'prod', name: 7, uid: 'u' }) },
    { name: 'well signed, expiry not a number', payload: encode({ ns: 'prod', name: 'builder', uid: 'u', exp: 'soon' }) },
  ])('verify: $name', ({ payload }) => {
    // Signed with the real key: the signature passes, the claims do not.
    const signed = `ebbsa.${payload}.${signWith(KEY, payload)}`;
    expect(verifyServiceAccountToken(KEY, signed, NOW)).toBeUndefined();
  });
});

function signWith(key: string, payload: string): string {
  // The same HMAC the module uses (SHA-256, base64url), recomputed here to forge well-signed odd payloads.
  return createHmac('sha256', key).update(payload).digest('base64url');
}

describe('serviceAccountUser', () => {
  it.each([
    {
      name: 'prod/builder',
      claims: CLAIMS,
      user: {
        username: 'system:serviceaccount:prod:builder',
        uid: CLAIMS.uid,
        groups: ['system:serviceaccounts', 'system:serviceaccounts:prod', 'system:authenticated'],
      },
    },
    {
      name: 'kube-system/default',
      claims: { namespace: 'kube-system', name: 'default', uid: 'u-2' },
      user: { username: 'system:serviceaccount:kube-system:default', uid: 'u-2', groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] },
    },
  ])('$name', ({ claims, user }) => {
    expect(serviceAccountUser(claims)).toEqual(user);
  });
});

describe('sameSecret', () => {
  it.each([
    { name: 'equal', secret: 'abc123', given: 'abc123', same: true },
    { name: 'different, same length', secret: 'abc123', given: 'abc124', same: false },
    { name: 'prefix', secret: 'abc123', given: 'abc', same: false },
    { name: 'longer', secret: 'abc123', given: 'abc1234', same: false },
    { name: 'empty given', secret: 'abc123', given: '', same: false },
  ])('$name', ({ secret, given, same }) => {
    expect(sameSecret(secret, given)).toBe(same);
  });
});

describe('newSecret', () => {
  it.each([{ name: '64 hex characters, fresh each time' }])('$name', () => {
    const a = newSecret();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(newSecret()).not.toBe(a);
  });
});
