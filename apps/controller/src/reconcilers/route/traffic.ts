// Traffic resolution of a Route (serving `pkg/reconciler/route/traffic/traffic.go`, API.md §7):
// each spec target is flattened to a concrete Revision (a configurationName floats to its
// latestReadyRevisionName), checked to exist and be Ready, and grouped per traffic name (''
// for the Route's own host, one group per tag at 100 %). The first failure to become ready is
// kept unless a later real failure replaces it, as Knative defers target errors. Pure over
// listers (informer caches).
import {
  ConditionStatus,
  getCondition,
  missingTargetFailure,
  revisionConditionSet,
  revisionNotOwnedFailure,
  ServingLabels,
  unreadyConfigurationFailure,
  unreadyRevisionFailure,
  type Configuration,
  type ConditionsStatus,
  type Container,
  type Revision,
  type Route,
  type TrafficFailure,
  type TrafficTarget,
} from '@ebb/api';
import type { Lister } from '../deps.js';
import { generationOf, nameOf, namespaceOf } from '../shared/meta.js';

/** How the gateway talks to a Revision: HTTP/1 or HTTP/2 cleartext (serving container port named `h2c`). */
export const Protocol = { HTTP1: 'http1', H2C: 'h2c' } as const;
/** One of {@link Protocol}. */
export type Protocol = (typeof Protocol)[keyof typeof Protocol];

/** The name of the untagged traffic group (Knative's `DefaultTarget`). */
export const DEFAULT_TARGET = '';

/** A traffic target resolved to a Revision. */
export interface ResolvedTarget {
  readonly tag?: string;
  readonly revisionName: string;
  /** The Configuration it floats on, or the Revision's configuration label; never written to status. */
  readonly configurationName?: string;
  readonly latestRevision?: boolean;
  readonly percent: number;
  readonly protocol: Protocol;
}

/** Resolved traffic: targets per traffic name ('' and each tag) and the flat list for status.traffic. */
export interface ResolvedTraffic {
  readonly ok: true;
  /** Per traffic name: the Revisions with their percents (same Revision merged; a single one at 100). */
  readonly targets: ReadonlyMap<string, readonly ResolvedTarget[]>;
  /** Spec order, entries with the same (tag, revisionName, latestRevision) merged. */
  readonly flat: readonly ResolvedTarget[];
}

/** A traffic target that does not resolve (yet). */
export type UnresolvedTraffic = { readonly ok: false } & TrafficFailure;

/** What {@link resolveTraffic} reads. */
export interface TrafficListers {
  readonly configurations: Pick<Lister<Configuration>, 'get'>;
  readonly revisions: Pick<Lister<Revision>, 'get'>;
}

type Step = { readonly target: ResolvedTarget } | { readonly failure: TrafficFailure };

/** The serving container: the only one, else the one declaring ports (API.md §1.2). */
function servingContainer(revision: Revision): Container | undefined {
  const containers = revision.spec?.containers ?? [];
  return containers.length === 1 ? containers[0] : containers.find((c) => (c.ports ?? []).length > 0);
}

/** The Revision's protocol: h2c iff the serving container's first port is named `h2c`. */
export function protocolOf(revision: Revision): Protocol {
  return servingContainer(revision)?.ports?.[0]?.name === Protocol.H2C ? Protocol.H2C : Protocol.HTTP1;
}

function readyStatusOf(object: { status?: ConditionsStatus | undefined }): string | undefined {
  return getCondition(object.status ?? {}, 'Ready')?.status;
}

/** The resolved target of `spec` on `revision`. */
function resolved(spec: TrafficTarget, revision: Revision, configurationName: string | undefined): ResolvedTarget {
  return {
    ...(spec.tag === undefined || spec.tag === '' ? {} : { tag: spec.tag }),
    revisionName: nameOf(revision),
    ...(configurationName === undefined ? {} : { configurationName }),
    ...(spec.latestRevision === undefined ? {} : { latestRevision: spec.latestRevision }),
    percent: spec.percent ?? 0,
    protocol: protocolOf(revision),
  };
}

/** A configurationName target: the Configuration's latest ready Revision. */
function configurationStep(spec: TrafficTarget, name: string, input: { listers: TrafficListers; namespace: string }): Step {
  const configuration = input.listers.configurations.get(name, input.namespace);
  if (configuration === undefined) return { failure: missingTargetFailure('Configuration', name) };
  const latestReady = configuration.status?.latestReadyRevisionName ?? '';
  if (latestReady === '') return { failure: unreadyConfigurationFailure(name, readyStatusOf(configuration) === ConditionStatus.False) };
  const revision = input.listers.revisions.get(latestReady, input.namespace);
  if (revision === undefined) return { failure: missingTargetFailure('Revision', latestReady) };
  return { target: resolved(spec, revision, name) };
}

