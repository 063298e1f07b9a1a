#!/usr/bin/env node
// bench/coldstart: request-to-first-byte for a Knative Service whose revision is at zero pods, on
// the whole local platform (`ebb up`: local cluster, controller, networking gateway, activator,
// autoscaler, webhook, NATS), against a bare `node` start of the same example in the same run.
//   - baseline: BENCH_BASELINE_RUNS (default 30) times, spawn `node examples/hello/server.mjs` on a
//     free port of 127.0.0.1 and poll it (a GET every 2 ms) until the first HTTP 200 — spawn → 200;
//   - cold start: BENCH_SERVICES (default 10) Services of examples/hello (cold-1..N, from
//     examples/hello/service.yaml), config-autoscaler shortened to `stable-window: 6s` and
//     `scale-to-zero-grace-period: 1s`; once every Service is Ready and then at 0 pods, ONE GET per
//     Service in turn through the gateway (127.0.0.1:<port>, Host `<name>.default.localhost`), timed
//     from the request's start to its first response byte (the parsed status line and headers),
//     status 200 and body `Hello World!` checked. BENCH_ROUNDS (default 2) rounds, waiting for 0
//     pods again in between.
// Prints p50/p99/max of both, the added p50/p99 (cold − bare) and the ratios, and whether the goal
// of PERFORMANCE.md holds: added p50 ≤ 150 ms.
// The baseline runs while the platform idles with every Service at zero, so both see the same
// background. Bounded: a fixed number of requests, 127.0.0.1 only, and after BENCH_TIMEOUT_SECONDS
// (default 600) the run stops. It always ends with `ebb down --purge` and removes its temp data
// dir, also on a failure, the timeout or SIGINT/SIGTERM, and stops only processes it started.
//
// Needs the built bundles (`npm run build`, or for each of local-cluster, controller, activator,
// autoscaler, networking, webhook and cli: `node tools/build/build.mjs apps/<app>`), kubectl and
// nats-server on PATH (what `ebb up` needs).
// Usage: npm run bench:coldstart
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { freePort, latencies, percentile, root, sleep } from './support/local-cluster.mjs';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const BASELINE_RUNS = Number(process.env.BENCH_BASELINE_RUNS ?? 30);
const TIMEOUT_SECONDS = Number(process.env.BENCH_TIMEOUT_SECONDS ?? 600);
const GOAL_ADDED_P50_MS = 150;
const APPS = ['local-cluster', 'controller', 'activator', 'autoscaler', 'networking', 'webhook', 'cli'];
const CLI = path.join(root, 'dist', 'apps', 'cli', 'main.js');
const HELLO = path.join(root, 'examples', 'hello');
const EXPECTED_BODY = 'Hello World!\n';
const SYSTEM = 'ebb-system';
const NAMESPACE = 'default';
const SERVICE_LABEL = 'serving.knative.dev/service';

const names = Array.from({ length: SERVICES }, (_, i) => `cold-${i + 1}`);

/** Children this script started and that still run, stopped by pid on the way out. */
const running = new Set();
/** Set once `ebb up` has been started: what `ebb down --purge` needs. */
let platform;
let cleaning;

// ---------------------------------------------------------------------------------------------
// Processes

