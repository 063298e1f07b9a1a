// Wires the local cluster: credentials, store, registry, services, controllers and the HTTPS
// server; writes the kubeconfig once the port is known and only then reports ready.
import { BUILTIN_RESOURCES } from '@ebb/apimachinery';
import { createMetricsRegistry } from '@ebb/observability';
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';
import { WebhookAdmission } from './apiserver/admission/webhook-admission.js';
import { AuthenticationEndpoints } from './apiserver/authentication-endpoints.js';
import { Authenticator } from './apiserver/authenticator.js';
import { RbacAuthorizer } from './apiserver/authorization.js';
import { Deleter } from './apiserver/deletion.js';
import { DiscoveryHandler } from './apiserver/discovery-handler.js';
import { createApiMetrics } from './apiserver/metrics.js';
import { ResourceRegistry } from './apiserver/registry.js';
import { ResourceService } from './apiserver/resource-service.js';
import { RestHandler } from './apiserver/rest-handler.js';
import { ScaleService } from './apiserver/scale-service.js';
import { createRequestListener } from './apiserver/server.js';
import { WatchHandler } from './apiserver/watch-handler.js';
import { PodLogHandler } from './apiserver/pod-log-handler.js';
import { CONTROLLER_MANAGER_USER, kubeletUser, newSecret, type UserInfo } from './auth/tokens.js';
import { loadCredentials, renderKubeconfig, writePrivateFile, type Credentials } from './bootstrap/credentials.js';
import { CrdController } from './controllers/crd-controller.js';
import { GarbageCollector } from './controllers/garbage-collector.js';
import { NamespaceController } from './controllers/namespace-controller.js';
import { RbacBootstrap } from './controllers/rbac-bootstrap.js';
import type { ClusterOptions } from './options.js';
import { SqliteStore } from './storage/sqlite-store.js';
import { NODE_NAME } from './workloads/scheduler.js';
import { startWorkloads, type RunningWorkloads } from './workloads/start-workloads.js';

/** A started cluster. */
export interface RunningCluster {
  /** `https://127.0.0.1:<port>`. */
  readonly url: string;
  readonly kubeconfigPath: string;
  /** Stops serving: readiness off, watches closed, server and store closed. */
  close(): Promise<void>;
}

function urlOf(server: Server, host: string): string {
  const { port } = server.address() as AddressInfo;
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `https://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

async function listen(server: Server, port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** The parts of a cluster that serve requests and run its controllers. */
interface ClusterParts {
  readonly store: SqliteStore;
  readonly watches: WatchHandler;
  readonly controllers: { crds: CrdController; namespaces: NamespaceController; gc: GarbageCollector; rbac: RbacBootstrap };
  readonly authorizer: RbacAuthorizer;
  readonly listener: ReturnType<typeof createRequestListener>;
  /** The bearer tokens of the in-process components (fresh on every start, never written to disk). */
  readonly componentTokens: { readonly controllers: string; readonly kubelet: string };
}

function componentUsers(tokens: ClusterParts['componentTokens']): Map<string, UserInfo> {
  return new Map([
    [tokens.controllers, CONTROLLER_MANAGER_USER],
    [tokens.kubelet, kubeletUser(NODE_NAME)],
  ]);
}

function assemble(options: ClusterOptions, credentials: Credentials, logger: Logger, readiness: { ready: () => boolean; address: () => string }): ClusterParts {
  const store = SqliteStore.open({ file: path.join(options.dataDir, 'cluster.db'), historyLimit: options.watchHistory, onListenerError: (error) => logger.error({ err: error }, 'watch listener failed') });
  const registry = new ResourceRegistry(BUILTIN_RESOURCES);
  const admission = new WebhookAdmission(store, logger);
  const resources = new ResourceService({ store, registry, admission, clock: () => new Date(), newUid: randomUUID, random: Math.random });
  const deleter = new Deleter(resources, admission);
  const watches = new WatchHandler(resources);
  const metricsRegistry = createMetricsRegistry('local-cluster');
  const authorizer = new RbacAuthorizer(store, () => new Date());
  authorizer.start();
  const componentTokens = { controllers: newSecret(), kubelet: newSecret() };
  const listener = createRequestListener({
    authenticator: new Authenticator(credentials, store, options.insecureAnonymous, componentUsers(componentTokens)),
    authorizer,
    rest: new RestHandler({
      resources,
      deleter,
      scale: new ScaleService(resources),
      watches,
      authentication: new AuthenticationEndpoints(resources, credentials.serviceAccountKey),
      authorization: authorizer,
      podLogs: new PodLogHandler({ dataDir: options.dataDir }),
    }),
    discovery: new DiscoveryHandler(registry, readiness.address),
    metricsRegistry,
    metrics: createApiMetrics(metricsRegistry, { watchers: () => watches.count, storageBytes: () => store.sizeBytes() }),
    logger,
    ready: readiness.ready,
  });
  const controllers = {
    crds: new CrdController(resources, deleter, logger),
    namespaces: new NamespaceController(resources, deleter, logger),
    gc: new GarbageCollector(resources, deleter, logger),
    rbac: new RbacBootstrap(resources, logger),
  };
  return { store, watches, controllers, authorizer, listener, componentTokens };
}

/** The API server's own controllers: CRDs, namespaces (and the default ones), RBAC bootstrap, garbage collection. */
async function startServerControllers(controllers: ClusterParts['controllers']): Promise<void> {
  controllers.crds.start();
  await controllers.namespaces.start();
  await controllers.rbac.start();
  controllers.gc.start();
}

/** Starts the cluster described by `options`. */
export async function startCluster(options: ClusterOptions, logger: Logger): Promise<RunningCluster> {
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const credentials = await loadCredentials(options.dataDir, options.host, new Date());
  let ready = false;
  let address = '';
  const parts = assemble(options, credentials, logger, { ready: () => ready, address: () => address });
  const { controllers } = parts;
  await startServerControllers(controllers);
  const server = createServer({ cert: credentials.serving.certPem, key: credentials.serving.keyPem }, parts.listener);
  server.keepAliveTimeout = 65_000;
  await listen(server, options.port, options.host);
  const url = urlOf(server, options.host);
  address = url.replace(/^https:\/\//, '');
  const kubeconfigPath = path.join(options.dataDir, 'kubeconfig');
  await writePrivateFile(kubeconfigPath, renderKubeconfig(url, credentials));
  // The controllers and the kubelet are clients of the server that is listening now; /readyz
  // turns 200 once their caches are filled and they run.
  const workloads: RunningWorkloads = await startWorkloads({ dataDir: options.dataDir, url, caPem: credentials.ca.certPem, tokens: parts.componentTokens, logger, docker: options.docker !== 'never' });
  ready = true;
  const close = async (): Promise<void> => {
    await workloads.stop();
    ready = false;
    parts.watches.closeAll();
    parts.authorizer.stop();
    controllers.gc.stop();
    controllers.namespaces.stop();
    controllers.crds.stop();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      // Requests still in flight get a moment to finish; keep-alive sockets do not hold the exit.
      setTimeout(() => server.closeAllConnections(), 2000).unref();
    });
    parts.store.close();
  };
  return { url, kubeconfigPath, close };
}
