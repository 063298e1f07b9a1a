// Reaching the autoscaler's decision log from the CLI, the pure half: which autoscaler pods to ask
// (the Running and Ready ones labelled `app.kubernetes.io/name=autoscaler`), the pods/proxy path
// of their admin endpoint (`GET /decisions/<ns>/<rev>` on port 8083, through the API server, so
// it works wherever the kubeconfig reaches), the answers read into plain decision records, and
// which answer to show: with replicas splitting revisions by bucket (EBB_AUTOSCALER_BUCKETS) only
// the holder of the revision's bucket has its latest decisions, so the freshest answer wins.
// The command does the requests (commands/scaling-status.ts).
import { CliError } from '../context.js';

/** The label that marks the autoscaler's pods. */
export const AUTOSCALER_POD_SELECTOR = 'app.kubernetes.io/name=autoscaler';
/** The autoscaler's admin HTTP port (decisions, debugging). */
export const AUTOSCALER_ADMIN_PORT = 8083;
/** Where Ebb's control plane runs unless told otherwise. */
export const DEFAULT_SYSTEM_NAMESPACE = 'ebb-system';
/** How many decisions `revision describe` shows unless told otherwise. */
export const DEFAULT_DECISION_COUNT = 10;

/** One scale decision of the autoscaler, as its admin endpoint reports it. */
export interface ScaleDecisionRecord {
  /** When it was made, ms since the Unix epoch. */
  readonly timestamp: number;
  readonly desiredScale: number;
  readonly excessBurstCapacity: number;
  readonly panic: boolean;
  readonly observedStableValue: number;
  readonly observedPanicValue: number;
  /** Ready pods the decision saw, when reported. */
  readonly readyPods?: number;
  readonly reason: string;
}

/** The pod fields the choice of an autoscaler pod reads. */
export interface PodLike {
  readonly metadata?: { readonly name?: string; readonly deletionTimestamp?: string };
  readonly status?: { readonly phase?: string; readonly conditions?: readonly { readonly type?: string; readonly status?: string }[] };
}

/** The Running, Ready pods not being deleted, by name. */
export function readyPods<P extends PodLike>(pods: readonly P[]): P[] {
  const ready = pods.filter((p) => p.status?.phase === 'Running' && p.metadata?.deletionTimestamp === undefined && (p.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'));
  return [...ready].sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
}

/** Of several replicas' answers (each newest first), the one with the newest decision; the first when none has any. */
export function freshest(answers: readonly (readonly ScaleDecisionRecord[])[]): readonly ScaleDecisionRecord[] | undefined {
  let best: readonly ScaleDecisionRecord[] | undefined;
  for (const answer of answers) {
    if (best === undefined || (answer[0]?.timestamp ?? -1) > (best[0]?.timestamp ?? -1)) best = answer;
  }
  return best;
}

/** The API server path that proxies to `GET /decisions/<namespace>/<revision>` of an autoscaler pod. */
export function decisionsProxyPath(target: { systemNamespace: string; pod: string; namespace: string; revision: string }): string {
  const e = encodeURIComponent;
  return `/api/v1/namespaces/${e(target.systemNamespace)}/pods/${e(target.pod)}:${AUTOSCALER_ADMIN_PORT}/proxy/decisions/${e(target.namespace)}/${e(target.revision)}`;
}

/** Thrown when the admin endpoint's answer is not the decisions document. */
export class DecisionsFormatError extends Error {
  override readonly name = 'DecisionsFormatError';
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function numberField(entry: Record<string, unknown>, key: string, index: number): number {
  const value = entry[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new DecisionsFormatError(`decision ${index}: ${key} is not a number`);
  return value;
}

function decisionOf(value: unknown, index: number): ScaleDecisionRecord {
  const entry = record(value);
  const readyPods = entry['readyPods'];
  return {
    timestamp: numberField(entry, 'timestamp', index),
    desiredScale: numberField(entry, 'desiredScale', index),
    excessBurstCapacity: numberField(entry, 'excessBurstCapacity', index),
    panic: entry['panic'] === true,
    observedStableValue: numberField(entry, 'observedStableValue', index),
    observedPanicValue: numberField(entry, 'observedPanicValue', index),
    ...(typeof readyPods === 'number' && Number.isFinite(readyPods) ? { readyPods } : {}),
    reason: typeof entry['reason'] === 'string' ? entry['reason'] : '',
  };
}

/** The decisions of `{namespace, revision, decisions: […]}`, newest first; DecisionsFormatError for another shape. */
export function parseDecisions(body: unknown): ScaleDecisionRecord[] {
  const decisions = record(body)['decisions'];
  if (!Array.isArray(decisions)) throw new DecisionsFormatError('the answer has no decisions list');
  return decisions.map(decisionOf).sort((a, b) => b.timestamp - a.timestamp);
}

/** `--decisions N`: a non-negative integer. */
export function parseDecisionCount(text: string): number {
  if (!/^\d+$/.test(text)) throw new CliError(`invalid --decisions '${text}': want a number of decisions (0 or more)`);
  return Number(text);
}