/** The Service-ownership failure of a pinned Revision, if the Route belongs to a Service. */
function ownershipFailure(route: Route, revision: Revision): TrafficFailure | undefined {
  const service = route.metadata?.labels?.[ServingLabels.Service];
  if (service === undefined || service === '') return undefined;
  const owner = revision.metadata?.labels?.[ServingLabels.Service];
  if (owner === service) return undefined;
  return revisionNotOwnedFailure({ revision: nameOf(revision), owner, service });
}

/** The failure of a Revision that is not Ready at its generation (False: failed; otherwise waiting). */
function readinessFailure(revision: Revision, name: string): TrafficFailure | undefined {
  if (revisionConditionSet.isReady(revision.status ?? {}, generationOf(revision))) return undefined;
  return unreadyRevisionFailure(name, readyStatusOf(revision) === ConditionStatus.False);
}

/** A revisionName target: the Revision must exist, belong to the Route's Service (if any) and be Ready. */
function revisionStep(spec: TrafficTarget, name: string, input: { listers: TrafficListers; namespace: string; route: Route }): Step {
  const revision = input.listers.revisions.get(name, input.namespace);
  if (revision === undefined) return { failure: missingTargetFailure('Revision', name) };
  const notOwned = ownershipFailure(input.route, revision);
  if (notOwned !== undefined) return { failure: notOwned };
  const unready = readinessFailure(revision, name);
  if (unready !== undefined) return { failure: unready };
  const configurationName = revision.metadata?.labels?.[ServingLabels.Configuration];
  if (configurationName !== undefined && input.listers.configurations.get(configurationName, input.namespace) === undefined) {
    return { failure: missingTargetFailure('Configuration', configurationName) };
  }
  return { target: resolved(spec, revision, configurationName) };
}

/** Adds `target` to `list`, summing the percent of an entry with the same `same` key. */
function merged(list: readonly ResolvedTarget[], target: ResolvedTarget, same: (a: ResolvedTarget, b: ResolvedTarget) => boolean): ResolvedTarget[] {
  const index = list.findIndex((t) => same(t, target));
  if (index < 0) return [...list, target];
  return list.map((t, i) => (i === index ? { ...t, percent: t.percent + target.percent } : t));
}

const sameEntry = (a: ResolvedTarget, b: ResolvedTarget): boolean =>
  a.tag === b.tag && a.revisionName === b.revisionName && (a.latestRevision ?? false) === (b.latestRevision ?? false);
const sameRevision = (a: ResolvedTarget, b: ResolvedTarget): boolean => a.revisionName === b.revisionName;

/** One traffic group consolidated (Knative `consolidate`): same Revision merged; a lone Revision gets 100 %. */
function consolidate(targets: readonly ResolvedTarget[]): ResolvedTarget[] {
  const list = targets.reduce<ResolvedTarget[]>((acc, t) => merged(acc, t, sameRevision), []);
  const only = list[0];
  return list.length === 1 && only !== undefined ? [{ ...only, percent: 100 }] : list;
}

/** Groups the flattened targets per traffic name: all under '', each tagged one under its tag too. */
function group(targets: readonly ResolvedTarget[]): Map<string, ResolvedTarget[]> {
  const groups = new Map<string, ResolvedTarget[]>();
  for (const target of targets) {
    for (const name of target.tag === undefined ? [DEFAULT_TARGET] : [DEFAULT_TARGET, target.tag]) {
      groups.set(name, [...(groups.get(name) ?? []), target]);
    }
  }
  return new Map([...groups].map(([name, list]) => [name, consolidate(list)]));
}

/** Keeps the first failure, unless a later one is a real failure (False), as Knative's `deferTargetError`. */
function keep(current: TrafficFailure | undefined, next: TrafficFailure): TrafficFailure {
  return current === undefined || next.status === ConditionStatus.False ? next : current;
}

/** Resolves `route.spec.traffic` against the Configurations and Revisions in the listers. */
export function resolveTraffic(route: Route, listers: TrafficListers): ResolvedTraffic | UnresolvedTraffic {
  const input = { listers, namespace: namespaceOf(route), route };
  const flattened: ResolvedTarget[] = [];
  let failure: TrafficFailure | undefined;
  for (const spec of route.spec?.traffic ?? []) {
    const step = stepOf(spec, input);
    if (step === undefined) continue;
    if ('failure' in step) failure = keep(failure, step.failure);
    else flattened.push(step.target);
  }
  if (failure !== undefined) return { ok: false, ...failure };
  const flat = flattened.reduce<ResolvedTarget[]>((acc, t) => merged(acc, t, sameEntry), []);
  return { ok: true, targets: group(flattened), flat };
}

function stepOf(spec: TrafficTarget, input: { listers: TrafficListers; namespace: string; route: Route }): Step | undefined {
  if ((spec.revisionName ?? '') !== '') return revisionStep(spec, spec.revisionName ?? '', input);
  if ((spec.configurationName ?? '') !== '') return configurationStep(spec, spec.configurationName ?? '', input);
  return undefined;
}
