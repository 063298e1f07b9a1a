#!/usr/bin/env node
// bench/gateway: the networking gateway in serve mode against nginx and against no proxy at all,
// all in one run, on the same backend (a small node http server on 127.0.0.1 in its own process):
//   - direct:  wrk → backend;
//   - nginx:   wrk → nginx (1 worker, keep-alive upstream pool of 64, own temp config) → backend;
//   - node proxy: wrk → a minimal Node reverse proxy (http.request, keep-alive agent of 64, pipe both
//              ways, own process) → backend: the plain-Node ceiling the gateway is measured against;
//   - gateway: wrk → the built networking app (dist/apps/networking/main.js) → backend, routed by
//              an Ingress of a local cluster (Revision, selector-less Service, hand-made
//              EndpointSlice pointing at the backend).
// Each: BENCH_CONNECTIONS connections (default 50), 2 wrk threads, BENCH_WARMUP_SECONDS (1) of
// warm-up, then BENCH_SECONDS (5) measured. Prints req/s and p50/p99 per setup, the gateway's
// req/s as a share of direct, nginx and the node proxy, and its added p50/p99 against them.
// BENCH_GATEWAY_NODE_ARGS adds node flags to the gateway process (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`). nginx and wrk are
// installed from Debian when missing (apt-get, idempotent). Load goes to 127.0.0.1 only; every
// process this script starts is stopped by pid.
//
// Needs the built bundles: node tools/build/build.mjs apps/local-cluster && node tools/build/build.mjs apps/networking
// Usage: npm run bench:gateway
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { call, freePort, root, sleep, startServer, stopServer } from './support/local-cluster.mjs';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);
const TIMEOUT_SECONDS = Number(process.env.BENCH_TIMEOUT_SECONDS ?? 180);
const GATEWAY = path.join(root, 'dist', 'apps', 'networking', 'main.js');
const CLUSTER = path.join(root, 'dist', 'apps', 'local-cluster', 'main.js');
const HOST = 'hello.bench.localhost';
/** Linux USER_HZ: the unit of /proc/<pid>/stat times. */
const CLOCK_TICKS = 100;
const NS = 'bench';
const REVISION = 'hello-00001';

