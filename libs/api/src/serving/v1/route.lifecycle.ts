/**
 * Status verbs of the Route (serving `pkg/apis/serving/v1/route_lifecycle.go`, API.md §6.3): the
 * reconciler never writes a condition by hand, it calls one of these. Each is pure: it takes the
 * status and `now` and returns a new status (the condition mechanics are in `condition-set.ts`).
 */
import { ConditionStatus } from '../../core/condition.js';
import { CONDITION_READY, getCondition, type Instant } from '../../core/condition-set.js';
import { goQuote } from '../../errors/go-format.js';
import { RouteConditionType, RouteMessage, RouteReason, routeConditionSet, targetMissingReason } from '../../core/lifecycle.js';
import type { Ingress } from '../../networking/v1alpha1/ingress.types.js';
import type { RouteStatus } from './route.types.js';

/** Why AllTrafficAssigned is not True: Unknown (waiting) or False (failed), with Knative's reason and message. */
export interface TrafficFailure {
  /** `Unknown` while a target may still become ready, `False` when it cannot. */
  readonly status: 'False' | 'Unknown';
  readonly reason: string;
  readonly message: string;
}

/** What a Service-owned Route pointing at a foreign Revision is told. */
export interface RevisionNotOwnedInput {
  /** The Revision named in traffic. */
  readonly revision: string;
  /** The Service the Revision belongs to (its `serving.knative.dev/service` label), if any. */
  readonly owner?: string | undefined;
  /** The Service that owns the Route. */
  readonly service: string;
}

/** The message of IngressReady False `NotOwned` for an Ingress of another owner (Ebb's addition; Knative has none). */
export function ingressNotOwnedMessage(name: string): string {
  return `There is an existing Ingress ${goQuote(name)} that we do not own.`;
}

/** AllTrafficAssigned as `failure` says (False or Unknown); Ready follows. */
export function markTrafficNotAssigned(status: RouteStatus, failure: TrafficFailure, now: Instant): RouteStatus {
  const mark = { type: RouteConditionType.AllTrafficAssigned, reason: failure.reason, message: failure.message };
  return failure.status === ConditionStatus.False ? routeConditionSet.markFalse(status, mark, now) : routeConditionSet.markUnknown(status, mark, now);
}

/** AllTrafficAssigned True: every target resolved to a ready Revision. */
export function markTrafficAssigned(status: RouteStatus, now: Instant): RouteStatus {
  return routeConditionSet.markTrue(status, { type: RouteConditionType.AllTrafficAssigned }, now);
}

/** AllTrafficAssigned False `<Kind>Missing`: `<Kind> "x" referenced in traffic not found.` */
export function markMissingTrafficTarget(status: RouteStatus, kind: 'Configuration' | 'Revision', name: string, now: Instant): RouteStatus {
  return markTrafficNotAssigned(status, missingTargetFailure(kind, name), now);
}

/** The failure for a missing traffic target. */
export function missingTargetFailure(kind: 'Configuration' | 'Revision', name: string): TrafficFailure {
  return { status: ConditionStatus.False, reason: targetMissingReason(kind), message: RouteMessage.targetNotFound(kind, name) };
}

/** AllTrafficAssigned Unknown `RevisionMissing`: the Configuration has no ready Revision yet. */
export function markConfigurationNotReady(status: RouteStatus, name: string, now: Instant): RouteStatus {
  return markTrafficNotAssigned(status, unreadyConfigurationFailure(name, false), now);
}

/** AllTrafficAssigned False `RevisionMissing`: the Configuration's latest Revision failed and none is ready. */
export function markConfigurationFailedToBeReady(status: RouteStatus, name: string, now: Instant): RouteStatus {
  return markTrafficNotAssigned(status, unreadyConfigurationFailure(name, true), now);
}

/** The failure for a Configuration without a ready Revision (`failed`: its Ready is False). */
export function unreadyConfigurationFailure(name: string, failed: boolean): TrafficFailure {
  return failed
    ? { status: ConditionStatus.False, reason: RouteReason.RevisionMissing, message: RouteMessage.configurationHasNoReadyRevision(name) }
    : { status: ConditionStatus.Unknown, reason: RouteReason.RevisionMissing, message: RouteMessage.configurationWaiting(name) };
}

/** AllTrafficAssigned Unknown `RevisionMissing`: `Revision "x" is not yet ready.` */
export function markRevisionNotReady(status: RouteStatus, name: string, now: Instant): RouteStatus {
  return markTrafficNotAssigned(status, unreadyRevisionFailure(name, false), now);
}

/** AllTrafficAssigned False `RevisionMissing`: `Revision "x" failed to become ready.` */
export function markRevisionFailed(status: RouteStatus, name: string, now: Instant): RouteStatus {
  return markTrafficNotAssigned(status, unreadyRevisionFailure(name, true), now);
}

