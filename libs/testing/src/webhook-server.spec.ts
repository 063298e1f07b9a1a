import { X509Certificate } from 'node:crypto';
import { request } from 'node:https';
import { waitFor } from './wait-for.js';
import { createTestCertificates, startTestWebhook, type TestCertificates, type TestReply, type TestWebhook } from './webhook-server.js';

interface Answer {
  status: number | undefined;
  contentType: string | undefined;
  text: string;
}

interface Post {
  path: string;
  body: string;
  /** The TLS server name (SNI) and Host header to send; the default sends none and 127.0.0.1:port. */
  servername?: string;
  ca?: string;
}

function post(port: number, certs: TestCertificates, call: Post): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', ...(call.servername === undefined ? {} : { host: `${call.servername}:443` }) };
    const req = request({ host: '127.0.0.1', port, path: call.path, method: 'POST', ca: call.ca ?? certs.caPem, servername: call.servername ?? '', headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode, contentType: res.headers['content-type'], text }));
    });
    req.on('error', reject);
    req.end(call.body);
  });
}

describe('createTestCertificates', () => {
  const now = new Date('2026-03-01T12:00:00.000Z');

  it.each([
    { name: 'the defaults', opts: { now }, subjectAltName: 'DNS:localhost, IP Address:127.0.0.1' },
    { name: 'DNS names only', opts: { now, dnsNames: ['mutator.e2e-hooks.svc'], ipAddresses: [] }, subjectAltName: 'DNS:mutator.e2e-hooks.svc' },
    {
      name: 'several names and addresses',
      opts: { now, dnsNames: ['hook.demo.svc', 'localhost'], ipAddresses: ['127.0.0.1', '10.0.0.7'] },
      subjectAltName: 'DNS:hook.demo.svc, DNS:localhost, IP Address:127.0.0.1, IP Address:10.0.0.7',
    },
  ])('issues a serving certificate for $name, signed by the CA', async ({ opts, subjectAltName }) => {
    const certs = await createTestCertificates(opts);
    const ca = new X509Certificate(certs.caPem);
    const serving = new X509Certificate(certs.certPem);
    expect({ subjectAltName: serving.subjectAltName, issued: serving.checkIssued(ca), verified: serving.verify(ca.publicKey), caIsCa: ca.ca, servingIsCa: serving.ca }).toEqual({
      subjectAltName,
      issued: true,
      verified: true,
      caIsCa: true,
      servingIsCa: false,
    });
  });

  it('makes certificates valid for an hour from now (backdated a minute) and a base64 caBundle of the CA', async () => {
    const certs = await createTestCertificates({ now });
    const serving = new X509Certificate(certs.certPem);
    expect({
      validFrom: new Date(serving.validFrom).toISOString(),
      validTo: new Date(serving.validTo).toISOString(),
      caBundle: Buffer.from(certs.caBundle, 'base64').toString('utf8'),
      key: certs.keyPem.split('\n')[0],
    }).toEqual({ validFrom: '2026-03-01T11:59:00.000Z', validTo: '2026-03-01T13:00:00.000Z', caBundle: certs.caPem, key: '-----BEGIN PRIVATE KEY-----' });
  });
});

describe('startTestWebhook', () => {
  let certs: TestCertificates;
  let hook: TestWebhook;
  const replies: Record<string, TestReply> = {
    '/json': { body: { kind: 'AdmissionReview', response: { allowed: true } } },
    '/teapot': { status: 418, body: 'short and stout' },
    '/slow': 'never',
  };

  beforeAll(async () => {
    certs = await createTestCertificates({ dnsNames: ['hook.demo.svc', 'localhost'] });
    hook = await startTestWebhook(certs, (_body, path) => replies[path] ?? { status: 404, body: '' });
  });

  afterAll(async () => {
    await hook.close();
  });

  beforeEach(() => {
    hook.calls.length = 0;
  });

  it.each([
    { name: 'a JSON body', path: '/json?timeout=10s', body: '{"a":1}', answer: { status: 200, contentType: 'application/json', text: '{"kind":"AdmissionReview","response":{"allowed":true}}' }, seen: { a: 1 } },
    { name: 'a text body', path: '/teapot', body: 'not json', answer: { status: 418, contentType: 'text/plain', text: 'short and stout' }, seen: 'not json' },
    { name: 'an unscripted path', path: '/other', body: '', answer: { status: 404, contentType: 'text/plain', text: '' }, seen: '' },
  ])('answers $name as scripted per path and records the call', async ({ path, body, answer, seen }) => {
    expect(await post(hook.port, certs, { path, body })).toEqual(answer);
    expect(hook.calls).toEqual([{ path, servername: undefined, host: `127.0.0.1:${hook.port}`, body: seen }]);
  });

  it('records the TLS server name and Host header a client sends', async () => {
    await post(hook.port, certs, { path: '/json', body: '{}', servername: 'hook.demo.svc' });
    expect(hook.calls).toEqual([{ path: '/json', servername: 'hook.demo.svc', host: 'hook.demo.svc:443', body: {} }]);
  });

  it('is refused by a client that trusts another CA', async () => {
    const other = await createTestCertificates();
    await expect(post(hook.port, certs, { path: '/json', body: '{}', ca: other.caPem })).rejects.toThrow('unable to verify the first certificate');
    expect(hook.calls).toEqual([]);
  });
});

describe('TestWebhook.close', () => {
  it('drops a request left hanging, stops listening and may be called twice', async () => {
    const certs = await createTestCertificates();
    const hook = await startTestWebhook(certs, () => 'never');
    const hanging = post(hook.port, certs, { path: '/slow', body: '{}' });
    await waitFor(() => hook.calls.length > 0, { description: 'the hanging call to arrive' });
    expect(hook.calls.map((c) => c.path)).toEqual(['/slow']);
    await hook.close();
    await expect(hanging).rejects.toThrow('socket hang up');
    await expect(post(hook.port, certs, { path: '/slow', body: '{}' })).rejects.toThrow('ECONNREFUSED');
    await expect(hook.close()).resolves.toBeUndefined();
  });
});
