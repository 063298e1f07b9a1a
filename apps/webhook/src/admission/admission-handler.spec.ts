import { captureJsonLines, parsePrometheusText } from '@ebb/testing';
import { createLogger } from '@ebb/observability';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { createAdmissionHandler, type Admitter } from './admission-handler.js';
import { createAdmissionMetrics } from './admission-metrics.js';

const LIMIT = 1024;
/** More than the socket buffers hold: a server that closes without reading it resets a client still writing. */
const LARGE = 8 * 1024 * 1024;

/** Allows everything except objects named `bad`; throws on objects named `boom`. */
const admit: Admitter = (request) => {
  const name = (request.object as { metadata?: { name?: string } } | undefined)?.metadata?.name;
  if (name === 'boom') throw new Error('kaboom');
  return name === 'bad' ? { allowed: false, message: 'validation failed: bad name' } : { allowed: true };
};

const review = (name: string, uid = 'u-1'): string =>
  JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: { uid, kind: { group: '', version: 'v1', kind: 'ConfigMap' }, operation: 'CREATE', object: { metadata: { name } } },
  });

interface Sent {
  readonly method?: string;
  readonly path?: string;
  readonly type?: string;
  readonly body?: string | readonly string[];
}

describe('the admission request handler', () => {
  let server: Server;
  let port: number;
  let registry: Registry;
  const logs = captureJsonLines();

  const send = async (sent: Sent): Promise<{ status: number; headers: Record<string, unknown>; body: string }> =>
    new Promise((resolve, reject) => {
      const chunks = typeof sent.body === 'string' ? [sent.body] : (sent.body ?? []);
      const headers: Record<string, string> = sent.type === undefined ? {} : { 'content-type': sent.type };
      if (typeof sent.body === 'string') headers['content-length'] = String(Buffer.byteLength(sent.body));
      const req = httpRequest({ host: '127.0.0.1', port, method: sent.method ?? 'POST', path: sent.path ?? '/validate', headers }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      for (const chunk of chunks) req.write(chunk);
      req.end();
    });

  beforeAll(async () => {
    registry = new Registry();
    const handler = createAdmissionHandler({
      admitters: { '/validate': admit },
      metrics: createAdmissionMetrics(registry),
      logger: createLogger({ component: 'webhook', level: 'debug', destination: logs.stream }),
      maxBodyBytes: LIMIT,
    });
    server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers an allowed review with an AdmissionReview carrying the uid', async () => {
    const answer = await send({ type: 'application/json; charset=utf-8', body: review('good', 'abc') });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(JSON.parse(answer.body)).toEqual({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'abc', allowed: true } });
  });

  it('answers a denied review with a BadRequest status', async () => {
    const answer = await send({ type: 'application/json', body: review('bad') });
    expect(JSON.parse(answer.body)).toEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: 'u-1', allowed: false, status: { status: 'Failure', code: 400, reason: 'BadRequest', message: 'validation failed: bad name' } },
    });
    expect(logs.lines).toContainEqual(expect.objectContaining({ level: 'info', msg: 'admission denied', uid: 'u-1', reason: 'validation failed: bad name' }));
  });

  it.each<{ name: string; sent: Sent; status: number; reason: string }>([
    { name: 'a GET', sent: { method: 'GET' }, status: 405, reason: 'method GET is not allowed: send an AdmissionReview with POST' },
    { name: 'a form', sent: { type: 'application/x-www-form-urlencoded', body: 'a=1' }, status: 415, reason: 'Content-Type must be application/json, got "application/x-www-form-urlencoded"' },
    { name: 'no content type', sent: { body: review('good') }, status: 415, reason: 'Content-Type must be application/json, got ""' },
    { name: 'a body that is not JSON', sent: { type: 'application/json', body: '{"apiVersion":' }, status: 400, reason: 'the body is not JSON: ' },
    { name: 'an empty body', sent: { type: 'application/json' }, status: 400, reason: 'the body is not JSON: ' },
    { name: 'JSON that is no AdmissionReview', sent: { type: 'application/json', body: '{"kind":"Pod"}' }, status: 400, reason: 'apiVersion must be "admission.k8s.io/v1", got nothing' },
    {
      name: 'a body over the limit, announced by its length',
      sent: { type: 'application/json', body: 'x'.repeat(LIMIT + 1) },
      status: 400,
      reason: `the body is larger than ${LIMIT} bytes (3 MiB, the API server's limit)`,
    },
    {
      name: 'a chunked body that grows over the limit',
      sent: { type: 'application/json', body: ['x'.repeat(LIMIT), 'x'.repeat(LIMIT)] },
      status: 400,
      reason: `the body is larger than ${LIMIT} bytes (3 MiB, the API server's limit)`,
    },
    { name: 'an admitter that throws', sent: { type: 'application/json', body: review('boom') }, status: 500, reason: 'the webhook failed to answer: kaboom' },
  ])('refuses $name with $status and a plain reason', async ({ sent, status, reason }) => {
    const answer = await send(sent);
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(answer.body.startsWith(reason)).toBe(true);
    expect((await send({ type: 'application/json', body: review('good') })).status).toBe(200);
  });

  it.each([
    { name: 'announced by its length', chunks: ['x'.repeat(LARGE)], length: true },
    { name: 'sent chunked', chunks: ['x'.repeat(LARGE / 2), 'x'.repeat(LARGE / 2)], length: false },
  ])('lets a client finish writing a body of 8 MiB, $name, before it refuses it', async ({ chunks, length }) => {
    const outcome = await new Promise<{ status: number; body: string; error?: string }>((resolve) => {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(length ? { 'content-length': String(LARGE) } : {}) };
      let answer = { status: 0, body: '' };
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/validate', headers }, (res) => {
        res.on('data', (chunk: Buffer) => (answer = { status: res.statusCode ?? 0, body: answer.body + chunk.toString('utf8') }));
      });
      // Settles when the exchange is over: an error while still writing (EPIPE, ECONNRESET) is what this guards against.
      req.on('error', (error) => resolve({ ...answer, error: error.message }));
      req.on('close', () => resolve(answer));
      for (const chunk of chunks) req.write(chunk);
      req.end();
    });
    expect(outcome).toEqual({ status: 400, body: `the body is larger than ${LIMIT} bytes (3 MiB, the API server's limit)\n` });
  });

  it.each([
    { path: '/defaulting', reason: 'no admission webhook at /defaulting: the webhook serves /validate' },
    { path: '/nowhere?x=1', reason: 'no admission webhook at /nowhere: the webhook serves /validate' },
  ])('answers $path with 404 and a JSON reason', async ({ path, reason }) => {
    const answer = await send({ path, type: 'application/json', body: review('good') });
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toEqual({ reason });
  });

  it('counts requests by path, kind, operation and result, and times them', async () => {
    const before = parsePrometheusText(await registry.metrics());
    const count = (samples: typeof before, labels: Record<string, string>): number =>
      samples.find((s) => s.name === 'ebb_webhook_admission_requests_total' && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value ?? 0;
    await send({ type: 'application/json', body: review('good') });
    await send({ type: 'application/json', body: review('bad') });
    await send({ method: 'GET' });
    await send({ path: '/x' });
    const after = parsePrometheusText(await registry.metrics());
    const allowed = { path: '/validate', kind: 'ConfigMap', operation: 'CREATE', result: 'allowed' };
    const denied = { ...allowed, result: 'denied' };
    const error = { path: '/validate', kind: '', operation: '', result: 'error' };
    const other = { path: 'other', kind: '', operation: '', result: 'error' };
    for (const labels of [allowed, denied, error, other]) expect(count(after, labels) - count(before, labels)).toBe(1);
    expect(after.find((s) => s.name === 'ebb_webhook_admission_duration_seconds_count' && s.labels['path'] === '/validate')?.value).toBeGreaterThan(0);
  });
});
