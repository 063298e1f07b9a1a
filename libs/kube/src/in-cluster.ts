// Where a component finds its API server, as client-go's rules do: `KUBECONFIG` names a file;
// else inside a pod (`KUBERNETES_SERVICE_HOST`/`_PORT`) the service account's CA and token;
// else the default loading rules. The token of a pod is a bound token the kubelet rewrites
// before it expires, so it is re-read whenever the file changes (client-node's own `tokenFile`
// provider caches it for a minute, and would send a stale, trailing-newline token).
import type { KubeConfig } from '@kubernetes/client-node';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { OutgoingHttpHeaders } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { isIPv6 } from 'node:net';
import { hostname } from 'node:os';
import { delimiter, join } from 'node:path';
import { PooledKubeConfig } from './pooled-kube-config.js';

/** Where a pod's service account files are mounted. */
export const DEFAULT_SERVICEACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
/** The namespace when neither the environment nor the service account says. */
export const DEFAULT_SYSTEM_NAMESPACE = 'ebb-system';
/** The auth provider name of a user whose bearer token is read from `config.path` on change. */
export const TOKEN_FILE_PROVIDER = 'ebb-token-file';

/** The environment variables read here. */
type Environment = Readonly<Record<string, string | undefined>>;

/** client-node's authenticator plug-in shape. */
type Authenticator = Parameters<KubeConfig['addAuthenticator']>[0];
/** The request options an authenticator fills (https or WebSocket options). */
interface AuthOptions {
  headers?: OutgoingHttpHeaders;
}

/** Sends `Bearer <file content>` and re-reads the file whenever it changed (inode, size or mtime). */
class TokenFileAuthenticator implements Authenticator {
  private cached: { readonly path: string; readonly stamp: string; readonly token: string } | undefined;

  isAuthProvider(user: { authProvider?: { name?: unknown } }): boolean {
    return user.authProvider?.name === TOKEN_FILE_PROVIDER;
  }

  async applyAuthentication(user: { authProvider?: { config?: { path?: unknown } } }, options: AuthOptions): Promise<void> {
    const path = user.authProvider?.config?.path;
    if (typeof path !== 'string') throw new Error(`${TOKEN_FILE_PROVIDER} auth provider without config.path`);
    const token = await this.token(path);
    options.headers = { ...options.headers, Authorization: `Bearer ${token}` };
  }

  private async token(path: string): Promise<string> {
    const info = await stat(path);
    const stamp = `${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;
    if (this.cached?.path === path && this.cached.stamp === stamp) return this.cached.token;
    const token = (await readFile(path, 'utf8')).trim();
    this.cached = { path, stamp, token };
    return token;
  }
}

/** What an in-cluster KubeConfig is made of. */
export interface InClusterTarget {
  /** The API server URL, e.g. `https://10.96.0.1:443`. */
  readonly server: string;
  readonly caFile: string;
  readonly tokenFile: string;
}

/** A KubeConfig for a server, its CA file and a bearer token file that is re-read when it changes. */
export function tokenFileKubeConfig(target: InClusterTarget): KubeConfig {
  const kubeConfig = new PooledKubeConfig();
  kubeConfig.addAuthenticator(new TokenFileAuthenticator());
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'in-cluster', server: target.server, caFile: target.caFile, skipTLSVerify: false }],
    users: [{ name: 'in-cluster', authProvider: { name: TOKEN_FILE_PROVIDER, config: { path: target.tokenFile } } }],
    contexts: [{ name: 'in-cluster', cluster: 'in-cluster', user: 'in-cluster' }],
    currentContext: 'in-cluster',
  });
  return kubeConfig;
}

/** The directory of the service account files: `EBB_SERVICEACCOUNT_DIR` or the pod's mount. */
function serviceAccountDir(env: Environment): string {
  const dir = env['EBB_SERVICEACCOUNT_DIR'] ?? '';
  return dir === '' ? DEFAULT_SERVICEACCOUNT_DIR : dir;
}

/** `https://<host>:<port>`, an IPv6 host in brackets. */
export function inClusterServer(host: string, port: string): string {
  return `https://${isIPv6(host) ? `[${host}]` : host}:${port}`;
}

/**
 * The KubeConfig a component uses: `KUBECONFIG` (its first path) when set; else in-cluster
 * when `KUBERNETES_SERVICE_HOST` and `_PORT` are set (CA `<dir>/ca.crt`, token `<dir>/token`
 * re-read on change, dir = `EBB_SERVICEACCOUNT_DIR` or the pod's mount); else the default rules.
 */
export function kubeConfigFromEnvironment(env: Environment = process.env): KubeConfig {
  const file = (env['KUBECONFIG'] ?? '').split(delimiter).find((path) => path !== '');
  const host = env['KUBERNETES_SERVICE_HOST'] ?? '';
  const port = env['KUBERNETES_SERVICE_PORT'] ?? '';
  const kubeConfig = new PooledKubeConfig();
  if (file !== undefined) loadKubeconfigFile(kubeConfig, file);
  else if (host !== '' && port !== '') {
    const dir = serviceAccountDir(env);
    return tokenFileKubeConfig({ server: inClusterServer(host, port), caFile: join(dir, 'ca.crt'), tokenFile: join(dir, 'token') });
  } else kubeConfig.loadFromDefault();
  return kubeConfig;
}

/** Loads `file` into `kubeConfig`; a failure names the variable and the file. */
function loadKubeconfigFile(kubeConfig: KubeConfig, file: string): void {
  try {
    kubeConfig.loadFromFile(file);
  } catch (error) {
    // Not `instanceof Error`: fs errors may come from another realm (jest's VM modules).
    const message = (error as { message?: unknown } | null)?.message;
    throw new Error(`KUBECONFIG=${file}: ${typeof message === 'string' ? message : String(error)}`, { cause: error });
  }
}

/**
 * This replica's identity in Leases (leader election, autoscaler buckets): its pod name
 * (`HOSTNAME`, else the machine's host name) and a random UUID, as client-go's callers make it.
 */
export function leaseIdentity(env: Environment = process.env): string {
  return `${env['HOSTNAME'] ?? hostname()}_${randomUUID()}`;
}

/** The namespace a component runs in: `EBB_SYSTEM_NAMESPACE`, else the service account's `namespace` file, else `ebb-system`. */
export function namespaceFromEnvironment(env: Environment = process.env): string {
  const fromEnv = env['EBB_SYSTEM_NAMESPACE'] ?? '';
  if (fromEnv !== '') return fromEnv;
  try {
    const fromFile = readFileSync(join(serviceAccountDir(env), 'namespace'), 'utf8').trim();
    if (fromFile !== '') return fromFile;
  } catch {
    // no service account mounted
  }
  return DEFAULT_SYSTEM_NAMESPACE;
}
