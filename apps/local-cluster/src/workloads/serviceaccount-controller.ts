// kube-controller-manager's serviceaccount controller and root-ca-cert publisher in one: every
// active namespace gets the ServiceAccount `default` and the ConfigMap `kube-root-ca.crt`
// (`ca.crt` = the cluster CA, read by the pods' projected token volumes), and gets them back
// when they are deleted or the CA data is edited.
import type { KubeObject } from '@ebb/apimachinery';
import { apiFailureOf, WorkQueue } from '@ebb/kube';
import { CoreV1Api, type KubeConfig, type V1ConfigMap, type V1ServiceAccount } from '@kubernetes/client-node';
import { DEFAULT_SERVICE_ACCOUNT, ROOT_CA_CONFIG_MAP } from '../apiserver/admission/service-account-admission.js';
import type { Controller, ControllerDeps } from './controller.js';
import { COLLECTIONS } from './informers.js';
import { CONTROLLER_MANAGER, type ObjectLister } from './replicaset-controller.js';

/** The key holding the CA bundle. */
export const ROOT_CA_KEY = 'ca.crt';
/** The annotation Kubernetes puts on `kube-root-ca.crt`, and its text. */
export const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
export const ROOT_CA_DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

/** The configmaps collection (only `kube-root-ca.crt` is watched, by field selector). */
const CONFIG_MAPS_PATH = '/api/v1/configmaps';

/** The API calls of the controller. */
export interface ServiceAccountClient {
  createServiceAccount(namespace: string, body: KubeObject): Promise<void>;
  createConfigMap(namespace: string, body: KubeObject): Promise<void>;
  replaceConfigMap(namespace: string, name: string, body: KubeObject): Promise<void>;
}

/** The client-node implementation of {@link ServiceAccountClient}. */
export function serviceAccountClient(kubeConfig: KubeConfig): ServiceAccountClient {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  return {
    createServiceAccount: async (namespace, body) => {
      await core.createNamespacedServiceAccount({ namespace, body: body as V1ServiceAccount, fieldManager: CONTROLLER_MANAGER });
    },
    createConfigMap: async (namespace, body) => {
      await core.createNamespacedConfigMap({ namespace, body: body as V1ConfigMap, fieldManager: CONTROLLER_MANAGER });
    },
    replaceConfigMap: async (namespace, name, body) => {
      await core.replaceNamespacedConfigMap({ namespace, name, body: body as V1ConfigMap, fieldManager: CONTROLLER_MANAGER });
    },
  };
}

/** The ConfigMap `kube-root-ca.crt` of a namespace. */
export function makeRootCaConfigMap(namespace: string, caPem: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ROOT_CA_CONFIG_MAP, namespace, annotations: { [DESCRIPTION_ANNOTATION]: ROOT_CA_DESCRIPTION } }, data: { [ROOT_CA_KEY]: caPem } };
}

/** The updated ConfigMap when its data is not exactly `{ca.crt}` or its description is missing; undefined when it is right. */
export function rootCaConfigMapUpdate(current: KubeObject, caPem: string): KubeObject | undefined {
  const data = (current.data ?? {}) as Record<string, unknown>;
  const exact = Object.keys(data).length === 1 && data[ROOT_CA_KEY] === caPem;
  if (exact && (current.metadata.annotations?.[DESCRIPTION_ANNOTATION] ?? '') !== '') return undefined;
  return { ...current, metadata: { ...current.metadata, annotations: { ...current.metadata.annotations, [DESCRIPTION_ANNOTATION]: ROOT_CA_DESCRIPTION } }, data: { [ROOT_CA_KEY]: caPem } };
}

/** What one namespace sync reads and writes. */
export interface ServiceAccountSyncDeps {
  readonly namespaces: ObjectLister;
  readonly serviceAccounts: ObjectLister;
  readonly configMaps: ObjectLister;
  readonly client: ServiceAccountClient;
  readonly caPem: string;
}

function isActive(ns: KubeObject | undefined): ns is KubeObject {
  const phase = (ns?.status as { phase?: unknown } | undefined)?.phase;
  return ns !== undefined && ns.metadata.deletionTimestamp == null && phase !== 'Terminating';
}

/** A create or update that lost to the namespace going away, or to another writer, is not an error. */
async function tolerant(write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    const { code, message } = apiFailureOf(error);
    if (code === 404 || code === 409 || (code === 403 && message.includes('because it is being terminated'))) return;
    throw error;
  }
}

/** Ensures the namespace's `default` account and `kube-root-ca.crt`. */
export async function syncNamespace(name: string, deps: ServiceAccountSyncDeps): Promise<void> {
  if (!isActive(deps.namespaces.get(name))) return;
  if (deps.serviceAccounts.get(DEFAULT_SERVICE_ACCOUNT, name) === undefined) {
    await tolerant(() => deps.client.createServiceAccount(name, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: DEFAULT_SERVICE_ACCOUNT, namespace: name } }));
  }
  const cm = deps.configMaps.get(ROOT_CA_CONFIG_MAP, name);
  if (cm === undefined) {
    await tolerant(() => deps.client.createConfigMap(name, makeRootCaConfigMap(name, deps.caPem)));
    return;
  }
  const update = rootCaConfigMapUpdate(cm, deps.caPem);
  if (update !== undefined) await tolerant(() => deps.client.replaceConfigMap(name, ROOT_CA_CONFIG_MAP, update));
}

/** The ServiceAccount controller (with the root CA publisher). */
export class ServiceAccountController implements Controller {
  private readonly queue: WorkQueue;
  private readonly namespaces: ObjectLister;

  constructor(deps: ControllerDeps, caPem: string) {
    const namespaces = deps.informers.informer(COLLECTIONS.namespaces);
    const serviceAccounts = deps.informers.informer(COLLECTIONS.serviceAccounts);
    const configMaps = deps.informers.informer(CONFIG_MAPS_PATH, `metadata.name=${ROOT_CA_CONFIG_MAP}`);
    this.namespaces = namespaces as unknown as ObjectLister;
    const syncDeps: ServiceAccountSyncDeps = {
      namespaces: this.namespaces,
      serviceAccounts: serviceAccounts as unknown as ObjectLister,
      configMaps: configMaps as unknown as ObjectLister,
      client: serviceAccountClient(deps.kubeConfig),
      caPem,
    };
    this.queue = new WorkQueue((name) => syncNamespace(name, syncDeps), { name: 'serviceaccount-controller', logger: deps.logger, concurrency: 2 });
    const byName = (ns: { metadata?: { name?: string } }): void => this.queue.add(ns.metadata?.name ?? '');
    const byNamespace = (o: { metadata?: { namespace?: string } }): void => this.queue.add(o.metadata?.namespace ?? '');
    namespaces.on('add', byName);
    namespaces.on('update', byName);
    serviceAccounts.on('delete', byNamespace);
    configMaps.on('update', byNamespace);
    configMaps.on('delete', byNamespace);
  }

  async start(): Promise<void> {
    for (const ns of this.namespaces.list()) this.queue.add(ns.metadata.name ?? '');
    await Promise.resolve();
  }

  async stop(): Promise<void> {
    await this.queue.stop();
  }

  idle(): boolean {
    return this.queue.idle();
  }
}
