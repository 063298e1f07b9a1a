import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { JsonObject, WebhookClientConfig } from '@ebb/apimachinery';
import { createTestCertificates, startTestWebhook, type TestCertificates, type TestReply, type TestWebhook } from '@ebb/testing';
import { callWebhook, WebhookCallError } from './webhook-client.js';

const review: JsonObject = { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'u-1', operation: 'CREATE' } };
const allowed: JsonObject = { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'u-1', allowed: true } };

const replies: Record<string, TestReply> = {
  '/ok': { body: allowed },
  '/slow': 'never',
  '/boom': { status: 500, body: 'boom' },
  '/missing': { status: 404, body: '' },
  '/teapot': { status: 418, body: '' },
  '/status': { status: 403, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'webhooks are off', code: 403 } },
  '/text': { body: 'not json' },
};

let certs: TestCertificates;
let hook: TestWebhook;
let closedPort: number;

beforeAll(async () => {
  certs = await createTestCertificates({ dnsNames: ['hook.demo.svc', 'localhost'] });
  hook = await startTestWebhook(certs, (_body, path) => replies[path] ?? { status: 404, body: '' });
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});

afterAll(async () => {
  await hook.close();
});

beforeEach(() => {
  hook.calls.length = 0;
});

const byUrl = (path: string, caBundle?: string): WebhookClientConfig => ({ url: `https://127.0.0.1:${hook.port}${path}`, ...(caBundle === undefined ? {} : { caBundle }) });
const toHook = (): { host: string; port: number } => ({ host: '127.0.0.1', port: hook.port });

describe('callWebhook', () => {
  it('POSTs the review to a url and returns the reply', async () => {
    const reply = await callWebhook({ clientConfig: byUrl('/ok', certs.caBundle), timeoutSeconds: 10, review, resolveService: () => undefined });
    expect(reply).toEqual(allowed);
    expect(hook.calls).toEqual([{ path: '/ok?timeout=10s', servername: undefined, host: `127.0.0.1:${hook.port}`, body: review }]);
  });

  it('reaches a service by its DNS name at the resolved endpoint', async () => {
    const seen: unknown[] = [];
    const clientConfig: WebhookClientConfig = { service: { namespace: 'demo', name: 'hook', path: '/ok', port: 443 }, caBundle: certs.caBundle };
    const reply = await callWebhook({
      clientConfig,
      timeoutSeconds: 5,
      review,
      resolveService: (...args) => {
        seen.push(args);
        return toHook();
      },
    });
    expect(reply).toEqual(allowed);
    expect(seen).toEqual([['demo', 'hook', 443]]);
    expect(hook.calls).toEqual([{ path: '/ok?timeout=5s', servername: 'hook.demo.svc', host: 'hook.demo.svc:443', body: review }]);
  });

  it.each<{ name: string; config: () => WebhookClientConfig; timeoutSeconds: number; resolve: () => { host: string; port: number } | undefined; message: () => string }>([
    {
      name: 'a service without endpoints',
      config: () => ({ service: { namespace: 'demo', name: 'hook', path: '/ok', port: 8443 }, caBundle: certs.caBundle }),
      timeoutSeconds: 10,
      resolve: () => undefined,
      message: () => 'Post "https://hook.demo.svc:8443/ok?timeout=10s": no endpoints available for service "hook"',
    },
    {
      name: 'a webhook that does not answer in time',
      config: () => byUrl('/slow', certs.caBundle),
      timeoutSeconds: 1,
      resolve: () => undefined,
      message: () => `Post "https://127.0.0.1:${hook.port}/slow?timeout=1s": context deadline exceeded`,
    },
    {
      name: 'a closed port',
      config: () => ({ url: `https://127.0.0.1:${closedPort}/ok`, caBundle: certs.caBundle }),
      timeoutSeconds: 10,
      resolve: () => undefined,
      message: () => `Post "https://127.0.0.1:${closedPort}/ok?timeout=10s": dial tcp 127.0.0.1:${closedPort}: connect: connection refused`,
    },
    {
      name: 'a certificate from an unknown CA (no caBundle: system CAs)',
      config: () => byUrl('/ok'),
      timeoutSeconds: 10,
      resolve: () => undefined,
      message: () => `Post "https://127.0.0.1:${hook.port}/ok?timeout=10s": tls: failed to verify certificate: x509: certificate signed by unknown authority`,
    },
    {
      name: 'a 500 with a text body',
      config: () => byUrl('/boom', certs.caBundle),
      timeoutSeconds: 10,
      resolve: () => undefined,
      message: () => 'an error on the server ("boom") has prevented the request from succeeding',
    },
    { name: 'a 404', config: () => byUrl('/missing', certs.caBundle), timeoutSeconds: 10, resolve: () => undefined, message: () => 'the server could not find the requested resource' },
    {
      name: 'a 418',
      config: () => byUrl('/teapot', certs.caBundle),
      timeoutSeconds: 10,
      resolve: () => undefined,
      message: () => 'the server responded with the status code 418 but did not return more information',
    },
    { name: 'a Status body', config: () => byUrl('/status', certs.caBundle), timeoutSeconds: 10, resolve: () => undefined, message: () => 'webhooks are off' },
    {
      name: 'a body that is not JSON',
      config: () => byUrl('/text', certs.caBundle),
      timeoutSeconds: 10,
      resolve: () => undefined,
      message: () => `couldn't decode the response body: Unexpected token 'o', "not json" is not valid JSON`,
    },
  ])('fails on $name', async ({ config, timeoutSeconds, resolve, message }) => {
    await expect(callWebhook({ clientConfig: config(), timeoutSeconds, review, resolveService: resolve })).rejects.toThrow(new WebhookCallError(message()));
  });

  it('refuses a certificate that does not name the service', async () => {
    const clientConfig: WebhookClientConfig = { service: { namespace: 'demo', name: 'other', path: '/ok', port: 443 }, caBundle: certs.caBundle };
    const call = callWebhook({ clientConfig, timeoutSeconds: 10, review, resolveService: toHook });
    await expect(call).rejects.toThrow(/^Post "https:\/\/other\.demo\.svc:443\/ok\?timeout=10s": Hostname\/IP does not match certificate's altnames/);
  });
});
