/**
 * RevisionSpec defaults (serving `revision_defaults.go`, API.md §2.1), used for Revisions and for the
 * templates of Configurations and Services. The `fill*` functions work in place on the copy
 * `setDefaults` made; `defaultRevisionSpec` is the pure entry point.
 */
import type { ApiConfig, DefaultingContext } from '../core/context.js';
import { Operation } from '../core/context.js';
import { childName } from '../core/names.js';
import { fillContainer, fillSecurityContext, writableVolumeNames } from './container.js';
import { isNil } from '../core/semantic-equal.js';
import { childObject, isObject, numberOf, objectsOf, stringOf, type JsonObject } from './json.js';
import { renderNameTemplate } from './name-template.js';

/** What RevisionSpec defaulting needs besides the spec. */
export interface RevisionSpecDefaulting {
  /** config-defaults and config-features. */
  readonly config: ApiConfig;
  /** The admission operation: `enableServiceLinks` is defaulted on CREATE only. */
  readonly operation: Operation;
  /** The parent's ObjectMeta (Service or Configuration; empty for a Revision), for the container name templates. */
  readonly parentMeta: unknown;
}

/** Items 1–4: timeoutSeconds, idleTimeoutSeconds, responseStartTimeoutSeconds, containerConcurrency. */
function fillTimeouts(spec: JsonObject, config: ApiConfig): void {
  const d = config.defaults;
  if (numberOf(spec['timeoutSeconds']) === 0) spec['timeoutSeconds'] = d.revisionTimeoutSeconds;
  const timeout = numberOf(spec['timeoutSeconds']);
  if (isNil(spec['idleTimeoutSeconds']) && d.revisionIdleTimeoutSeconds !== 0 && d.revisionIdleTimeoutSeconds < timeout) {
    spec['idleTimeoutSeconds'] = d.revisionIdleTimeoutSeconds;
  }
  const responseStart = d.revisionResponseStartTimeoutSeconds;
  if (isNil(spec['responseStartTimeoutSeconds']) && responseStart !== 0 && responseStart < timeout) {
    spec['responseStartTimeoutSeconds'] = responseStart;
  }
  if (isNil(spec['containerConcurrency'])) spec['containerConcurrency'] = d.containerConcurrency;
}

/**
 * Item 5: unnamed containers get the template name; with more than one container in the list, or when
 * the name is taken, `<name>-N` with a counter shared across the list, skipping taken names.
 */
function fillContainerNames(containers: readonly JsonObject[], taken: ReadonlySet<string>, name: string): void {
  let next = 0;
  const suffixed = (): string => {
    let candidate = childName(name, `-${next++}`);
    while (taken.has(candidate)) candidate = childName(name, `-${next++}`);
    return candidate;
  };
  for (const container of containers) {
    if (stringOf(container['name']) !== '') continue;
    container['name'] = containers.length > 1 || taken.has(name) ? suffixed() : name;
  }
}

function fillAllContainerNames(spec: JsonObject, opts: RevisionSpecDefaulting): void {
  const containers = objectsOf(spec['containers']);
  const initContainers = objectsOf(spec['initContainers']);
  const taken = new Set([...containers, ...initContainers].map((c) => stringOf(c['name'])));
  const d = opts.config.defaults;
  fillContainerNames(containers, taken, renderNameTemplate(d.containerNameTemplate, opts.parentMeta));
  fillContainerNames(initContainers, taken, renderNameTemplate(d.initContainerNameTemplate, opts.parentMeta));
}

/** Items 5–11 over the containers and init containers. */
function fillContainers(spec: JsonObject, opts: RevisionSpecDefaulting): void {
  fillAllContainerNames(spec, opts);
  const containers = objectsOf(spec['containers']);
  const writableVolumes = writableVolumeNames(spec['volumes']);
  const security = { features: opts.config.features, podSecurityContext: spec['securityContext'] };
  for (const container of containers) {
    const serving = containers.length === 1 || objectsOf(container['ports']).length > 0;
    fillContainer(container, { defaults: opts.config.defaults, serving, writableVolumes });
    fillSecurityContext(container, security);
  }
  for (const init of objectsOf(spec['initContainers'])) fillSecurityContext(init, security);
}

/**
 * Item 9: `enableServiceLinks` from `enable-service-links` on CREATE. Knative does this while defaulting
 * each (non-init) container, so a spec without containers keeps it unset.
 */
function fillServiceLinks(spec: JsonObject, opts: RevisionSpecDefaulting): void {
  const links = opts.config.defaults.enableServiceLinks;
  if (objectsOf(spec['containers']).length === 0 || links === undefined) return;
  if (isNil(spec['enableServiceLinks']) && opts.operation === Operation.Create) spec['enableServiceLinks'] = links;
}

/** Fills a RevisionSpec in place with every §2.1 default. */
export function fillRevisionSpec(spec: JsonObject, opts: RevisionSpecDefaulting): void {
  fillTimeouts(spec, opts.config);
  fillContainers(spec, opts);
  fillServiceLinks(spec, opts);
}

/** A RevisionSpec with Knative's defaults (API.md §2.1), as a new object; the input is not changed. */
export function defaultRevisionSpec(spec: unknown, opts: RevisionSpecDefaulting): unknown {
  if (!isObject(spec)) return spec;
  const copy = structuredClone(spec);
  fillRevisionSpec(copy, opts);
  return copy;
}

/** Fills a revision template (`{metadata, spec}`) in place; the parent meta names the containers. */
export function fillRevisionTemplate(template: JsonObject, opts: RevisionSpecDefaulting): void {
  fillRevisionSpec(childObject(template, 'spec'), opts);
}

/**
 * Fills a Revision in place: spec defaults on CREATE only (a Revision's spec is immutable). Knative sets
 * no parent ObjectMeta for a Revision, so the container name templates render against an empty one.
 */
export function fillRevision(revision: JsonObject, ctx: DefaultingContext): void {
  if (ctx.operation !== Operation.Create) return;
  fillRevisionSpec(childObject(revision, 'spec'), { config: ctx, operation: ctx.operation, parentMeta: {} });
}
