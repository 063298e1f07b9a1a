// Where a load-balancer connection may go: the ready endpoints of the Service's EndpointSlices
// for the listener's port name, each at the slice's port number (the port the pod really listens
// on: the EndpointSlice controller resolves the local cluster's port mapping). As kube-proxy does,
// when no endpoint is ready the serving-and-terminating ones are used. Pure.
import { SERVICE_NAME_LABEL } from '@ebb/workloads';
import type { V1EndpointConditions, V1EndpointSlice } from '@kubernetes/client-node';

/** One address a connection can be piped to. */
export interface Backend {
  readonly host: string;
  readonly port: number;
}

/** `host:port` of a backend. */
export function backendKey(backend: Backend): string {
  return `${backend.host}:${backend.port}`;
}

/** What the endpoint selection needs to know about the Service port. */
export interface BackendQuery {
  readonly serviceName: string;
  /** The Service port's name ('' when unnamed). */
  readonly portName: string;
  /** Default TCP. */
  readonly protocol?: string;
}

interface Candidate extends Backend {
  readonly conditions: V1EndpointConditions;
}

function slicePort(slice: V1EndpointSlice, query: BackendQuery): number | undefined {
  const protocol = query.protocol ?? 'TCP';
  const port = slice.ports?.find((p) => (p.name ?? '') === query.portName && (p.protocol ?? 'TCP') === protocol)?.port;
  return typeof port === 'number' && port > 0 ? port : undefined;
}

function candidatesOf(slice: V1EndpointSlice, query: BackendQuery): Candidate[] {
  const port = slicePort(slice, query);
  if (port === undefined || slice.addressType !== 'IPv4') return [];
  return (slice.endpoints ?? []).flatMap((endpoint) => endpoint.addresses.map((host) => ({ host, port, conditions: endpoint.conditions ?? {} })));
}

/** Unset `ready` means ready (EndpointConditions: consumers interpret unknown as ready); unset `serving` follows `ready`. */
function isReady(conditions: V1EndpointConditions): boolean {
  return conditions.ready !== false;
}

function isServingTerminating(conditions: V1EndpointConditions): boolean {
  return conditions.terminating === true && (conditions.serving ?? conditions.ready) !== false;
}

function unique(candidates: readonly Candidate[]): Backend[] {
  const byKey = new Map(candidates.map((c) => [backendKey(c), { host: c.host, port: c.port }]));
  return [...byKey.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, backend]) => backend);
}

/**
 * The backends of a Service port, sorted by address so that the round robin does not depend on
 * slice order: its ready endpoints, else the serving terminating ones, else none.
 */
export function makeBackends(slices: readonly V1EndpointSlice[], query: BackendQuery): Backend[] {
  const mine = slices.filter((slice) => slice.metadata?.labels?.[SERVICE_NAME_LABEL] === query.serviceName);
  const candidates = mine.flatMap((slice) => candidatesOf(slice, query));
  const ready = candidates.filter((c) => isReady(c.conditions));
  return unique(ready.length > 0 ? ready : candidates.filter((c) => isServingTerminating(c.conditions)));
}

/** The order to try backends in for the connection numbered `turn`: round robin, then the others in order. */
export function roundRobinOrder<T>(backends: readonly T[], turn: number): T[] {
  if (backends.length === 0) return [];
  const start = ((turn % backends.length) + backends.length) % backends.length;
  return [...backends.slice(start), ...backends.slice(0, start)];
}
