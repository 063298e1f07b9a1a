import { notFound, StatusError } from '@ebb/apimachinery';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { asStatusError, MAX_BODY_BYTES, readBodyBytes, sendError, sendJson, TABLE_CONTENT_TYPE, wantsTable } from './http-io.js';

const KUBECTL_GET = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

describe('wantsTable', () => {
  it.each([
    { name: 'kubectl get (KUBECTL.md §3.1)', accept: KUBECTL_GET, table: true },
    { name: 'Table v1 alone', accept: 'application/json;as=Table;v=v1;g=meta.k8s.io', table: true },
    { name: 'Table v1beta1 alone', accept: 'application/json;as=Table;v=v1beta1;g=meta.k8s.io', table: true },
    { name: 'spaces around parameters', accept: 'application/json; as=Table; v=v1; g=meta.k8s.io', table: true },
    { name: 'plain json (-o yaml/json)', accept: 'application/json', table: false },
    { name: 'no header', accept: undefined, table: false },
    { name: 'empty header', accept: '', table: false },
    { name: 'anything', accept: '*/*', table: false },
    { name: 'protobuf then json (typed clients)', accept: 'application/vnd.kubernetes.protobuf,application/json', table: false },
    { name: 'Table of another group', accept: 'application/json;as=Table;v=v1;g=example.com', table: false },
    { name: 'Table without a group', accept: 'application/json;as=Table;v=v1', table: false },
    { name: 'PartialObjectMetadataList', accept: 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io', table: false },
    { name: 'as=TableX is not Table', accept: 'application/json;as=TableX;v=v1;g=meta.k8s.io', table: false },
  ])('$name', ({ accept, table }) => {
    expect(wantsTable(accept)).toBe(table);
  });

  it.each([{ name: 'Table content type', value: TABLE_CONTENT_TYPE, expected: 'application/json;as=Table;v=v1;g=meta.k8s.io' }])('$name', ({ value, expected }) => {
    expect(value).toBe(expected);
  });
});

describe('asStatusError', () => {
  const missing = notFound({ group: '', plural: 'configmaps' }, 'x');
  it.each([
    { name: 'a StatusError as it is', error: missing, code: 404, reason: 'NotFound', message: 'configmaps "x" not found' },
    { name: 'an Error → 500', error: new Error('boom'), code: 500, reason: 'InternalError', message: 'Internal error occurred: boom' },
    { name: 'a string → 500', error: 'boom', code: 500, reason: 'InternalError', message: 'Internal error occurred: boom' },
  ])('$name', ({ error, code, reason, message }) => {
    const status = asStatusError(error);
    expect(status).toBeInstanceOf(StatusError);
    expect({ code: status.code, reason: status.reason, message: status.message }).toEqual({ code, reason, message });
    if (error instanceof StatusError) expect(status).toBe(error);
  });
});

describe('readBodyBytes over a real HTTP connection', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer((req, res) => {
      readBodyBytes(req).then(
        (bytes) => sendJson(res, 200, { bytes: bytes.length }),
        (error: unknown) => sendError(res, asStatusError(error)),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function post(size: number): Promise<{ status: number; body: Record<string, unknown> }> {
    const answer = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: Buffer.alloc(size, 0x61) });
    return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
  }

  it.each([
    { name: 'an empty body', size: 0, status: 200, body: { bytes: 0 } },
    { name: 'a body at the limit', size: MAX_BODY_BYTES, status: 200, body: { bytes: MAX_BODY_BYTES } },
    { name: 'a 4 MiB body (read to its end, then refused)', size: 4 * 1024 * 1024, status: 413, body: { reason: 'RequestEntityTooLarge', message: `Request entity too large: limit is ${MAX_BODY_BYTES}` } },
  ])('$name', async ({ size, status, body }) => {
    const answer = await post(size);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject(body);
  });
});
