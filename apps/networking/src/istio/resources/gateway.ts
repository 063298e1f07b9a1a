// The Istio Gateways net-istio makes for an Ingress (ISTIO.md §5, NI resources/gateway.go): a
// per-Ingress Gateway on each selected external gateway Service holding the Ingress's TLS servers
// (443, or 8444 for cluster-local TLS on its own `-local` Gateway) and its HTTP server (port 80,
// redirecting to HTTPS when asked), shared Gateways for wildcard certificates, and the clean-up
// of legacy per-Ingress servers from the shared gateways at finalization. Pure builders: Ingress,
// gateway Services and Secrets (with their certificates' DNS SANs) in, Gateway objects out.
import {
  GATEWAY_KIND,
  HTTPOption,
  ISTIO_API_VERSION,
  IngressVisibility,
  NetworkingInternalLabels,
  ServerTLSMode,
  type Gateway,
  type Ingress,
  type Server,
} from '@ebb/api';
import { controllerReference } from '@ebb/kube';
import { adler32 } from './adler32.js';
import { ruleVisibility } from './gateway-selection.js';
import { compareStrings } from './hosts.js';
import { ingressOwnerReference } from './virtual-service.js';
import { copiedSecretName, isWildcard, keyOfSecret, secretKey, wildcardSecretCopyName, type IngressTLS, type TLSSecret } from './secret.js';

/** The port of the HTTP server. */
export const GATEWAY_HTTP_PORT = 80;
/** The port of the TLS servers on the external gateways. */
export const EXTERNAL_GATEWAY_HTTPS_PORT = 443;
/** The port of the cluster-local TLS servers (the knative-local-gateway Service maps 443 to it). */
export const CLUSTER_LOCAL_GATEWAY_HTTPS_PORT = 8444;
/** The port name of a per-Ingress HTTP server. */
export const HTTP_SERVER_PORT_NAME = 'http-server';
/** Longest DNS-1123 label (a Gateway name must be one). */
const DNS1123_LABEL_MAX_LENGTH = 63;
/** Istio's copy of the DNS-1123 label pattern (it admits upper case). */
const DNS1123_LABEL = /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/;

/** The server a shared Gateway keeps when no other would remain: Istio refuses a Gateway without servers. */
export const PLACEHOLDER_SERVER: Server = {
  hosts: ['place-holder.place-holder'],
  port: { name: 'place-holder', number: 9999, protocol: 'HTTP' },
};

/** A gateway Service as the builders need it: where it lives and its `spec.selector` (the gateway pods). */
export interface GatewayService {
  readonly namespace: string;
  readonly name: string;
  readonly selector?: Readonly<Record<string, string>>;
}

/** Whether `value` is a DNS-1123 label (Istio's check, so Gateway names keep net-istio's form). */
function isDns1123Label(value: string): boolean {
  return value.length <= DNS1123_LABEL_MAX_LENGTH && DNS1123_LABEL.test(value);
}

/** The Ingress name, or its decimal adler32 when it is no DNS-1123 label. */
function labelSafeName(name: string): string {
  return isDns1123Label(name) ? name : String(adler32(name));
}

/**
 * The name of the per-Ingress Gateway on `gatewayService`: `<prefix>-<adler32>`, the checksum (decimal)
 * of `<svcNamespace>/<svcName>` (+ `-local` for ClusterLocal), the prefix the Ingress name (or its
 * checksum when it is no DNS-1123 label) cut so the whole stays within 63 characters.
 */
export function gatewayName(ingress: Ingress, gatewayService: { readonly namespace: string; readonly name: string }, visibility: IngressVisibility): string {
  const suffix = visibility === IngressVisibility.ClusterLocal ? '-local' : '';
  const checksum = String(adler32(`${gatewayService.namespace}/${gatewayService.name}${suffix}`));
  const prefix = labelSafeName(ingress.metadata?.name ?? '').slice(0, DNS1123_LABEL_MAX_LENGTH - checksum.length - 1);
  return `${prefix}-${checksum}`;
}

/** The name of the shared Gateway of a wildcard certificate on a gateway Service: `wildcard-<adler32 hex>`. */
export function wildcardGatewayName(secretName: string, gatewayServiceNamespace: string, gatewayServiceName: string): string {
  return `wildcard-${adler32(`${secretName}-${gatewayServiceNamespace}-${gatewayServiceName}`).toString(16)}`;
}

/**
 * The TLS entries for `visibility` (knative/networking GetIngressTLSForVisibility): for each rule
 * of that visibility, every entry whose hosts hold all the rule's hosts (an entry matching two
 * rules appears twice); a rule of that visibility without hosts ends the search.
 */