/** Runs a command to its end (killed after `timeoutMs`); resolves with its exit code and output. */
function run(command, args, { input, timeoutMs = 120_000, env = process.env, cwd = root } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      running.delete(child);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code: code ?? (signal === null ? 0 : 128), signal, stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/** `ebb <args…>` from the built CLI against this run's data dir. */
function ebb(args, timeoutMs) {
  const env = { ...process.env, EBB_DATA_DIR: platform.dataDir, KUBECONFIG: platform.kubeconfig };
  return run(process.execPath, [CLI, '--data-dir', platform.dataDir, ...args], { env, timeoutMs, cwd: platform.dataDir });
}

/** `kubectl <args…>` against this run's cluster; its stdout, or a thrown error with both streams. */
async function kubectl(args, options = {}) {
  const env = { ...process.env, KUBECONFIG: platform.kubeconfig };
  const result = await run('kubectl', ['--cache-dir', path.join(platform.dataDir, 'kubectl-cache'), ...args], { ...options, env });
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${result.code}: ${result.stderr.trim()}`);
  return result.stdout;
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Stops what still runs, `ebb down --purge`, removes the data dir. Runs once; later calls wait for it. */
function cleanup() {
  cleaning ??= (async () => {
    await Promise.all([...running].map(stopChild));
    if (platform === undefined) return;
    console.log('\nstopping the platform (ebb down --purge)…');
    const down = await ebb(['down', '--purge'], 180_000).catch((error) => ({ code: 1, stdout: '', stderr: String(error) }));
    if (down.code !== 0) console.error(`ebb down --purge exited ${down.code}:\n${down.stdout}${down.stderr}`);
    rmSync(platform.dataDir, { recursive: true, force: true });
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`\n${signal}`);
    void cleanup().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------
// HTTP

/** One GET on 127.0.0.1:`port` with `host` in the Host header, on a fresh connection. */
function getOnce(port, { host, timeoutMs }) {
  return new Promise((resolve) => {
    const started = performance.now();
    const headers = host === undefined ? {} : { host };
    const req = get({ host: '127.0.0.1', port, path: '/', headers, agent: false, timeout: timeoutMs }, (res) => {
      const firstByte = performance.now();
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8'), ms: firstByte - started }));
      res.on('error', (error) => resolve({ status: 0, body: error.message, ms: firstByte - started }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error) => resolve({ status: 0, body: error.message, ms: performance.now() - started }));
  });
}

/** Resolves with the time GET http://127.0.0.1:<port>/ first answers 200, trying every 2 ms. */
async function firstOk(port, deadlineMs = 30_000) {
  const deadline = performance.now() + deadlineMs;
  for (;;) {
    const answer = await getOnce(port, { timeoutMs: 1000 });
    if (answer.status === 200) return performance.now();
    if (performance.now() > deadline) throw new Error(`http://127.0.0.1:${port}/ did not answer 200 within ${deadlineMs} ms`);
    await sleep(2);
  }
}

// ---------------------------------------------------------------------------------------------
// The baseline: a bare node start of the example

