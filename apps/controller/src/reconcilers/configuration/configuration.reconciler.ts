// The Configuration reconciler (serving `pkg/reconciler/configuration/configuration.go`, API.md
// §5/§6.2): makes sure the Revision of the current generation exists, records it as the latest
// created, and moves latestReadyRevisionName to the newest ready Revision — never backwards, and
// kept when a newer Revision fails. Status changes go through the Configuration verbs of @ebb/api;
// the runtime writes the status.
import {
  ConditionStatus,
  ServingLabels,
  type Condition,
  configurationConditionSet,
  getCondition,
  markLatestCreatedFailed,
  markLatestReadyDeleted,
  markRevisionCreationFailed,
  postProcessReconcile,
  preProcessReconcile,
  revisionConditionSet,
  sameCondition,
  setLatestCreatedRevisionName,
  setLatestReadyRevisionName,
  type Configuration,
  type ConfigurationStatus,
  type Revision,
} from '@ebb/api';
import { isKubeApiError, type ReconcileContext, type Reconciler } from '@ebb/kube';
import type { Lister, Writer } from '../deps.js';
import { generationOf, isBeingDeleted, nameOf, namespaceOf } from '../shared/meta.js';
import { checkNameAvailability, NameAvailability, revisionGeneration, templateNameOf } from './byo-name.js';
import { makeRevision } from './resources/revision.js';

/** The Go text of an AlreadyExists error for a Revision (`apierrs.NewAlreadyExists(v1.Resource("revisions"), name)`). */
export function revisionAlreadyExistsMessage(name: string): string {
  return `revisions.serving.knative.dev "${name}" already exists`;
}

/** Thrown after creating the Revision failed (the Configuration is marked RevisionFailed first). */
export class RevisionCreationError extends Error {
  override readonly name = 'RevisionCreationError';
  /** Made with the error of the create call. */
  constructor(options: { cause: unknown }) {
    super(`failed to create Revision: ${options.cause instanceof Error ? options.cause.message : String(options.cause)}`, options);
  }
}

/** What the Configuration reconciler reads and writes. */
export interface ConfigurationReconcilerDeps {
  /** The Revisions informer cache. */
  readonly revisions: Lister<Revision>;
  /** Creates Revisions. */
  readonly revisionWriter: Pick<Writer<Revision>, 'create'>;
}

/** The outcome of looking for the Revision of the current generation. */
type Lookup = { readonly kind: 'found'; readonly revision: Revision } | { readonly kind: 'missing' } | { readonly kind: 'conflict'; readonly message: string };

/** The Ready condition of a Configuration or Revision status. */
function readyOf(status: { conditions?: Condition[] | undefined } | undefined): Condition | undefined {
  return getCondition(status ?? {}, configurationConditionSet.happy);
}

/** Reconciles one Configuration: its Revision of the current generation and its latest created/ready names. */
export class ConfigurationReconciler implements Reconciler<Configuration> {
  constructor(private readonly deps: ConfigurationReconcilerDeps) {}

  /** Brings the Configuration's Revisions and status in line with its spec (mutates `configuration.status`). */
  async reconcile(configuration: Configuration, ctx: ReconcileContext): Promise<void> {
    // Being deleted: no new Revisions (Knative skips too).
    if (isBeingDeleted(configuration)) return;
    const generation = generationOf(configuration);
    const previous = configuration.status ?? {};
    configuration.status = preProcessReconcile(configurationConditionSet, previous, generation, ctx.now);
    try {
      const latest = await this.latestCreatedRevision(configuration, ctx);
      if (latest === undefined) return;
      this.recordLatestCreated(configuration, latest, ctx);
      this.findAndSetLatestReady(configuration, ctx);
    } finally {
      configuration.status = postProcessReconcile(configuration.status, { previous, generation, now: ctx.now });
    }
  }

  /** The Revision of the current generation, created when missing; undefined (status marked) when its name is taken. */
  private async latestCreatedRevision(configuration: Configuration, ctx: ReconcileContext): Promise<Revision | undefined> {
    const lookup = this.lookup(configuration);
    if (lookup.kind === 'found') return lookup.revision;
    if (lookup.kind === 'conflict') {
      configuration.status = markRevisionCreationFailed(this.status(configuration), lookup.message, ctx.now);
      return undefined;
    }
    return this.createRevision(configuration, ctx);
  }

  /** The BYO-named Revision if usable (Knative `CheckNameAvailability`), else the one labelled with this generation. */
  private lookup(configuration: Configuration): Lookup {
    const namespace = namespaceOf(configuration);
    const byo = templateNameOf(configuration);
    const named = byo === '' ? undefined : this.deps.revisions.get(byo, namespace);
    const availability = checkNameAvailability(configuration, named);
    if (availability === NameAvailability.Taken) return { kind: 'conflict', message: revisionAlreadyExistsMessage(byo) };
    if (named !== undefined) return { kind: 'found', revision: named };
    const [revision] = this.deps.revisions.listBySelector(namespace, {
      matchLabels: { [ServingLabels.Configuration]: nameOf(configuration), [ServingLabels.ConfigurationGeneration]: String(generationOf(configuration)) },
    });
    return revision === undefined ? { kind: 'missing' } : { kind: 'found', revision };
  }