/** The failure for a Revision that is not Ready (`failed`: its Ready is False). */
export function unreadyRevisionFailure(name: string, failed: boolean): TrafficFailure {
  return failed
    ? { status: ConditionStatus.False, reason: RouteReason.RevisionMissing, message: RouteMessage.revisionFailed(name) }
    : { status: ConditionStatus.Unknown, reason: RouteReason.RevisionMissing, message: RouteMessage.revisionNotReady(name) };
}

/** AllTrafficAssigned False `RevisionNotOwned`: a Service-owned Route names another Service's Revision. */
export function markRevisionNotOwned(status: RouteStatus, input: RevisionNotOwnedInput, now: Instant): RouteStatus {
  return markTrafficNotAssigned(status, revisionNotOwnedFailure(input), now);
}

/** The failure for a Revision that does not belong to the Route's Service. */
export function revisionNotOwnedFailure(input: RevisionNotOwnedInput): TrafficFailure {
  const message =
    input.owner === undefined || input.owner === ''
      ? RouteMessage.revisionNotOfService(input.revision, input.service)
      : RouteMessage.revisionOfOtherService(input.revision, input.owner, input.service);
  return { status: ConditionStatus.False, reason: RouteReason.RevisionNotOwned, message };
}

/** AllTrafficAssigned False `ErrorConfig`: the domain or tag template gave no valid host name. */
export function markDomainConfigError(status: RouteStatus, message: string, now: Instant): RouteStatus {
  return markTrafficNotAssigned(status, { status: ConditionStatus.False, reason: RouteReason.ErrorConfig, message }, now);
}

/** AllTrafficAssigned Unknown `Unknown`: any other error while resolving traffic. */
export function markUnknownTrafficError(status: RouteStatus, message: string, now: Instant): RouteStatus {
  return markTrafficNotAssigned(status, { status: ConditionStatus.Unknown, reason: RouteReason.Unknown, message }, now);
}

/** IngressReady Unknown `IngressNotConfigured`: `Ingress has not yet been reconciled.` */
export function markIngressNotConfigured(status: RouteStatus, now: Instant): RouteStatus {
  return routeConditionSet.markUnknown(
    status,
    { type: RouteConditionType.IngressReady, reason: RouteReason.IngressNotConfigured, message: RouteMessage.ingressNotConfigured },
    now,
  );
}

/** IngressReady Unknown `RolloutInProgress`: a gradual rollout of the latest revision(s) is in progress. */
export function markIngressRolloutInProgress(status: RouteStatus, now: Instant): RouteStatus {
  return routeConditionSet.markUnknown(status, { type: RouteConditionType.IngressReady, reason: RouteReason.RolloutInProgress, message: RouteMessage.rolloutInProgress }, now);
}

/**
 * IngressReady from the Ingress: IngressNotConfigured until the Ingress observed its generation
 * (or has no Ready condition), then its Ready status, reason and message.
 */
export function propagateIngressStatus(status: RouteStatus, ingress: Ingress, now: Instant): RouteStatus {
  const observed = ingress.status?.observedGeneration;
  const ready = getCondition(ingress.status ?? {}, CONDITION_READY);
  if (observed !== ingress.metadata?.generation || ready === undefined) return markIngressNotConfigured(status, now);
  const mark = { type: RouteConditionType.IngressReady, reason: ready.reason, message: ready.message };
  if (ready.status === ConditionStatus.True) return routeConditionSet.markTrue(status, { type: RouteConditionType.IngressReady }, now);
  if (ready.status === ConditionStatus.False) return routeConditionSet.markFalse(status, mark, now);
  return routeConditionSet.markUnknown(status, mark, now);
}

/** IngressReady False `NotOwned`: an Ingress of the Route's name belongs to someone else. */
export function markIngressNotOwned(status: RouteStatus, name: string, now: Instant): RouteStatus {
  return routeConditionSet.markFalse(status, { type: RouteConditionType.IngressReady, reason: RouteReason.NotOwned, message: ingressNotOwnedMessage(name) }, now);
}

/** IngressReady False `NotOwned`: `There is an existing placeholder Service "x" that we do not own.` */
export function markPlaceholderServiceNotOwned(status: RouteStatus, name: string, now: Instant): RouteStatus {
  return routeConditionSet.markFalse(
    status,
    { type: RouteConditionType.IngressReady, reason: RouteReason.NotOwned, message: RouteMessage.placeholderNotOwned(name) },
    now,
  );
}

/** CertificateProvisioned True `TLSNotEnabled`, with the cluster-local or the external-domain message. */
export function markCertificateNotEnabled(status: RouteStatus, clusterLocal: boolean, now: Instant): RouteStatus {
  const message = clusterLocal ? RouteMessage.clusterLocalTLSNotEnabled : RouteMessage.externalDomainTLSNotEnabled;
  return routeConditionSet.markTrue(status, { type: RouteConditionType.CertificateProvisioned, reason: RouteReason.TLSNotEnabled, message }, now);
}
