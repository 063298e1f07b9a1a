// The EndpointSlices a Service should have (SEMANTICS.md §7; Kubernetes'
// pkg/controller/endpointslice and staging/src/k8s.io/endpointslice): which pods it selects,
// how each becomes an endpoint, and the ports each pod really serves. In the local cluster a
// pod's container ports are mapped to host ports (pod/ports.ts), so a Service port resolves to
// the pod's containerPort and then through that mapping; pods with different resolved port
// sets land in different slices, as the EndpointSlice API allows.
import type { DiscoveryV1EndpointPort, V1Container, V1Endpoint, V1EndpointSlice, V1Pod, V1Service, V1ServicePort } from '@kubernetes/client-node';
import { controllerRefTo } from '../owners.js';
import { isPodReady } from '../replicaset/pod-fields.js';
import { effectivePort } from '../pod/ports.js';

/** Label naming the Service a slice belongs to. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
/** Label naming the controller that manages a slice. */
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
/** Our value of {@link MANAGED_BY_LABEL}, as Kubernetes' own controller writes it. */
export const ENDPOINTSLICE_CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
/** Label (empty value) on the slices of a headless Service (`clusterIP: None`). */
export const HEADLESS_SERVICE_LABEL = 'service.kubernetes.io/headless';
/** Endpoints per slice (kube-controller-manager's `--max-endpoints-per-slice` default). */
export const MAX_ENDPOINTS_PER_SLICE = 100;
/** The only address type of the local cluster (pod IPs are 127.x.y.z). */
export const SLICE_ADDRESS_TYPE = 'IPv4';

/** Labels the controller owns; a Service's own labels with these keys are not copied. */
const RESERVED_LABELS: ReadonlySet<string> = new Set([SERVICE_NAME_LABEL, MANAGED_BY_LABEL, HEADLESS_SERVICE_LABEL]);
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Whether the controller gives this Service slices: a non-empty selector and not ExternalName. */
export function servesEndpoints(service: V1Service): boolean {
  return service.spec?.type !== 'ExternalName' && Object.keys(service.spec?.selector ?? {}).length > 0;
}

function namespaceOf(object: V1Pod | V1Service): string {
  return object.metadata?.namespace ?? '';
}

function nameOf(object: V1Pod | V1Service): string {
  return object.metadata?.name ?? '';
}

/** Whether the Service's selector selects the pod (same namespace, every selector label equal). */
export function selectsPod(service: V1Service, pod: V1Pod): boolean {
  const selector = Object.entries(service.spec?.selector ?? {});
  if (selector.length === 0 || namespaceOf(pod) !== namespaceOf(service)) return false;
  const labels = pod.metadata?.labels ?? {};
  return selector.every(([key, value]) => Object.hasOwn(labels, key) && labels[key] === value);
}

function isIPv4(address: string): boolean {
  const parts = IPV4.exec(address);
  return parts !== null && parts.slice(1).every((part) => Number(part) <= 255);
}

/** The pod's IPv4 address (from `podIPs`, else `podIP`), if it has one. */
export function podIPv4(pod: V1Pod): string | undefined {
  const listed = (pod.status?.podIPs ?? []).map((entry) => entry.ip);
  const addresses = listed.length > 0 ? listed : [pod.status?.podIP ?? ''];
  return addresses.find(isIPv4);
}

/** ShouldPodBeInEndpoints with terminating pods included: has an IP and is not Succeeded/Failed. */
export function includesPod(pod: V1Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && podIPv4(pod) !== undefined;
}


function isTerminating(pod: V1Pod): boolean {
  const deletion: unknown = pod.metadata?.deletionTimestamp;
  return deletion !== undefined && deletion !== null;
}

/** Containers whose ports a Service can target: regular ones and sidecars (init containers with restartPolicy Always). */
function servingContainers(pod: V1Pod): V1Container[] {
  const sidecars = (pod.spec?.initContainers ?? []).filter((container) => container.restartPolicy === 'Always');
  return [...(pod.spec?.containers ?? []), ...sidecars];
}

/** FindPort: the containerPort a Service port targets in this pod (numeric as-is, named by name and protocol), if any. */
export function findPort(pod: V1Pod, servicePort: V1ServicePort): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target === 0 ? servicePort.port : target;
  if (target === '') return servicePort.port;
  const protocol = servicePort.protocol ?? 'TCP';
  const ports = servingContainers(pod).flatMap((container) => container.ports ?? []);
  return ports.find((port) => port.name === target && (port.protocol ?? 'TCP') === protocol)?.containerPort;
}

/** The slice ports of a pod: each Service port it resolves, at the host port the pod really listens on. */
export function endpointPorts(service: V1Service, pod: V1Pod): DiscoveryV1EndpointPort[] {
  const meta = { metadata: { annotations: pod.metadata?.annotations ?? {} } };
  return (service.spec?.ports ?? []).flatMap((servicePort) => {
    const containerPort = findPort(pod, servicePort);
    if (containerPort === undefined) return [];
    const protocol = servicePort.protocol ?? 'TCP';
    const port: DiscoveryV1EndpointPort = { name: servicePort.name ?? '', port: effectivePort(meta, containerPort, protocol), protocol };
    if (servicePort.appProtocol !== undefined) port.appProtocol = servicePort.appProtocol;
    return [port];
  });
}