  /** Creates the Revision of the current generation; a failure marks the Configuration RevisionFailed and is rethrown. */
  private async createRevision(configuration: Configuration, ctx: ReconcileContext): Promise<Revision> {
    const desired = makeRevision(configuration, ctx.now);
    const name = nameOf(desired);
    try {
      const created = await this.deps.revisionWriter.create(desired);
      ctx.events.record(configuration, 'Normal', 'Created', `Created Revision "${name}"`);
      return created;
    } catch (error) {
      // We made it on an earlier pass and the cache has not caught up: requeue (quietly, a 409) instead of failing.
      if (isKubeApiError(error, 409) && this.status(configuration).latestCreatedRevisionName === name) throw error;
      const message = error instanceof Error ? error.message : String(error);
      ctx.events.record(configuration, 'Warning', 'CreationFailed', `Failed to create Revision: ${message}`);
      configuration.status = markRevisionCreationFailed(this.status(configuration), message, ctx.now);
      throw new RevisionCreationError({ cause: error });
    }
  }

  /** Records `revision` as the latest created and reflects its Ready condition (Knative's switch on `rc`). */
  private recordLatestCreated(configuration: Configuration, revision: Revision, ctx: ReconcileContext): void {
    const before = readyOf(configuration.status);
    configuration.status = setLatestCreatedRevisionName(this.status(configuration), nameOf(revision), ctx.now);
    const ready = readyOf(revision.status);
    if (ready?.status === ConditionStatus.True && (configuration.status.latestReadyRevisionName ?? '') === '') {
      ctx.events.record(configuration, 'Normal', 'ConfigurationReady', 'Configuration becomes ready');
    }
    if (ready?.status === ConditionStatus.False) this.recordFailure(configuration, { revision, message: ready.message ?? '', before }, ctx);
  }

  /** Ready False RevisionFailed for a failed latest created Revision; the Warning Event only when this turned Ready so. */
  private recordFailure(
    configuration: Configuration,
    failure: { readonly revision: Revision; readonly message: string; readonly before: Condition | undefined },
    ctx: ReconcileContext,
  ): void {
    const name = nameOf(failure.revision);
    configuration.status = markLatestCreatedFailed(this.status(configuration), name, failure.message, ctx.now);
    const after = readyOf(configuration.status);
    if (failure.before === undefined || after === undefined || !sameCondition(failure.before, after)) {
      ctx.events.record(configuration, 'Warning', 'LatestCreatedFailed', `Latest created revision "${name}" has failed`);
    }
  }

  /** Moves latestReadyRevisionName to the newest ready candidate, or marks RevisionDeleted when it vanished and none is ready. */
  private findAndSetLatestReady(configuration: Configuration, ctx: ReconcileContext): void {
    const status = this.status(configuration);
    const { candidates, deleted } = this.readyCandidates(configuration);
    const newest = candidates.find((r) => revisionConditionSet.isReady(r.status ?? {}, generationOf(r)));
    if (newest === undefined) {
      if (deleted) configuration.status = markLatestReadyDeleted(status, ctx.now);
      return;
    }
    const name = nameOf(newest);
    configuration.status = setLatestReadyRevisionName(status, name, ctx.now);
    if (status.latestReadyRevisionName !== name) {
      ctx.events.record(configuration, 'Normal', 'LatestReadyUpdate', `LatestReadyRevisionName updated to "${name}"`);
    }
  }

  /**
   * The Revisions that may become the latest ready one, newest first (the BYO-named one before all): those of
   * generations from the current latest ready one's up to now, or all of them when that one is gone (`deleted`).
   */
  private readyCandidates(configuration: Configuration): { candidates: Revision[]; deleted: boolean } {
    const namespace = namespaceOf(configuration);
    const latestReady = this.status(configuration).latestReadyRevisionName ?? '';
    const all = this.deps.revisions.listBySelector(namespace, { matchLabels: { [ServingLabels.Configuration]: nameOf(configuration) } });
    const current = latestReady === '' ? undefined : this.deps.revisions.get(latestReady, namespace);
    const floor = current === undefined ? Number.NEGATIVE_INFINITY : revisionGeneration(current);
    const generation = generationOf(configuration);
    const inRange = Number.isNaN(floor) ? all : all.filter((r) => revisionGeneration(r) >= floor && revisionGeneration(r) <= generation);
    return { candidates: inRange.sort(newestFirst(templateNameOf(configuration))), deleted: latestReady !== '' && current === undefined };
  }

  private status(configuration: Configuration): ConfigurationStatus {
    return configuration.status ?? {};
  }
}

/** Orders Revisions by configurationGeneration label, newest first; the BYO-named Revision `byo` comes first. */
function newestFirst(byo: string): (a: Revision, b: Revision) => number {
  const rank = (r: Revision): number => (byo !== '' && nameOf(r) === byo ? Number.POSITIVE_INFINITY : revisionGeneration(r) || 0);
  return (a, b) => (rank(a) === rank(b) ? 0 : rank(a) > rank(b) ? -1 : 1);
}
