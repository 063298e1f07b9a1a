// A Deployment's spec read with apps/v1 defaults (pkg/apis/apps/v1/defaults.go) and the rolling
// update fenceposts (deployment_util.go ResolveFenceposts, MaxSurge, MaxUnavailable).
import type { IntOrString, V1Deployment } from '@kubernetes/client-node';

/** Go's math.MaxInt32: "no limit" for revisionHistoryLimit and progressDeadlineSeconds. */
const MAX_INT32 = 2147483647;

/** A spec field Kubernetes would have refused: a non-percentage string where a count or percent goes. */
export class DeploymentSpecError extends Error {
  override readonly name = 'DeploymentSpecError';
}

/** `spec.replicas` (default 1). */
export function desiredReplicas(d: V1Deployment): number {
  return d.spec?.replicas ?? 1;
}

/** Whether the strategy is RollingUpdate (the default). */
export function isRollingUpdate(d: V1Deployment): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** `spec.minReadySeconds` (default 0). */
export function minReadySecondsOf(d: V1Deployment): number {
  return d.spec?.minReadySeconds ?? 0;
}

/** `spec.progressDeadlineSeconds` (default 600); undefined when it is "no deadline" (MaxInt32). */
export function progressDeadlineSeconds(d: V1Deployment): number | undefined {
  const value = d.spec?.progressDeadlineSeconds ?? 600;
  return value === MAX_INT32 ? undefined : value;
}

/** `spec.revisionHistoryLimit` (default 10); undefined when unlimited (MaxInt32). */
export function revisionHistoryLimit(d: V1Deployment): number | undefined {
  const value = d.spec?.revisionHistoryLimit ?? 10;
  return value === MAX_INT32 ? undefined : value;
}

/** intstr.GetScaledValueFromIntOrPercent: a count as is, a percentage of `total` rounded up or down. */
export function scaledValue(value: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const match = /^(-?\d+)%$/.exec(value);
  if (match === null) throw new DeploymentSpecError(`invalid value for IntOrString: invalid type: string is not a percentage: "${value}"`);
  const scaled = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** The resolved surge and unavailability allowances. */
export interface Fenceposts {
  readonly maxSurge: number;
  readonly maxUnavailable: number;
}

/** ResolveFenceposts: maxSurge rounds up, maxUnavailable down; both 0 makes maxUnavailable 1. */
export function resolveFenceposts(maxSurge: IntOrString | undefined, maxUnavailable: IntOrString | undefined, desired: number): Fenceposts {
  const surge = scaledValue(maxSurge, desired, true);
  const unavailable = scaledValue(maxUnavailable, desired, false);
  return { maxSurge: surge, maxUnavailable: surge === 0 && unavailable === 0 ? 1 : unavailable };
}

function fenceposts(d: V1Deployment): Fenceposts {
  const rolling = d.spec?.strategy?.rollingUpdate;
  return resolveFenceposts(rolling?.maxSurge ?? '25%', rolling?.maxUnavailable ?? '25%', desiredReplicas(d));
}

/** MaxSurge: 0 unless RollingUpdate. */
export function maxSurge(d: V1Deployment): number {
  return isRollingUpdate(d) ? fenceposts(d).maxSurge : 0;
}

/** MaxUnavailable: 0 unless RollingUpdate with replicas; never more than the replicas. */
export function maxUnavailable(d: V1Deployment): number {
  const desired = desiredReplicas(d);
  if (!isRollingUpdate(d) || desired === 0) return 0;
  return Math.min(fenceposts(d).maxUnavailable, desired);
}
