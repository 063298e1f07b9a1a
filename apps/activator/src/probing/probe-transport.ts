// The I/O of one probe of one endpoint: a TCP connect, or an HTTP/1.1 GET on a fresh connection
// (no keep-alive pool) where any status 200–399 passes. Settles once, with false on refusal,
// error or timeout; the socket is closed either way.
import { request } from 'node:http';
import { connect } from 'node:net';
import type { Endpoint } from '@ebb/dataplane';
import { ProbeKind, type ProbeSpec } from './probe-spec.js';

/** Probes one endpoint; resolves true when the probe passed (never rejects). */
export type ProbeTransport = (endpoint: Endpoint, spec: ProbeSpec, timeoutMs: number) => Promise<boolean>;

/** Whether an HTTP status passes a probe, as the kubelet judges it. */
export function probeStatusPasses(status: number): boolean {
  return status >= 200 && status < 400;
}

/** A TCP connect to the endpoint within `timeoutMs`. */
function tcpProbe(endpoint: Endpoint, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: endpoint.address, port: endpoint.port });
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.on('error', () => done(false));
  });
}

/** A GET of the spec's path with its headers within `timeoutMs`. */
function httpProbe(endpoint: Endpoint, spec: Extract<ProbeSpec, { kind: 'http' }>, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: endpoint.address, port: endpoint.port, path: spec.path, method: 'GET', headers: spec.headers, agent: false });
    let settled = false;
    const done = (ok: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    req.once('response', (res) => {
      res.on('error', () => undefined);
      res.resume();
      done(probeStatusPasses(res.statusCode ?? 0));
    });
    req.on('error', () => done(false));
    req.end();
  });
}

/** The real transport: see the file comment. */
export const probeEndpoint: ProbeTransport = (endpoint, spec, timeoutMs) =>
  spec.kind === ProbeKind.http ? httpProbe(endpoint, spec, timeoutMs) : tcpProbe(endpoint, timeoutMs);
