// The echo example: a test workload for the local cluster's end-to-end and load tests. It
// listens on $PORT (default 8080; on $HOST if set, else every address) and answers each request
// with what it received (method, path, query, headers, body) as JSON, plus knobs that tests turn:
//   ?delay=<ms> (or env DELAY_MS)  wait before answering (load tests, draining)
//   ?status=<code>                 answer with that status
//   ?exit=<code>                   exit with that code after answering (crash-loop tests)
//   /healthz                       200 (liveness)
//   /ready                         200, or 503 while the file named by $NOT_READY_FILE exists
//                                  or the server is draining (readiness)
//   IGNORE_SIGTERM=1               ignore SIGTERM (grace-period tests); else SIGTERM drains
//                                  in-flight requests and exits 0
//   DRAIN_DELAY_MS=<ms>            after SIGTERM keep accepting new connections this long
//                                  (default 1000) while /ready says 503, so load balancers
//                                  that still list the pod (EndpointSlices update a moment
//                                  after the pod starts terminating) get answers, then close
//   SHUTDOWN_LOG=<file>            appends "SIGTERM" (or "SIGTERM ignored") and "exit 0" lines
//                                  there, so a test can tell a clean exit from a kill after the pod
//                                  and its logs are gone
// Every request is logged as one JSON line on stdout with `inFlight`: the requests this process
// was serving when it arrived, itself included (the body carries it too), so a test can prove a
// containerConcurrency limit (never above it) and count each request exactly once across pods.
// Plain Node, no dependencies.
import { appendFileSync, existsSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST || undefined;
const defaultDelayMs = Number(process.env.DELAY_MS ?? 0);
const notReadyFile = process.env.NOT_READY_FILE || undefined;
const ignoreSigterm = process.env.IGNORE_SIGTERM === '1';
const shutdownLog = process.env.SHUTDOWN_LOG || undefined;
const drainDelayMs = Number(process.env.DRAIN_DELAY_MS ?? 1000);
const identity = { hostname: process.env.HOSTNAME || os.hostname(), pid: process.pid };

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_DELAY_MS = 10 * 60 * 1000;

let draining = false;
/** Requests being served now (echo requests only: probes are not counted). */
let inFlight = 0;

/** One JSON log line on stdout. */
function log(fields) {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...fields })}\n`);
}

/** A line in $SHUTDOWN_LOG, when set. */
function noteShutdown(line) {
  if (shutdownLog !== undefined) appendFileSync(shutdownLog, `${line}\n`);
}

/** A query parameter as an integer in [min, max]; undefined when absent; throws a message when bad. */
function integerParam(query, name, min, max) {
  const text = query.get(name);
  if (text === null) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new Error(`?${name} must be an integer from ${min} to ${max}, got "${text}"`);
  return value;
}

function send(res, status, value) {
  const body = typeof value === 'string' ? value : `${JSON.stringify(value)}\n`;
  const type = typeof value === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(Object.assign(new Error(`body larger than ${MAX_BODY_BYTES} bytes`), { status: 413 }));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function knobs(query) {
  try {
    return {
      delayMs: integerParam(query, 'delay', 0, MAX_DELAY_MS) ?? defaultDelayMs,
      status: integerParam(query, 'status', 200, 599) ?? 200,
      exit: integerParam(query, 'exit', 0, 255),
    };
  } catch (error) {
    return { error: error.message };
  }
}

async function echo(req, res, url) {
  inFlight += 1;
  const arrivedWith = inFlight;
  res.locals = { inFlight: arrivedWith };
  res.once('close', () => {
    inFlight -= 1;
  });
  const settings = knobs(url.searchParams);
  if (settings.error !== undefined) return send(res, 400, { error: settings.error });
  let body;
  try {
    body = await readBody(req);
  } catch (error) {
    return send(res, error.status ?? 400, { error: error.message });
  }
  if (settings.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, settings.delayMs));
  if (settings.exit !== undefined) res.on('finish', () => exitAfterAnswer(settings.exit));
  const query = Object.fromEntries(url.searchParams);
  send(res, settings.status, { method: req.method, path: url.pathname, query, headers: req.headers, body, inFlight: arrivedWith, ...identity });
}

function exitAfterAnswer(code) {
  log({ msg: 'exiting as asked', exitCode: code });
  process.exit(code);
}

function ready(res) {
  if (draining) return send(res, 503, 'draining\n');
  if (notReadyFile !== undefined && existsSync(notReadyFile)) return send(res, 503, `not ready: ${notReadyFile} exists\n`);
  return send(res, 200, 'ready\n');
}

function handle(req, res) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/healthz') return send(res, 200, 'ok\n');
  if (url.pathname === '/ready') return ready(res);
  return echo(req, res, url);
}

const server = http.createServer((req, res) => {
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e3) / 1e3;
    log({ msg: 'request', method: req.method, url: req.url, status: res.statusCode, durationMs, remote: req.socket.remoteAddress, inFlight: res.locals?.inFlight });
  });
  Promise.resolve(handle(req, res)).catch((error) => {
    log({ msg: 'handler failed', error: String(error) });
    if (!res.headersSent) send(res, 500, { error: String(error) });
  });
});

server.listen(port, host, () => {
  const address = server.address();
  log({ msg: 'listening', port: address.port, address: address.address, pid: process.pid });
});

function drain(signal) {
  if (draining) return;
  draining = true;
  log({ msg: 'draining', signal, delayMs: drainDelayMs });
  setTimeout(closeServer, signal === 'SIGTERM' ? drainDelayMs : 0);
}

function closeServer() {
  server.close(() => {
    log({ msg: 'stopped' });
    noteShutdown('exit 0');
    process.exit(0);
  });
  // Idle keep-alive connections would hold close() open; in-flight requests finish first.
  server.closeIdleConnections();
  setInterval(() => server.closeIdleConnections(), 100).unref();
}

process.on('SIGTERM', () => {
  if (ignoreSigterm) {
    noteShutdown('SIGTERM ignored');
    log({ msg: 'ignoring SIGTERM (IGNORE_SIGTERM=1)' });
    return;
  }
  noteShutdown('SIGTERM');
  drain('SIGTERM');
});
process.on('SIGINT', () => drain('SIGINT'));
