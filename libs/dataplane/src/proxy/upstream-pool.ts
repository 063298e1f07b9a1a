// Connection pools to upstream endpoints: one keep-alive `http.Agent` per HTTP/1.1 endpoint
// (many sockets, reused last-in-first-out so idle ones age out) and one HTTP/2 session per h2c
// endpoint (prior knowledge, `http://`), replaced when it closes or goes away. Pools of
// endpoints that left the ready set are closed by `retain`.
import { Agent } from 'node:http';
import { connect, type ClientHttp2Session } from 'node:http2';
import { endpointKey, type Endpoint } from '../endpoints/endpoints.js';

/** Sizes of the pools. */
export interface UpstreamPoolOptions {
  /** Most sockets per HTTP/1.1 endpoint (default 1024). */
  readonly maxSockets?: number;
  /** Most idle sockets kept per HTTP/1.1 endpoint (default 256). */
  readonly maxFreeSockets?: number;
}

/** Keep-alive agents and HTTP/2 sessions, one per endpoint. */
export class UpstreamPool {
  private readonly agents = new Map<string, Agent>();
  private readonly sessions = new Map<string, ClientHttp2Session>();

  constructor(private readonly options: UpstreamPoolOptions = {}) {}

  /** The keep-alive agent of an HTTP/1.1 endpoint. */
  agent(endpoint: Endpoint): Agent {
    const key = endpointKey(endpoint);
    let agent = this.agents.get(key);
    if (agent === undefined) {
      agent = new Agent({ keepAlive: true, maxSockets: this.options.maxSockets ?? 1024, maxFreeSockets: this.options.maxFreeSockets ?? 256, scheduling: 'lifo' });
      this.agents.set(key, agent);
    }
    return agent;
  }

  /** The HTTP/2 cleartext session of an h2c endpoint; a closed or failed one is replaced. */
  session(endpoint: Endpoint): ClientHttp2Session {
    const key = endpointKey(endpoint);
    const existing = this.sessions.get(key);
    if (existing !== undefined && !existing.closed && !existing.destroyed) return existing;
    const session = connect(`http://${key}`);
    const forget = (): void => {
      if (this.sessions.get(key) === session) this.sessions.delete(key);
    };
    session.on('error', forget);
    session.on('close', forget);
    session.on('goaway', forget);
    session.unref();
    this.sessions.set(key, session);
    return session;
  }

  /** Closes the pools of endpoints whose key (see `endpointKey`) is not in `keep`. */
  retain(keep: ReadonlySet<string>): void {
    for (const [key, agent] of this.agents) {
      if (!keep.has(key)) {
        agent.destroy();
        this.agents.delete(key);
      }
    }
    for (const [key, session] of this.sessions) {
      if (!keep.has(key)) {
        session.close();
        this.sessions.delete(key);
      }
    }
  }

  /** Closes every pool. */
  close(): void {
    this.retain(new Set());
  }
}
