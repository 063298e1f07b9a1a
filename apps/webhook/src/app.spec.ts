import { describeAppShell, freePort, startAppUnderTest } from '@ebb/testing';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AdmissionServer } from './admission/admission-server.js';
import { webhookApp } from './app.js';

const shellDirs: string[] = [];
afterAll(async () => {
  await Promise.all(shellDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describeAppShell(webhookApp, {
  component: 'webhook',
  defaultAdminPort: 8085,
  readinessChecks: ['webhook-tls'],
  env: async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ebb-webhook-shell-'));
    shellDirs.push(dir);
    return { EBB_WEBHOOK_HOST: '127.0.0.1', EBB_WEBHOOK_PORT: String(await freePort()), EBB_WEBHOOK_CERT_DIR: dir };
  },
});

function post(port: number, ca: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
    const req = request({ host: '127.0.0.1', port, path: '/config-validation', method: 'POST', ca, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The SHA-256 fingerprint of the certificate the server presents. */
function servedFingerprint(port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.on('error', reject);
  });
}

describe('the webhook app with its admission server', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ebb-webhook-app-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves AdmissionReviews over HTTPS with a CA it wrote, is ready with webhook-tls, and closes on shutdown', async () => {
    const port = await freePort();
    const shell = await startAppUnderTest(webhookApp, { EBB_WEBHOOK_HOST: '127.0.0.1', EBB_WEBHOOK_PORT: String(port), EBB_WEBHOOK_CERT_DIR: dir });
    try {
      expect(await shell.get('/readyz')).toEqual({ status: 200, body: { ready: true, draining: false, checks: { 'webhook-tls': true } } });
      const ca = await readFile(path.join(dir, 'ca.crt'), 'utf8');
      const review = { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'u-9', kind: { group: '', version: 'v1', kind: 'ConfigMap' }, operation: 'DELETE' } };
      const answer = await post(port, ca, JSON.stringify(review));
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'u-9', allowed: true } });
      expect(shell.logs).toContainEqual(expect.objectContaining({ msg: 'webhook certificates written', action: 'recreate' }));
    } finally {
      await shell.app.shutdown('test over');
    }
    await expect(post(port, 'unused', '{}')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('fails to start when its port is taken, naming the address', async () => {
    const port = await freePort();
    const first = await startAppUnderTest(webhookApp, { EBB_WEBHOOK_HOST: '127.0.0.1', EBB_WEBHOOK_PORT: String(port), EBB_WEBHOOK_CERT_DIR: dir });
    try {
      await expect(startAppUnderTest(webhookApp, { EBB_WEBHOOK_HOST: '127.0.0.1', EBB_WEBHOOK_PORT: String(port), EBB_WEBHOOK_CERT_DIR: dir })).rejects.toThrow(
        /EADDRINUSE/,
      );
    } finally {
      await first.app.shutdown('test over');
    }
  });

  it('swaps in a renewed serving certificate without restarting', async () => {
    const port = await freePort();
    await using shell = await startAppUnderTest(webhookApp, { EBB_WEBHOOK_HOST: '127.0.0.1', EBB_WEBHOOK_PORT: String(port), EBB_WEBHOOK_CERT_DIR: dir });
    const ca = await readFile(path.join(dir, 'ca.crt'), 'utf8');
    const before = await servedFingerprint(port, ca);
    await writeFile(path.join(dir, 'tls.crt'), 'no longer a certificate');
    await shell.app.nest.get(AdmissionServer).rotate();
    const after = await servedFingerprint(port, ca);
    expect(after).not.toBe(before);
    expect(await readFile(path.join(dir, 'ca.crt'), 'utf8')).toBe(ca);
    expect(shell.logs).toContainEqual(expect.objectContaining({ msg: 'webhook certificates written', action: 'renew-serving' }));
  });
});
