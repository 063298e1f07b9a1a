// Connection pools to upstream endpoints: one keep-alive `http.Agent` per HTTP/1.1 endpoint
// (many sockets, reused last-in-first-out so idle ones age out) and one HTTP/2 session per h2c
// endpoint (prior knowledge, `http://`), replaced when it closes or goes away. Pools of
// endpoints that left the ready set are retired by `retain`: new requests get a fresh pool,
// idle connections close at once and busy ones when their exchange is over — a pod that stops
// being ready (scale-down, a mode switch) finishes what it was serving.
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

  /** Retires the pools of endpoints whose key (see `endpointKey`) is not in `keep` (see the file comment). */
  retain(keep: ReadonlySet<string>): void {
    for (const [key, agent] of this.agents) {
      if (keep.has(key)) continue;
      this.agents.delete(key);
      retire(agent);
    }
    for (const [key, session] of this.sessions) {
      if (keep.has(key)) continue;
      // close() lets open streams finish.
      session.close();
      this.sessions.delete(key);
    }
  }

  /** Closes every pool at once, busy connections included (shutdown, after the drain). */
  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
    for (const session of this.sessions.values()) session.close();
    this.sessions.clear();
  }
}

/** Closes an agent's idle sockets now and each busy one as soon as its exchange is over. */
function retire(agent: Agent): void {
  agent.keepSocketAlive = () => false;
  for (const sockets of Object.values(agent.freeSockets)) {
    for (const socket of sockets ?? []) socket.destroy();
  }
}