/** Processes this script started, stopped by pid at the end (or on a failure). */
const started = [];

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** nginx and wrk from Debian, installed only when missing. */
function ensureTools() {
  const missing = [['nginx', 'nginx'], ['wrk', 'wrk']].filter(([command]) => !has(command) && !existsSync(`/usr/sbin/${command}`)).map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  console.log(`installing ${missing.join(', ')} with apt-get`);
  const install = () => spawnSync('apt-get', ['install', '-y', ...missing], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
  if (!install()) {
    execFileSync('apt-get', ['update'], { stdio: 'ignore' });
    if (!install()) throw new Error(`apt-get install ${missing.join(' ')} failed: install them by hand`);
  }
}

function track(child, name) {
  started.push({ child, name });
  child.once('exit', () => {
    const at = started.findIndex((s) => s.child === child);
    if (at >= 0) started.splice(at, 1);
  });
  return child;
}

async function stopAll() {
  for (const { child } of [...started].reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

/** GET / with a Host header; resolves with the status (0 on a connection error). */
function get(port, host) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { host }, agent: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

async function untilOk(port, host, what) {
  const deadline = Date.now() + 30_000;
  while ((await get(port, host)) !== 200) {
    if (Date.now() > deadline) throw new Error(`${what} did not answer 200 within 30 s`);
    await sleep(50);
  }
}

async function startBackend() {
  const port = await freePort();
  const source = `require('node:http').createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('hello, world\\n'); }).listen(${port}, '127.0.0.1');`;
  const child = track(spawn(process.execPath, ['-e', source], { stdio: 'ignore' }), 'backend');
  await untilOk(port, '127.0.0.1', 'the backend');
  return { port, pid: child.pid };
}

/** A minimal reverse proxy on node:http: the ceiling of a plain Node proxy on this machine. */
async function startNodeProxy(backendPort) {
  const port = await freePort();
  const source = `const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
http.createServer((req, res) => {
  const up = http.request({ host: '127.0.0.1', port: ${backendPort}, method: req.method, path: req.url, headers: req.headers, agent }, (r) => {
    res.writeHead(r.statusCode, r.headers);
    r.pipe(res);
  });
  up.on('error', () => { res.statusCode = 502; res.end(); });
  req.pipe(up);
}).listen(${port}, '127.0.0.1');`;
  const child = track(spawn(process.execPath, ['-e', source], { stdio: 'ignore' }), 'node proxy');
  await untilOk(port, '127.0.0.1', 'the node proxy');
  return { port, pid: child.pid };
}

async function startNginx(backendPort) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ebb-bench-nginx-'));
  const port = await freePort();
  const conf = `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream backend { server 127.0.0.1:${backendPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
`;
  writeFileSync(path.join(dir, 'nginx.conf'), conf);
  const binary = has('nginx') ? 'nginx' : '/usr/sbin/nginx';
  const child = track(spawn(binary, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' }), 'nginx');
  await untilOk(port, '127.0.0.1', 'nginx');
  return { port, dir, pid: child.pid };
}

/** The local cluster with the CRDs, an Ingress, a Revision, a Service and an EndpointSlice for the backend. */
async function startCluster(backendPort) {
  const server = await startServer('ebb-bench-gateway-');
  const post = async (urlPath, body) => {
    const answer = await call(server, { method: 'POST', path: urlPath, body });
    if (answer.status !== 201) throw new Error(`POST ${urlPath}: ${answer.status} ${answer.body.slice(0, 300)}`);
  };
  const crdDir = path.join(root, 'deploy', 'base', 'crds');
  for (const file of readdirSync(crdDir).filter((f) => f.endsWith('.yaml'))) {
    await post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', parse(readFileSync(path.join(crdDir, file), 'utf8')));
  }
  await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  const create = async (urlPath, body) => {
    for (let i = 0; i < 50; i++) {
      const answer = await call(server, { method: 'POST', path: urlPath, body });
      if (answer.status === 201) return;
      await sleep(100); // a just-created CRD takes a moment to serve
    }
    throw new Error(`POST ${urlPath} did not succeed`);
  };
  await create(`/apis/serving.knative.dev/v1/namespaces/${NS}/revisions`, { apiVersion: 'serving.knative.dev/v1', kind: 'Revision', metadata: { name: REVISION, namespace: NS }, spec: { containers: [{ image: 'dev.local/hello' }] } });
  await create(`/api/v1/namespaces/${NS}/services`, { apiVersion: 'v1', kind: 'Service', metadata: { name: `${REVISION}-private`, namespace: NS }, spec: { ports: [{ name: 'http', port: 80 }] } });
  await create(`/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices`, {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: `${REVISION}-private-bench`, namespace: NS, labels: { 'kubernetes.io/service-name': `${REVISION}-private` } },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }],
    ports: [{ name: 'http', port: backendPort, protocol: 'TCP' }],
  });
  const split = { serviceName: REVISION, serviceNamespace: NS, servicePort: 80, percent: 100, appendHeaders: { 'Knative-Serving-Revision': REVISION, 'Knative-Serving-Namespace': NS } };
  await create(`/apis/networking.internal.knative.dev/v1alpha1/namespaces/${NS}/ingresses`, {
    apiVersion: 'networking.internal.knative.dev/v1alpha1',
    kind: 'Ingress',
    metadata: { name: 'hello', namespace: NS, annotations: { 'networking.knative.dev/ingress.class': 'ebb.ingress.networking.knative.dev' } },
    spec: { httpOption: 'Enabled', rules: [{ hosts: [HOST], visibility: 'ExternalIP', http: { paths: [{ splits: [split] }] } }] },
  });
  return server;
}

async function startGateway(server) {
  const port = await freePort();
  const env = {
    PATH: process.env.PATH ?? '',
    KUBECONFIG: path.join(server.dataDir, 'kubeconfig'),
    EBB_GATEWAY_HOST: '127.0.0.1',
    EBB_GATEWAY_PORT: String(port),
    EBB_ADMIN_HOST: '127.0.0.1',
    EBB_ADMIN_PORT: String(await freePort()),
    EBB_NATS_URL: 'nats://127.0.0.1:1',
    EBB_LOG_LEVEL: 'error',
    EBB_DRAIN_SECONDS: '0',
  };
  const nodeArgs = (process.env.BENCH_GATEWAY_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  const child = track(spawn(process.execPath, [...nodeArgs, GATEWAY], { cwd: root, env, stdio: 'ignore' }), 'gateway');
  await untilOk(port, HOST, 'the gateway');
  return { port, pid: child.pid };
}

/** CPU time (user + system, clock ticks) of a process and its descendants so far; NaN off Linux. */
function cpuTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    let ticks = Number(fields[11]) + Number(fields[12]);
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter((c) => c !== '');
      for (const child of children) ticks += cpuTicks(Number(child));
    }
    return ticks;
  } catch {
    return NaN;
  }
}

/**
 * Runs wrk (warm-up, then the measured run) and returns req/s, p50/p99 in ms and the CPU time
 * per request of the server process `pid` (and its children) in µs: on a shared, busy machine
 * that moves less than req/s does.
 */
