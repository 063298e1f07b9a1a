// What every child of a Revision shares (serving `revision/resources/meta.go` and
// `revision_helpers.go`): the labels and annotations copied from the Revision, the controller
// owner reference, and the serving container with its user port and protocol. Pure.
import {
  AUTOSCALING_ANNOTATION_PREFIX,
  ProtocolType,
  REVISION_API_VERSION,
  REVISION_KIND,
  ServingAnnotations,
  ServingLabels,
  type Container,
  type OwnerReference,
  type Revision,
} from '@ebb/api';
import { nameOf, uidOf } from '../../shared/meta.js';
import { controllerReference } from '@ebb/kube';

/** The port the user container listens on when it declares none (`DefaultUserPort`). */
export const DEFAULT_USER_PORT = 8080;
/** The name the serving container's port gets on the pod (`UserPortName`). */
export const USER_PORT_NAME = 'user-port';
/** The heartbeat annotation Knative keeps off children (`serving.knative.dev/lastPinned`). */
export const LAST_PINNED_ANNOTATION = 'serving.knative.dev/lastPinned';

/** Labels never copied from a Revision to its children (they change with routing). */
const EXCLUDED_LABELS: ReadonlySet<string> = new Set([ServingLabels.Route, ServingLabels.RoutingState]);
/** Annotations never copied from a Revision to its children. */
const EXCLUDED_ANNOTATIONS: ReadonlySet<string> = new Set([
  LAST_PINNED_ANNOTATION,
  ServingAnnotations.RoutingStateModified,
  ServingAnnotations.Routes,
]);

/** `map` without the keys `drop` says so about. */
function filterMap(map: Readonly<Record<string, string>> | undefined, drop: (key: string) => boolean): Record<string, string> {
  return Object.fromEntries(Object.entries(map ?? {}).filter(([key]) => !drop(key)));
}

/** Labels of the Deployment, its pods and the PodAutoscaler (`makeLabels`): the Revision's minus route/routingState, plus revision, revisionUID and `app`. */
export function makeLabels(revision: Revision): Record<string, string> {
  const labels: Record<string, string> = {
    ...filterMap(revision.metadata?.labels, (key) => EXCLUDED_LABELS.has(key)),
    [ServingLabels.Revision]: nameOf(revision),
    [ServingLabels.RevisionUID]: uidOf(revision),
  };
  if (!Object.hasOwn(labels, ServingLabels.App)) labels[ServingLabels.App] = nameOf(revision);
  return labels;
}

/** Annotations of the Deployment and its pods: the Revision's minus autoscaling.*, routes, routingStateModified, lastPinned and no-gc. */
export function deploymentAnnotations(revision: Revision): Record<string, string> {
  return filterMap(
    revision.metadata?.annotations,
    (key) => EXCLUDED_ANNOTATIONS.has(key) || key === ServingAnnotations.NoGC || key.startsWith(`${AUTOSCALING_ANNOTATION_PREFIX}/`),
  );
}

/** Annotations of the PodAutoscaler (`podAutoscalerAnnotations`): the Revision's minus routes, routingStateModified and lastPinned (autoscaling.* kept). */
export function podAutoscalerAnnotations(revision: Revision): Record<string, string> {
  return filterMap(revision.metadata?.annotations, (key) => EXCLUDED_ANNOTATIONS.has(key));
}

/** The controller owner reference every child carries (`kmeta.NewControllerRef`). */
export function revisionOwnerReference(revision: Revision): OwnerReference {
  return controllerReference(revision, { apiVersion: REVISION_API_VERSION, kind: REVISION_KIND });
}

/** The serving container (`RevisionSpec.GetContainer`): the only one, else the one declaring ports, else the first. */
export function servingContainer(revision: Revision): Container {
  const containers = revision.spec?.containers ?? [];
  if (containers.length === 1) return containers[0] ?? {};
  return containers.find((c) => (c.ports ?? []).length > 0) ?? containers[0] ?? {};
}

/** The serving container's port (`getUserPort`): its declared containerPort, else 8080. */
export function userPort(revision: Revision): number {
  const port = servingContainer(revision).ports?.[0]?.containerPort ?? 0;
  return port > 0 ? port : DEFAULT_USER_PORT;
}

/** The protocol (`GetProtocol`): h2c iff the serving container's first port is named `h2c`. */
export function protocolType(revision: Revision): ProtocolType {
  return servingContainer(revision).ports?.[0]?.name === 'h2c' ? ProtocolType.H2C : ProtocolType.HTTP1;
}
