// What the API server does to an object's metadata on each write, as Kubernetes' registry
// strategies do (staging/src/k8s.io/apiserver/pkg/registry/rest/{create,update,delete}.go):
// system fields set on create and kept on update, generation bumped on spec changes only,
// status reset through the main endpoint where a status subresource exists.
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject, ObjectMeta } from '../object.js';
import type { ResourceType } from '../resources/resource-type.js';

/** Values a write takes from its environment: the clock and a fresh uid. */
export interface WriteEnvironment {
  /** RFC 3339 time with whole seconds and `Z`, e.g. `2026-11-26T01:02:03Z`. */
  readonly now: string;
  readonly newUid: () => string;
}

/** `2026-11-26T01:02:03Z` — the precision of `creationTimestamp` and `deletionTimestamp`. */
export function rfc3339Seconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** Metadata fields only the server writes; a client's values are ignored on create. */
const SYSTEM_FIELDS = ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'resourceVersion'] as const;

function withoutSystemFields(meta: ObjectMeta): ObjectMeta {
  const copy: ObjectMeta = { ...meta };
  for (const field of SYSTEM_FIELDS) delete copy[field];
  return copy;
}

/** The fields that count as the object's spec: everything but apiVersion, kind, metadata and status. */
export function specPart(object: KubeObject): Record<string, unknown> {
  const { apiVersion: _a, kind: _k, metadata: _m, status: _s, ...rest } = object;
  return rest;
}

/** What bumps the generation: the spec part, and the status too where no status subresource owns it. */
function generationPart(resource: ResourceType, object: KubeObject): Record<string, unknown> {
  return resource.statusSubresource ? specPart(object) : { ...specPart(object), status: object.status };
}

/** The object as stored on create: system fields set, status dropped where a status subresource owns it. */
export function prepareForCreate(resource: ResourceType, object: KubeObject, env: WriteEnvironment): KubeObject {
  const metadata: ObjectMeta = { ...withoutSystemFields(object.metadata), uid: env.newUid(), creationTimestamp: env.now };
  if (resource.tracksGeneration) metadata.generation = 1;
  const prepared: KubeObject = { ...object, metadata };
  if (resource.statusSubresource) delete prepared.status;
  return prepared;
}

/**
 * The object as stored on update of the main endpoint or of `status`: system metadata kept from
 * `old`, the part a subresource does not own kept from `old`, generation bumped when the spec changed.
 */
export function prepareForUpdate(resource: ResourceType, old: KubeObject, incoming: KubeObject, subresource: '' | 'status'): KubeObject {
  const kept: ObjectMeta = {};
  for (const field of SYSTEM_FIELDS) if (old.metadata[field] !== undefined) Object.assign(kept, { [field]: old.metadata[field] });
  if (subresource === 'status') return statusUpdate(resource, old, incoming);
  let updated: KubeObject = { ...incoming, metadata: { ...withoutSystemFields(incoming.metadata), ...kept } };
  if (resource.statusSubresource) {
    updated = { ...updated, status: old.status };
    if (old.status === undefined) delete updated.status;
  }
  if (resource.tracksGeneration && generationChanged(resource, old, updated)) updated.metadata.generation = (old.metadata.generation ?? 0) + 1;
  return updated;
}

/**
 * An update through `status`: the status of `incoming`, everything else of `old`. A Deployment's
 * status writer may also set annotations (its controller records the revision that way).
 */
function statusUpdate(resource: ResourceType, old: KubeObject, incoming: KubeObject): KubeObject {
  const annotations = isDeployment(resource) ? incoming.metadata.annotations : old.metadata.annotations;
  const updated: KubeObject = { ...old, metadata: { ...old.metadata, annotations }, status: incoming.status };
  if (annotations === undefined) delete updated.metadata.annotations;
  if (incoming.status === undefined) delete updated.status;
  return updated;
}

/** Compared as stored (JSON): a field set to `undefined` is a field left out. */
function sameJson(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a ?? null)), JSON.parse(JSON.stringify(b ?? null)));
}

/** The spec changed, or (apps/v1 Deployments, as Kubernetes' deployment strategy has it) the annotations. */
function generationChanged(resource: ResourceType, old: KubeObject, updated: KubeObject): boolean {
  if (!sameJson(generationPart(resource, old), generationPart(resource, updated))) return true;
  return isDeployment(resource) && !sameJson(old.metadata.annotations ?? {}, updated.metadata.annotations ?? {});
}

function isDeployment(resource: ResourceType): boolean {
  return resource.group === 'apps' && resource.kind === 'Deployment';
}

/** True when an update would store nothing new (only resourceVersion and managedFields aside). */
export function isNoOpUpdate(old: KubeObject, updated: KubeObject): boolean {
  const strip = (o: KubeObject): KubeObject => ({ ...o, metadata: { ...o.metadata, resourceVersion: undefined, managedFields: undefined } });
  return isDeepStrictEqual(JSON.parse(JSON.stringify(strip(old))), JSON.parse(JSON.stringify(strip(updated))));
}

/** Marks an object as being deleted (finalizers pending): deletionTimestamp, grace 0, generation +1. */
export function markDeleting(resource: ResourceType, object: KubeObject, now: string, graceSeconds = 0): KubeObject {
  if (object.metadata.deletionTimestamp !== undefined) return object;
  const metadata: ObjectMeta = { ...object.metadata, deletionTimestamp: now, deletionGracePeriodSeconds: graceSeconds };
  if (resource.tracksGeneration && metadata.generation !== undefined) metadata.generation += 1;
  return { ...object, metadata };
}
