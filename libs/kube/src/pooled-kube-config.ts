// client-node 2.x gives every API call its own undici Agent (KubeConfig.applySecurityAuthentication
// builds one per request), so every call opens a new connection: a TCP connect, a new TLS
// SecureContext and a full handshake on both ends. Measured in the local cluster during cold
// starts, that was most of the API server's CPU that was not JSON. PooledKubeConfig keeps the
// first Agent it sees for a TLS identity (server, CA, client certificate) and hands it to every
// later request, so calls share keep-alive connections as client-go's transport cache does.
// Credentials that travel as headers (bearer tokens, re-read token files) are still applied on
// every request by client-node; only the connection pool is shared.
import { KubeConfig, type RequestContext } from '@kubernetes/client-node';

type Dispatcher = NonNullable<ReturnType<RequestContext['getDispatcher']>>;

/** A KubeConfig whose API calls share one connection pool per TLS identity. */
export class PooledKubeConfig extends KubeConfig {
  private readonly dispatchers = new Map<string, Dispatcher>();

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    const fresh = context.getDispatcher();
    if (fresh === undefined) return;
    const key = this.tlsIdentity();
    const shared = this.dispatchers.get(key);
    if (shared === undefined) this.dispatchers.set(key, fresh);
    else context.setDispatcher(shared);
  }

  /** The connection pools in use (one per TLS identity seen). */
  pools(): number {
    return this.dispatchers.size;
  }

  /** What the TLS side of a connection depends on: the current cluster and user's certificates. */
  private tlsIdentity(): string {
    return JSON.stringify([pick(this.getCurrentCluster(), CLUSTER_TLS_FIELDS), pick(this.getCurrentUser(), USER_TLS_FIELDS)]);
  }
}

const CLUSTER_TLS_FIELDS = ['server', 'caData', 'caFile', 'skipTLSVerify', 'tlsServerName', 'proxyUrl'] as const;
const USER_TLS_FIELDS = ['certData', 'certFile', 'keyData', 'keyFile'] as const;

/** The named fields of `object` (undefined ones as null), in order. */
function pick(object: object | null, fields: readonly string[]): unknown[] {
  const record = (object ?? {}) as Record<string, unknown>;
  return fields.map((field) => record[field] ?? null);
}