export function ingressTLSForVisibility(ingress: Ingress, visibility: IngressVisibility): IngressTLS[] {
  const tls = ingress.spec?.tls ?? [];
  const found: IngressTLS[] = [];
  if (tls.length === 0) return found;
  for (const rule of ingress.spec?.rules ?? []) {
    if (ruleVisibility(rule) !== visibility) continue;
    const hosts = rule.hosts ?? [];
    if (hosts.length === 0) return found;
    found.push(...tls.filter((entry) => hosts.every((h) => (entry.hosts ?? []).includes(h))));
  }
  return found;
}

/** Whether some rule has `visibility`. */
function hasRule(ingress: Ingress, visibility: IngressVisibility): boolean {
  return (ingress.spec?.rules ?? []).some((rule) => ruleVisibility(rule) === visibility);
}

/** Whether the Ingress gets its own HTTP server: it has an ExternalIP rule and is Redirected or has external TLS (§5). */
export function httpServerWanted(ingress: Ingress): boolean {
  const redirected = ingress.spec?.httpOption === HTTPOption.Redirected;
  return hasRule(ingress, IngressVisibility.ExternalIP) && (redirected || ingressTLSForVisibility(ingress, IngressVisibility.ExternalIP).length > 0);
}

/**
 * The Ingress's HTTP server (§5): the sorted ExternalIP hosts on port 80 named `http-server`, with
 * `tls.httpsRedirect` when Redirected; undefined when not {@link httpServerWanted} or when
 * `httpOption` is unset (net-istio's MakeHTTPServer makes none then).
 */
export function makeHTTPServer(ingress: Ingress): Server | undefined {
  const option = ingress.spec?.httpOption;
  if (option === undefined || !httpServerWanted(ingress)) return undefined;
  const rules = (ingress.spec?.rules ?? []).filter((rule) => ruleVisibility(rule) === IngressVisibility.ExternalIP);
  const hosts = [...new Set(rules.flatMap((rule) => rule.hosts ?? []))].sort(compareStrings);
  const server: Server = { hosts, port: { name: HTTP_SERVER_PORT_NAME, number: GATEWAY_HTTP_PORT, protocol: 'HTTP' } };
  return option === HTTPOption.Redirected ? { ...server, tls: { httpsRedirect: true } } : server;
}

/** `<ingressNamespace>/<ingressName>` (the name as its adler32 when no DNS-1123 label): what a TLS server's port name starts with. */
export function portNamePrefix(ingress: Ingress): string {
  return `${ingress.metadata?.namespace ?? ''}/${labelSafeName(ingress.metadata?.name ?? '')}`;
}

/** A Gateway's servers (none when it has no spec). */
export function serversOf(gateway: Gateway): Server[] {
  return gateway.spec?.servers ?? [];
}

/** Servers ordered by port name (net-istio's SortServers). */
export function sortServers(servers: readonly Server[]): Server[] {
  return [...servers].sort((a, b) => compareStrings(a.port.name, b.port.name));
}

/**
 * The TLS servers of an Ingress (§5), sorted by port name: entry i serves its hosts on
 * `<ns>/<name>:<i>`, port 443 (8444 for ClusterLocal), HTTPS, SIMPLE TLS with the credential
 * `credentialName` gives for it.
 */
export function makeTLSServers(ingress: Ingress, tls: readonly IngressTLS[], visibility: IngressVisibility, credentialName: (tls: IngressTLS) => string): Server[] {
  const number = visibility === IngressVisibility.ClusterLocal ? CLUSTER_LOCAL_GATEWAY_HTTPS_PORT : EXTERNAL_GATEWAY_HTTPS_PORT;
  const prefix = portNamePrefix(ingress);
  return sortServers(
    tls.map((entry, i) => ({
      hosts: [...(entry.hosts ?? [])],
      port: { name: `${prefix}:${i}`, number, protocol: 'HTTPS' },
      tls: { mode: ServerTLSMode.SIMPLE, credentialName: credentialName(entry) },
    })),
  );
}

/** What {@link credentialNames} needs. */
export interface CredentialInput {
  readonly ingress: Ingress;
  /** The Ingress's TLS Secrets by `<namespace>/<name>`. */
  readonly secrets: ReadonlyMap<string, TLSSecret>;
  /** The namespace of the gateway Service the servers are for. */
  readonly gatewayServiceNamespace: string;
}

