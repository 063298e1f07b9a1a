import { createCa, createServingCert, type PemPair } from '@ebb/pki';
import { CoreV1Api } from '@kubernetes/client-node';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { kubeConfigFor, kubeRequest } from './client.js';
import { PooledKubeConfig } from './pooled-kube-config.js';

/** An HTTPS server that answers every request with a Namespace and counts TLS connections and bearer tokens. */
class CountingServer {
  connections = 0;
  readonly tokens: string[] = [];
  private constructor(
    private readonly server: Server,
    readonly caPem: string,
  ) {
    server.on('secureConnection', () => this.connections++);
    server.on('request', (req, res) => {
      this.tokens.push(req.headers.authorization ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } }));
    });
  }

  static async start(): Promise<CountingServer> {
    const validity = { now: new Date(), lifetimeMs: 3_600_000 };
    const ca = await createCa('pooled-kube-config-test', validity);
    const serving: PemPair = await createServingCert(ca, { dnsNames: [], ipAddresses: ['127.0.0.1'] }, validity);
    const server = createServer({ cert: serving.certPem, key: serving.keyPem });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new CountingServer(server, ca.certPem);
  }

  get url(): string {
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

let server: CountingServer;

beforeAll(async () => {
  server = await CountingServer.start();
});

afterAll(async () => {
  await server.stop();
});

beforeEach(() => {
  server.connections = 0;
  server.tokens.length = 0;
});

describe('PooledKubeConfig', () => {
  it('is what kubeConfigFor builds', () => {
    expect(kubeConfigFor({ server: server.url, caPem: server.caPem, token: 't' })).toBeInstanceOf(PooledKubeConfig);
  });

  // Without the pool every request is a new TLS connection. With it, undici may open a second
  // one when a request is dispatched before the previous socket is released, never more.
  it('sends sequential requests of one identity over its pooled TLS connections, each with its bearer token', async () => {
    const kubeConfig = kubeConfigFor({ server: server.url, caPem: server.caPem, token: 'secret' });
    const core = kubeConfig.makeApiClient(CoreV1Api);
    for (let i = 0; i < 4; i++) await core.readNamespace({ name: 'default' });
    for (let i = 0; i < 4; i++) await kubeRequest(kubeConfig, { method: 'GET', path: '/api/v1/namespaces/default' });
    expect(server.tokens).toEqual(Array.from({ length: 8 }, () => 'Bearer secret'));
    expect(server.connections).toBeLessThanOrEqual(2);
    expect((kubeConfig as PooledKubeConfig).pools()).toBe(1);
  });

  it('opens a second pool when the current context points at another TLS identity', async () => {
    const kubeConfig = kubeConfigFor({ server: server.url, caPem: server.caPem, token: 'a' });
    await kubeRequest(kubeConfig, { method: 'GET', path: '/api/v1/namespaces/default' });
    const cluster = kubeConfig.getCurrentCluster()!;
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'other', server: cluster.server, skipTLSVerify: true }],
      users: kubeConfig.getUsers(),
      contexts: [{ name: 'other', cluster: 'other', user: kubeConfig.getCurrentUser()!.name }],
      currentContext: 'other',
    });
    for (let i = 0; i < 4; i++) await kubeRequest(kubeConfig, { method: 'GET', path: '/api/v1/namespaces/default' });
    expect(server.connections).toBeGreaterThanOrEqual(2);
    expect(server.connections).toBeLessThanOrEqual(3);
    expect((kubeConfig as PooledKubeConfig).pools()).toBe(2);
  });
});
