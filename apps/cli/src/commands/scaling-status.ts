// The reads behind the Scaling section of `ebb revision describe`: the revision's PodAutoscaler
// and ServerlessService (same name, same namespace; missing or unreadable → shown as `-`), and
// the autoscaler's decisions through the API server's pods/proxy, asked of every ready autoscaler
// pod (the freshest answer wins: replicas split revisions by bucket). A failure to reach the
// decisions is a reason to print, never a failed command.
import { KnativeResources, type PodAutoscaler, type ServerlessService } from '@ebb/api';
import { isKubeApiError, KubeResources, kubeRequest, type KubeObjectLike } from '@ebb/kube';
import type { Cluster } from '../cluster.js';
import type { DecisionsOutcome, ScalingInputs } from '../output/scaling.js';
import { AUTOSCALER_POD_SELECTOR, decisionsProxyPath, freshest, parseDecisions, readyPods, type PodLike, type ScaleDecisionRecord } from '../serving/decisions.js';

/** How long the decisions request may take. */
const DECISIONS_TIMEOUT_MS = 5000;

/** Where the revision is and where the autoscaler runs. */
export interface ScalingTarget {
  readonly namespace: string;
  readonly revision: string;
  readonly systemNamespace: string;
}

async function optionalGet<T extends KubeObjectLike>(cluster: Cluster, type: Parameters<Cluster['client']>[0], target: ScalingTarget): Promise<T | undefined> {
  try {
    return await cluster.client<T>(type).get(target.namespace, target.revision);
  } catch {
    return undefined;
  }
}

/** A failure in a few words: the API server's message, the network error's cause, or the timeout. */
export function failureText(error: unknown): string {
  if (isKubeApiError(error)) return `${error.statusCode}: ${error.message}`;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${DECISIONS_TIMEOUT_MS / 1000}s`;
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}

/** One autoscaler pod's decisions for the revision. */
async function podDecisions(cluster: Cluster, target: ScalingTarget, pod: string): Promise<ScaleDecisionRecord[]> {
  const path = decisionsProxyPath({ systemNamespace: target.systemNamespace, pod, namespace: target.namespace, revision: target.revision });
  return parseDecisions(await kubeRequest(cluster.kubeConfig, { method: 'GET', path, signal: AbortSignal.timeout(DECISIONS_TIMEOUT_MS) }));
}

async function readDecisions(cluster: Cluster, target: ScalingTarget): Promise<DecisionsOutcome> {
  try {
    const pods = await cluster.client<KubeObjectLike & PodLike>(KubeResources.pod).list(target.systemNamespace, AUTOSCALER_POD_SELECTOR);
    const names = readyPods(pods).map((p) => p.metadata?.name ?? '');
    if (names.length === 0) return { available: false, why: `no ready autoscaler pod (${AUTOSCALER_POD_SELECTOR}) in namespace ${target.systemNamespace}` };
    const answers = await Promise.allSettled(names.map((pod) => podDecisions(cluster, target, pod)));
    const decisions = freshest(answers.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : [])));
    if (decisions !== undefined) return { available: true, decisions: [...decisions] };
    const failed = answers.find((a) => a.status === 'rejected');
    return { available: false, why: failureText(failed?.reason) };
  } catch (error) {
    return { available: false, why: failureText(error) };
  }
}

/** Everything the Scaling section shows, read concurrently. */
export async function loadScaling(cluster: Cluster, target: ScalingTarget): Promise<ScalingInputs> {
  const [podAutoscaler, serverlessService, decisions] = await Promise.all([
    optionalGet<PodAutoscaler & KubeObjectLike>(cluster, KnativeResources.podAutoscaler, target),
    optionalGet<ServerlessService & KubeObjectLike>(cluster, KnativeResources.serverlessService, target),
    readDecisions(cluster, target),
  ]);
  return { ...(podAutoscaler === undefined ? {} : { podAutoscaler }), ...(serverlessService === undefined ? {} : { serverlessService }), decisions };
}
