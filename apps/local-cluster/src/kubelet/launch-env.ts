// What the kubelet adds to a container's own environment before launching it: HOSTNAME, where
// the API server is (KUBERNETES_SERVICE_*), the pod's own loopback address (EBB_POD_IP: on the
// host's network, the address a container may bind), the volume paths, and for the serving container
// `PORT` (Knative's runtime contract: listen on $PORT), which is the host port mapped to its
// first containerPort because processes share the host's ports (the containerPort itself for a
// pod that binds its pod IP, `local.ebb.dev/port-mapping: pod-ip`). Plus the memory limit in bytes.
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { parseQuantity, portKey, scaledCeil, type PodPortMap } from '@ebb/workloads';
import type { ResolvedImage } from './runtime/runtime.js';

export interface LaunchEnvInput {
  /** The container's env as Kubernetes resolves it (envFrom, env, downward API). */
  readonly own: Readonly<Record<string, string>>;
  /** `EBB_VOLUME_*` and `EBB_SERVICEACCOUNT_DIR`. */
  readonly volumes: Readonly<Record<string, string>>;
  readonly podName: string;
  readonly podIP: string;
  readonly apiServer: { readonly host: string; readonly port: number };
  /** The host port given as PORT (serving container only). */
  readonly port?: number;
}

/** The complete environment of a container. */
export function launchEnv(input: LaunchEnvInput): Record<string, string> {
  const apiPort = String(input.apiServer.port);
  return {
    HOSTNAME: input.podName,
    KUBERNETES_SERVICE_HOST: input.apiServer.host,
    KUBERNETES_SERVICE_PORT: apiPort,
    KUBERNETES_SERVICE_PORT_HTTPS: apiPort,
    ...input.own,
    EBB_POD_IP: input.podIP,
    ...input.volumes,
    ...(input.port === undefined ? {} : { PORT: String(input.port) }),
  };
}

/** The serving container (the first app container that declares a port) and the host port of its first containerPort. */
export function servingPort(pod: V1Pod, ports: PodPortMap): { container: string; port: number } | undefined {
  const serving = pod.spec?.containers.find((c) => (c.ports?.length ?? 0) > 0);
  const first = serving?.ports?.[0];
  if (serving === undefined || first === undefined) return undefined;
  const port = ports[portKey(first.containerPort, first.protocol ?? 'TCP')];
  return port === undefined ? undefined : { container: serving.name, port };
}

/** `resources.limits.memory` in bytes, if set and valid. */
export function memoryLimitBytes(container: V1Container): number | undefined {
  const text = container.resources?.limits?.memory;
  const quantity = text === undefined ? undefined : parseQuantity(text);
  if (quantity === undefined) return undefined;
  const bytes = Number(scaledCeil(quantity, 0));
  return bytes > 0 ? bytes : undefined;
}

/** `containerStatuses[].imageID`: the Docker image id, else the image reference. */
export function imageIdOf(image: ResolvedImage): string {
  return image.kind === 'docker' ? image.id : image.ref;
}
