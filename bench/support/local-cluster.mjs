// Shared by the bench/ scripts: start the built local cluster on a free port with a fresh data
// dir, call its API over HTTPS with the admin token, open watches, and print latencies and rates.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const bundle = path.join(root, 'dist', 'apps', 'local-cluster', 'main.js');

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work(item)` for every item with at most `limit` in flight. */
export async function pool(items, limit, work) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function latencies(label, values) {
  const sorted = [...values].sort((a, b) => a - b);
  const ms = (v) => `${v.toFixed(2)} ms`;
  console.log(`${label.padEnd(58)} p50 ${ms(percentile(sorted, 50)).padStart(10)}  p99 ${ms(percentile(sorted, 99)).padStart(10)}  max ${ms(sorted.at(-1)).padStart(10)}`);
  return percentile(sorted, 50);
}

export function rate(label, count, ms) {
  const perSecond = count / (ms / 1000);
  console.log(`${label.padEnd(58)} ${Math.round(perSecond).toLocaleString('en-US').padStart(12)} /s`);
  return perSecond;
}

// ---------------------------------------------------------------------------------------------
// The server over HTTPS

export function call(server, { method = 'GET', path: urlPath, body, agent }) {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const headers = { authorization: `Bearer ${server.token}`, accept: 'application/json', ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) };
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path: urlPath, method, ca: server.caPem, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export async function expectStatus(server, options, status) {
  const answer = await call(server, options);
  if (answer.status !== status) throw new Error(`${options.method ?? 'GET'} ${options.path}: expected ${status}, got ${answer.status}: ${answer.body.slice(0, 500)}`);
  return answer;
}

export async function startServer(prefix = 'ebb-bench-') {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`node tools/build/build.mjs apps/local-cluster\` first`);
  const dataDir = mkdtempSync(path.join(tmpdir(), prefix));
  const port = await freePort();
  const child = spawn(process.execPath, [bundle, '--data-dir', dataDir, '--port', String(port), '--host', '127.0.0.1', '--log-level', 'warn'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
  const kubeconfig = path.join(dataDir, 'kubeconfig');
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${stderr}`);
    if (Date.now() > deadline) throw new Error(`the server did not get ready in 30 s:\n${stderr}`);
    if (existsSync(kubeconfig)) {
      const config = parse(readFileSync(kubeconfig, 'utf8'));
      const server = { port, dataDir, child, token: config.users[0].user.token, caPem: Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64').toString('utf8') };
      const ready = await call(server, { path: '/readyz', agent: false }).catch(() => undefined);
      if (ready?.status === 200) return server;
    }
    await sleep(100);
  }
}

export async function stopServer(server) {
  if (server.child.exitCode === null) {
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(server.dataDir, { recursive: true, force: true });
}

/** Opens a watch on `urlPath`; calls `onEvent(event, receivedAt)` for each watch event. */
export function openWatch(server, urlPath, onEvent) {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path: urlPath, method: 'GET', ca: server.caPem, headers: { authorization: `Bearer ${server.token}`, accept: 'application/json' }, agent: false },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`watch ${urlPath}: ${res.statusCode}`));
        let buffer = '';
        res.on('data', (chunk) => {
          const now = performance.now();
          buffer += chunk.toString('utf8');
          let newline;
          while ((newline = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, newline).trim();
            buffer = buffer.slice(newline + 1);
            if (line !== '') onEvent(JSON.parse(line), now);
          }
        });
        res.on('error', () => undefined);
        resolve(req);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

