// The KPA service, thin on purpose: it feeds the data plane's stats (at receive time) into one
// RevisionScaler per PodAutoscaler of the KPA class, ticks them all every `tick-interval`, at
// once on a poke or on load seen while the last decision was 0, and hands every decision to the
// ScalingBus (subject every time, KV when changed, history). At start-up a revision first reads
// its last decision from the KV. With buckets (bucket-ownership.ts) every replica records every
// stat, but decides only for the revisions of the buckets it holds; on taking a bucket it reads
// their last decisions from the KV again, so it goes on from where the previous holder left off.
// The formulas live in @ebb/autoscaling; the per-revision state in revision-state.ts.
import { deciderSpec, statValue, type DeciderSpec } from '@ebb/autoscaling';
import type { PodAutoscaler } from '@ebb/api';
import type { AutoscalerConfig } from '@ebb/config';
import { Channel, parseSubject, type ScaleDecision, type Stat } from '@ebb/messaging';
import type { MessageSubscription } from '@ebb/messaging/nats';
import { LOGGER } from '@ebb/observability';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { AutoscalerMetrics, StatResult } from '../autoscaler-metrics.js';
import { ClusterState } from '../cluster/cluster-state.service.js';
import { DecisionTrigger } from '../history/decision-history.js';
import { RevisionScaler } from './revision-state.js';
import { ScalingBus } from './scaling-bus.service.js';
import { BucketOwnership } from './bucket-ownership.js';
import { TickLoop } from './tick-loop.js';

/** A revision the autoscaler decides for. */
interface Tracked {
  readonly namespace: string;
  readonly revision: string;
  readonly scaler: RevisionScaler;
  /** Whether its last decision was read from the KV (it is not decided for before). */
  restored: boolean;
  /** A poke arrived before the KV answered: decide as soon as it has. */
  pokePending: boolean;
}

const keyOf = (namespace: string, revision: string): string => `${namespace}/${revision}`;