function wrk(port, host, pid) {
  const args = (seconds) => ['-t2', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', '-H', `Host: ${host}`, `http://127.0.0.1:${port}/`];
  if (WARMUP_SECONDS > 0) execFileSync('wrk', args(WARMUP_SECONDS), { stdio: 'ignore' });
  const ticksBefore = cpuTicks(pid);
  const out = execFileSync('wrk', args(SECONDS), { encoding: 'utf8' });
  const cpuSeconds = (cpuTicks(pid) - ticksBefore) / CLOCK_TICKS;
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
  const toMs = (value, unit) => Number(value) * ({ us: 0.001, ms: 1, s: 1000 }[unit] ?? NaN);
  const percentile = (p) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(out);
    return m ? toMs(m[1], m[2]) : NaN;
  };
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1];
  if (errors !== undefined) throw new Error(`wrk saw ${errors} non-2xx answers:\n${out}`);
  return { rps, p50: percentile(50), p99: percentile(99), cpuUs: (1e6 * cpuSeconds) / requests };
}

function report(rows) {
  const [direct, nginx, nodeProxy, gateway] = rows;
  console.log('');
  console.log(`${'setup'.padEnd(11)} ${'req/s'.padStart(10)} ${'of direct'.padStart(10)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'cpu µs/req'.padStart(11)}`);
  for (const row of rows) {
    console.log(`${row.name.padEnd(11)} ${Math.round(row.rps).toLocaleString('en-US').padStart(10)} ${`${((100 * row.rps) / direct.rps).toFixed(0)} %`.padStart(10)} ${row.p50.toFixed(2).padStart(8)} ${row.p99.toFixed(2).padStart(8)} ${row.cpuUs.toFixed(1).padStart(11)}`);
  }
  console.log('cpu µs/req: CPU time of the measured server per request (direct: the backend; else the proxy alone)');
  console.log('');
  console.log(`gateway req/s: ${(gateway.rps / direct.rps).toFixed(2)}x direct, ${(gateway.rps / nginx.rps).toFixed(2)}x nginx (goal >= 0.8x nginx), ${(gateway.rps / nodeProxy.rps).toFixed(2)}x node proxy`);
  console.log(`node proxy req/s: ${(nodeProxy.rps / nginx.rps).toFixed(2)}x nginx; added latency vs direct: p50 +${(nodeProxy.p50 - direct.p50).toFixed(2)} ms, p99 +${(nodeProxy.p99 - direct.p99).toFixed(2)} ms`);
  console.log(`gateway added latency vs direct: p50 +${(gateway.p50 - direct.p50).toFixed(2)} ms, p99 +${(gateway.p99 - direct.p99).toFixed(2)} ms (goal p99 <= +1 ms)`);
  console.log(`gateway added latency vs nginx:  p50 ${(gateway.p50 - nginx.p50).toFixed(2)} ms, p99 ${(gateway.p99 - nginx.p99).toFixed(2)} ms`);
  console.log(`nginx added latency vs direct:   p50 +${(nginx.p50 - direct.p50).toFixed(2)} ms, p99 +${(nginx.p99 - direct.p99).toFixed(2)} ms`);
}

async function main() {
  for (const file of [CLUSTER, GATEWAY]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`node tools/build/build.mjs apps/local-cluster && node tools/build/build.mjs apps/networking\` first`);
  }
  ensureTools();
  const timer = setTimeout(() => {
    console.error(`bench:gateway did not finish in ${TIMEOUT_SECONDS} s`);
    void stopAll().finally(() => process.exit(1));
  }, TIMEOUT_SECONDS * 1000);
  console.log(`bench:gateway — wrk -t2 -c${CONNECTIONS} -d${SECONDS}s (after ${WARMUP_SECONDS}s warm-up), 13-byte body, 127.0.0.1`);
  let server;
  let nginxDir;
  try {
    const backend = await startBackend();
    const backendPort = backend.port;
    const rows = [{ name: 'direct', ...wrk(backendPort, '127.0.0.1', backend.pid) }];
    const nginx = await startNginx(backendPort);
    nginxDir = nginx.dir;
    rows.push({ name: 'nginx', ...wrk(nginx.port, '127.0.0.1', nginx.pid) });
    const nodeProxy = await startNodeProxy(backendPort);
    rows.push({ name: 'node proxy', ...wrk(nodeProxy.port, '127.0.0.1', nodeProxy.pid) });
    server = await startCluster(backendPort);
    const gateway = await startGateway(server);
    rows.push({ name: 'gateway', ...wrk(gateway.port, HOST, gateway.pid) });
    report(rows);
  } finally {
    await stopAll();
    if (server) await stopServer(server);
    if (nginxDir) rmSync(nginxDir, { recursive: true, force: true });
    clearTimeout(timer);
  }
}

await main();
