// Spec of the Istio translator's ingress prober (ISTIO.md §4 "Probe"): the pure verdict, backoff
// and target signature as tables, then `sendProbe` and `IngressProber` against real node:http
// servers on 127.0.0.1 — what a probe request carries, how answers, refusals and silence map to a
// verdict, and when an Ingress counts as ready (all targets, its current hash, not after cancel).
// Waits poll on conditions; "nothing more happens" is judged after a canary prober has retried
// several times, so no assertion depends on a fixed sleep.
import { waitFor } from '@ebb/testing';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IngressProber, nextRetryDelay, probeVerdict, sendProbe, targetsSignature, type ProbeVerdict } from './ingress-prober.js';
import type { ProbeTarget } from './resources/probe-targets.js';

const HASH = 'a60946a43f4ed91f795f5e6de021a74b133c5a32bdfa1bf015e5832dff38ec6a';
const KEY = 'default/web';
const URL_80 = 'http://web.default.localhost:80/healthz';

/** What a test server answers: a status with an optional `K-Network-Hash`, or nothing at all. */
type Answer = { readonly status: number; readonly hash?: string } | 'hang';

/** A request as the server saw it. */
interface Received {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly headers: IncomingHttpHeaders;
}

/** A real HTTP server on 127.0.0.1 that records each request and answers with `respond(n)` (n counts from 1). */
class ProbedServer {
  readonly requests: Received[] = [];
  private readonly server: Server;

  private constructor(private readonly respond: (n: number, req: IncomingMessage) => Answer) {
    this.server = createServer((req, res) => {
      this.requests.push({ method: req.method, url: req.url, headers: req.headers });
      const answer = this.respond(this.requests.length, req);
      if (answer === 'hang') return;
      res.writeHead(answer.status, answer.hash === undefined ? {} : { 'K-Network-Hash': answer.hash });
      res.end();
    });
  }

