// Which of config-istio's gateways an Ingress uses (net-istio's GatewaysFromContext,
// ISTIO.md §1 "Gateway choice per Ingress"), and what follows from that choice: the qualified
// gateway names the prober and the VirtualServices use (§3.4), the gateway Services per-Ingress
// Gateways and copied Secrets are made for (§5), and the load-balancer addresses of the status
// (§3.5). Pure: the config and the Ingress in, names out.
import { IngressVisibility, type Gateway, type Ingress, type IngressRule } from '@ebb/api';
import { labelSelectorFromSpec, matchesLabels, type LabelSelectorSpec } from '@ebb/apimachinery';
import { qualifiedName, type IstioConfig, type IstioGateway } from '@ebb/config';
import { sortedUnique } from './hosts.js';

/** Gateway names per visibility: what a VirtualService's route matches (and the prober) use. */
export type GatewayNamesByVisibility = Record<IngressVisibility, string[]>;

/** A gateway Service as config-istio names it (`service: <name>.<namespace>.<suffix>`). */
export interface GatewayServiceRef {
  readonly namespace: string;
  readonly name: string;
}

/** The load balancers of an Ingress's status (§3.5): the first selected gateway's Service of each side. */
export interface LoadBalancerServices {
  /** The Service URL of the first selected external gateway (the public load balancer); undefined when none is configured. */
  readonly external: string | undefined;
  /** The Service URL of the first selected local gateway (the private load balancer); undefined when none is configured. */
  readonly local: string | undefined;
}

/** The Gateways made for one Ingress (§5), as the VirtualService gateway names need them (§3.4). */
export interface PerIngressGateways {
  /** Per-Ingress Gateways on the external gateway Services (TLS servers and/or the HTTP server). */
  readonly external: readonly Gateway[];
  /** Per-Ingress cluster-local TLS Gateways (`-local` names). */
  readonly clusterLocal: readonly Gateway[];
  /** Shared wildcard-certificate Gateways the Ingress's TLS uses. */
  readonly wildcard: readonly Gateway[];
  /** Whether the Ingress gets its own HTTP server (gateway.ts `httpServerWanted`): then the shared external gateways are left out. */
  readonly httpServer: boolean;
}

/** An Ingress without Gateways of its own (no TLS, not Redirected): its VirtualServices use the shared gateways only. */
export const NO_PER_INGRESS_GATEWAYS: PerIngressGateways = { external: [], clusterLocal: [], wildcard: [], httpServer: false };

/** A rule's visibility once defaulted (unset means ExternalIP, as Knative's SetDefaults makes it). */
export function ruleVisibility(rule: IngressRule): IngressVisibility {
  return rule.visibility ?? IngressVisibility.ExternalIP;
}

/** config-istio's readonly selector as the mutable metav1.LabelSelector shape apimachinery parses. */
function selectorSpec(selector: NonNullable<IstioGateway['labelSelector']>): LabelSelectorSpec {
  const spec: LabelSelectorSpec = {};
  if (selector.matchLabels !== undefined) spec.matchLabels = { ...selector.matchLabels };
  if (selector.matchExpressions !== undefined) {
    spec.matchExpressions = selector.matchExpressions.map((e) => ({ key: e.key, operator: e.operator, ...(e.values === undefined ? {} : { values: [...e.values] }) }));
  }
  return spec;
}

/** Whether a gateway's labelSelector selects the Ingress (by the Ingress's labels). */
function selects(gateway: IstioGateway, ingress: Ingress): boolean {
  if (gateway.labelSelector === undefined) return false;
  return matchesLabels(labelSelectorFromSpec(selectorSpec(gateway.labelSelector)), ingress.metadata?.labels);
}

/**
 * The configured gateways of `visibility` the Ingress uses: every gateway whose labelSelector
 * matches the Ingress labels, in config order; when none matches, the selector-less default (none
 * when the list is empty: mesh-only mode).
 */
export function selectGateways(config: IstioConfig, ingress: Ingress, visibility: IngressVisibility): IstioGateway[] {
  const all = visibility === IngressVisibility.ClusterLocal ? config.localGateways : config.externalGateways;
  const matched = all.filter((g) => selects(g, ingress));
  if (matched.length > 0) return matched;
  const fallback = all.find((g) => g.labelSelector === undefined);
  return fallback === undefined ? [] : [fallback];
}


/** The qualified names (`<namespace>/<name>`, sorted) of the config gateways the Ingress uses, per visibility — what the prober probes. */
export function qualifiedGatewayNames(config: IstioConfig, ingress: Ingress): GatewayNamesByVisibility {
  return {
    ExternalIP: sortedUnique(selectGateways(config, ingress, IngressVisibility.ExternalIP).map(qualifiedName)),
    ClusterLocal: sortedUnique(selectGateways(config, ingress, IngressVisibility.ClusterLocal).map(qualifiedName)),
  };
}

/** `<namespace>/<name>` of Gateway objects. */
function namesOf(gateways: readonly Gateway[]): string[] {
  return gateways.map((g) => `${g.metadata?.namespace ?? ''}/${g.metadata?.name ?? ''}`);
}

/**
 * The gateways the VirtualServices route through (§3.4), sorted per visibility. ExternalIP: the
 * per-Ingress and wildcard Gateways, plus the selected external gateways unless the Ingress has its
 * own HTTP server. ClusterLocal: the selected local gateways plus the per-Ingress cluster-local TLS
 * Gateways.
 */
export function virtualServiceGatewayNames(config: IstioConfig, ingress: Ingress, perIngress: PerIngressGateways): GatewayNamesByVisibility {
  const configured = qualifiedGatewayNames(config, ingress);
  const shared = perIngress.httpServer ? [] : configured.ExternalIP;
  return {
    ExternalIP: sortedUnique([...shared, ...namesOf(perIngress.external), ...namesOf(perIngress.wildcard)]),
    ClusterLocal: sortedUnique([...configured.ClusterLocal, ...namesOf(perIngress.clusterLocal)]),
  };
}

/** The Service URLs of the first selected external and local gateways (§3.5); undefined means mesh-only on that side. */
export function loadBalancerServices(config: IstioConfig, ingress: Ingress): LoadBalancerServices {
  return {
    external: selectGateways(config, ingress, IngressVisibility.ExternalIP)[0]?.serviceUrl,
    local: selectGateways(config, ingress, IngressVisibility.ClusterLocal)[0]?.serviceUrl,
  };
}

/**
 * The gateway Service a config gateway names: `<name>.<namespace>.<rest>` (net-istio's
 * parseIngressGatewayConfig); throws `unexpected service URL form: <url>` with fewer than three parts.
 */
export function gatewayServiceRef(gateway: IstioGateway): GatewayServiceRef {
  const [name, namespace, rest] = splitN(gateway.serviceUrl, '.', 3);
  if (name === undefined || namespace === undefined || rest === undefined) throw new Error(`unexpected service URL form: ${gateway.serviceUrl}`);
  return { namespace, name };
}

/** Go's strings.SplitN: at most `n` parts, the last holding the rest. */
function splitN(text: string, separator: string, n: number): string[] {
  const parts = text.split(separator);
  return parts.length <= n ? parts : [...parts.slice(0, n - 1), parts.slice(n - 1).join(separator)];
}

/** The Services of the selected external gateways, in config order: where per-Ingress Gateways point and TLS Secrets are copied (§5). */
export function externalGatewayServices(config: IstioConfig, ingress: Ingress): GatewayServiceRef[] {
  return selectGateways(config, ingress, IngressVisibility.ExternalIP).map(gatewayServiceRef);
}
