#!/usr/bin/env node
// bench/apiserver: the local cluster's API server over HTTPS (keep-alive, bearer token) against
// its own storage called in-process, both measured in this run on the same operations:
//   - creates/s: BENCH_OBJECTS ConfigMaps created, BENCH_CONCURRENCY in flight at a time;
//   - gets/s: each of them read once, same concurrency;
//   - watch fan-out: BENCH_WATCHERS watches open, then BENCH_OBJECTS creates one after another;
//     for each, the time from starting the write to the last watcher receiving it (p50/p99/max),
//     and for the server also from the write's acknowledgement to the last watcher.
// Prints each figure and the server/store ratio (BENCH_ONLY=store measures the store alone). Bounded: a fixed number of objects, 127.0.0.1
// only, and the whole run is killed after BENCH_TIMEOUT_SECONDS (default 300).
//
// Needs the built server: node tools/build/build.mjs apps/local-cluster
// Usage: npm run bench:apiserver
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadTsModule } from '../tools/build/load-ts.mjs';
import { expectStatus, latencies, openWatch, pool, rate, startServer, stopServer } from './support/local-cluster.mjs';
const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const WATCHERS = Number(process.env.BENCH_WATCHERS ?? 10);
const TIMEOUT_SECONDS = Number(process.env.BENCH_TIMEOUT_SECONDS ?? 300);

const names = Array.from({ length: OBJECTS }, (_, i) => `bench-${String(i).padStart(5, '0')}`);

function configMap(name, namespace) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels: { app: 'bench' } }, data: { greeting: 'hello', index: name } };
}

/** Fan-out bookkeeping: when each object reached each watcher. */
function fanOut(watchers) {
  const arrivals = new Map();
  const done = new Map();
  const waiters = new Map();
  const seen = (name, at) => {
    const count = (arrivals.get(name) ?? 0) + 1;
    arrivals.set(name, count);
    if (count === watchers) {
      done.set(name, at);
      waiters.get(name)?.();
    }
  };
  const allReceived = (name) => (done.has(name) ? Promise.resolve() : new Promise((resolve) => waiters.set(name, resolve)));
  return { seen, allReceived, doneAt: (name) => done.get(name) };
}

async function benchServer() {
  const server = await startServer('ebb-bench-apiserver-');
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    for (const ns of ['bench', 'bench-watch']) await expectStatus(server, { method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, agent }, 201);
    let started = performance.now();
    await pool(names, CONCURRENCY, (name) => expectStatus(server, { method: 'POST', path: '/api/v1/namespaces/bench/configmaps', body: configMap(name, 'bench'), agent }, 201));
    const creates = rate(`server: creates over HTTPS (${CONCURRENCY} in flight)`, OBJECTS, performance.now() - started);
    started = performance.now();
    await pool(names, CONCURRENCY, (name) => expectStatus(server, { path: `/api/v1/namespaces/bench/configmaps/${name}`, agent }, 200));
    const gets = rate(`server: gets over HTTPS (${CONCURRENCY} in flight)`, OBJECTS, performance.now() - started);

    const list = JSON.parse((await expectStatus(server, { path: '/api/v1/namespaces/bench-watch/configmaps', agent }, 200)).body);
    const tracker = fanOut(WATCHERS);
    const streams = [];
    for (let i = 0; i < WATCHERS; i++) {
      streams.push(await openWatch(server, `/api/v1/namespaces/bench-watch/configmaps?watch=true&resourceVersion=${list.metadata.resourceVersion}`, (event, at) => tracker.seen(event.object?.metadata?.name, at)));
    }
    const fromStart = [];
    const fromAck = [];
    for (const name of names) {
      const begun = performance.now();
      await expectStatus(server, { method: 'POST', path: '/api/v1/namespaces/bench-watch/configmaps', body: configMap(name, 'bench-watch'), agent }, 201);
      const acked = performance.now();
      await tracker.allReceived(name);
      fromStart.push(tracker.doneAt(name) - begun);
      fromAck.push(Math.max(0, tracker.doneAt(name) - acked));
    }
    for (const stream of streams) stream.destroy();
    const fan = latencies(`server: write start -> all ${WATCHERS} watchers`, fromStart);
    latencies(`server: write ack -> all ${WATCHERS} watchers`, fromAck);
    return { creates, gets, fan };
  } finally {
    agent.destroy();
    await stopServer(server);
  }
}

// ---------------------------------------------------------------------------------------------
// The store in-process

function storedObject(name, namespace, index) {
  return { ...configMap(name, namespace), metadata: { name, namespace, labels: { app: 'bench' }, uid: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, creationTimestamp: '2026-01-01T00:00:00Z' } };
}

async function benchStore() {
  const { SqliteStore } = await loadTsModule('apps/local-cluster/src/storage/sqlite-store.ts');
  const dir = mkdtempSync(path.join(tmpdir(), 'ebb-bench-store-'));
  const store = SqliteStore.open({ file: path.join(dir, 'store.db') });
  const key = (namespace, name) => ({ group: '', resource: 'configmaps', namespace, name });
  try {
    let started = performance.now();
    names.forEach((name, i) => store.create(key('bench', name), storedObject(name, 'bench', i)));
    const creates = rate('store: creates in-process', OBJECTS, performance.now() - started);
    started = performance.now();
    for (const name of names) if (!store.get(key('bench', name))) throw new Error(`store lost ${name}`);
    const gets = rate('store: gets in-process', OBJECTS, performance.now() - started);

    const tracker = fanOut(WATCHERS);
    const after = store.currentRevision();
    const watches = Array.from({ length: WATCHERS }, () => store.watch({ group: '', resource: 'configmaps', after }, (event) => tracker.seen(event.key.name, performance.now())));
    const fromStart = [];
    for (const [i, name] of names.entries()) {
      const begun = performance.now();
      store.create(key('bench-watch', name), storedObject(name, 'bench-watch', i));
      await tracker.allReceived(name);
      fromStart.push(tracker.doneAt(name) - begun);
    }
    for (const watch of watches) watch.stop();
    const fan = latencies(`store: write start -> all ${WATCHERS} watchers`, fromStart);
    return { creates, gets, fan };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const timer = setTimeout(() => {
    console.error(`bench:apiserver did not finish in ${TIMEOUT_SECONDS} s`);
    process.exit(1);
  }, TIMEOUT_SECONDS * 1000);
  console.log(`bench:apiserver — ${OBJECTS} ConfigMaps, ${CONCURRENCY} requests in flight, ${WATCHERS} watchers, 127.0.0.1`);
  const store = await benchStore();
  if (process.env.BENCH_ONLY === 'store') return clearTimeout(timer);
  const server = await benchServer();
  console.log(`ratio: creates/s server / store = ${(server.creates / store.creates).toFixed(3)}`);
  console.log(`ratio: gets/s server / store = ${(server.gets / store.gets).toFixed(3)}`);
  console.log(`ratio: fan-out p50 latency server / store = ${(server.fan / Math.max(store.fan, 0.001)).toFixed(1)}`);
  clearTimeout(timer);
}

await main();
