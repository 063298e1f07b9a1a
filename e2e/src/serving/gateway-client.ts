// Requests to the platform's gateway as a user sends them: to 127.0.0.1:<port> with the Route's
// host in the Host header (what `curl http://hello.default.localhost:<port>` does), over one
// keep-alive agent so that a thousand requests take a moment.
import { atRate } from '@ebb/testing';
import { Agent, request } from 'node:http';

/** One answer of the gateway. */
export interface GatewayAnswer {
  readonly status: number;
  readonly body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

/** Without keep-alive: every request a new connection, as `curl` sends it. */
const oneShot = new Agent({ keepAlive: false, maxSockets: Infinity });

/** GET `path` on the gateway at 127.0.0.1:`port` for `host`, on a pooled keep-alive connection. */
export function gatewayGet(port: number, host: string, path = '/', timeoutMs = 30_000): Promise<GatewayAnswer> {
  return getWith(agent, { port, host, path }, timeoutMs);
}

/** The same on a new connection, which a load balancer in front may send to another gateway replica. */
export function gatewayGetFresh(port: number, host: string, path = '/'): Promise<GatewayAnswer> {
  return getWith(oneShot, { port, host, path }, 30_000);
}

/** Sends `count` GETs, `concurrency` at a time, and counts the bodies (non-200 answers as `<status>`). */
export async function tally(port: number, host: string, count: number, concurrency = 8): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next += 1;
      const answer = await gatewayGet(port, host);
      const key = answer.status === 200 ? answer.body.trim() : `${answer.status}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return seen;
}

/** Closes the pooled connections. */
export function closeGatewayClient(): void {
  agent.destroy();
  oneShot.destroy();
}

/** One answer of a load run, with the request's index. */
export interface LoadAnswer extends GatewayAnswer {
  readonly index: number;
}

/** Sends `count` GETs all at once (each on its own connection), `path(i)` for the i-th; every answer, in order. */
export async function burst(port: number, host: string, count: number, path: (index: number) => string): Promise<LoadAnswer[]> {
  const wide = new Agent({ keepAlive: false, maxSockets: count });
  try {
    return await Promise.all(
      Array.from({ length: count }, async (_, index) => {
        const answer = await getWith(wide, { port, host, path: path(index) }).catch((error: Error) => ({ status: 0, body: error.message }));
        return { ...answer, index };
      }),
    );
  } finally {
    wide.destroy();
  }
}

/** A running closed-loop load: `concurrency` clients, each sending its next GET when the last one is answered. */
export interface ClosedLoop {
  /** Stops the clients after their current request; every answer that was not a 200. */
  stop(): Promise<{ readonly sent: number; readonly ok: number; readonly failures: readonly string[] }>;
}

/** Starts a closed-loop load of `concurrency` clients on `path` (see {@link ClosedLoop}). */
export function closedLoop(port: number, host: string, concurrency: number, path: string): ClosedLoop {
  const own = new Agent({ keepAlive: true, maxSockets: concurrency });
  let running = true;
  let sent = 0;
  let ok = 0;
  const failures: string[] = [];
  const client = async (): Promise<void> => {
    while (running) {
      sent += 1;
      const answer = await getWith(own, { port, host, path }).catch((error: Error) => ({ status: 0, body: error.message }));
      if (answer.status === 200) ok += 1;
      else failures.push(`${new Date().toISOString()} ${answer.status} ${answer.body.slice(0, 200)}`);
    }
  };
  const clients = Array.from({ length: concurrency }, client);
  return {
    stop: async () => {
      running = false;
      await Promise.all(clients);
      own.destroy();
      return { sent, ok, failures };
    },
  };
}

/** Where a GET goes: the gateway's port, the Host header and the path. */
interface Target {
  readonly port: number;
  readonly host: string;
  readonly path: string;
}

function getWith(through: Agent, { port, host, path }: Target, timeoutMs = 120_000): Promise<GatewayAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host }, agent: through, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET http://${host}${path}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** What a {@link steadyLoad} run saw. */
export interface SteadyLoadReport {
  readonly sent: number;
  readonly ok: number;
  /** Every answer that was not a 200, with its time. */
  readonly failures: readonly string[];
  /** 200 answers by the revision that served them (the echo example's `knative-serving-revision` request header). */
  readonly byRevision: ReadonlyMap<string, number>;
  /** Requests sent again after their connection failed without an HTTP answer (see {@link SteadyLoadOptions}). */
  readonly resent: readonly string[];
}

/** Options of {@link steadyLoad}. */
export interface SteadyLoadOptions {
  /**
   * How often a request whose connection failed with no HTTP answer at all (refused, reset,
   * closed) is sent again, as Knative's HA tests' client does (its spoofing client retries
   * connection errors): when a load balancer's target dies, a connection it had open dies with
   * it whatever the platform does. An HTTP error status is never retried. Default 0.
   */
  readonly connectionRetries?: number;
}

/** The revision an echo answer names, '' when the body is not one. */
export function servingRevision(body: string): string {
  try {
    const headers = (JSON.parse(body) as { headers?: Record<string, string> }).headers;
    return headers?.['knative-serving-revision'] ?? '';
  } catch {
    return '';
  }
}

/**
 * An open-loop load on the gateway: `ratePerSecond` GETs whatever the answers take (as users
 * send them, not waiting on each other), each on a new connection as `curl` would, until
 * stop(), which waits for the answers still outstanding. Only to 127.0.0.1.
 */
export function steadyLoad(port: number, host: string, ratePerSecond: number, options: SteadyLoadOptions = {}): { stop: () => Promise<SteadyLoadReport> } {
  let sent = 0;
  let ok = 0;
  const failures: string[] = [];
  const resent: string[] = [];
  const byRevision = new Map<string, number>();
  const attempt = async (retriesLeft: number): Promise<GatewayAnswer> => {
    try {
      return await gatewayGetFresh(port, host);
    } catch (error) {
      if (retriesLeft <= 0) return { status: 0, body: (error as Error).message };
      resent.push(`${new Date().toISOString()} ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      return attempt(retriesLeft - 1);
    }
  };
  const shoot = async (): Promise<void> => {
    sent += 1;
    const answer = await attempt(options.connectionRetries ?? 0);
    if (answer.status !== 200) {
      failures.push(`${new Date().toISOString()} ${answer.status} ${answer.body.slice(0, 200)}`);
      return;
    }
    ok += 1;
    const revision = servingRevision(answer.body);
    byRevision.set(revision, (byRevision.get(revision) ?? 0) + 1);
  };
  const shots = atRate(ratePerSecond, shoot);
  return {
    stop: async () => {
      await shots.stop();
      return { sent, ok, failures, byRevision, resent };
    },
  };
}
