#!/usr/bin/env node
// bench/kubelet: how long a pod of the process runtime takes from `POST /pods` to answering HTTP,
// against a bare `node` start of the same example measured in this run.
//   - baseline: BENCH_PODS times, spawn `node examples/hello/server.mjs` on a free port and poll
//     it until the first HTTP 200 (spawn → first 200);
//   - pods: BENCH_PODS pods of `dev.local/hello` created one after another in a running local
//     cluster; for each, the time from sending the create to (a) the pod's watch event showing
//     Ready=True and (b) the first HTTP 200 from the pod's IP and mapped port.
// Prints p50/p99/max of each and the ratio pod / bare node start at p50 and p99. Bounded: a fixed
// number of pods (each deleted after its measurement), 127.0.0.1 only, and the run is killed
// after BENCH_TIMEOUT_SECONDS (default 300).
//
// Needs the built bundles: node tools/build/build.mjs apps/local-cluster && node tools/build/build.mjs apps/cli
// Usage: npm run bench:kubelet
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { get } from 'node:http';
import path from 'node:path';
import { call, expectStatus, freePort, latencies, openWatch, root, sleep, startServer, stopServer } from './support/local-cluster.mjs';

const PODS = Number(process.env.BENCH_PODS ?? 50);
const TIMEOUT_SECONDS = Number(process.env.BENCH_TIMEOUT_SECONDS ?? 300);
const HELLO = path.join(root, 'examples', 'hello');
const CLI = path.join(root, 'dist', 'apps', 'cli', 'main.js');
const PORTS_ANNOTATION = 'local.ebb.dev/ports';

/** Resolves when GET http://<host>:<port>/ answers 200, polling every millisecond. */
async function firstOk(host, port, deadlineMs = 30_000) {
  const deadline = performance.now() + deadlineMs;
  for (;;) {
    const status = await new Promise((resolve) => {
      const req = get({ host, port, path: '/', agent: false, timeout: 1000 }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve(0));
    });
    if (status === 200) return performance.now();
    if (performance.now() > deadline) throw new Error(`http://${host}:${port}/ did not answer 200 within ${deadlineMs} ms`);
    await sleep(1);
  }
}

async function baseline() {
  const times = [];
  for (let i = 0; i < PODS; i++) {
    const port = await freePort();
    const started = performance.now();
    const child = spawn(process.execPath, ['server.mjs'], { cwd: HELLO, env: { PATH: process.env.PATH ?? '', PORT: String(port) }, stdio: 'ignore' });
    const answered = await firstOk('127.0.0.1', port);
    times.push(answered - started);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  return times;
}

function pod(name) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'bench', labels: { app: 'bench' } },
    spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'hello', image: 'dev.local/hello', ports: [{ containerPort: 8080 }] }] },
  };
}

/** Per pod name: resolvers for "Ready" and "has IP and port". */
function podTracker() {
  const waiting = new Map();
  const entry = (name) => {
    if (!waiting.has(name)) {
      let readyAt, endpoint;
      const ready = new Promise((resolve) => (readyAt = resolve));
      const address = new Promise((resolve) => (endpoint = resolve));
      waiting.set(name, { ready, address, readyAt, endpoint, done: { ready: false, address: false } });
    }
    return waiting.get(name);
  };
  const onEvent = (event, at) => {
    const object = event.object ?? {};
    const name = object.metadata?.name;
    if (name === undefined || event.type === 'DELETED') return;
    const tracked = entry(name);
    const ports = object.metadata?.annotations?.[PORTS_ANNOTATION];
    if (!tracked.done.address && object.status?.podIP && ports !== undefined) {
      tracked.done.address = true;
      tracked.endpoint({ host: object.status.podIP, port: JSON.parse(ports)['8080/TCP'] });
    }
    const ready = (object.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
    if (!tracked.done.ready && ready) {
      tracked.done.ready = true;
      tracked.readyAt(at);
    }
  };
  return { onEvent, entry };
}

async function pods(server) {
  execFileSync(process.execPath, [CLI, 'image', 'add', 'dev.local/hello', HELLO, '--data-dir', server.dataDir], { stdio: 'ignore' });
  await expectStatus(server, { method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } } }, 201);
  await waitForServiceAccount(server);
  const tracker = podTracker();
  const watch = await openWatch(server, '/api/v1/namespaces/bench/pods?watch=true', tracker.onEvent);
  const toReady = [];
  const toFirstOk = [];
  try {
    for (let i = 0; i < PODS; i++) {
      const name = `hello-${String(i).padStart(3, '0')}`;
      const tracked = tracker.entry(name);
      const started = performance.now();
      await expectStatus(server, { method: 'POST', path: '/api/v1/namespaces/bench/pods', body: pod(name) }, 201);
      const { host, port } = await tracked.address;
      toFirstOk.push((await firstOk(host, port)) - started);
      toReady.push((await tracked.ready) - started);
      await expectStatus(server, { method: 'DELETE', path: `/api/v1/namespaces/bench/pods/${name}` }, 200);
    }
  } finally {
    watch.destroy();
  }
  return { toReady, toFirstOk };
}

/** The namespace's `default` ServiceAccount, which pods need, comes from a controller a moment after the namespace. */
async function waitForServiceAccount(server) {
  for (let i = 0; i < 100; i++) {
    const answer = await call(server, { path: '/api/v1/namespaces/bench/serviceaccounts/default' });
    if (answer.status === 200) return;
    await sleep(50);
  }
  throw new Error('no default ServiceAccount in namespace bench after 5 s');
}

async function main() {
  for (const file of [path.join(root, 'dist', 'apps', 'local-cluster', 'main.js'), CLI]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`node tools/build/build.mjs apps/local-cluster && node tools/build/build.mjs apps/cli\` first`);
  }
  const timer = setTimeout(() => {
    console.error(`bench:kubelet did not finish in ${TIMEOUT_SECONDS} s`);
    process.exit(1);
  }, TIMEOUT_SECONDS * 1000);
  console.log(`bench:kubelet — ${PODS} pods of examples/hello, one at a time, process runtime, 127.0.0.1`);
  const bare = await baseline();
  const server = await startServer('ebb-bench-kubelet-');
  let measured;
  try {
    measured = await pods(server);
  } finally {
    await stopServer(server);
  }
  const sorted = (values) => [...values].sort((a, b) => a - b);
  const p = (values, q) => sorted(values)[Math.min(values.length - 1, Math.floor((q / 100) * values.length))];
  latencies('bare node: spawn -> first HTTP 200', bare);
  latencies('pod: create -> Ready (watch event)', measured.toReady);
  latencies('pod: create -> first HTTP 200 from pod IP:port', measured.toFirstOk);
  console.log(`ratio: pod create -> first 200 / bare node start, p50 = ${(p(measured.toFirstOk, 50) / p(bare, 50)).toFixed(2)}`);
  console.log(`ratio: pod create -> first 200 / bare node start, p99 = ${(p(measured.toFirstOk, 99) / p(bare, 99)).toFixed(2)}`);
  console.log(`added p50: ${(p(measured.toFirstOk, 50) - p(bare, 50)).toFixed(1)} ms`);
  clearTimeout(timer);
}

await main();
