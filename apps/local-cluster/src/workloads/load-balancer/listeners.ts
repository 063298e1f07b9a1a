// What a `type: LoadBalancer` Service asks of the local cluster's service load balancer (as k3s'
// servicelb answers it on a small cluster): one TCP listener per TCP port of the Service, on
// 127.0.0.1 (or on `spec.loadBalancerIP` when that is a loopback address) at the Service `port`,
// and the `status.loadBalancer` that says so once every listener is bound. Pure: the controller
// (load-balancer-controller.ts) opens and closes the listeners these describe.
import { isIPv4 } from 'node:net';
import type { V1LoadBalancerStatus, V1Service } from '@kubernetes/client-node';

/** The address a LoadBalancer Service is answered on unless it asks for another loopback one. */
export const DEFAULT_LOAD_BALANCER_IP = '127.0.0.1';

/** One TCP listener a Service asks for. */
export interface ListenerSpec {
  /** The loopback address to bind. */
  readonly host: string;
  /** The Service `port`. */
  readonly port: number;
  /** The Service port's name ('' when unnamed): EndpointSlice ports are matched by it. */
  readonly portName: string;
}

/** `host:port`, which identifies a listener. */
export function listenerKey(listener: Pick<ListenerSpec, 'host' | 'port'>): string {
  return `${listener.host}:${listener.port}`;
}

/** Whether `address` is an IPv4 loopback address (127.0.0.0/8). */
export function isLoopbackIPv4(address: string): boolean {
  return isIPv4(address) && address.startsWith('127.');
}

/**
 * Whether this controller answers the Service: type LoadBalancer, no `loadBalancerClass` (a class
 * names another implementation, which the default one must ignore), not being deleted.
 */
export function isServedLoadBalancer(service: V1Service | undefined): service is V1Service {
  if (service?.spec?.type !== 'LoadBalancer') return false;
  return !isDeleting(service) && !hasLoadBalancerClass(service);
}

/** Whether the Service has a deletionTimestamp. */
export function isDeleting(service: V1Service): boolean {
  return service.metadata?.deletionTimestamp !== undefined && service.metadata.deletionTimestamp !== null;
}

/** Whether the Service names a `loadBalancerClass` (another implementation's: its status is not ours to write). */
export function hasLoadBalancerClass(service: V1Service): boolean {
  return (service.spec?.loadBalancerClass ?? '') !== '';
}

/**
 * The `status.loadBalancer` this controller wants on the Service, or undefined when it leaves the
 * status alone (being deleted, or another class's): the ingress of every listener when all are
 * bound; empty when one is not, or when the Service is no (longer a) LoadBalancer.
 */
export function desiredLoadBalancerStatus(service: V1Service, allBound: boolean): V1LoadBalancerStatus | undefined {
  if (isDeleting(service) || hasLoadBalancerClass(service)) return undefined;
  return allBound ? makeLoadBalancerStatus(makeListeners(service)) : {};
}

/** Where the Service is answered: `spec.loadBalancerIP` if it is a loopback address, else 127.0.0.1. */
export function loadBalancerHost(service: V1Service): string {
  const wanted = service.spec?.loadBalancerIP ?? '';
  return isLoopbackIPv4(wanted) ? wanted : DEFAULT_LOAD_BALANCER_IP;
}

/** The listeners of a Service: one per TCP port when it is a LoadBalancer this controller serves, else none. */
export function makeListeners(service: V1Service | undefined): ListenerSpec[] {
  if (!isServedLoadBalancer(service)) return [];
  const host = loadBalancerHost(service);
  return (service.spec?.ports ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP').map((p) => ({ host, port: p.port, portName: p.name ?? '' }));
}

/** `status.loadBalancer` for bound listeners: one ingress per address, listing its TCP ports; `{}` when none. */
export function makeLoadBalancerStatus(listeners: readonly ListenerSpec[]): V1LoadBalancerStatus {
  const byHost = new Map<string, number[]>();
  for (const { host, port } of listeners) byHost.set(host, [...(byHost.get(host) ?? []), port]);
  if (byHost.size === 0) return {};
  return { ingress: [...byHost].map(([ip, ports]) => ({ ip, ports: ports.map((port) => ({ port, protocol: 'TCP' })) })) };
}

/** Whether two `status.loadBalancer` values say the same (unset ingress equals an empty one). */
export function sameLoadBalancerStatus(a: V1LoadBalancerStatus | undefined, b: V1LoadBalancerStatus | undefined): boolean {
  const ingress = (status: V1LoadBalancerStatus | undefined): string => JSON.stringify((status?.ingress ?? []).map((i) => ({ ip: i.ip, hostname: i.hostname, ports: (i.ports ?? []).map((p) => ({ port: p.port, protocol: p.protocol })) })));
  return ingress(a) === ingress(b);
}