/** Decides for every KPA revision. */
@Injectable()
export class AutoscalerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly revisions = new Map<string, Tracked>();
  private readonly specs = new WeakMap<PodAutoscaler, { readonly config: AutoscalerConfig; readonly spec: DeciderSpec }>();
  private readonly subscriptions: MessageSubscription[] = [];
  private readonly loop: TickLoop;
  private readonly logger: Logger;
  private stopped = false;
  /** Which revisions this replica decides for. */
  @Inject(BucketOwnership) private readonly buckets!: BucketOwnership;

  constructor(
    @Inject(ClusterState) private readonly cluster: ClusterState,
    @Inject(ScalingBus) private readonly bus: ScalingBus,
    @Inject(AutoscalerMetrics) private readonly metrics: AutoscalerMetrics,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ module: 'autoscaler' });
    this.loop = new TickLoop({
      interval: () => this.cluster.config().tickInterval,
      tick: () => this.tickAll(),
      onError: (error) => this.logger.error({ err: error }, 'tick failed'),
    });
  }

  onApplicationBootstrap(): void {
    this.cluster.onPodAutoscalerDeleted((namespace, revision) => this.forget(namespace, revision));
    this.buckets.onGained((bucket) => this.takeOver(bucket));
    this.subscriptions.push(this.bus.onStats((stat, subject) => this.onStat(stat, subject, Date.now())));
    this.subscriptions.push(this.bus.onPokes((_poke, subject) => this.onPoke(subject)));
    void this.cluster.start().then(() => {
      if (!this.stopped) this.loop.start();
    });
  }

  /** Stop ticking and listening before NATS closes. */
  onModuleDestroy(): void {
    this.stopped = true;
    this.loop.stop();
    for (const subscription of this.subscriptions.splice(0)) subscription.unsubscribe();
  }

  /** A data-plane stat: recorded at receive time into its revision's windows. */
  private onStat(stat: Stat, subject: string, nowMs: number): void {
    const ref = parseSubject(subject);
    const tracked = ref?.channel === Channel.Metrics ? this.trackedFor(ref.namespace, ref.revision) : undefined;
    if (tracked === undefined) {
      this.metrics.stat(StatResult.UnknownRevision);
      return;
    }
    const pokeNow = tracked.scaler.record(nowMs, statValue(stat, tracked.scaler.metric));
    this.metrics.stat(StatResult.Recorded);
    if (pokeNow) this.decideNow(tracked, DecisionTrigger.Stat);
  }

  /** A scale-from-zero wake-up: decide for that revision at once. */
  private onPoke(subject: string): void {
    const ref = parseSubject(subject);
    const tracked = ref?.channel === Channel.Poke ? this.trackedFor(ref.namespace, ref.revision) : undefined;
    if (tracked === undefined) {
      this.logger.debug({ subject }, 'poke for a revision without a KPA PodAutoscaler');
      return;
    }
    this.decideNow(tracked, DecisionTrigger.Poke);
  }

  private decideNow(tracked: Tracked, trigger: DecisionTrigger): void {
    if (!this.buckets.owns(tracked.namespace, tracked.revision)) return;
    if (!tracked.restored) {
      tracked.pokePending = true;
      return;
    }
    this.decideSafely(tracked, Date.now(), trigger);
  }

  /** One tick of the loop: bring the set of revisions in line with the PAs, then decide for each. */
  private tickAll(): void {
    const started = performance.now();
    const nowMs = Date.now();
    const wanted = new Set<string>();
    for (const pa of this.cluster.kpas()) {
      const tracked = this.trackedFor(pa.metadata?.namespace ?? '', pa.metadata?.name ?? '');
      if (tracked === undefined) continue;
      wanted.add(keyOf(tracked.namespace, tracked.revision));
      if (this.decidesFor(tracked)) this.decideSafely(tracked, nowMs, DecisionTrigger.Tick);
    }
    for (const tracked of [...this.revisions.values()]) {
      if (!wanted.has(keyOf(tracked.namespace, tracked.revision))) this.forget(tracked.namespace, tracked.revision);
    }
    this.metrics.tickSeconds.observe((performance.now() - started) / 1000);
  }

  /** Whether this replica decides for the revision now: its last decision is read and its bucket is ours. */
  private decidesFor(tracked: Tracked): boolean {
    return tracked.restored && this.buckets.owns(tracked.namespace, tracked.revision);
  }

  /** Decides for one revision; a failure is logged and concerns that revision only. */
  private decideSafely(tracked: Tracked, nowMs: number, trigger: DecisionTrigger): void {
    try {
      this.decide(tracked, nowMs, trigger);
    } catch (error) {
      this.logger.error({ err: error, namespace: tracked.namespace, revision: tracked.revision }, 'decision failed');
    }
  }

  private decide(tracked: Tracked, nowMs: number, trigger: DecisionTrigger): void {
    const { namespace, revision, scaler } = tracked;
    const pa = this.cluster.kpa(namespace, revision);
    if (pa === undefined) return;
    const before = scaler.desiredScale;
    const result = scaler.tick({ nowMs, readyPods: this.cluster.readyPods(namespace, revision), spec: this.specOf(pa), trigger });
    this.bus.emit(tracked, result, () => scaler.storeFailed());
    this.metrics.decided(trigger);
    if (result.decision.desiredScale !== before) this.logDecision(tracked, result.decision, trigger);
  }

  private logDecision(tracked: Tracked, decision: ScaleDecision, trigger: DecisionTrigger): void {
    const { desiredScale, excessBurstCapacity, panic, readyPods, reason } = decision;
    this.logger.info({ namespace: tracked.namespace, revision: tracked.revision, trigger, desiredScale, readyPods, excessBurstCapacity, panic }, `scale decision: ${reason}`);
  }

  /** The revision's scaler, made (and its KV decision read) when its PA is of the KPA class. */
  private trackedFor(namespace: string, revision: string): Tracked | undefined {
    const found = this.revisions.get(keyOf(namespace, revision));
    if (found !== undefined) return found;
    const pa = this.cluster.kpa(namespace, revision);
    if (pa === undefined) return undefined;
    const tracked: Tracked = { namespace, revision, scaler: new RevisionScaler(this.specOf(pa)), restored: false, pokePending: false };
    this.revisions.set(keyOf(namespace, revision), tracked);
    this.metrics.revisions.set(this.revisions.size);
    this.restore(tracked);
    return tracked;
  }

  /** Reads the revision's last decision from the KV before its first decision here; a failed read starts without it. */
  private restore(tracked: Tracked): void {
    const current = (): boolean => this.revisions.get(keyOf(tracked.namespace, tracked.revision)) === tracked;
    void this.bus
      .restore(tracked)
      .then(
        (decision) => {
          if (decision !== undefined && current()) tracked.scaler.restore(decision);
        },
        (error: unknown) => this.logger.warn({ err: error, namespace: tracked.namespace, revision: tracked.revision }, 'reading the last decision from the KV failed; starting without it'),
      )
      .finally(() => {
        tracked.restored = true;
        if (!tracked.pokePending || this.stopped || !current()) return;
        tracked.pokePending = false;
        this.decideSafely(tracked, Date.now(), DecisionTrigger.Poke);
      });
  }

  /** A bucket became ours: its revisions continue from their last decisions in the KV. */
  private takeOver(bucket: number): void {
    for (const tracked of this.revisions.values()) {
      if (!this.buckets.inBucket(tracked.namespace, tracked.revision, bucket)) continue;
      tracked.restored = false;
      this.restore(tracked);
    }
    this.logger.info({ bucket }, 'took a bucket: deciding for its revisions');
  }

  /** The PA is gone (or no longer KPA): its state, history and KV key go. */
  private forget(namespace: string, revision: string): void {
    if (!this.revisions.delete(keyOf(namespace, revision))) return;
    this.metrics.revisions.set(this.revisions.size);
    this.bus.forget({ namespace, revision });
    this.logger.info({ namespace, revision }, 'revision forgotten: its PodAutoscaler is gone or no longer of the KPA class');
  }

  /** The decider spec of a PA under the current config (memoised per PA object and config). */
  private specOf(pa: PodAutoscaler): DeciderSpec {
    const config = this.cluster.config();
    const memo = this.specs.get(pa);
    if (memo?.config === config) return memo.spec;
    const spec = deciderSpec({ annotations: pa.metadata?.annotations, containerConcurrency: pa.spec?.containerConcurrency, reachability: pa.spec?.reachability }, config);
    this.specs.set(pa, { config, spec });
    return spec;
  }
}
