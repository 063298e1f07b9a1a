// How a reconciler keeps one child in line (serving `reconcile_resources.go`): create it
// when missing (Normal `Created`), refuse one we do not control, and update it when its spec,
// labels or annotations drifted (Normal `Updated`). "Drifted" compares only what we set: fields
// the API server or other controllers add (clusterIP, imagePullPolicy, protocol, the Deployment's
// revision annotation, …) are not drift. Used by the controller's reconcilers (Revision,
// PodAutoscaler) and the networking app's Istio translator (VirtualServices).
import type { Informer } from './informer.js';
import type { KubeObjectLike } from './object.js';
import type { EventSink } from './reconciler.js';
import type { ResourceClient } from './resource-client.js';
import { nameOf } from './meta.js';
import { covers } from './drift.js';
import { isControlledBy } from './owner.js';
import { semanticEqual } from './controller.js';

/** Thrown when a child of that name exists and another object controls it. */
export class ChildNotOwnedError extends Error {
  override readonly name = 'ChildNotOwnedError';
  /** Made for the owner and the child. */
  constructor(ownerKind: string, ownerName: string, kind: string, childName: string) {
    super(`${ownerKind.toLowerCase()}: "${ownerName}" does not own ${kind}: "${childName}"`);
  }
}

/** An object with a spec (every child kind here has one). */
type WithSpec = KubeObjectLike & { spec?: unknown };

/**
 * Whether `existing` has drifted from `desired`: a label or annotation we set is missing or
 * different, or the spec misses something we set. Extra labels and annotations are kept (the
 * Deployment controller adds `deployment.kubernetes.io/revision`, for one).
 */
export function hasDrifted(existing: WithSpec, desired: WithSpec, exactSpec = false): boolean {
  return (
    !covers(existing.metadata?.labels, desired.metadata?.labels) ||
    !covers(existing.metadata?.annotations, desired.metadata?.annotations) ||
    !(exactSpec ? semanticEqual(existing.spec, desired.spec) : covers(existing.spec, desired.spec))
  );
}

/** One child to keep in line. */
export interface ChildSpec<T extends WithSpec> {
  /** The child's kind, for events and errors (`Deployment`). */
  readonly kind: string;
  /** Where the existing child is read from (an informer's cache: `get(name, namespace)`). */
  readonly lister: Pick<Informer<T>, 'get'>;
  /** What creates or updates the child. */
  readonly writer: Pick<ResourceClient<T>, 'create' | 'update'>;
  /** What the child should be. */
  readonly desired: T;
  /** The owner's kind and name, and the owner itself (its UID is what the child's controller reference must carry). */
  readonly owner: { readonly kind: string; readonly name: string; readonly object: KubeObjectLike };
  /** The spec to compare and write for an existing child (default: the desired one); e.g. to keep fields another controller owns. */
  readonly specForUpdate?: (existing: T, desired: T) => unknown;
  /**
   * The spec is this reconciler's alone (no server defaults, no other writer): an existing child
   * whose spec differs in any way, a field too many included, is rewritten (net-istio compares its
   * Istio objects so). Default: only what the desired spec sets is compared.
   */
  readonly exactSpec?: boolean;
}

/** What {@link reconcileChild} found or did. */
export type ChildOutcome<T> =
  | { readonly state: 'created'; readonly child: T }
  | { readonly state: 'current' | 'updated'; readonly child: T }
  | { readonly state: 'not-owned'; readonly child: T };

/** Create the child when missing, report one we do not control, update a drifted one (keeping server-owned fields). */
export async function reconcileChild<T extends WithSpec>(spec: ChildSpec<T>, events: EventSink): Promise<ChildOutcome<T>> {
  const { name, namespace } = spec.desired.metadata ?? {};
  const existing = spec.lister.get(name ?? '', namespace);
  if (existing === undefined) {
    const child = await spec.writer.create(spec.desired);
    events.record(spec.owner.object, 'Normal', 'Created', `Created ${spec.kind} "${name ?? ''}"`);
    return { state: 'created', child };
  }
  if (!isControlledBy(existing, spec.owner.object)) return { state: 'not-owned', child: existing };
  return updateChild(spec, existing, events);
}

/** The existing child, updated (spec, labels, annotations; everything else kept) when it drifted. */
async function updateChild<T extends WithSpec>(spec: ChildSpec<T>, existing: T, events: EventSink): Promise<ChildOutcome<T>> {
  const wanted = { ...spec.desired, spec: spec.specForUpdate?.(existing, spec.desired) ?? spec.desired.spec };
  if (!hasDrifted(existing, wanted, spec.exactSpec === true)) return { state: 'current', child: existing };
  const metadata = {
    ...existing.metadata,
    labels: { ...existing.metadata?.labels, ...wanted.metadata?.labels },
    annotations: { ...existing.metadata?.annotations, ...wanted.metadata?.annotations },
  };
  const child = await spec.writer.update({ ...structuredClone(existing), metadata, spec: wanted.spec });
  events.record(spec.owner.object, 'Normal', 'Updated', `Updated ${spec.kind} "${nameOf(existing)}"`);
  return { state: 'updated', child };
}
