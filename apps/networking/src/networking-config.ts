// The networking app's settings, read once at boot from the environment with envalid: the
// shared ones (admin server, log level, drain), NATS, the gateway listener, the Service and
// namespace its replicas run as (for probing every replica), the Istio Gateways it may act as
// (to serve VirtualServices where no Istio runs), whether it translates Istio-class Ingresses,
// and where the cluster is.
import { hostname } from 'node:os';
import { kubeConfigFromEnvironment, leaseIdentity } from '@ebb/kube';
import { natsEnvSpecs, type NatsAppConfig } from '@ebb/messaging/nats';
import type { KubeConfig } from '@kubernetes/client-node';
import { baseEnvSpecs, parseEnvironment, toBaseConfig } from '@ebb/observability';
import { bool, host, makeValidator, port, str, type ValidatorSpec } from 'envalid';

/** Admin port unless `EBB_ADMIN_PORT` says otherwise. */
export const DEFAULT_ADMIN_PORT = 8084;

/** Where the gateway listens and who its replicas are. */
export interface GatewayConfig {
  readonly host: string;
  readonly port: number;
  /** The Service whose EndpointSlices list every gateway replica. */
  readonly service: string;
  /** The namespace of that Service (Ebb's system namespace). */
  readonly systemNamespace: string;
  /** The activator's Service in the system namespace: proxied revisions' requests go to its ready endpoints. */
  readonly activatorService: string;
  /** This replica's name in the Stats it publishes (its pod name). */
  readonly instance: string;
  /** This replica's pod IP (POD_IP): its drain after SIGTERM ends once the gateway Service no longer lists it; empty: the full drain period. */
  readonly podIp: string;
  /**
   * The qualified Istio Gateway names (`<namespace>/<name>`) this replica acts as: it then also
   * serves the VirtualServices bound to them, as an Istio ingress gateway would. Empty: it serves
   * Ebb-class Ingresses only.
   */
  readonly istioGateways: readonly string[];
}

/** The networking app's settings. */
export interface NetworkingConfig extends NatsAppConfig {
  readonly gateway: GatewayConfig;
  /** The cluster: the KUBECONFIG file, else in-cluster (service-account token re-read on rotation), else the default loading rules. */
  readonly kubeConfig: KubeConfig;
  /** This replica's identity in the status writer's leader Lease. */
  readonly identity: string;
  /** Translate Ingresses of the Istio class into Istio Gateways and VirtualServices (networking-istio). */
  readonly istioIngress: boolean;
}

/** A Kubernetes namespace (DNS-1123 label) `/` an object name (DNS-1123 subdomain). */
const QUALIFIED_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\/[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** Parses a comma-separated list of qualified Istio Gateway names (blanks dropped); throws naming the bad one. */
export function parseQualifiedGatewayNames(input: string): string[] {
  const names = input.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
  const bad = names.find((name) => !QUALIFIED_NAME.test(name));
  if (bad !== undefined) throw new Error(`"${bad}" is not a qualified Gateway name <namespace>/<name>`);
  return [...new Set(names)];
}

/** envalid validator of `EBB_GATEWAY_ISTIO_GATEWAYS`. */
const qualifiedGatewayNames = makeValidator<string[]>(parseQualifiedGatewayNames);

/** The envalid specs of the networking app's own variables; `desc` is the README's description of each. */
export function networkingEnvSpecs(): {
  readonly EBB_GATEWAY_HOST: ValidatorSpec<string>;
  readonly EBB_GATEWAY_PORT: ValidatorSpec<number>;
  readonly EBB_GATEWAY_SERVICE: ValidatorSpec<string>;
  readonly EBB_SYSTEM_NAMESPACE: ValidatorSpec<string>;
  readonly EBB_ACTIVATOR_SERVICE: ValidatorSpec<string>;
  readonly EBB_GATEWAY_ISTIO_GATEWAYS: ValidatorSpec<string[]>;
  readonly EBB_ISTIO_INGRESS: ValidatorSpec<boolean>;
  readonly KUBECONFIG: ValidatorSpec<string>;
  readonly POD_IP: ValidatorSpec<string>;
} {
  return {
    EBB_GATEWAY_HOST: host({ default: '0.0.0.0', desc: 'Address the ingress gateway (HTTP/1.1) binds to.' }),
    EBB_GATEWAY_PORT: port({ default: 8080, desc: 'Port of the ingress gateway.' }),
    EBB_GATEWAY_SERVICE: str({ default: 'networking', desc: 'Service whose EndpointSlices list the gateway replicas (each is probed before an Ingress turns Ready).' }),
    EBB_SYSTEM_NAMESPACE: str({ default: 'ebb-system', desc: 'Namespace of the gateway Service (Ebb system namespace).' }),
    EBB_ACTIVATOR_SERVICE: str({ default: 'activator', desc: 'Service (in EBB_SYSTEM_NAMESPACE) whose ready endpoints are the activators.' }),
    EBB_GATEWAY_ISTIO_GATEWAYS: qualifiedGatewayNames({
      default: [],
      desc: 'Comma-separated Istio Gateways (<namespace>/<name>) the gateway acts as: it then also serves the VirtualServices bound to them, for hosts no Ebb-class Ingress has; empty: off.',
    }),
    EBB_ISTIO_INGRESS: bool({
      default: false,
      desc: "Translate Ingresses of the Istio class (istio.ingress.networking.knative.dev) into Istio Gateways and VirtualServices as Knative's net-istio does, and mark them Ready once Istio's gateway pods serve them; needs Istio's CRDs and deploy/components/istio's RBAC.",
    }),
    KUBECONFIG: str({ default: '', desc: 'Kubeconfig file of the cluster; empty: in-cluster service account, else the default loading rules.' }),
    POD_IP: str({ default: '', desc: "This replica's pod IP: after SIGTERM it stops draining once the gateway Service lists it no more; empty: the whole EBB_DRAIN_SECONDS." }),
  };
}

/** Reads the networking app's settings (throws ConfigError naming each bad variable). */
export function parseNetworkingConfig(env: NodeJS.ProcessEnv): NetworkingConfig {
  const e = parseEnvironment({ ...baseEnvSpecs({ adminPort: DEFAULT_ADMIN_PORT }), ...natsEnvSpecs(), ...networkingEnvSpecs() }, env);
  return {
    ...toBaseConfig(e),
    natsServers: e.EBB_NATS_URL,
    gateway: { host: e.EBB_GATEWAY_HOST, port: e.EBB_GATEWAY_PORT, service: e.EBB_GATEWAY_SERVICE, systemNamespace: e.EBB_SYSTEM_NAMESPACE, activatorService: e.EBB_ACTIVATOR_SERVICE, instance: env['HOSTNAME'] ?? hostname(), podIp: e.POD_IP, istioGateways: e.EBB_GATEWAY_ISTIO_GATEWAYS },
    kubeConfig: kubeConfigFromEnvironment(env),
    identity: leaseIdentity(env),
    istioIngress: e.EBB_ISTIO_INGRESS,
  };
}
