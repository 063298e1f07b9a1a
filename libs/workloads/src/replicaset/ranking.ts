// Which pods a ReplicaSet deletes first when it scales down (controller_utils.go
// ActivePodsWithRanks with LogarithmicScaleDown): unscheduled < scheduled; Pending < Unknown <
// Running; not ready < ready; lower pod-deletion-cost; more sibling pods on the same node; ready
// for less time; more restarts; newer — times compared in log2 buckets of their age, ties by uid.
import type { KubeObject } from '@ebb/apimachinery';
import { timeMs } from '../time.js';
import { isPodReady, podDeletionCost, podNodeName, podPhase, podReadySince, podRestarts } from './pod-fields.js';

const PHASE_ORDINAL: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };

/** A pod with the number of related pods on its node. */
interface RankedPod {
  readonly pod: KubeObject;
  readonly rank: number;
}

/** A comparison step: negative when `a` goes first, positive when `b` does, 0 when it cannot tell. */
type Step = (a: RankedPod, b: RankedPod, nowMs: number) => number;

const sign = (value: number): number => (value < 0 ? -1 : value > 0 ? 1 : 0);
const first = (aFirst: boolean): number => (aFirst ? -1 : 1);

function compareUid(a: KubeObject, b: KubeObject): number {
  const ua = a.metadata.uid ?? '';
  const ub = b.metadata.uid ?? '';
  if (ua === ub) return 0;
  return ua < ub ? -1 : 1;
}

/** log2 of the age in nanoseconds, truncated (−1 for a time not in the past), as Kubernetes buckets ages. */
function ageBucket(timeMsValue: number, nowMs: number): number {
  const ageNs = (nowMs - timeMsValue) * 1e6;
  return ageNs > 0 ? Math.trunc(Math.log2(ageNs)) : -1;
}

/** Newer first: zero (unknown) times first; else by log-scale age bucket, ties by uid. */
function compareTimes(ta: number | undefined, tb: number | undefined, pods: [KubeObject, KubeObject], nowMs: number): number {
  if (ta === tb) return 0;
  if (ta === undefined || tb === undefined) return first(ta === undefined);
  const diff = ageBucket(ta, nowMs) - ageBucket(tb, nowMs);
  return diff === 0 ? compareUid(pods[0], pods[1]) : sign(diff);
}

const STEPS: readonly Step[] = [
  (a, b) => {
    const na = podNodeName(a.pod);
    const nb = podNodeName(b.pod);
    return na !== nb && (na === '' || nb === '') ? first(na === '') : 0;
  },
  (a, b) => sign((PHASE_ORDINAL[podPhase(a.pod)] ?? 0) - (PHASE_ORDINAL[podPhase(b.pod)] ?? 0)),
  (a, b) => (isPodReady(a.pod) === isPodReady(b.pod) ? 0 : first(!isPodReady(a.pod))),
  (a, b) => sign(podDeletionCost(a.pod) - podDeletionCost(b.pod)),
  (a, b) => sign(b.rank - a.rank),
  (a, b, now) => (isPodReady(a.pod) && isPodReady(b.pod) ? compareTimes(podReadySince(a.pod), podReadySince(b.pod), [a.pod, b.pod], now) : 0),
  (a, b) => {
    const ra = podRestarts(a.pod);
    const rb = podRestarts(b.pod);
    return ra.regular !== rb.regular ? sign(rb.regular - ra.regular) : sign(rb.init - ra.init);
  },
  (a, b, now) => compareTimes(timeMs(a.pod.metadata.creationTimestamp), timeMs(b.pod.metadata.creationTimestamp), [a.pod, b.pod], now),
];

function compareRanked(a: RankedPod, b: RankedPod, nowMs: number): number {
  for (const step of STEPS) {
    const result = step(a, b, nowMs);
    if (result !== 0) return result;
  }
  return 0;
}

/** The pods in deletion order (first = deleted first); `related` are the pods whose node counts rank siblings (default: `pods`). */
export function rankPodsForDeletion(pods: readonly KubeObject[], now: Date, related: readonly KubeObject[] = pods): KubeObject[] {
  const onNode = new Map<string, number>();
  for (const pod of related) onNode.set(podNodeName(pod), (onNode.get(podNodeName(pod)) ?? 0) + 1);
  const ranked = pods.map((pod) => ({ pod, rank: onNode.get(podNodeName(pod)) ?? 0 }));
  return ranked.sort((a, b) => compareRanked(a, b, now.getTime())).map((r) => r.pod);
}

/** getPodsToDelete: the first `count` pods in deletion order. */
export function podsToDelete(pods: readonly KubeObject[], count: number, now: Date): KubeObject[] {
  if (count >= pods.length) return [...pods];
  return rankPodsForDeletion(pods, now).slice(0, count);
}
