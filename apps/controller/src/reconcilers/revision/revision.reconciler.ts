// The Revision reconciler (serving `pkg/reconciler/revision`): keeps the Revision's Deployment,
// private Service and PodAutoscaler in line with it, then reports on them in its status
// (ResourcesAvailable, ContainerHealthy, Active, replicas, container images). It never touches an
// existing Deployment's `spec.replicas`: the PodAutoscaler reconciler owns that.
import {
  deploymentName,
  postProcessReconcile,
  preProcessReconcile,
  REVISION_KIND,
  revisionConditionSet,
  RevisionLifecycle,
  ServingLabels,
  type PodAutoscaler,
  type Revision,
  type RevisionStatus,
} from '@ebb/api';
import { ChildNotOwnedError, reconcileChild, type ChildSpec, type KubeObjectLike, type ReconcileContext, type Reconciler } from '@ebb/kube';
import type { V1Deployment, V1Pod, V1Service } from '@kubernetes/client-node';
import type { ConfigSource, Lister, ServingConfig, Writer } from '../deps.js';
import { nameOf, namespaceOf, uidOf } from '../shared/meta.js';
import { makeDeployment } from './resources/deployment.js';
import { makePodAutoscaler } from './resources/pa.js';
import { makePrivateService } from './resources/private-service.js';
import { applyRevisionHealth, revisionHealth } from './resources/status.js';

/** What the Revision reconciler reads and writes. */
export interface RevisionReconcilerDeps {
  readonly deployments: Lister<V1Deployment>;
  readonly deploymentWriter: Writer<V1Deployment>;
  readonly services: Lister<V1Service>;
  readonly serviceWriter: Writer<V1Service>;
  readonly podAutoscalers: Lister<PodAutoscaler>;
  readonly podAutoscalerWriter: Writer<PodAutoscaler>;
  /** Pods labelled with their Revision (for failure reasons). */
  readonly pods: Lister<V1Pod>;
  readonly config: ConfigSource;
}

/** The reconcile of one Revision. */
export class RevisionReconciler implements Reconciler<Revision> {
  constructor(private readonly deps: RevisionReconcilerDeps) {}

  /** Pre-process, the children in order, the health report, post-process (observedGeneration even on failure). */
  async reconcile(revision: Revision, ctx: ReconcileContext): Promise<void> {
    const generation = revision.metadata?.generation ?? 0;
    const previous: RevisionStatus = revision.status ?? {};
    revision.status = preProcessReconcile(revisionConditionSet, previous, generation, ctx.now);
    try {
      const config = this.deps.config.current();
      const deployment = await this.reconcileDeployment(revision, config, ctx);
      await this.reconcilePrivateService(revision, ctx);
      const pa = await this.reconcilePodAutoscaler(revision, ctx);
      this.reportHealth(revision, deployment, pa, ctx);
    } finally {
      revision.status = postProcessReconcile(revision.status, { previous, generation, now: ctx.now });
    }
  }

  /** The Deployment: created (Deploying), refused when not ours (NotOwned), its spec kept in line — but never its replicas. */
  private async reconcileDeployment(revision: Revision, config: ServingConfig, ctx: ReconcileContext): Promise<V1Deployment> {
    const desired = makeDeployment(revision, { deployment: config.deployment, autoscaler: config.autoscaler });
    const existing = this.deps.deployments.get(deploymentName(nameOf(revision)), revision.metadata?.namespace);
    if (existing === undefined) revision.status = RevisionLifecycle.markDeploying(this.status(revision), ctx.now);
    const outcome = await reconcileChild(
      {
        ...this.child(revision, 'Deployment', desired),
        lister: this.deps.deployments,
        writer: this.deps.deploymentWriter,
        specForUpdate: (current, wanted) => ({ ...wanted.spec, replicas: current.spec?.replicas }),
      },
      ctx.events,
    );
    return this.owned(revision, 'Deployment', outcome, ctx);
  }

  /** The private Service whose EndpointSlices list the Revision's ready pods. */
  private async reconcilePrivateService(revision: Revision, ctx: ReconcileContext): Promise<void> {
    const outcome = await reconcileChild(
      { ...this.child(revision, 'Service', makePrivateService(revision)), lister: this.deps.services, writer: this.deps.serviceWriter },
      ctx.events,
    );
    this.owned(revision, 'Service', outcome, ctx);
  }

  /** The PodAutoscaler named like the Revision. */
  private async reconcilePodAutoscaler(revision: Revision, ctx: ReconcileContext): Promise<PodAutoscaler> {
    const outcome = await reconcileChild(
      { ...this.child(revision, 'PodAutoscaler', makePodAutoscaler(revision)), lister: this.deps.podAutoscalers, writer: this.deps.podAutoscalerWriter },
      ctx.events,
    );
    return this.owned(revision, 'PodAutoscaler', outcome, ctx);
  }

  /** Container images, pod failure reasons and the PodAutoscaler's status, into the Revision's status. */
  private reportHealth(revision: Revision, deployment: V1Deployment, pa: PodAutoscaler, ctx: ReconcileContext): void {
    const pods = this.deps.pods
      .listBySelector(namespaceOf(revision), { matchLabels: { [ServingLabels.RevisionUID]: uidOf(revision) } })
      .sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
    const health = revisionHealth({ revision, deployment, pods, pa });
    revision.status = applyRevisionHealth(this.status(revision), health, ctx.now);
  }

  /** The kind-independent part of a child's spec. */
  private child<T extends V1Deployment | V1Service | PodAutoscaler>(revision: Revision, kind: string, desired: T): Pick<ChildSpec<T>, 'kind' | 'desired' | 'owner'> {
    return { kind, desired, owner: { kind: REVISION_KIND, name: nameOf(revision), object: revision } };
  }

  /** The child when it is ours; otherwise ResourcesAvailable False NotOwned and a thrown {@link ChildNotOwnedError}. */
  private owned<T extends KubeObjectLike>(revision: Revision, kind: string, outcome: { state: string; child: T }, ctx: ReconcileContext): T {
    if (outcome.state !== 'not-owned') return outcome.child;
    const name = nameOf(outcome.child);
    revision.status = RevisionLifecycle.markResourcesNotOwned(this.status(revision), name, ctx.now, kind);
    throw new ChildNotOwnedError(REVISION_KIND, nameOf(revision), kind, name);
  }

  /** The Revision's status (set by pre-processing). */
  private status(revision: Revision): RevisionStatus {
    return revision.status ?? {};
  }
}