/**
 * The credential of each TLS entry on one gateway Service: the Secret itself when it lives in the
 * Service's namespace, else the Ingress's copy of it; throws `unable to get the original secret
 * <ns>/<name>` when the Secret is not among `secrets`.
 */
export function credentialNames(input: CredentialInput): (tls: IngressTLS) => string {
  return (tls) => {
    if (tls.secretNamespace === input.gatewayServiceNamespace) return tls.secretName ?? '';
    const origin = input.secrets.get(secretKey(tls));
    if (origin === undefined) throw new Error(`unable to get the original secret ${secretKey(tls)}`);
    return copiedSecretName(input.ingress, origin.secret);
  };
}

/** A per-Ingress Gateway on `service`: in the Ingress namespace, controlled by the Ingress, labelled with its name. */
function ingressGateway(ingress: Ingress, service: GatewayService, visibility: IngressVisibility, servers: readonly Server[]): Gateway {
  return {
    apiVersion: ISTIO_API_VERSION,
    kind: GATEWAY_KIND,
    metadata: {
      name: gatewayName(ingress, service, visibility),
      namespace: ingress.metadata?.namespace ?? '',
      labels: { [NetworkingInternalLabels.Ingress]: ingress.metadata?.name ?? '' },
      ownerReferences: [ingressOwnerReference(ingress)],
    },
    spec: { ...(service.selector === undefined ? {} : { selector: { ...service.selector } }), servers: [...servers] },
  };
}

/** What {@link makeIngressGateways} needs. */
export interface IngressGatewaysInput {
  /** The (defaulted) Ingress. */
  readonly ingress: Ingress;
  /** The Services of the selected external gateways, in config order (cluster-local TLS Gateways go on them too). */
  readonly gatewayServices: readonly GatewayService[];
  /** Every Secret the Ingress's `spec.tls` names, with its certificate's DNS SANs. */
  readonly secrets: readonly TLSSecret[];
  /** config-network `cluster-local-domain-tls` is Enabled. */
  readonly clusterLocalTLS: boolean;
}

/** The per-Ingress Gateways of one Ingress. */
export interface IngressGateways {
  /** On each external gateway Service: the external non-wildcard TLS servers, then the HTTP server. */
  readonly external: Gateway[];
  /** On each external gateway Service, named with `-local`: the cluster-local TLS servers. */
  readonly clusterLocal: Gateway[];
  /** Whether the Ingress gets its own HTTP server ({@link httpServerWanted}). */
  readonly httpServer: boolean;
}

/** The TLS entries whose Secret is known and not a wildcard certificate (net-istio's GetNonWildcardIngressTLS). */
function nonWildcardTLS(tls: readonly IngressTLS[], secrets: ReadonlyMap<string, TLSSecret>): IngressTLS[] {
  return tls.filter((entry) => {
    const secret = secrets.get(secretKey(entry));
    return secret !== undefined && !isWildcard(secret.dnsNames);
  });
}

/** One TLS Gateway of `visibility` per gateway Service; none without entries. */
function tlsGateways(input: IngressGatewaysInput, tls: readonly IngressTLS[], visibility: IngressVisibility): Gateway[] {
  if (tls.length === 0) return [];
  const secrets = new Map(input.secrets.map((s) => [keyOfSecret(s.secret), s]));
  return input.gatewayServices.map((service) => {
    const credential = credentialNames({ ingress: input.ingress, secrets, gatewayServiceNamespace: service.namespace });
    return ingressGateway(input.ingress, service, visibility, makeTLSServers(input.ingress, tls, visibility, credential));
  });
}

/** The external TLS Gateways with the HTTP server appended, or Gateways holding only it when there is no external TLS. */
function withHTTPServer(input: IngressGatewaysInput, external: Gateway[]): Gateway[] {
  const server = makeHTTPServer(input.ingress);
  if (server === undefined) return external;
  if (external.length === 0) return input.gatewayServices.map((service) => ingressGateway(input.ingress, service, IngressVisibility.ExternalIP, [server]));
  return external.map((gateway) => ({ ...gateway, spec: { ...gateway.spec, servers: [...serversOf(gateway), server] } }));
}

/**
 * The per-Ingress Gateways (§5): external non-wildcard TLS servers (when the Ingress has an
 * ExternalIP rule with TLS) and the HTTP server (Redirected or external TLS) on one Gateway per
 * external gateway Service; cluster-local TLS servers (when enabled) on `-local` Gateways. An
 * Ingress with neither (e.g. `httpOption: Enabled` without TLS) gets none: the shared gateways serve it.
 * Throws when a TLS entry's Secret lives outside a gateway Service's namespace and is not in `secrets`.
 */