async function baseline() {
  const times = [];
  for (let i = 0; i < BASELINE_RUNS; i++) {
    const port = await freePort();
    const started = performance.now();
    const child = spawn(process.execPath, ['server.mjs'], { cwd: HELLO, env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1' }, stdio: 'ignore' });
    running.add(child);
    child.once('exit', () => running.delete(child));
    try {
      times.push((await firstOk(port)) - started);
    } finally {
      await stopChild(child);
    }
  }
  return times;
}

// ---------------------------------------------------------------------------------------------
// The platform

async function startPlatform() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ebb-bench-coldstart-'));
  platform = { dataDir, kubeconfig: path.join(dataDir, 'kubeconfig'), port: await freePort(), natsPort: await freePort() };
  const started = performance.now();
  const up = await ebb(['up', '--no-build', '--no-example', '--port', String(platform.port), '--nats-port', String(platform.natsPort), '--timeout', '300'], 330_000);
  if (up.code !== 0) throw new Error(`ebb up exited ${up.code}:\n${up.stdout.slice(-3000)}${up.stderr.slice(-3000)}`);
  console.log(`platform up in ${((performance.now() - started) / 1000).toFixed(1)} s (gateway 127.0.0.1:${platform.port}, data in ${dataDir})`);
}

/** cold-1..N from examples/hello/service.yaml, as one multi-document YAML. */
function servicesYaml() {
  const template = parse(readFileSync(path.join(HELLO, 'service.yaml'), 'utf8'));
  return names.map((name) => stringify({ ...template, metadata: { ...template.metadata, name, namespace: NAMESPACE } })).join('---\n');
}

async function createServices() {
  const patch = { data: { 'stable-window': '6s', 'scale-to-zero-grace-period': '1s' } };
  await kubectl(['patch', 'configmap', 'config-autoscaler', '-n', SYSTEM, '--type', 'merge', '-p', JSON.stringify(patch)]);
  await kubectl(['apply', '-f', '-'], { input: servicesYaml() });
  const started = performance.now();
  await kubectl(['wait', '--for=condition=Ready', ...names.map((name) => `ksvc/${name}`), '-n', NAMESPACE, '--timeout=240s'], { timeoutMs: 260_000 });
  console.log(`${SERVICES} Services Ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Waits until no pod (terminating ones included) carries the label of any of the Services. */
async function waitForZero(timeoutMs = 180_000) {
  const started = performance.now();
  const wanted = new Set(names);
  for (;;) {
    const pods = JSON.parse(await kubectl(['get', 'pods', '-n', NAMESPACE, '-l', SERVICE_LABEL, '-o', 'json'])).items;
    const left = pods.filter((pod) => wanted.has(pod.metadata?.labels?.[SERVICE_LABEL]));
    if (left.length === 0) return console.log(`every Service at 0 pods after ${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (performance.now() - started > timeoutMs) throw new Error(`still ${left.length} pods after ${timeoutMs / 1000} s: ${left.map((p) => p.metadata.name).join(', ')}`);
    await sleep(500);
  }
}

/** One request per Service in turn, each to a revision at zero. */
async function coldRound(round) {
  const times = [];
  for (const name of names) {
    const answer = await getOnce(platform.port, { host: `${name}.${NAMESPACE}.localhost`, timeoutMs: 60_000 });
    if (answer.status !== 200 || answer.body !== EXPECTED_BODY) {
      throw new Error(`round ${round}, ${name}: expected 200 ${JSON.stringify(EXPECTED_BODY)}, got ${answer.status} ${JSON.stringify(answer.body.slice(0, 300))}`);
    }
    console.log(`  round ${round} ${name.padEnd(9)} 200 first byte after ${answer.ms.toFixed(1).padStart(7)} ms`);
    times.push(answer.ms);
  }
  return times;
}

// ---------------------------------------------------------------------------------------------
// Report

function report(bare, cold) {
  const sorted = (values) => [...values].sort((a, b) => a - b);
  const p = (values, q) => percentile(sorted(values), q);
  console.log('');
  latencies(`bare node: spawn -> first HTTP 200 (${bare.length} runs)`, bare);
  latencies(`cold start: request -> first byte at zero (${cold.length})`, cold);
  const added50 = p(cold, 50) - p(bare, 50);
  const added99 = p(cold, 99) - p(bare, 99);
  console.log(`${'added (cold - bare)'.padEnd(58)} p50 ${`${added50.toFixed(2)} ms`.padStart(10)}  p99 ${`${added99.toFixed(2)} ms`.padStart(10)}`);
  console.log(`${'ratio (cold / bare)'.padEnd(58)} p50 ${(p(cold, 50) / p(bare, 50)).toFixed(2).padStart(10)}  p99 ${(p(cold, 99) / p(bare, 99)).toFixed(2).padStart(10)}`);
  console.log(`goal: added p50 ≤ ${GOAL_ADDED_P50_MS} ms: ${added50 <= GOAL_ADDED_P50_MS ? 'met' : 'not met'} (${added50.toFixed(1)} ms)`);
}

async function measure() {
  await startPlatform();
  await createServices();
  await waitForZero();
  const bare = await baseline();
  const cold = [];
  for (let round = 1; round <= ROUNDS; round++) {
    if (round > 1) await waitForZero();
    cold.push(...(await coldRound(round)));
  }
  return { bare, cold };
}

async function main() {
  const missing = APPS.map((app) => path.join(root, 'dist', 'apps', app, 'main.js')).filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(`missing bundles: ${missing.join(', ')}\nbuild them with \`npm run build\` or \`node tools/build/build.mjs apps/<app>\` for ${APPS.join(', ')}`);
  }
  console.log(`bench:coldstart — ${SERVICES} Services of examples/hello × ${ROUNDS} rounds, one request each at zero, through the gateway on 127.0.0.1`);
  const timer = setTimeout(() => {
    console.error(`bench:coldstart did not finish in ${TIMEOUT_SECONDS} s: stopping the platform`);
    void cleanup().finally(() => process.exit(1));
  }, TIMEOUT_SECONDS * 1000);
  try {
    const { bare, cold } = await measure();
    report(bare, cold);
  } finally {
    clearTimeout(timer);
    await cleanup();
  }
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await cleanup();
  process.exit(1);
}
