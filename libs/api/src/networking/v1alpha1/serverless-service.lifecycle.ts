/**
 * The ServerlessService condition set and its status verbs (Knative
 * `serverlessservice_lifecycle.go`): Ready ⇐ EndpointsPopulated; ActivatorEndpointsPopulated is a
 * side condition whose transition time tells how long the revision has been behind the activator
 * ({@link proxyForMs}, the scale-to-zero fast path). Pure: status and `now` in, new status out.
 */
import { ConditionStatus } from '../../core/condition.js';
import { CONDITION_READY, getCondition, livingConditionSet, type ConditionSet, type Instant } from '../../core/condition-set.js';
import type { ServerlessServiceStatus } from './serverless-service.types.js';

/** ServerlessService condition types. */
export const ServerlessServiceConditionType = {
  /** The happy condition: EndpointsPopulated is True. */
  Ready: CONDITION_READY,
  /** The revision's private Service has ready endpoints. */
  EndpointsPopulated: 'EndpointsPopulated',
  /** The activator is in the revision's path (Proxy mode, or no pod ready). */
  ActivatorEndpointsPopulated: 'ActivatorEndpointsPopulated',
} as const;

/** ServerlessService reasons and messages (Knative's texts). */
export const ServerlessServiceReason = {
  /** EndpointsPopulated Unknown: no ready pod yet. */
  NoHealthyBackends: 'NoHealthyBackends',
  /** Message of EndpointsPopulated Unknown. */
  notReadyMessage: 'K8s Service is not ready',
  /** Reason of ActivatorEndpointsPopulated. */
  ActivatorEndpointsPopulated: 'ActivatorEndpointsPopulated',
  /** Message of ActivatorEndpointsPopulated True. */
  activatorBackedMessage: 'Revision is backed by Activator',
  /** Message of ActivatorEndpointsPopulated False. */
  activatorRemovedMessage: 'Revision is backed by Activator',
} as const;

/** ServerlessService: Ready ← EndpointsPopulated. */
export const serverlessServiceConditionSet: ConditionSet = livingConditionSet(ServerlessServiceConditionType.EndpointsPopulated);

const set = serverlessServiceConditionSet;
const T = ServerlessServiceConditionType;
const R = ServerlessServiceReason;

/** The ServerlessService status verbs. */
export const ServerlessServiceLifecycle = {
  /** Missing conditions set Unknown. */
  initialize: (status: ServerlessServiceStatus | undefined, now: Instant): ServerlessServiceStatus => set.initializeConditions(status ?? {}, now),
  /** EndpointsPopulated True. */
  markEndpointsReady: (status: ServerlessServiceStatus, now: Instant): ServerlessServiceStatus => set.markTrue(status, { type: T.EndpointsPopulated }, now),
  /** EndpointsPopulated Unknown `NoHealthyBackends`. */
  markEndpointsNotReady: (status: ServerlessServiceStatus, now: Instant): ServerlessServiceStatus =>
    set.markUnknown(status, { type: T.EndpointsPopulated, reason: R.NoHealthyBackends, message: R.notReadyMessage }, now),
  /** ActivatorEndpointsPopulated True: the activator is in the path. */
  markActivatorEndpointsPopulated: (status: ServerlessServiceStatus, now: Instant): ServerlessServiceStatus =>
    set.markTrue(status, { type: T.ActivatorEndpointsPopulated, reason: R.ActivatorEndpointsPopulated, message: R.activatorBackedMessage }, now),
  /** ActivatorEndpointsPopulated False: the pods serve directly. */
  markActivatorEndpointsRemoved: (status: ServerlessServiceStatus, now: Instant): ServerlessServiceStatus =>
    set.markFalse(status, { type: T.ActivatorEndpointsPopulated, reason: R.ActivatorEndpointsPopulated, message: R.activatorRemovedMessage }, now),
} as const;

/** How long the activator has been in the path (Knative `ProxyFor`); 0 when it is not. */
export function proxyForMs(status: ServerlessServiceStatus | undefined, nowMs: number): number {
  const cond = status === undefined ? undefined : getCondition(status, T.ActivatorEndpointsPopulated);
  if (cond?.status !== ConditionStatus.True || cond.lastTransitionTime === undefined) return 0;
  return Math.max(0, nowMs - Date.parse(cond.lastTransitionTime));
}
