import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import { connect, type PeerCertificate } from 'node:tls';

/** What an HTTPS server answered. */
export interface HttpsAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** One HTTPS request to a local server whose certificate must chain to `ca`. */
export interface HttpsCall {
  readonly port: number;
  readonly ca: string;
  readonly path: string;
  readonly method?: string;
  /** Host name to connect to and verify the certificate for; 127.0.0.1 unless told. */
  readonly host?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

/** Sends one request and resolves with the answer; any error on the way rejects. */
export function httpsCall(call: HttpsCall): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const headers = { ...call.headers, ...(call.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(call.body)) }) };
    const req = request({ host: call.host ?? '127.0.0.1', port: call.port, path: call.path, method: call.method ?? 'POST', ca: call.ca, headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(call.body);
  });
}

/** The certificate a local TLS server presents for `servername`, verified against `ca`. */
export function servedCertificate(port: number, ca: string, servername: string): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca, servername }, () => {
      resolve(socket.getPeerCertificate());
      socket.end();
    });
    socket.on('error', reject);
  });
}
