import { ApiException } from '@kubernetes/client-node';
import { KubeApiError } from './client.js';
import { apiFailureOf, isApiStatus, writeRetryingConflicts } from './failures.js';

describe('apiFailureOf', () => {
  it.each([
    { name: 'KubeApiError', error: new KubeApiError(409, 'Conflict', 'the object has been modified', {}), expected: { code: 409, message: 'the object has been modified' } },
    { name: 'ApiException with a Status body (text)', error: new ApiException(404, 'HTTP-Code: 404', '{"kind":"Status","message":"pods \\"p\\" not found"}', {}), expected: { code: 404, message: 'pods "p" not found' } },
    { name: 'ApiException with a parsed Status body', error: new ApiException(403, 'HTTP-Code: 403', { message: 'forbidden: it is being terminated' }, {}), expected: { code: 403, message: 'forbidden: it is being terminated' } },
    { name: 'ApiException with a plain text body', error: new ApiException(500, 'HTTP-Code: 500', 'boom', {}), expected: { code: 500, message: 'boom' } },
    { name: 'ApiException with no body: its own message', error: new ApiException(502, 'HTTP-Code: 502', '', {}), expected: { code: 502, message: new ApiException(502, 'HTTP-Code: 502', '', {}).message } },
    { name: 'a connection error', error: new Error('connect ECONNREFUSED 127.0.0.1:6443'), expected: { code: 0, message: 'connect ECONNREFUSED 127.0.0.1:6443' } },
    { name: 'not an Error', error: 'weird', expected: { code: 0, message: 'weird' } },
  ])('$name', ({ error, expected }) => {
    expect(apiFailureOf(error)).toEqual(expected);
  });

  it.each([
    { error: new KubeApiError(404, 'NotFound', 'gone', {}), codes: [404], expected: true },
    { error: new ApiException(409, 'x', '', {}), codes: [404, 409], expected: true },
    { error: new ApiException(500, 'x', '', {}), codes: [404, 409], expected: false },
    { error: new Error('down'), codes: [404], expected: false },
  ])('isApiStatus($codes) = $expected', ({ error, codes, expected }) => {
    expect(isApiStatus(error, ...codes)).toBe(expected);
  });
});

describe('writeRetryingConflicts', () => {
  const conflict = new KubeApiError(409, 'Conflict', 'the object has been modified', {});
  const gone = new KubeApiError(404, 'NotFound', 'gone', {});
  const broken = new KubeApiError(500, 'InternalError', 'broken', {});

  it.each([
    { name: 'writes once when it succeeds', failures: [], expected: { writes: ['v1'], rereads: 0, outcome: 'ok' } },
    { name: 'rereads after a conflict and writes the fresh copy', failures: [conflict], expected: { writes: ['v1', 'v2'], rereads: 1, outcome: 'ok' } },
    { name: 'gives up after three conflicting writes', failures: [conflict, conflict, conflict], expected: { writes: ['v1', 'v2', 'v3'], rereads: 2, outcome: 'Conflict' } },
    { name: 'a 404 ends quietly', failures: [gone], expected: { writes: ['v1'], rereads: 0, outcome: 'ok' } },
    { name: 'another failure is thrown at once', failures: [broken], expected: { writes: ['v1'], rereads: 0, outcome: 'InternalError' } },
  ])('$name', async ({ failures, expected }) => {
    const writes: string[] = [];
    let version = 1;
    const pending = [...failures];
    const outcome = await writeRetryingConflicts(
      `v${version}`,
      (current) => {
        writes.push(current);
        const failure = pending.shift();
        return failure === undefined ? Promise.resolve() : Promise.reject(failure);
      },
      () => Promise.resolve(`v${(version += 1)}`),
    ).then(
      () => 'ok',
      (error: KubeApiError) => error.reason,
    );
    expect({ writes, rereads: version - 1, outcome }).toEqual(expected);
  });
});
