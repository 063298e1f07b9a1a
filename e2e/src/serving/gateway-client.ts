// Requests to the platform's gateway as a user sends them: to 127.0.0.1:<port> with the Route's
// host in the Host header (what `curl http://hello.default.localhost:<port>` does), over one
// keep-alive agent so that a thousand requests take a moment.
import { Agent, request } from 'node:http';

/** One answer of the gateway. */
export interface GatewayAnswer {
  readonly status: number;
  readonly body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

/** GET `path` on the gateway at 127.0.0.1:`port` for `host`. */
export function gatewayGet(port: number, host: string, path = '/', timeoutMs = 30_000): Promise<GatewayAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host }, agent, timeout: timeoutMs }, (res) => {
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
}