/** A key equal for equal port sets, whatever their order. */
export function portSetKey(ports: readonly DiscoveryV1EndpointPort[]): string {
  const entries = ports.map((port) => JSON.stringify([port.name ?? '', port.port ?? 0, port.protocol ?? 'TCP', port.appProtocol ?? '']));
  return `[${entries.sort().join(',')}]`;
}

/** ShouldSetHostname: the pod names this Service as its subdomain. */
function hostnameOf(service: V1Service, pod: V1Pod): string | undefined {
  const { hostname = '', subdomain } = pod.spec ?? { containers: [] };
  return hostname !== '' && namespaceOf(pod) === namespaceOf(service) && subdomain === nameOf(service) ? hostname : undefined;
}

/** The endpoint optional fields that are set only when known. */
function placement(service: V1Service, pod: V1Pod, nodeZones: Readonly<Record<string, string>>): Partial<V1Endpoint> {
  const nodeName = pod.spec?.nodeName ?? '';
  const zone = nodeZones[nodeName] ?? '';
  const hostname = hostnameOf(service, pod);
  return { ...(hostname === undefined ? {} : { hostname }), ...(nodeName === '' ? {} : { nodeName }), ...(zone === '' ? {} : { zone }) };
}

/**
 * podToEndpoint: `serving` is pod readiness, `terminating` a set deletionTimestamp, and `ready`
 * is serving and not terminating — or always, with `publishNotReadyAddresses`.
 */
export function podToEndpoint(service: V1Service, pod: V1Pod, nodeZones: Readonly<Record<string, string>> = {}): V1Endpoint {
  const serving = isPodReady(pod);
  const terminating = isTerminating(pod);
  const ready = service.spec?.publishNotReadyAddresses === true || (serving && !terminating);
  return {
    addresses: [podIPv4(pod) ?? ''],
    conditions: { ready, serving, terminating },
    targetRef: { kind: 'Pod', namespace: namespaceOf(pod), name: nameOf(pod), uid: pod.metadata?.uid ?? '' },
    ...placement(service, pod, nodeZones),
  };
}

/** Slice labels: the Service's labels (reserved keys dropped), the headless marker, the service name and our controller name. */
export function sliceLabels(service: V1Service): Record<string, string> {
  const labels = Object.fromEntries(Object.entries(service.metadata?.labels ?? {}).filter(([key]) => !RESERVED_LABELS.has(key)));
  if (service.spec?.clusterIP === 'None') labels[HEADLESS_SERVICE_LABEL] = '';
  labels[SERVICE_NAME_LABEL] = nameOf(service);
  labels[MANAGED_BY_LABEL] = ENDPOINTSLICE_CONTROLLER_NAME;
  return labels;
}

/** A new (unnamed) slice of the Service with these ports and endpoints. */
export function newSlice(service: V1Service, ports: DiscoveryV1EndpointPort[], endpoints: V1Endpoint[]): V1EndpointSlice {
  const name = nameOf(service);
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: `${name}-`,
      namespace: namespaceOf(service),
      labels: sliceLabels(service),
      ownerReferences: [controllerRefTo(service, { apiVersion: 'v1', kind: 'Service' })],
    },
    addressType: SLICE_ADDRESS_TYPE,
    ports,
    endpoints,
  };
}

function byName(a: V1Pod, b: V1Pod): number {
  const [x, y] = [nameOf(a), nameOf(b)];
  if (x === y) return 0;
  return x < y ? -1 : 1;
}

/**
 * The slices the Service should have, without names: one per distinct resolved port set, each
 * with all its endpoints in pod-name order (`reconcileEndpointSlices` splits them into slices of
 * at most 100). A Service with a selector but no endpoints gets one empty placeholder slice, as
 * Kubernetes does; one without a selector, or of type ExternalName, gets none.
 */
export function desiredSlices(service: V1Service, pods: readonly V1Pod[], nodeZones: Readonly<Record<string, string>> = {}): V1EndpointSlice[] {
  if (!servesEndpoints(service)) return [];
  const groups = new Map<string, { ports: DiscoveryV1EndpointPort[]; endpoints: V1Endpoint[] }>();
  for (const pod of pods.filter((p) => selectsPod(service, p) && includesPod(p)).sort(byName)) {
    const ports = endpointPorts(service, pod);
    const key = portSetKey(ports);
    const group = groups.get(key) ?? { ports, endpoints: [] };
    group.endpoints.push(podToEndpoint(service, pod, nodeZones));
    groups.set(key, group);
  }
  if (groups.size === 0) return [newSlice(service, [], [])];
  return [...groups.values()].map((group) => newSlice(service, group.ports, group.endpoints));
}
