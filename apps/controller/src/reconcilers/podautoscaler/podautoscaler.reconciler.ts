// The minimal PodAutoscaler reconciler (until the autoscaling issue): it scales the target
// Deployment to the revision's initial/min scale and reports desired/actual scale and the
// Active / ScaleTargetInitialized / SKSReady conditions the Revision reconciler propagates.
import {
  PodAutoscalerLifecycle,
  PodAutoscalerMessage,
  PodAutoscalerReason,
  podAutoscalerConditionSet,
  postProcessReconcile,
  preProcessReconcile,
  type PodAutoscaler,
  type PodAutoscalerStatus,
} from '@ebb/api';
import { isKubeApiError, type ReconcileContext, type Reconciler, type ReconcileResult } from '@ebb/kube';
import type { V1Deployment } from '@kubernetes/client-node';
import type { ConfigSource, Lister, Writer } from '../deps.js';
import { desiredScale, scaleStatus } from './resources/scale.js';
import { generationOf } from '../shared/meta.js';

/** How soon to look again after a conflicting replicas update (the Deployment's update event usually comes first). */
export const CONFLICT_REQUEUE_MS = 1000;

/** What the PodAutoscaler reconciler reads and writes. */
export interface PodAutoscalerReconcilerDeps {
  readonly deployments: Lister<V1Deployment>;
  readonly deploymentWriter: Writer<V1Deployment>;
  readonly config: ConfigSource;
}

/** The reconcile of one PodAutoscaler. */
export class PodAutoscalerReconciler implements Reconciler<PodAutoscaler> {
  constructor(private readonly deps: PodAutoscalerReconcilerDeps) {}

  /** Pre-process, scale the target and compute the status, post-process (observedGeneration even on failure). */
  async reconcile(pa: PodAutoscaler, ctx: ReconcileContext): Promise<ReconcileResult | void> {
    const generation = generationOf(pa);
    const previous: PodAutoscalerStatus = pa.status ?? {};
    pa.status = preProcessReconcile(podAutoscalerConditionSet, previous, generation, ctx.now);
    try {
      return await this.reconcileScale(pa, pa.status, ctx);
    } finally {
      pa.status = postProcessReconcile(pa.status, { previous, generation, now: ctx.now });
    }
  }

  /** Scales the target to the desired scale and sets the status from it; a missing target leaves the PA activating. */
  private async reconcileScale(pa: PodAutoscaler, status: PodAutoscalerStatus, ctx: ReconcileContext): Promise<ReconcileResult | void> {
    const desired = desiredScale(pa, this.deps.config.current().autoscaler);
    const target = this.deps.deployments.get(pa.spec?.scaleTargetRef?.name ?? '', pa.metadata?.namespace);
    if (target === undefined) {
      // The Revision reconciler creates the Deployment; its add event brings us back.
      pa.status = PodAutoscalerLifecycle.markActivating(status, PodAutoscalerReason.Queued, PodAutoscalerMessage.queued, ctx.now);
      return undefined;
    }
    const result = await this.scaleTarget(target, desired, ctx);
    pa.status = scaleStatus(status, pa, { desired, ready: target.status?.readyReplicas ?? 0 }, ctx.now);
    return result;
  }

  /** Sets the Deployment's spec.replicas to `desired` when it differs; a conflict just requeues. */
  private async scaleTarget(target: V1Deployment, desired: number, ctx: ReconcileContext): Promise<ReconcileResult | void> {
    if ((target.spec?.replicas ?? 1) === desired) return undefined;
    const next = structuredClone(target);
    next.spec = { ...next.spec!, replicas: desired };
    try {
      await this.deps.deploymentWriter.update(next);
      ctx.logger.info({ deployment: target.metadata?.name, replicas: desired }, 'scaled target');
      return undefined;
    } catch (error) {
      if (!isKubeApiError(error, 409)) throw error;
      ctx.logger.debug({ err: error }, 'conflict scaling the target; will retry');
      return { requeueAfterMs: CONFLICT_REQUEUE_MS };
    }
  }
}
