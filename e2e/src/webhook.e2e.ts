import { freePort, waitFor } from '@ebb/testing';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAppProcess, type AppProcess } from './support/app-process.js';
import { httpsCall, servedCertificate, type HttpsAnswer } from './support/https-client.js';

/**
 * The webhook, run from its bundle: its HTTPS admission server with certificates it makes in a
 * fresh folder, real AdmissionReviews over TLS trusting its CA, refusal of malformed requests,
 * readiness, metrics and reuse of its certificates across a restart.
 */
const THREE_MIB = 3 * 1024 * 1024;
const JSON_TYPE = { 'content-type': 'application/json' };

let certDir: string;
let port: number;
let webhook: AppProcess;
let ca: string;

async function start(): Promise<AppProcess> {
  const app = await startAppProcess('webhook', {
    EBB_WEBHOOK_HOST: '127.0.0.1',
    EBB_WEBHOOK_PORT: String(port),
    EBB_WEBHOOK_CERT_DIR: certDir,
    EBB_DRAIN_SECONDS: '0',
  });
  await waitFor(async () => (await app.status('/readyz')) === 200, { description: 'webhook ready' });
  return app;
}

function review(request: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request };
}

function configMapReview(uid: string, name: string, data: Record<string, string>): Record<string, unknown> {
  const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ebb-system' }, data };
  return review({ uid, kind: { group: '', version: 'v1', kind: 'ConfigMap' }, operation: 'UPDATE', name, namespace: 'ebb-system', object });
}

function servingReview(request: Record<string, unknown>): Record<string, unknown> {
  return review({ kind: { group: 'serving.knative.dev', version: 'v1', kind: 'Service' }, name: 'hello', namespace: 'default', ...request });
}

async function admit(body: unknown, urlPath = '/config-validation'): Promise<HttpsAnswer> {
  return httpsCall({ port, ca, path: urlPath, headers: JSON_TYPE, body: JSON.stringify(body) });
}

/** A DELETE, which the config webhook always allows: proof that the server still answers. */
async function stillAnswers(): Promise<void> {
  const answer = await admit(review({ uid: 'alive', kind: { group: '', version: 'v1', kind: 'ConfigMap' }, operation: 'DELETE', name: 'config-gc' }));
  expect(answer.status).toBe(200);
  expect(JSON.parse(answer.body)).toEqual({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'alive', allowed: true } });
}

beforeAll(async () => {
  certDir = path.join(await mkdtemp(path.join(tmpdir(), 'ebb-webhook-e2e-')), 'certs');
  port = await freePort();
  webhook = await start();
  ca = await readFile(path.join(certDir, 'ca.crt'), 'utf8');
});

afterAll(async () => {
  await webhook.stop();
  await rm(path.dirname(certDir), { recursive: true, force: true });
});

