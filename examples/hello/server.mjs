// The hello example: the smallest Knative-style service. It listens on $PORT (Knative's runtime
// contract; 8080 when unset), answers every request with "Hello <TARGET>!", logs one JSON line
// per request to stdout, and on SIGTERM stops accepting connections, finishes what is in
// flight and exits 0. Plain Node, no dependencies: it runs as a local image (ebb-image.json)
// or in a FROM scratch container (examples/build-image.sh).
import http from 'node:http';

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST || undefined;
const target = process.env.TARGET || 'World';

/** One JSON log line on stdout. */
function log(fields) {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...fields })}\n`);
}

const server = http.createServer((req, res) => {
  const started = process.hrtime.bigint();
  const body = `Hello ${target}!\n`;
  res.on('finish', () => {
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    log({ msg: 'request', method: req.method, url: req.url, status: res.statusCode, durationMs: Math.round(durationMs * 1000) / 1000 });
  });
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});

server.listen(port, host, () => {
  const address = server.address();
  log({ msg: 'listening', port: address.port, address: address.address, pid: process.pid });
});

function shutdown(signal) {
  log({ msg: 'shutting down', signal });
  server.close(() => {
    log({ msg: 'stopped' });
    process.exit(0);
  });
  // Keep-alive connections that sit idle would hold close() open; in-flight requests finish.
  server.closeIdleConnections();
  setInterval(() => server.closeIdleConnections(), 100).unref();
}

process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