  /** Listens on an ephemeral port of 127.0.0.1. */
  static async start(respond: (n: number, req: IncomingMessage) => Answer): Promise<ProbedServer> {
    const server = new ProbedServer(respond);
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** A target whose connection goes to this server, asking for `url`. */
  target(url = URL_80): ProbeTarget {
    return { url, address: '127.0.0.1', port: this.port };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A port nobody listens on: one a server held and gave back. */
async function closedPort(): Promise<number> {
  const server = await ProbedServer.start(() => ({ status: 200 }));
  const { port } = server;
  await server.close();
  return port;
}

/** Servers started by the running test, closed after it. */
let servers: ProbedServer[] = [];
/** Probers made by the running test, closed after it. */
let probers: IngressProber[] = [];

async function serve(respond: (n: number, req: IncomingMessage) => Answer): Promise<ProbedServer> {
  const server = await ProbedServer.start(respond);
  servers.push(server);
  return server;
}

/** A prober probing at once (no first delay) that records its onReady calls. */
function recordingProber(): { prober: IngressProber; ready: [string, number][] } {
  const ready: [string, number][] = [];
  const prober = new IngressProber({ onReady: (key, targets) => ready.push([key, targets]), firstDelayMs: 0 });
  probers.push(prober);
  return { prober, ready };
}

/**
 * Lets several retry intervals pass, measured by a canary: a separate prober retrying a 503 server
 * until it has sent 4 probes (0, 50, 150, 350 ms after its start) — longer than any retry the
 * tests' probers would still have pending.
 */
async function letRetriesPass(): Promise<void> {
  const canary = await serve(() => ({ status: 503 }));
  const { prober } = recordingProber();
  prober.isReady('canary/canary', 'canary-hash', [canary.target()]);
  await waitFor(() => canary.requests.length >= 4, { description: 'the canary to retry 4 times', intervalMs: 5 });
  prober.close();
}

afterEach(async () => {
  for (const prober of probers) prober.close();
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  probers = [];
});

describe('probeVerdict (knative/networking status.go)', () => {
  it.each<{ name: string; status: number; answered: string | undefined; want: ProbeVerdict }>([
    { name: '200 with the hash', status: 200, answered: HASH, want: 'ready' },
    { name: '200 without a hash header', status: 200, answered: undefined, want: 'ready' },
    { name: '200 with another hash', status: 200, answered: 'other-hash', want: 'retry' },
    { name: '404', status: 404, answered: undefined, want: 'retry' },
    { name: '503', status: 503, answered: undefined, want: 'retry' },
    { name: '404 with the hash', status: 404, answered: HASH, want: 'retry' },
    { name: '500 (any other status counts as ready)', status: 500, answered: undefined, want: 'ready' },
    { name: '302', status: 302, answered: undefined, want: 'ready' },
    { name: '401', status: 401, answered: undefined, want: 'ready' },
  ])('$name → $want', ({ status, answered, want }) => {
    expect(probeVerdict(status, answered, HASH)).toBe(want);
  });
});

describe('nextRetryDelay', () => {
  it.each<{ after: string; previous: number | undefined; want: number }>([
    { after: 'nothing (the first retry)', previous: undefined, want: 50 },
    { after: '50 ms', previous: 50, want: 100 },
    { after: '100 ms', previous: 100, want: 200 },
    { after: '200 ms', previous: 200, want: 400 },
    { after: '12.8 s', previous: 12_800, want: 25_600 },
    { after: '25.6 s (capped)', previous: 25_600, want: 30_000 },
    { after: '30 s (the cap)', previous: 30_000, want: 30_000 },
  ])('after $after → $want ms', ({ previous, want }) => {
    expect(nextRetryDelay(previous)).toBe(want);
  });

  it('doubles from 50 ms up to the 30 s cap and stays there', () => {
    const delays: number[] = [];
    let delay: number | undefined;
    for (let i = 0; i < 12; i += 1) delays.push((delay = nextRetryDelay(delay)));
    expect(delays).toEqual([50, 100, 200, 400, 800, 1600, 3200, 6400, 12_800, 25_600, 30_000, 30_000]);
  });
});

describe('targetsSignature', () => {
  const a: ProbeTarget = { url: 'http://a.example.com:80/healthz', address: '10.0.0.1', port: 8080 };
  const b: ProbeTarget = { url: 'https://a.example.com:443/healthz', address: '10.0.0.2', port: 8443 };
  const c: ProbeTarget = { url: 'http://a.example.com:80/healthz', address: '10.0.0.3', port: 8080 };

  it('does not depend on the order of the targets', () => {
    expect(targetsSignature([a, b, c])).toBe(targetsSignature([c, a, b]));
  });

  it.each<[string, ProbeTarget[]]>([
    ['another address', [a, b, { ...c, address: '10.0.0.4' }]],
    ['another port', [a, b, { ...c, port: 9090 }]],
    ['another URL', [a, b, { ...c, url: 'http://b.example.com:80/healthz' }]],
    ['a target less', [a, b]],
  ])('differs with %s', (_name, targets) => {
    expect(targetsSignature(targets)).not.toBe(targetsSignature([a, b, c]));
  });
});

describe('sendProbe against a real server', () => {
  it.each([
    { url: URL_80, host: 'web.default.localhost:80', path: '/healthz' },
    { url: 'http://web.default.localhost:8080/healthz', host: 'web.default.localhost:8080', path: '/healthz' },
  ])('GETs the path of $url with Host $host and the probe headers, connecting to the target address', async ({ url, host, path }) => {
    const server = await serve(() => ({ status: 200, hash: HASH }));
    await sendProbe(server.target(url), HASH);
    expect(server.requests).toHaveLength(1);
    const [got] = server.requests;
    expect({ method: got?.method, url: got?.url }).toEqual({ method: 'GET', url: path });
    expect(got?.headers).toMatchObject({ host, 'user-agent': 'Knative-Ingress-Probe', 'k-network-probe': 'probe', 'k-network-hash': 'override' });
  });

  it.each<{ name: string; answer: Answer; want: ProbeVerdict }>([
    { name: '200 with the hash', answer: { status: 200, hash: HASH }, want: 'ready' },
    { name: '200 without a hash', answer: { status: 200 }, want: 'ready' },
    { name: '200 with another hash', answer: { status: 200, hash: 'old-hash' }, want: 'retry' },
    { name: '404', answer: { status: 404 }, want: 'retry' },
    { name: '503', answer: { status: 503 }, want: 'retry' },
    { name: '500', answer: { status: 500 }, want: 'ready' },
  ])('maps an answer of $name to $want', async ({ answer, want }) => {
    const server = await serve(() => answer);
    await expect(sendProbe(server.target(), HASH)).resolves.toBe(want);
  });

  it('retries when the connection is refused', async () => {
    const port = await closedPort();
    await expect(sendProbe({ url: URL_80, address: '127.0.0.1', port }, HASH)).resolves.toBe('retry');
  });

  it('retries when the server never answers (the probe times out after 1 s)', async () => {
    const server = await serve(() => 'hang');
    await expect(sendProbe(server.target(), HASH)).resolves.toBe('retry');
    expect(server.requests).toHaveLength(1);
  });
});

describe('IngressProber with real servers', () => {
  it('retries a target answering 503 until it serves the hash, then calls onReady once', async () => {
    const server = await serve((n) => (n <= 2 ? { status: 503 } : { status: 200, hash: HASH }));
    const { prober, ready } = recordingProber();
    expect(prober.isReady(KEY, HASH, [server.target()])).toBe(false);
    await waitFor(() => ready.length > 0, { description: 'onReady', intervalMs: 5 });
    expect(ready).toEqual([[KEY, 1]]);
    expect(server.requests).toHaveLength(3);
    expect(prober.isReady(KEY, HASH, [server.target()])).toBe(true);
    expect(server.requests).toHaveLength(3);
  });

  it('with two targets, is ready only once both serve the hash (target order does not matter)', async () => {
    let released = false;
    const quick = await serve(() => ({ status: 200, hash: HASH }));
    const slow = await serve(() => (released ? { status: 200, hash: HASH } : { status: 503 }));
    const { prober, ready } = recordingProber();
    expect(prober.isReady(KEY, HASH, [quick.target(), slow.target()])).toBe(false);
    await waitFor(() => quick.requests.length >= 1 && slow.requests.length >= 2, { description: 'both targets probed', intervalMs: 5 });
    expect(prober.isReady(KEY, HASH, [slow.target(), quick.target()])).toBe(false);
    expect(ready).toEqual([]);
    released = true;
    await waitFor(() => ready.length > 0, { description: 'onReady', intervalMs: 5 });
    expect(ready).toEqual([[KEY, 2]]);
    expect(prober.isReady(KEY, HASH, [slow.target(), quick.target()])).toBe(true);
    expect(quick.requests).toHaveLength(1);
  });

  it('without targets is ready at once and never calls onReady', async () => {
    const { prober, ready } = recordingProber();
    expect(prober.isReady(KEY, HASH, [])).toBe(true);
    expect(prober.isReady(KEY, HASH, [])).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(ready).toEqual([]);
  });

  it('starts over for a new hash: the superseded run finishing calls no onReady', async () => {
    const NEW_HASH = 'b'.repeat(64);
    const { prober, ready } = recordingProber();
    const restart: { target?: ProbeTarget } = {};
    // 1: the old run, 503. 2: still the old run — the hash changes meanwhile and this probe answers
    // "ready" for any hash. 3 and 4: the new run, 503. Then the new hash is served.
    const server = await serve((n) => {
      if (n === 2 && restart.target !== undefined) prober.isReady(KEY, NEW_HASH, [restart.target]);
      if (n === 2) return { status: 200 };
      return n <= 4 ? { status: 503 } : { status: 200, hash: NEW_HASH };
    });
    const target = server.target();
    restart.target = target;
    expect(prober.isReady(KEY, HASH, [target])).toBe(false);
    await waitFor(() => server.requests.length >= 5 && ready.length > 0, { description: 'the new hash served', intervalMs: 5 });
    expect(ready).toEqual([[KEY, 1]]);
    expect(server.requests).toHaveLength(5);
    expect(prober.isReady(KEY, NEW_HASH, [target])).toBe(true);
  });

  it('cancel stops a run: the server sees no more probes and onReady is not called', async () => {
    const { prober, ready } = recordingProber();
    const server = await serve((n) => {
      if (n === 2) prober.cancel(KEY);
      return n <= 2 ? { status: 503 } : { status: 200, hash: HASH };
    });
    expect(prober.isReady(KEY, HASH, [server.target()])).toBe(false);
    await waitFor(() => server.requests.length >= 2, { description: 'two probes', intervalMs: 5 });
    await letRetriesPass();
    expect(server.requests).toHaveLength(2);
    expect(ready).toEqual([]);
  });

  it('after cancel, asking again starts a fresh run', async () => {
    const server = await serve((n) => (n === 1 ? { status: 503 } : { status: 200, hash: HASH }));
    const { prober, ready } = recordingProber();
    expect(prober.isReady(KEY, HASH, [server.target()])).toBe(false);
    await waitFor(() => server.requests.length >= 1, { description: 'a probe', intervalMs: 5 });
    prober.cancel(KEY);
    expect(prober.isReady(KEY, HASH, [server.target()])).toBe(false);
    await waitFor(() => ready.length > 0, { description: 'onReady', intervalMs: 5 });
    expect(ready).toEqual([[KEY, 1]]);
  });

  it('close stops every run', async () => {
    const { prober, ready } = recordingProber();
    let closed = false;
    let otherAtClose = 0;
    const other = await serve(() => (closed ? { status: 200, hash: HASH } : { status: 503 }));
    const first = await serve((n) => {
      if (!closed && n >= 2 && other.requests.length >= 1) {
        prober.close();
        closed = true;
        otherAtClose = other.requests.length;
      }
      return closed ? { status: 200, hash: HASH } : { status: 503 };
    });
    expect(prober.isReady(KEY, HASH, [first.target()])).toBe(false);
    expect(prober.isReady('default/other', HASH, [other.target()])).toBe(false);
    await waitFor(() => closed, { description: 'the prober closed', intervalMs: 5 });
    const firstAtClose = first.requests.length;
    await letRetriesPass();
    expect(first.requests).toHaveLength(firstAtClose);
    // A probe already on its way to the other server may still arrive; nothing after it.
    expect(other.requests.length).toBeLessThanOrEqual(otherAtClose + 1);
    expect(ready).toEqual([]);
  });
});
