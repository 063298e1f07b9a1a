// forward()'s retry hook (onRetryable) between real node:http servers on 127.0.0.1: a refused
// connection is handed to the hook, which retries elsewhere with the body intact; a connection
// that was up is retried only for a bodiless GET on a reused keep-alive connection that the
// endpoint dropped unanswered (Go's http.Transport rule).
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalServers } from '@ebb/testing';
import type { Endpoint } from '../endpoints/endpoints.js';
import { forward, type ForwardOptions } from './forward.js';
import { UpstreamPool } from './upstream-pool.js';

const local = new LocalServers();
const pool = new UpstreamPool();

afterAll(async () => {
  pool.close();
  await local.closeAll();
});

const listen = (server: Server): Promise<number> => local.listen(server);

/** A port nothing listens on (a server opened and closed). */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const endpoint = (port: number): Endpoint => ({ address: '127.0.0.1', port, protocol: 'http1' });

function post(port: number, body: string, method = 'POST'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = method === 'POST' ? { 'content-type': 'text/plain' } : {};
    const req = request({ host: '127.0.0.1', port, method, path: '/echo', agent: false, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? body : undefined);
  });
}

describe('forward with onRetryable', () => {
  it.each([
    { name: 'a refused connection is retried on the next endpoint with the body intact', retry: true, want: { status: 200, body: 'echo: hello body', hooks: ['ECONNREFUSED'], ends: [200] } },
    { name: 'a hook that declines leaves the usual 502', retry: false, want: { status: 502, body: 'upstream error: ECONNREFUSED', hooks: ['ECONNREFUSED'], ends: [502] } },
  ])('$name', async ({ retry, want }) => {
    const echo = await listen(
      createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => res.end(`echo: ${Buffer.concat(chunks).toString('utf8')}`));
      }),
    );
    const targets = [endpoint(await refusedPort()), endpoint(echo)];
    const hooks: string[] = [];
    const ends: number[] = [];
    const proxy = await listen(
      createServer((req, res) => {
        const attempt = (i: number): void => {
          const options: ForwardOptions = {
            pool,
            timeouts: { totalMs: 5000, responseStartMs: 0, idleMs: 0 },
            onEnd: (status) => ends.push(status),
            onRetryable: (error) => {
              hooks.push((error as NodeJS.ErrnoException).code ?? error.message);
              if (!retry) return false;
              attempt(i + 1);
              return true;
            },
          };
          forward(req, res, targets[i] as Endpoint, options);
        };
        attempt(0);
      }),
    );
    const answer = await post(proxy, 'hello body');
    expect({ status: answer.status, body: answer.body.slice(0, want.body.length), hooks, ends }).toEqual(want);
  });

  it('does not call the hook for a connection that was up (the pod may have seen the request)', async () => {
    const resetting = await listen(createServer((req) => req.socket.destroy()));
    const hooks: string[] = [];
    const proxy = await listen(
      createServer((req, res) =>
        forward(req, res, endpoint(resetting), {
          pool,
          timeouts: { totalMs: 5000, responseStartMs: 0, idleMs: 0 },
          onRetryable: (error) => {
            hooks.push(error.message);
            return true;
          },
        }),
      ),
    );
    const answer = await post(proxy, 'x');
    expect({ status: answer.status, hooks }).toEqual({ status: 502, hooks: [] });
  });

  it.each([
    { method: 'GET', want: { statuses: [200, 200], bodies: ['first', 'echo: '], hooks: 1 } },
    { method: 'POST', want: { statuses: [200, 502], bodies: ['first', 'upstream error'], hooks: 0 } },
  ])('a $method that a reused keep-alive connection drops unanswered is retried only if bodiless and idempotent', async ({ method, want }) => {
    let seen = 0;
    // Answers its first request, then drops the (reused) connection of the next one unanswered.
    const vanishing = await listen(
      createServer((req, res) => {
        seen += 1;
        if (seen === 1) req.on('end', () => res.end('first')).resume();
        else req.socket.destroy();
      }),
    );
    const echo = await listen(createServer((req, res) => req.on('end', () => res.end('echo: ')).resume()));
    const targets = [endpoint(vanishing), endpoint(echo)];
    let hooks = 0;
    const own = new UpstreamPool();
    const proxy = await listen(
      createServer((req, res) => {
        const attempt = (i: number): void =>
          forward(req, res, targets[i] as Endpoint, {
            pool: own,
            timeouts: { totalMs: 5000, responseStartMs: 0, idleMs: 0 },
            onRetryable: () => {
              hooks += 1;
              attempt(i + 1);
              return true;
            },
          });
        attempt(0);
      }),
    );
    try {
      const first = await post(proxy, 'a', method);
      const second = await post(proxy, 'b', method);
      expect({ statuses: [first.status, second.status], bodies: [first.body, second.body.slice(0, want.bodies[1]?.length)], hooks }).toEqual(want);
    } finally {
      own.close();
    }
  });
});
