// The autoscaler's settings, read once at boot from the environment with envalid: the shared
// ones (admin server, log level, drain), NATS, the namespace of `config-autoscaler`, where the
// cluster is, and how many decisions per revision the history keeps.
import { kubeConfigFromEnvironment, leaseIdentity } from '@ebb/kube';
import { natsEnvSpecs, type NatsAppConfig } from '@ebb/messaging/nats';
import { baseEnvSpecs, parseEnvironment, toBaseConfig } from '@ebb/observability';
import type { KubeConfig } from '@kubernetes/client-node';
import { makeValidator, str, type ValidatorSpec } from 'envalid';

/** Admin port unless `EBB_ADMIN_PORT` says otherwise. */
export const DEFAULT_ADMIN_PORT = 8083;
/** Decisions kept per revision unless `EBB_DECISION_HISTORY` says otherwise. */
export const DEFAULT_DECISION_HISTORY = 50;
/** The most decisions per revision the history may keep (bounds memory at 10,000 revisions). */
export const MAX_DECISION_HISTORY = 10_000;
/** The most buckets (their Lease names have two digits). */
export const MAX_BUCKETS = 99;

/** The autoscaler's settings. */
export interface AutoscalerAppConfig extends NatsAppConfig {
  /** Where `config-autoscaler` lives (Ebb's system namespace). */
  readonly systemNamespace: string;
  /** The cluster: the KUBECONFIG file, else in-cluster, else the default loading rules. */
  readonly kubeConfig: KubeConfig;
  /** Decisions kept per revision for `GET /decisions/<ns>/<revision>`. */
  readonly decisionHistory: number;
  /** Bucket Leases revisions are split by between replicas; 0: no election, decide for all. */
  readonly buckets: number;
  /** This replica's identity in the bucket Leases (`<HOSTNAME>_<uuid>`). */
  readonly identity: string;
}

/** A validator of whole numbers (digits only) in [min, max]. */
function wholeNumberFrom(min: number, max: number): ReturnType<typeof makeValidator<number>> {
  return makeValidator<number>((input: string) => {
    const value = Number(input);
    if (!/^\d+$/.test(input.trim()) || value < min || value > max) throw new Error(`"${input}" is not a whole number from ${min} to ${max}`);
    return value;
  });
}

/** A whole number in [1, {@link MAX_DECISION_HISTORY}]. */
const historySize = wholeNumberFrom(1, MAX_DECISION_HISTORY);
/** A whole number in [0, {@link MAX_BUCKETS}]. */
const bucketCount = wholeNumberFrom(0, MAX_BUCKETS);

/** The envalid specs of the autoscaler's own variables; `desc` is the README's description of each. */
export function autoscalerEnvSpecs(): {
  readonly EBB_SYSTEM_NAMESPACE: ValidatorSpec<string>;
  readonly KUBECONFIG: ValidatorSpec<string>;
  readonly EBB_DECISION_HISTORY: ValidatorSpec<number>;
  readonly EBB_AUTOSCALER_BUCKETS: ValidatorSpec<number>;
} {
  return {
    EBB_SYSTEM_NAMESPACE: str({ default: 'ebb-system', desc: 'Namespace of the config-autoscaler ConfigMap (Ebb system namespace).' }),
    KUBECONFIG: str({ default: '', desc: 'Kubeconfig file of the cluster; empty: in-cluster service account, else the default loading rules.' }),
    EBB_DECISION_HISTORY: historySize({ default: DEFAULT_DECISION_HISTORY, desc: 'Scale decisions kept per revision for GET /decisions/<namespace>/<revision> on the admin port.' }),
    EBB_AUTOSCALER_BUCKETS: bucketCount({
      default: 0,
      desc: 'Buckets (Leases autoscaler-bucket-NN-of-MM in EBB_SYSTEM_NAMESPACE) that split revisions between autoscaler replicas; a replica decides for the buckets it holds. 0: no election, every replica decides for every revision (one replica).',
    }),
  };
}

/** Reads the autoscaler's settings (throws ConfigError naming each bad variable). */
export function parseAutoscalerAppConfig(env: NodeJS.ProcessEnv): AutoscalerAppConfig {
  const e = parseEnvironment({ ...baseEnvSpecs({ adminPort: DEFAULT_ADMIN_PORT }), ...natsEnvSpecs(), ...autoscalerEnvSpecs() }, env);
  return {
    ...toBaseConfig(e),
    natsServers: e.EBB_NATS_URL,
    systemNamespace: e.EBB_SYSTEM_NAMESPACE,
    kubeConfig: kubeConfigFromEnvironment(env),
    decisionHistory: e.EBB_DECISION_HISTORY,
    buckets: e.EBB_AUTOSCALER_BUCKETS,
    identity: leaseIdentity(env),
  };
}
