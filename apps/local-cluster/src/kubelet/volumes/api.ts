// The kubelet's reads of the API for a pod's env and volumes: ConfigMaps, Secrets (through
// client-node's CoreV1Api, as a real kubelet uses client-go) and TokenRequests for projected
// service-account tokens. A missing object is `undefined`, not an error: optional sources allow it.
import { isApiStatus } from '@ebb/kube';
import { CoreV1Api, type AuthenticationV1TokenRequest, type KubeConfig } from '@kubernetes/client-node';
import type { ConfigMapContent, EnvSources, SecretContent } from '@ebb/workloads';
import { ContainerStartError } from '../runtime/runtime.js';

/** A TokenRequest for a projected `serviceAccountToken` source, bound to the pod. */
export interface TokenRequestInput {
  readonly namespace: string;
  readonly serviceAccountName: string;
  readonly audience?: string;
  readonly expirationSeconds: number;
  readonly podName: string;
  readonly podUid: string;
}

/** A token and when it expires. */
export interface IssuedToken {
  readonly token: string;
  readonly expiresAt: Date;
}

/** The API calls the kubelet's env and volume code makes. */
export interface PodApi {
  configMap(namespace: string, name: string): Promise<ConfigMapContent | undefined>;
  secret(namespace: string, name: string): Promise<SecretContent | undefined>;
  serviceAccountToken(request: TokenRequestInput, now: Date): Promise<IssuedToken>;
}

/** {@link PodApi} over the cluster that `kubeConfig` points at. */
export function podApi(kubeConfig: KubeConfig): PodApi {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  return {
    configMap: (namespace, name) => unlessNotFound(core.readNamespacedConfigMap({ namespace, name })),
    secret: (namespace, name) => unlessNotFound(core.readNamespacedSecret({ namespace, name })),
    serviceAccountToken: async (request, now) => {
      const issued = await core.createNamespacedServiceAccountToken({ namespace: request.namespace, name: request.serviceAccountName, body: tokenRequestBody(request) });
      return { token: issued.status?.token ?? '', expiresAt: issued.status?.expirationTimestamp ?? new Date(now.getTime() + request.expirationSeconds * 1000) };
    },
  };
}

/** The TokenRequest the kubelet posts for a projected token (bound to the pod, so it dies with it). */
export function tokenRequestBody(request: TokenRequestInput): AuthenticationV1TokenRequest {
  return {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: {
      audiences: request.audience ? [request.audience] : [],
      expirationSeconds: request.expirationSeconds,
      boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: request.podName, uid: request.podUid },
    },
  };
}

async function unlessNotFound<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (isApiStatus(error, 404)) return undefined;
    throw error;
  }
}


/** Fetches the named ConfigMaps and Secrets; one that cannot be read (other than not found) is a CreateContainerConfigError. */
export async function fetchSources(api: PodApi, namespace: string, names: { readonly configMaps: readonly string[]; readonly secrets: readonly string[] }): Promise<EnvSources> {
  const read = async <T>(kind: string, name: string, get: () => Promise<T | undefined>): Promise<[string, T | undefined]> => {
    try {
      return [name, await get()];
    } catch (error) {
      throw new ContainerStartError('CreateContainerConfigError', `couldn't get ${kind} ${namespace}/${name}: ${errorMessage(error)}`);
    }
  };
  const [configMaps, secrets] = await Promise.all([
    Promise.all(names.configMaps.map((name) => read('configMap', name, () => api.configMap(namespace, name)))),
    Promise.all(names.secrets.map((name) => read('secret', name, () => api.secret(namespace, name)))),
  ]);
  return { configMaps: present(configMaps), secrets: present(secrets) };
}

function present<T>(entries: [string, T | undefined][]): Map<string, T> {
  return new Map(entries.filter((entry): entry is [string, T] => entry[1] !== undefined));
}

/** A readable message of anything thrown (duck-typed: errors from Node's own realm fail `instanceof Error` under test VMs). */
export function errorMessage(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { message, code } = error as { message?: unknown; code?: unknown };
  if (typeof message === 'string' && message !== '') return message;
  return typeof code === 'string' ? code : 'unknown error';
}
