// Where a pod really listens. Processes of the local cluster share the host's ports, so the
// kubelet maps each declared containerPort to a free host port (given to the serving container
// as `PORT`) and records the mapping on the pod; EndpointSlices and probes read it from there.
import { isPlainObject, type KubeObject } from '@ebb/apimachinery';

/** The pod annotation holding the port mapping: JSON `{"8080/TCP": 41523, …}`. */
export const POD_PORTS_ANNOTATION = 'local.ebb.dev/ports';

/**
 * The pod annotation choosing how its ports are mapped: `pod-ip` ({@link POD_IP_PORT_MAPPING}) keeps
 * every containerPort as it is (the container binds its own pod IP, so replicas do not clash);
 * unset or any other value, each containerPort gets a free host port.
 */
export const POD_PORT_MAPPING_ANNOTATION = 'local.ebb.dev/port-mapping';

/** The {@link POD_PORT_MAPPING_ANNOTATION} value for pods that listen on their pod IP at the declared ports. */
export const POD_IP_PORT_MAPPING = 'pod-ip';

/** containerPort/protocol → host port. */
export type PodPortMap = Readonly<Record<string, number>>;

/** The map key of a container port: `8080/TCP`. */
export function portKey(containerPort: number, protocol = 'TCP'): string {
  return `${containerPort}/${protocol}`;
}

/** The annotation value for `ports`. */
export function encodePodPorts(ports: PodPortMap): string {
  return JSON.stringify(Object.fromEntries(Object.entries(ports).sort(([a], [b]) => a.localeCompare(b))));
}

/** The mapping recorded on `pod` (empty when none, or when the annotation is not a valid map). */
export function decodePodPorts(pod: Pick<KubeObject, 'metadata'>): PodPortMap {
  const text = pod.metadata.annotations?.[POD_PORTS_ANNOTATION];
  if (text === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (!isPlainObject(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, number] => Number.isInteger(entry[1]) && (entry[1] as number) > 0 && (entry[1] as number) < 65536));
  } catch {
    return {};
  }
}

/** The port the pod really listens on for `containerPort`: the mapped host port, else the port itself. */
export function effectivePort(pod: Pick<KubeObject, 'metadata'>, containerPort: number, protocol = 'TCP'): number {
  return decodePodPorts(pod)[portKey(containerPort, protocol)] ?? containerPort;
}

/** Whether `pod` asks to listen on its own pod IP at its declared ports (no host port remapping). */
export function bindsPodIP(pod: Pick<KubeObject, 'metadata'>): boolean {
  return pod.metadata.annotations?.[POD_PORT_MAPPING_ANNOTATION] === POD_IP_PORT_MAPPING;
}

/** The mapping of a pod that binds its pod IP: each `8080/TCP` key maps to its own containerPort. */
export function identityPortMap(keys: Iterable<string>): PodPortMap {
  const entries = [...keys].map((key): [string, number] => [key, Number(key.split('/')[0])]);
  return Object.fromEntries(entries.filter(([, port]) => Number.isInteger(port) && port > 0 && port < 65536));
}
