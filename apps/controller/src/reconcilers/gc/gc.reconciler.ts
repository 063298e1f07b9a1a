// The revision garbage collector (serving `pkg/reconciler/gc`): for each Configuration, deletes the
// Revisions collect() picks under config-gc (their Deployment, ReplicaSets and pods follow by
// ownerReference) and looks again when a kept one turns stale. As in Knative, a failed delete is
// only logged: the next reconcile tries again.
import { ServingLabels, type Configuration, type Revision } from '@ebb/api';
import type { ReconcileContext, ReconcileResult, Reconciler } from '@ebb/kube';
import type { ConfigSource, Lister, Writer } from '../deps.js';
import { nameOf, namespaceOf } from '../shared/meta.js';
import { collect, type GcRevision } from './collect.js';

/** A moment past the staleness time, so that the requeued reconcile finds the Revision stale. */
const RECHECK_MARGIN_MS = 100;

/** What the garbage collector reads and writes. */
export interface GcReconcilerDeps {
  readonly revisions: Lister<Revision>;
  readonly revisionWriter: Pick<Writer<Revision>, 'delete'>;
  readonly config: Pick<ConfigSource, 'current'>;
}

function gcRevision(revision: Revision): GcRevision {
  const { labels, annotations, creationTimestamp } = revision.metadata ?? {};
  return { name: nameOf(revision), creationTimestamp: String(creationTimestamp ?? ''), ...(labels === undefined ? {} : { labels }), ...(annotations === undefined ? {} : { annotations }) };
}

/** Collects one Configuration's Revisions (see the file comment). */
export class GcReconciler implements Reconciler<Configuration> {
  constructor(private readonly deps: GcReconcilerDeps) {}

  async reconcile(configuration: Configuration, ctx: ReconcileContext): Promise<ReconcileResult | void> {
    const namespace = namespaceOf(configuration);
    const revisions = this.deps.revisions.listBySelector(namespace, { matchLabels: { [ServingLabels.Configuration]: nameOf(configuration) } });
    const latestReady = configuration.status?.latestReadyRevisionName;
    const result = collect({ revisions: revisions.map(gcRevision), config: this.deps.config.current().gc, now: ctx.now, ...(latestReady === undefined ? {} : { latestReadyRevisionName: latestReady }) });
    for (const victim of result.delete) {
      try {
        await this.deps.revisionWriter.delete(namespace, victim.name);
        ctx.logger.info({ revision: victim.name, reason: victim.reason }, 'garbage-collected a revision');
      } catch (error) {
        ctx.logger.warn({ revision: victim.name, err: error }, 'could not garbage-collect a revision');
      }
    }
    return result.nextCheckAt === undefined ? undefined : { requeueAfterMs: Math.max(0, result.nextCheckAt - ctx.now.getTime()) + RECHECK_MARGIN_MS };
  }
}
