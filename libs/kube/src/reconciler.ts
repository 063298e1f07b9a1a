// CONTRACT (written by the lead; the kube helper implements `Controller` in controller.ts and
// may add fields, but must not change what is here without saying so).
//
// The reconciler runtime Knative gets from code generation, written once: a primary informer
// feeds a WorkQueue of `namespace/name` keys; each key is looked up in the informer's cache (a
// missing object means done), deep-copied and handed to `Reconciler.reconcile`, which mutates
// the copy's `status` in place; when the status differs (deep, semantic: key order ignored) from
// the cached object's, the runtime writes it with PUT on the status subresource, re-reading and
// re-applying the new status on 409 Conflict (writeRetryingConflicts). A thrown error is logged,
// recorded as a Warning Event `InternalError` on the object (not for 409 Conflicts, which just
// requeue), and the key retried with the queue's backoff. Reconciles run only while `leader`
// says this replica leads; on becoming leader every cached key is enqueued.
import type { KubeObjectLike } from './object.js';
import type { Logger } from 'pino';

/** What a reconcile may ask of the runtime when it returns. */
export interface ReconcileResult {
  /** Reconcile this key again after this long (e.g. a timeout to check), even if nothing changes. */
  readonly requeueAfterMs?: number;
}

/** Records Events on objects (EventRecorder fits). */
export interface EventSink {
  record(object: KubeObjectLike, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

/** What a reconcile gets besides the object. */
export interface ReconcileContext {
  /** The time of this reconcile (from the runtime's clock). */
  readonly now: Date;
  /** A logger with the object's key bound (`key: ns/name`). */
  readonly logger: Logger;
  readonly events: EventSink;
}

/** One kind's reconcile logic; level-triggered and idempotent. */
export interface Reconciler<T extends KubeObjectLike> {
  /** Brings the world in line with `object` (a deep copy: mutate its `status` freely). */
  reconcile(object: T, context: ReconcileContext): Promise<ReconcileResult | void>;
}

/** Whether this replica may act now, and a way to hear when that changes (LeaderElector fits). */
export interface LeaderGate {
  isLeader(): boolean;
  /** Called with `true` on gaining and `false` on losing leadership; returns an unsubscribe. */
  onChange(listener: (leading: boolean) => void): () => void;
}

/** A gate that always leads: for a single replica, and for tests. */
export const ALWAYS_LEADER: LeaderGate = {
  isLeader: () => true,
  onChange: () => () => undefined,
};