export function makeIngressGateways(input: IngressGatewaysInput): IngressGateways {
  const externalTLS = nonWildcardTLS(ingressTLSForVisibility(input.ingress, IngressVisibility.ExternalIP), new Map(input.secrets.map((s) => [keyOfSecret(s.secret), s])));
  const clusterLocalTLS = input.clusterLocalTLS ? ingressTLSForVisibility(input.ingress, IngressVisibility.ClusterLocal) : [];
  return {
    external: withHTTPServer(input, tlsGateways(input, externalTLS, IngressVisibility.ExternalIP)),
    clusterLocal: tlsGateways(input, clusterLocalTLS, IngressVisibility.ClusterLocal),
    httpServer: httpServerWanted(input.ingress),
  };
}

/** What {@link makeWildcardGateways} needs. */
export interface WildcardGatewaysInput {
  /** The wildcard-certificate Secrets the Ingress's external TLS names, with their DNS SANs. */
  readonly secrets: readonly TLSSecret[];
  /** The Services of the selected external gateways, in config order. */
  readonly gatewayServices: readonly GatewayService[];
}

/** The shared Gateway of one wildcard Secret on one gateway Service. */
function wildcardGateway(wildcard: TLSSecret, service: GatewayService): Gateway {
  const name = wildcard.secret.metadata?.name ?? '';
  const namespace = wildcard.secret.metadata?.namespace ?? '';
  const credentialName = namespace === service.namespace ? name : wildcardSecretCopyName(name, namespace);
  return {
    apiVersion: ISTIO_API_VERSION,
    kind: GATEWAY_KIND,
    metadata: {
      name: wildcardGatewayName(name, service.namespace, service.name),
      namespace,
      ownerReferences: [controllerReference(wildcard.secret, { apiVersion: 'v1', kind: 'Secret' })],
    },
    spec: {
      ...(service.selector === undefined ? {} : { selector: { ...service.selector } }),
      servers: [{ hosts: [...wildcard.dnsNames], port: { name: 'https', number: EXTERNAL_GATEWAY_HTTPS_PORT, protocol: 'HTTPS' }, tls: { mode: ServerTLSMode.SIMPLE, credentialName } }],
    },
  };
}

/**
 * The shared Gateways of wildcard certificates (§5): per gateway Service, per Secret (ordered by
 * `<namespace>/<name>`), `wildcard-<hex>` in the Secret's namespace, controlled by the Secret, one
 * HTTPS server for the certificate's DNS SANs using the Secret (or its shared copy when it lives
 * outside the Service's namespace).
 */
export function makeWildcardGateways(input: WildcardGatewaysInput): Gateway[] {
  const secrets = input.secrets.filter((s) => isWildcard(s.dnsNames)).sort((a, b) => compareStrings(keyOfSecret(a.secret), keyOfSecret(b.secret)));
  return input.gatewayServices.flatMap((service) => secrets.map((secret) => wildcardGateway(secret, service)));
}

/** Whether a server is a TLS server of the Ingress: port name `<ns>/<name>:<n>` (exactly one colon). */
function belongsToIngress(server: Server, ingress: Ingress): boolean {
  const parts = server.port.name.split(':');
  return parts.length === 2 && parts[0] === portNamePrefix(ingress);
}

/** Whether a server is {@link PLACEHOLDER_SERVER}. */
function isPlaceholder(server: Server): boolean {
  const { hosts, port } = server;
  const same = port.name === PLACEHOLDER_SERVER.port.name && port.number === PLACEHOLDER_SERVER.port.number && port.protocol === PLACEHOLDER_SERVER.port.protocol;
  return same && server.tls === undefined && port.targetPort === undefined && hosts.length === 1 && hosts[0] === PLACEHOLDER_SERVER.hosts[0];
}

/**
 * A shared gateway without the Ingress's legacy TLS servers (FinalizeKind, §5): its other servers
 * (placeholders dropped) sorted by port name, or only the placeholder when none remains; undefined
 * when it holds no server of the Ingress (nothing to update).
 */
export function removeIngressServers(gateway: Gateway, ingress: Ingress): Gateway | undefined {
  const servers = serversOf(gateway);
  if (!servers.some((server) => belongsToIngress(server, ingress))) return undefined;
  const kept = servers.filter((server) => !belongsToIngress(server, ingress) && !isPlaceholder(server));
  return { ...gateway, spec: { ...gateway.spec, servers: kept.length === 0 ? [PLACEHOLDER_SERVER] : sortServers(kept) } };
}
