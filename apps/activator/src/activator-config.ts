// The activator's settings, read once at boot from the environment with envalid: the shared
// ones (admin server, log level, drain), NATS, its request listener, the per-revision buffer
// bound, the Service and namespace its replicas run as (for subsetting pods across replicas),
// its own pod IP and name, and where the cluster is.
import { hostname } from 'node:os';
import { kubeConfigFromEnvironment } from '@ebb/kube';
import { natsEnvSpecs, type NatsAppConfig } from '@ebb/messaging/nats';
import { baseEnvSpecs, parseEnvironment, positiveInteger, toBaseConfig } from '@ebb/observability';
import type { KubeConfig } from '@kubernetes/client-node';
import { host, port, str, type ValidatorSpec } from 'envalid';
import { probeEnvSpecs, toProbeSettings, type ProbeSettings } from './probing/probe-config.js';

/** Admin port unless `EBB_ADMIN_PORT` says otherwise. */
export const DEFAULT_ADMIN_PORT = 8082;

/** Where the activator listens and who its peers are. */
export interface ActivatorListenerConfig {
  readonly host: string;
  readonly port: number;
  /** Most requests waiting per revision beyond its capacity; more get 503. */
  readonly queueDepth: number;
  /** The Service whose EndpointSlices list every activator replica. */
  readonly service: string;
  /** The namespace of that Service (Ebb's system namespace). */
  readonly systemNamespace: string;
  /** This replica's pod IP ('' : not known, take every pod of each revision). */
  readonly podIp: string;
  /** This replica's name in Stats and pokes (the pod name). */
  readonly instance: string;
}

/** The activator app's settings. */
export interface ActivatorConfig extends NatsAppConfig {
  readonly activator: ActivatorListenerConfig;
  /** The cluster: the KUBECONFIG file, else in-cluster, else the default loading rules. */
  readonly kubeConfig: KubeConfig;
  /** How the activator probes a revision's not-yet-ready pods. */
  readonly probe: ProbeSettings;
}

/** The envalid specs of the activator's own variables; `desc` is the README's description of each. */
export function activatorEnvSpecs(): {
  readonly EBB_ACTIVATOR_HOST: ValidatorSpec<string>;
  readonly EBB_ACTIVATOR_PORT: ValidatorSpec<number>;
  readonly EBB_ACTIVATOR_QUEUE_DEPTH: ValidatorSpec<number>;
  readonly EBB_ACTIVATOR_SERVICE: ValidatorSpec<string>;
  readonly EBB_SYSTEM_NAMESPACE: ValidatorSpec<string>;
  readonly POD_IP: ValidatorSpec<string>;
  readonly KUBECONFIG: ValidatorSpec<string>;
} {
  return {
    EBB_ACTIVATOR_HOST: host({ default: '0.0.0.0', desc: 'Address the activator request listener (HTTP/1.1) binds to.' }),
    EBB_ACTIVATOR_PORT: port({ default: 8012, desc: 'Port of the activator request listener.' }),
    EBB_ACTIVATOR_QUEUE_DEPTH: positiveInteger({ default: 10000, desc: 'Most requests buffered per revision beyond its capacity; more are answered 503.' }),
    EBB_ACTIVATOR_SERVICE: str({ default: 'activator', desc: 'Service whose EndpointSlices list the activator replicas (pods are shared among them).' }),
    EBB_SYSTEM_NAMESPACE: str({ default: 'ebb-system', desc: 'Namespace of the activator Service (Ebb system namespace).' }),
    POD_IP: str({ default: '', desc: "This activator's pod IP, its place among the replicas; empty: use every pod of each revision." }),
    KUBECONFIG: str({ default: '', desc: 'Kubeconfig file of the cluster; empty: in-cluster service account, else the default loading rules.' }),
  };
}

/** Reads the activator's settings (throws ConfigError naming each bad variable). */
export function parseActivatorConfig(env: NodeJS.ProcessEnv): ActivatorConfig {
  const e = parseEnvironment({ ...baseEnvSpecs({ adminPort: DEFAULT_ADMIN_PORT }), ...natsEnvSpecs(), ...activatorEnvSpecs(), ...probeEnvSpecs() }, env);
  return {
    ...toBaseConfig(e),
    natsServers: e.EBB_NATS_URL,
    activator: {
      host: e.EBB_ACTIVATOR_HOST,
      port: e.EBB_ACTIVATOR_PORT,
      queueDepth: e.EBB_ACTIVATOR_QUEUE_DEPTH,
      service: e.EBB_ACTIVATOR_SERVICE,
      systemNamespace: e.EBB_SYSTEM_NAMESPACE,
      podIp: e.POD_IP,
      instance: env['HOSTNAME'] ?? hostname(),
    },
    kubeConfig: kubeConfigFromEnvironment(env),
    probe: toProbeSettings(e),
  };
}
