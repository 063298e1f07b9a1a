// Spec support (loaded only by the admission specs): a throwaway CA, a serving certificate for
// `hook.demo.svc`, `localhost` and 127.0.0.1, and an HTTPS admission webhook on 127.0.0.1 whose
// replies the spec scripts per path.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const HOUR_MS = 60 * 60 * 1000;

/** PEM texts of the test CA and the serving pair it signed. */
export interface TestCertificates {
  caPem: string;
  /** The CA as a webhook `caBundle` (base64 of the PEM). */
  caBundle: string;
  certPem: string;
  keyPem: string;
}

async function exportKey(key: webcrypto.CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

async function selfSignedCa(now: Date): Promise<{ cert: x509.X509Certificate; keys: webcrypto.CryptoKeyPair }> {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=h7-test-ca',
    notBefore: new Date(now.getTime() - HOUR_MS),
    notAfter: new Date(now.getTime() + HOUR_MS),
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
  });
  return { cert, keys };
}

/** A new CA and a serving certificate for `dnsNames` and 127.0.0.1, valid for an hour around `now`. */
export async function createTestCertificates(now: Date, dnsNames: readonly string[] = ['hook.demo.svc', 'localhost']): Promise<TestCertificates> {
  const ca = await selfSignedCa(now);
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create({
    subject: `CN=${dnsNames[0] ?? 'localhost'}`,
    issuer: ca.cert.subject,
    notBefore: new Date(now.getTime() - HOUR_MS),
    notAfter: new Date(now.getTime() + HOUR_MS),
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([...dnsNames.map((value) => ({ type: 'dns' as const, value })), { type: 'ip' as const, value: '127.0.0.1' }]),
    ],
  });
  const caPem = ca.cert.toString('pem');
  return { caPem, caBundle: Buffer.from(caPem, 'utf8').toString('base64'), certPem: cert.toString('pem'), keyPem: await exportKey(keys.privateKey) };
}

/** One request the test webhook received. */
export interface ReceivedCall {
  path: string;
  /** The TLS server name the client asked for (SNI), or undefined. */
  servername: string | undefined;
  host: string | undefined;
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
  close(): Promise<void>;
}

function readJson(req: IncomingMessage, done: (body: unknown) => void): void {
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
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  res.writeHead(answer.status ?? 200, { 'Content-Type': typeof answer.body === 'string' ? 'text/plain' : 'application/json' });
  res.end(text);
}

/** Starts an HTTPS webhook on 127.0.0.1 (a random port) answering with `handler`. */
export async function startTestWebhook(certs: TestCertificates, handler: TestHandler): Promise<TestWebhook> {
  const calls: ReceivedCall[] = [];
  const server: Server = createServer({ key: certs.keyPem, cert: certs.certPem }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    readJson(req, (body) => {
      calls.push({ path: req.url ?? '/', servername: (req.socket as TLSSocket).servername || undefined, host: req.headers.host, body });
      reply(res, handler(body, path));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = (): Promise<void> =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { port: (server.address() as AddressInfo).port, calls, close };
}
