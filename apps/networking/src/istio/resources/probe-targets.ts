// Where the prober sends its requests for an Ingress (ISTIO.md §4 "Targets", NI lister.go): for each
// config gateway the Ingress uses, the gateway pods behind the first Service whose labels match the
// Gateway's selector, on every HTTP/HTTPS server port that Service exposes. The URL names a host of
// the Ingress on the server's port; the connection goes to the pod. Pure: the Gateway, Service and
// endpoint lookups are plain functions and data (the caller wires listers and EndpointsTracker).
import { ServerTLSMode, type Gateway, type Ingress, type Server } from '@ebb/api';
import type { Endpoint } from '@ebb/dataplane';
import type { IstioConfig } from '@ebb/config';
import { serversOf } from './gateway.js';
import { qualifiedGatewayNames, ruleVisibility } from './gateway-selection.js';
import { compareStrings, expandedHosts } from './hosts.js';

/** One probe: GET `url`, connecting to `address:port` (a gateway pod). */
export interface ProbeTarget {
  /** `<scheme>://<host>:<serverPort>/healthz`. */
  readonly url: string;
  /** The pod IP. */
  readonly address: string;
  /** The pod port behind the Service port of the server. */
  readonly port: number;
}

/** The parts of a core/v1 Service read here (V1Service fits). */
export interface ServiceLike {
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly labels?: Readonly<Record<string, string>> };
  readonly spec?: { readonly ports?: readonly { readonly name?: string; readonly port: number }[] };
}

/** What {@link probeTargets} needs. */
export interface ProbeTargetsInput {
  readonly config: IstioConfig;
  /** The (defaulted) Ingress. */
  readonly ingress: Ingress;
  /** The Gateway `<namespace>/<name>`, undefined when it does not exist. */
  readonly gateway: (namespace: string, name: string) => Gateway | undefined;
  /** The Services of the cluster (any namespace); the first by `<namespace>/<name>` whose labels match a Gateway's selector fronts it. */
  readonly services: readonly ServiceLike[];
  /** The ready endpoints of a Service on its EndpointSlice port named `portName` (EndpointsTracker#endpoints fits). */
  readonly endpoints: (namespace: string, service: string, portName: string) => readonly Endpoint[];
}

/** The scheme to probe a server with, or undefined when it is not probed (HTTPS redirect, MUTUAL TLS, other protocols). */
export function probeScheme(server: Server): 'http' | 'https' | undefined {
  switch (server.port.protocol) {
    case 'HTTP':
    case 'HTTP2':
      return server.tls?.httpsRedirect === true ? undefined : 'http';
    case 'HTTPS':
      return server.tls?.mode === ServerTLSMode.MUTUAL ? undefined : 'https';
    default:
      return undefined;
  }
}

/**
 * The expanded hosts per config gateway (knative/networking HostsPerVisibility): each rule's
 * expanded hosts go to every gateway of its visibility; a gateway without hosts is absent.
 */
export function hostsPerGateway(config: IstioConfig, ingress: Ingress): Map<string, Set<string>> {
  const names = qualifiedGatewayNames(config, ingress);
  const hosts = new Map<string, Set<string>>();
  for (const rule of ingress.spec?.rules ?? []) {
    const expanded = expandedHosts(rule.hosts ?? []);
    if (expanded.length === 0) continue;
    for (const gateway of names[ruleVisibility(rule)]) {
      const set = hosts.get(gateway) ?? new Set<string>();
      for (const host of expanded) set.add(host);
      hosts.set(gateway, set);
    }
  }
  return hosts;
}

/** Whether a Service's labels satisfy a Gateway's selector (every pair present; no selector selects all). */
function selectedBy(service: ServiceLike, selector: Readonly<Record<string, string>> | undefined): boolean {
  const labels = service.metadata?.labels ?? {};
  return Object.entries(selector ?? {}).every(([key, value]) => Object.hasOwn(labels, key) && labels[key] === value);
}

/** `<namespace>/<name>` of a Service. */
function serviceKey(service: ServiceLike): string {
  return `${service.metadata?.namespace ?? ''}/${service.metadata?.name ?? ''}`;
}

/** The Service fronting a Gateway's pods: the first (by `<namespace>/<name>`) whose labels match its selector. */
export function gatewayService(gateway: Gateway, services: readonly ServiceLike[]): ServiceLike | undefined {
  return [...services].sort((a, b) => compareStrings(serviceKey(a), serviceKey(b))).find((s) => selectedBy(s, gateway.spec?.selector));
}

/** One probed server port: scheme, the server's port number and the name of the Service port exposing it. */
interface ProbedPort {
  readonly scheme: 'http' | 'https';
  readonly number: number;
  readonly portName: string;
}

/** The server ports to probe: probed schemes only, exposed by the Service, each protocol/number once. */
function probedPorts(gateway: Gateway, service: ServiceLike): ProbedPort[] {
  const seen = new Set<string>();
  const ports: ProbedPort[] = [];
  for (const server of serversOf(gateway)) {
    const scheme = probeScheme(server);
    const servicePort = (service.spec?.ports ?? []).find((p) => p.port === server.port.number);
    const key = `${server.port.protocol}/${server.port.number}`;
    if (scheme === undefined || servicePort === undefined || seen.has(key)) continue;
    seen.add(key);
    ports.push({ scheme, number: server.port.number, portName: servicePort.name ?? '' });
  }
  return ports;
}

/** The targets of one Gateway: every ready endpoint of its Service × every probed port, the URL naming `host`. */
function gatewayTargets(input: ProbeTargetsInput, gateway: Gateway, host: string): ProbeTarget[] {
  const service = gatewayService(gateway, input.services);
  if (service === undefined) return [];
  const namespace = service.metadata?.namespace ?? '';
  const name = service.metadata?.name ?? '';
  return probedPorts(gateway, service).flatMap(({ scheme, number, portName }) =>
    input.endpoints(namespace, name, portName).map((e) => ({ url: `${scheme}://${host}:${number}/healthz`, address: e.address, port: e.port })),
  );
}

/**
 * The probe targets of an Ingress (§4): for each config gateway it uses (sorted, only those some
 * rule's hosts go through), the Gateway's Service endpoints on each probed server port, the URL
 * naming the first (sorted) expanded host of that gateway. Throws when a Gateway does not exist.
 */
export function probeTargets(input: ProbeTargetsInput): ProbeTarget[] {
  const hosts = hostsPerGateway(input.config, input.ingress);
  return [...hosts.keys()].sort(compareStrings).flatMap((qualified) => {
    const [namespace = '', name = ''] = qualified.split('/', 2);
    const gateway = input.gateway(namespace, name);
    if (gateway === undefined) throw new Error(`failed to get Gateway "${qualified}": not found`);
    const host = [...(hosts.get(qualified) ?? [])].sort(compareStrings)[0] ?? '';
    return gatewayTargets(input, gateway, host);
  });
}
