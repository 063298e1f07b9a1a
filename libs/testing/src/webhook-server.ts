// An HTTPS admission webhook for specs and e2e suites: a throwaway CA from @ebb/pki, a serving
// certificate it signed, and a server on 127.0.0.1 whose replies the test scripts per path.
import { createCa, createServingCert } from '@ebb/pki';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';

const HOUR_MS = 60 * 60 * 1000;

/** PEM texts of the test CA and the serving pair it signed. */
export interface TestCertificates {
  caPem: string;
  /** The CA as a webhook `caBundle` (base64 of the PEM). */
  caBundle: string;
  certPem: string;
  keyPem: string;
}

/** Options of {@link createTestCertificates}. */
export interface TestCertificateOptions {
  /** DNS names of the serving certificate; `['localhost']` unless given. */
  dnsNames?: readonly string[];
  /** IP addresses of the serving certificate; `['127.0.0.1']` unless given. */
  ipAddresses?: readonly string[];
  /** The start of the hour the certificates are valid for; the current time unless given. */
  now?: Date;
}

/** A new CA and a serving certificate it signed for the given names, valid for an hour from `now`. */
export async function createTestCertificates(opts: TestCertificateOptions = {}): Promise<TestCertificates> {
  const validity = { now: opts.now ?? new Date(), lifetimeMs: HOUR_MS };
  const ca = await createCa('ebb test webhook CA', validity);
  const names = { dnsNames: opts.dnsNames ?? ['localhost'], ipAddresses: opts.ipAddresses ?? ['127.0.0.1'] };
  const serving = await createServingCert(ca, names, validity);
  return { caPem: ca.certPem, caBundle: Buffer.from(ca.certPem, 'utf8').toString('base64'), certPem: serving.certPem, keyPem: serving.keyPem };
}

/** One request the test webhook received. */
export interface ReceivedCall {
  /** The request path with its query, e.g. `/validate?timeout=10s`. */
  path: string;
  /** The TLS server name the client asked for (SNI), or undefined. */
  servername: string | undefined;
  host: string | undefined;
  /** The body parsed as JSON, or its text when it is not JSON. */
  body: unknown;
}

/** A scripted reply: status code and body (an object is sent as JSON); `never` leaves the request hanging. */
export type TestReply = { status?: number; body: unknown } | 'never';

/** Replies per request path (without the query). */
export type TestHandler = (body: unknown, path: string) => TestReply;

/** A running test webhook. */
export interface TestWebhook {
  port: number;
  calls: ReceivedCall[];
  /** Stops listening and drops every open connection; calling it again does nothing. */
  close(): Promise<void>;
}

function readBody(req: IncomingMessage, done: (body: unknown) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    try {
      done(JSON.parse(text));
    } catch {
      done(text);
    }
  });
}

function reply(res: ServerResponse, answer: TestReply): void {
  if (answer === 'never') return;
  const isText = typeof answer.body === 'string';
  res.writeHead(answer.status ?? 200, { 'Content-Type': isText ? 'text/plain' : 'application/json' });
  res.end(isText ? answer.body : JSON.stringify(answer.body));
}

function receivedCall(req: IncomingMessage, body: unknown): ReceivedCall {
  return { path: req.url ?? '/', servername: (req.socket as TLSSocket).servername || undefined, host: req.headers.host, body };
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

/** Starts an HTTPS webhook on 127.0.0.1 (a random port) answering with `handler`; it records every call. */
export async function startTestWebhook(certs: TestCertificates, handler: TestHandler): Promise<TestWebhook> {
  const calls: ReceivedCall[] = [];
  const server = createServer({ key: certs.keyPem, cert: certs.certPem }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    readBody(req, (body) => {
      calls.push(receivedCall(req, body));
      reply(res, handler(body, path));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, calls, close: closer(server) };
}
