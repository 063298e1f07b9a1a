// The PodAutoscaler reconciler (Knative kpa.go): applies the autoscaler's latest decision. It
// keeps the revision's ServerlessService (serve or proxy mode, activator count), scales the
// target Deployment within the bounds and through the two-phase scale to zero (planScale), and
// writes desiredScale, actualScale and the Active / ScaleTargetInitialized / SKSReady conditions
// the Revision reconciler propagates. The controller is the only writer of replicas: the
// autoscaler only publishes decisions, so when it is gone the last decision keeps applying.
import {
  PodAutoscalerLifecycle,
  PodAutoscalerMessage,
  PodAutoscalerReason,
  podAutoscalerConditionSet,
  postProcessReconcile,
  preProcessReconcile,
  SERVERLESS_SERVICE_KIND,
  type PodAutoscaler,
  type PodAutoscalerStatus,
  type ServerlessService,
} from '@ebb/api';
import { ChildNotOwnedError, isKubeApiError, reconcileChild, type ReconcileContext, type Reconciler, type ReconcileResult } from '@ebb/kube';
import type { V1Deployment } from '@kubernetes/client-node';
import type { ConfigSource, DecisionSource, Lister, ServingConfig, Writer } from '../deps.js';
import { generationOf, nameOf, namespaceOf } from '../shared/meta.js';
import { makeServerlessService } from './resources/sks.js';
import { planScale, scaleStatus, type ScalePlan } from './resources/scale.js';

/** How soon to look again after a conflicting replicas update (the Deployment's update event usually comes first). */
export const CONFLICT_REQUEUE_MS = 1000;

/** What the PodAutoscaler reconciler reads and writes. */
export interface PodAutoscalerReconcilerDeps {
  readonly deployments: Lister<V1Deployment>;
  readonly deploymentWriter: Writer<V1Deployment>;
  readonly serverlessServices: Lister<ServerlessService>;
  readonly serverlessServiceWriter: Writer<ServerlessService>;
  readonly decisions: Pick<DecisionSource, 'get'>;
  /** Whether an activator is ready (stands in for Knative's activator probe before scaling to zero). */
  readonly activatorReady: () => boolean;
  readonly config: ConfigSource;
}

/** The target's ready replicas. */
function readyReplicas(target: V1Deployment): number {
  return target.status?.readyReplicas ?? 0;
}

/** The sooner of two optional requeues. */
function sooner(a: number | undefined, b: number | undefined): ReconcileResult | undefined {
  if (a === undefined) return b === undefined ? undefined : { requeueAfterMs: b };
  return { requeueAfterMs: b === undefined ? a : Math.min(a, b) };
}

/** The reconcile of one PodAutoscaler. */
export class PodAutoscalerReconciler implements Reconciler<PodAutoscaler> {
  constructor(private readonly deps: PodAutoscalerReconcilerDeps) {}

  /** Pre-process, apply the decision and compute the status, post-process (observedGeneration even on failure). */
  async reconcile(pa: PodAutoscaler, ctx: ReconcileContext): Promise<ReconcileResult | void> {
    const generation = generationOf(pa);
    const previous: PodAutoscalerStatus = pa.status ?? {};
    pa.status = preProcessReconcile(podAutoscalerConditionSet, previous, generation, ctx.now);
    try {
      return await this.reconcileScale(pa, ctx);
    } finally {
      pa.status = postProcessReconcile(pa.status, { previous, generation, now: ctx.now });
    }
  }

  private async reconcileScale(pa: PodAutoscaler, ctx: ReconcileContext): Promise<ReconcileResult | void> {
    const target = this.deps.deployments.get(pa.spec?.scaleTargetRef?.name ?? '', namespaceOf(pa));
    if (target === undefined) {
      // The Revision reconciler creates the Deployment; its add event brings us back.
      pa.status = PodAutoscalerLifecycle.markActivating(pa.status ?? {}, PodAutoscalerReason.Queued, PodAutoscalerMessage.queued, ctx.now);
      return undefined;
    }
    const config = this.deps.config.current();
    const ready = readyReplicas(target);
    const sks = this.deps.serverlessServices.get(nameOf(pa), namespaceOf(pa));
    const plan = this.plan(pa, { ready, sks, config }, ctx.now);
    const scaled = await this.applyReplicas(target, plan, ctx);
    const current = await this.reconcileSks(pa, plan, ctx);
    pa.status = scaleStatus(pa.status ?? {}, pa, { want: plan.want, ready, sks: current, autoscaler: config.autoscaler }, ctx.now);
    return sooner(scaled?.requeueAfterMs, plan.requeueAfterMs);
  }

  /** The plan of this reconcile from the PA, its target's ready pods, its SKS and the latest decision. */
  private plan(pa: PodAutoscaler, seen: { ready: number; sks: ServerlessService | undefined; config: ServingConfig }, now: Date): ScalePlan {
    return planScale({
      pa,
      ready: seen.ready,
      sks: seen.sks,
      decision: this.deps.decisions.get(namespaceOf(pa), nameOf(pa)),
      autoscaler: seen.config.autoscaler,
      deployment: seen.config.deployment,
      activatorReady: this.deps.activatorReady(),
      nowMs: now.getTime(),
    });
  }

  /** Creates or updates the ServerlessService in the planned mode; one we do not own marks the PA. */
  private async reconcileSks(pa: PodAutoscaler, plan: ScalePlan, ctx: ReconcileContext): Promise<ServerlessService | undefined> {
    const desired = makeServerlessService(pa, plan.mode, plan.numActivators);
    const outcome = await reconcileChild(
      { kind: SERVERLESS_SERVICE_KIND, lister: this.deps.serverlessServices, writer: this.deps.serverlessServiceWriter, desired, owner: { kind: 'PodAutoscaler', name: nameOf(pa), object: pa } },
      ctx.events,
    );
    if (outcome.state === 'not-owned') {
      pa.status = PodAutoscalerLifecycle.markResourceNotOwned(pa.status ?? {}, SERVERLESS_SERVICE_KIND, nameOf(pa), ctx.now);
      throw new ChildNotOwnedError('PodAutoscaler', nameOf(pa), SERVERLESS_SERVICE_KIND, nameOf(pa));
    }
    if (outcome.state === 'updated') ctx.logger.info({ sks: nameOf(pa), mode: plan.mode, activators: plan.numActivators }, 'serving mode');
    return outcome.child;
  }

  /** Sets the Deployment's spec.replicas to the plan's when it differs; a conflict just requeues. */
  private async applyReplicas(target: V1Deployment, plan: ScalePlan, ctx: ReconcileContext): Promise<ReconcileResult | undefined> {
    if (plan.replicas === undefined || (target.spec?.replicas ?? 1) === plan.replicas) return undefined;
    const next = structuredClone(target);
    next.spec = { ...next.spec!, replicas: plan.replicas };
    try {
      await this.deps.deploymentWriter.update(next);
      ctx.logger.info({ deployment: target.metadata?.name, from: target.spec?.replicas ?? 1, replicas: plan.replicas, reason: plan.reason }, 'scaled target');
      return undefined;
    } catch (error) {
      if (!isKubeApiError(error, 409)) throw error;
      ctx.logger.debug({ err: error }, 'conflict scaling the target; will retry');
      return { requeueAfterMs: CONFLICT_REQUEUE_MS };
    }
  }
}