describe('the webhook, run from its bundle', () => {
  it('writes a CA and a serving certificate into its missing cert folder and reports webhook-tls ready', async () => {
    const readyz = await webhook.get('/readyz');
    expect(readyz.status).toBe(200);
    expect(await readyz.json()).toMatchObject({ ready: true, checks: { 'webhook-tls': true } });
    for (const file of ['ca.crt', 'ca.key', 'tls.crt', 'tls.key']) await expect(readFile(path.join(certDir, file), 'utf8')).resolves.toMatch(/^-----BEGIN /);
  });

  it('serves a certificate for localhost and 127.0.0.1 that chains to its CA', async () => {
    const served = await servedCertificate(port, ca, 'localhost');
    expect((served.subjectaltname ?? '').split(', ')).toEqual(expect.arrayContaining(['DNS:localhost', 'IP Address:127.0.0.1', 'DNS:webhook.ebb-system.svc']));
    expect(served.raw.equals(Buffer.from((await readFile(path.join(certDir, 'tls.crt'), 'utf8')).replace(/-----[A-Z ]+-----|\s/g, ''), 'base64'))).toBe(true);
    await expect(httpsCall({ port, ca, host: 'localhost', path: '/config-validation', method: 'GET' })).resolves.toMatchObject({ status: 405 });
  });

  it('allows a good ConfigMap', async () => {
    const answer = await admit(configMapReview('good-1', 'config-autoscaler', { 'stable-window': '60s' }));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'good-1', allowed: true } });
  });

  it('allows a ConfigMap that is none of Ebb’s', async () => {
    const answer = await admit(configMapReview('other-1', 'my-app-settings', { 'stable-window': '-1s' }));
    expect(JSON.parse(answer.body)).toMatchObject({ response: { uid: 'other-1', allowed: true } });
  });

  it('denies config-autoscaler with stable-window "-1s", naming the key and the value', async () => {
    const answer = await admit(configMapReview('bad-1', 'config-autoscaler', { 'stable-window': '-1s' }));
    expect(answer.status).toBe(200);
    const { response } = JSON.parse(answer.body) as { response: { uid: string; allowed: boolean; status: { code: number; reason: string; message: string } } };
    expect(response).toMatchObject({ uid: 'bad-1', allowed: false, status: { code: 400, reason: 'BadRequest' } });
    expect(response.status.message).toMatch(/^validation failed: /);
    expect(response.status.message).toContain('stable-window');
    expect(response.status.message).toContain('-1s');
  });

  it.each([
    { name: 'a body that is not JSON', method: 'POST', body: 'not json', status: 400, reason: 'the body is not JSON: ' },
    {
      name: 'a v1beta1 AdmissionReview',
      method: 'POST',
      body: JSON.stringify({ ...review({ uid: 'x' }), apiVersion: 'admission.k8s.io/v1beta1' }),
      status: 400,
      reason: 'apiVersion must be "admission.k8s.io/v1", got "admission.k8s.io/v1beta1"',
    },
    { name: 'another kind', method: 'POST', body: JSON.stringify({ ...review({ uid: 'x' }), kind: 'ConfigMap' }), status: 400, reason: 'kind must be "AdmissionReview", got "ConfigMap"' },
    {
      name: 'a request without uid',
      method: 'POST',
      body: JSON.stringify(review({ kind: { group: '', version: 'v1', kind: 'ConfigMap' }, operation: 'CREATE' })),
      status: 400,
      reason: 'request.uid is missing',
    },
    { name: 'a body over 3 MiB', method: 'POST', body: `"${'x'.repeat(THREE_MIB)}"`, status: 400, reason: 'the body is larger than 3145728 bytes' },
    { name: 'a GET', method: 'GET', body: undefined, status: 405, reason: 'method GET is not allowed: send an AdmissionReview with POST' },
  ])('refuses $name with $status and a reason, and keeps answering', async ({ method, body, status, reason }) => {
    const answer = await httpsCall({ port, ca, path: '/config-validation', method, headers: JSON_TYPE, body });
    expect(answer.status).toBe(status);
    expect(answer.body.startsWith(reason)).toBe(true);
    await stillAnswers();
    expect(webhook.child.exitCode).toBeNull();
  });

  it('defaults a new Service over HTTPS: a base64 JSON Patch that adds Knative\'s defaults and the creator', async () => {
    const service = {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: 'hello', namespace: 'default' },
      spec: { template: { spec: { containers: [{ image: 'ghcr.io/knative/helloworld-go' }] } } },
    };
    const answer = await admit(servingReview({ uid: 'd-1', operation: 'CREATE', object: service, userInfo: { username: 'alice@example.com' } }), '/defaulting');
    expect(answer.status).toBe(200);
    const { response } = JSON.parse(answer.body) as { response: { uid: string; allowed: boolean; patchType: string; patch: string } };
    expect(response).toMatchObject({ uid: 'd-1', allowed: true, patchType: 'JSONPatch' });
    const patch = JSON.parse(Buffer.from(response.patch, 'base64').toString('utf8')) as { op: string; path: string; value?: unknown }[];
    expect(patch).toEqual(
      expect.arrayContaining([
        { op: 'add', path: '/metadata/annotations', value: { 'serving.knative.dev/creator': 'alice@example.com', 'serving.knative.dev/lastModifier': 'alice@example.com' } },
        { op: 'add', path: '/spec/traffic', value: [{ latestRevision: true, percent: 100 }] },
        { op: 'add', path: '/spec/template/spec/timeoutSeconds', value: 300 },
        { op: 'add', path: '/spec/template/spec/containers/0/name', value: 'user-container' },
      ]),
    );
  });

  it("validates Services over HTTPS: a bad update is denied with Knative's message, a good one allowed", async () => {
    const service = {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: 'hello', namespace: 'default' },
      spec: {
        template: { spec: { containerConcurrency: 0, timeoutSeconds: 300, containers: [{ name: 'user-container', image: 'ghcr.io/knative/helloworld-go' }] } },
        traffic: [{ latestRevision: true, percent: 100 }],
      },
    };
    const good = await admit(servingReview({ uid: 'v-1', operation: 'CREATE', object: service }), '/resource-validation');
    expect(JSON.parse(good.body)).toMatchObject({ response: { uid: 'v-1', allowed: true } });

    const bad = { ...service, spec: { ...service.spec, traffic: [{ latestRevision: true, percent: 60, tag: 'x' }, { revisionName: 'hello-00001', percent: 30, tag: 'x' }] } };
    const denied = await admit(servingReview({ uid: 'v-2', operation: 'UPDATE', object: bad, oldObject: service }), '/resource-validation');
    expect(denied.status).toBe(200);
    expect(JSON.parse(denied.body)).toEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: {
        uid: 'v-2',
        allowed: false,
        status: {
          status: 'Failure',
          code: 400,
          reason: 'BadRequest',
          message: 'validation failed: Multiple definitions for "x": spec.traffic[0].tag, spec.traffic[1].tag\nTraffic targets sum to 90, want 100: spec.traffic',
        },
        warnings: expect.any(Array) as unknown,
      },
    });
  });

  it('counts admission requests on /metrics', async () => {
    await stillAnswers();
    const metrics = await (await webhook.get('/metrics')).text();
    expect(metrics).toMatch(/^ebb_webhook_admission_requests_total\{path="\/config-validation",kind="ConfigMap",operation="DELETE",result="allowed"\} [1-9]/m);
    expect(metrics).toMatch(/^ebb_webhook_admission_duration_seconds_count\{path="\/config-validation"\} [1-9]/m);
  });

  it('reuses its certificate files across a restart', async () => {
    const before = { ca: await readFile(path.join(certDir, 'ca.crt')), tls: await readFile(path.join(certDir, 'tls.crt')) };
    expect((await webhook.stop()).code).toBe(0);
    webhook = await start();
    expect(await readFile(path.join(certDir, 'ca.crt'))).toEqual(before.ca);
    expect(await readFile(path.join(certDir, 'tls.crt'))).toEqual(before.tls);
    await stillAnswers();
  });
});
