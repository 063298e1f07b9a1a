// The pure core of endpoint tracking: which pod addresses of a Service's EndpointSlices may take
// traffic now (conditions.ready not false), which are listed but not ready yet (ready false and
// not terminating: pods still starting, which the activator may probe itself), on which port,
// and speaking which protocol (an `h2c` port name or appProtocol `kubernetes.io/h2c` means
// HTTP/2 cleartext with prior knowledge).
// Data-plane peers are found only through EndpointSlices, never ClusterIPs (DESIGN.md §2).

/** The label tying an EndpointSlice to its Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
/** The appProtocol of an HTTP/2 cleartext port. */
export const H2C_APP_PROTOCOL = 'kubernetes.io/h2c';

/** How the data plane talks to an endpoint. */
export const EndpointProtocol = { http1: 'http1', h2c: 'h2c' } as const;
/** One of {@link EndpointProtocol}. */
export type EndpointProtocol = (typeof EndpointProtocol)[keyof typeof EndpointProtocol];

/** One address that takes traffic. */
export interface Endpoint {
  readonly address: string;
  readonly port: number;
  readonly protocol: EndpointProtocol;
}

/** A port of an EndpointSlice (discovery.k8s.io/v1 `EndpointPort`). */
export interface EndpointSlicePortLike {
  readonly name?: string | null;
  readonly port?: number | null;
  readonly appProtocol?: string | null;
}

/** An endpoint of an EndpointSlice (discovery.k8s.io/v1 `Endpoint`): its addresses and conditions. */
export interface EndpointLike {
  readonly addresses?: readonly string[];
  readonly conditions?: { readonly ready?: boolean | null; readonly terminating?: boolean | null } | null;
}

/** The parts of a discovery.k8s.io/v1 EndpointSlice the data plane reads (V1EndpointSlice fits). */
export interface EndpointSliceLike {
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly labels?: Readonly<Record<string, string>> };
  readonly endpoints?: readonly EndpointLike[] | null;
  readonly ports?: readonly EndpointSlicePortLike[] | null;
}

/** The port names the data plane serves on, in order of preference, when no name is asked for. */
const SERVING_PORT_NAMES: readonly string[] = ['http', 'h2c', 'http2', 'http1'];

/** The protocol of a slice port: h2c by name or appProtocol, else HTTP/1.1. */
export function portProtocol(port: EndpointSlicePortLike): EndpointProtocol {
  return port.name === 'h2c' || port.appProtocol === H2C_APP_PROTOCOL ? EndpointProtocol.h2c : EndpointProtocol.http1;
}

/**
 * The slice port to send traffic to: the one named `portName` when given; else the first of
 * `http`, `h2c`, `http2`, `http1` present; else the only port. Undefined when none fits.
 */
export function servingPort(ports: readonly EndpointSlicePortLike[], portName?: string): EndpointSlicePortLike | undefined {
  const numbered = ports.filter((p) => typeof p.port === 'number' && p.port > 0);
  if (portName !== undefined) return numbered.find((p) => p.name === portName);
  for (const name of SERVING_PORT_NAMES) {
    const found = numbered.find((p) => p.name === name);
    if (found !== undefined) return found;
  }
  return numbered.length === 1 ? numbered[0] : undefined;
}

/** Ready unless `conditions.ready` is false. */
function isReady(endpoint: EndpointLike): boolean {
  return endpoint.conditions?.ready !== false;
}

/** Listed with `ready: false` and not terminating: a pod still starting (or failing its readiness probe). */
function isNotReady(endpoint: EndpointLike): boolean {
  return endpoint.conditions?.ready === false && endpoint.conditions.terminating !== true;
}

/** The endpoints of one slice that `keep` accepts, on its serving port. */
function sliceEndpoints(slice: EndpointSliceLike, portName: string | undefined, keep: (endpoint: EndpointLike) => boolean): Endpoint[] {
  const port = servingPort(slice.ports ?? [], portName);
  if (port === undefined) return [];
  const protocol = portProtocol(port);
  return (slice.endpoints ?? [])
    .filter(keep)
    .flatMap((e) => (e.addresses ?? []).slice(0, 1).map((address) => ({ address, port: port.port as number, protocol })));
}

/** Orders endpoints by address, then port, so every replica sees the same list. */
export function compareEndpoints(a: Endpoint, b: Endpoint): number {
  return a.address === b.address ? a.port - b.port : a.address < b.address ? -1 : 1;
}

/**
 * The ready endpoints of a Service's slices, deduplicated and sorted: an endpoint is ready
 * unless `conditions.ready` is false; the port is {@link servingPort} of its slice.
 */
export function readyEndpoints(slices: readonly EndpointSliceLike[], portName?: string): Endpoint[] {
  return collect(slices, portName, isReady);
}

/**
 * The not-ready endpoints of a Service's slices, deduplicated and sorted: `conditions.ready`
 * false and not `terminating`, with an address; the port is {@link servingPort} of its slice. An
 * address some slice lists as ready is left out.
 */
export function notReadyEndpoints(slices: readonly EndpointSliceLike[], portName?: string): Endpoint[] {
  const ready = new Set(readyEndpoints(slices, portName).map(endpointKey));
  return collect(slices, portName, isNotReady).filter((e) => !ready.has(endpointKey(e)));
}

/** The endpoints `keep` accepts over all slices, deduplicated by address and port, sorted. */
function collect(slices: readonly EndpointSliceLike[], portName: string | undefined, keep: (endpoint: EndpointLike) => boolean): Endpoint[] {
  const seen = new Map<string, Endpoint>();
  for (const slice of slices) {
    for (const endpoint of sliceEndpoints(slice, portName, keep)) seen.set(endpointKey(endpoint), endpoint);
  }
  return [...seen.values()].sort(compareEndpoints);
}

/** `address:port` (IPv6 addresses in brackets): the key of an endpoint's connection pool. */
export function endpointKey(endpoint: Pick<Endpoint, 'address' | 'port'>): string {
  return endpoint.address.includes(':') ? `[${endpoint.address}]:${endpoint.port}` : `${endpoint.address}:${endpoint.port}`;
}

/** `namespace/service`: the key of a Service's endpoints. */
export function serviceKey(namespace: string, service: string): string {
  return `${namespace}/${service}`;
}

/** The `namespace/service` key of the Service a slice belongs to, or undefined for a slice without the label. */
export function serviceKeyOfSlice(slice: EndpointSliceLike): string | undefined {
  const service = slice.metadata?.labels?.[SERVICE_NAME_LABEL];
  return service === undefined || service === '' ? undefined : serviceKey(slice.metadata?.namespace ?? '', service);
}

/** Whether two endpoint lists are the same (both sorted as {@link readyEndpoints} returns them). */
export function sameEndpoints(a: readonly Endpoint[], b: readonly Endpoint[]): boolean {
  return a.length === b.length && a.every((e, i) => e.address === b[i]?.address && e.port === b[i]?.port && e.protocol === b[i]?.protocol);
}
