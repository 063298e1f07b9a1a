import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { SubjectNames } from '../webhook-config.js';
import type { CaFacts, CertFacts, CertState, ServingFacts } from './cert-plan.js';
import { readPemPair, type PemPair } from '@ebb/pki';

/** File names in the cert folder (those of a Kubernetes TLS Secret, plus the CA's). */
export const CERT_FILES = {
  ca: { cert: 'ca.crt', key: 'ca.key' },
  serving: { cert: 'tls.crt', key: 'tls.key' },
} as const;

/** The names of one certificate's two files. */
export type CertFileNames = (typeof CERT_FILES)[keyof typeof CERT_FILES];

/** The PEM files found in the cert folder; a pair is undefined when a file of it is missing. */
export interface PemFiles {
  readonly ca: PemPair | undefined;
  readonly serving: PemPair | undefined;
}

/** Creates the cert folder if it is missing and reads the PEM files in it. */
export async function readPemFiles(dir: string): Promise<PemFiles> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const [ca, serving] = await Promise.all([readPemPair(dir, CERT_FILES.ca), readPemPair(dir, CERT_FILES.serving)]);
  return { ca, serving };
}

/** An IP address as Node prints it in subjectAltName, in one canonical spelling. */
export function canonicalIp(ip: string): string {
  return ip.includes(':') ? new URL(`http://[${ip}]`).hostname.slice(1, -1) : ip;
}

/** Reads `DNS:a, IP Address:127.0.0.1` (Node's `subjectAltName`) into names. */
export function parseSubjectAltName(text: string | undefined): SubjectNames {
  const entries = (text ?? '').split(', ').filter((entry) => entry !== '');
  const valuesOf = (prefix: string): string[] => entries.filter((e) => e.startsWith(prefix)).map((e) => e.slice(prefix.length));
  return { dnsNames: valuesOf('DNS:'), ipAddresses: valuesOf('IP Address:').map(canonicalIp) };
}

function certFacts(cert: X509Certificate, keyPem: string): CertFacts {
  return { notBefore: cert.validFromDate, notAfter: cert.validToDate, keyMatches: cert.checkPrivateKey(createPrivateKey(keyPem)) };
}

function caFacts(pair: PemPair): { cert: X509Certificate; facts: CaFacts } | undefined {
  try {
    const cert = new X509Certificate(pair.certPem);
    return { cert, facts: { ...certFacts(cert, pair.keyPem), isCa: cert.ca } };
  } catch {
    return undefined;
  }
}

function servingFacts(pair: PemPair, ca: X509Certificate | undefined): ServingFacts | undefined {
  try {
    const cert = new X509Certificate(pair.certPem);
    const issuedByCa = ca !== undefined && cert.checkIssued(ca) && cert.verify(ca.publicKey);
    return { ...certFacts(cert, pair.keyPem), issuedByCa, subjectNames: parseSubjectAltName(cert.subjectAltName) };
  } catch {
    return undefined;
  }
}

/** What the PEM files say, for {@link planCertificates}: unparseable files count as missing. */
export function inspectPemFiles(files: PemFiles): CertState {
  const ca = files.ca === undefined ? undefined : caFacts(files.ca);
  const serving = files.serving === undefined ? undefined : servingFacts(files.serving, ca?.cert);
  return { ca: ca?.facts, serving };
}
