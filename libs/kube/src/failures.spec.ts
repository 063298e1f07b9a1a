import { ApiException } from '@kubernetes/client-node';
import { KubeApiError } from './client.js';
import { apiFailureOf, isApiStatus } from './failures.js';

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
