// The cluster's credentials in its data directory: a CA (kept across restarts, so kubeconfigs
// stay valid), a serving certificate issued at every start for the names the server answers to,
// the admin token, the service-account signing key, and the kubeconfig that ties them together.
import { createCa, createServingCert, readFileIfPresent, readPemPair, writeFileAtomically, writePemPair, type PemPair } from '@ebb/pki';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { newSecret } from '../auth/tokens.js';

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
/** Name of the cluster, user and context in the kubeconfig. */
export const KUBECONFIG_NAME = 'ebb-local';

/** The CA's files in `<data-dir>/pki`. */
const CA_FILES = { cert: 'ca.crt', key: 'ca.key' } as const;

/** Everything the server needs to serve TLS and authenticate. */
export interface Credentials {
  readonly ca: PemPair;
  readonly serving: PemPair;
  readonly adminToken: string;
  readonly serviceAccountKey: string;
}

/** Writes a file atomically, readable by the owner only (tokens, the kubeconfig). */
export async function writePrivateFile(file: string, content: string): Promise<void> {
  await writeFileAtomically(file, content, 0o600);
}

async function keptSecret(file: string): Promise<string> {
  const existing = (await readFileIfPresent(file))?.trim();
  if (existing) return existing;
  const secret = newSecret();
  await writePrivateFile(file, `${secret}\n`);
  return secret;
}

async function keptCa(dir: string, now: Date): Promise<PemPair> {
  const kept = await readPemPair(dir, CA_FILES);
  if (kept !== undefined) return kept;
  const ca = await createCa('ebb-local-cluster-ca', { now, lifetimeMs: 10 * YEAR_MS });
  await writePemPair(dir, CA_FILES, ca);
  return ca;
}

/** The names the serving certificate covers: loopback, the listen address, and the in-cluster names. */
export function servingNames(host: string): { dnsNames: string[]; ipAddresses: string[] } {
  const dnsNames = ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'];
  const ipAddresses = ['127.0.0.1'];
  if (host === 'localhost') return { dnsNames, ipAddresses };
  if (!ipAddresses.includes(host) && host !== '0.0.0.0' && host !== '::') ipAddresses.push(host);
  return { dnsNames, ipAddresses };
}

/** Loads (or makes, on first start) the credentials under `<dataDir>/pki`. */
export async function loadCredentials(dataDir: string, host: string, now: Date): Promise<Credentials> {
  const dir = path.join(dataDir, 'pki');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const ca = await keptCa(dir, now);
  const serving = await createServingCert(ca, servingNames(host), { now, lifetimeMs: YEAR_MS });
  const [adminToken, serviceAccountKey] = await Promise.all([keptSecret(path.join(dir, 'admin-token')), keptSecret(path.join(dir, 'service-account.key'))]);
  return { ca, serving, adminToken, serviceAccountKey };
}

/** The kubeconfig text for `serverUrl` with the admin token. */
export function renderKubeconfig(serverUrl: string, credentials: Pick<Credentials, 'ca' | 'adminToken'>): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: KUBECONFIG_NAME, cluster: { server: serverUrl, 'certificate-authority-data': Buffer.from(credentials.ca.certPem).toString('base64') } }],
    users: [{ name: KUBECONFIG_NAME, user: { token: credentials.adminToken } }],
    contexts: [{ name: KUBECONFIG_NAME, context: { cluster: KUBECONFIG_NAME, user: KUBECONFIG_NAME, namespace: 'default' } }],
    'current-context': KUBECONFIG_NAME,
    preferences: {},
  });
}
