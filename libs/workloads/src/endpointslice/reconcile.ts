// From the slices a Service has to the slices it should have, with as few writes as possible
// (Kubernetes' endpointslice reconciler, reconcileByPortMapping and finalize): existing slices
// are reused by port set, changed endpoints are updated in place, new endpoints fill slices
// that are written anyway before any other, then the existing slice closest to full that fits
// them, and only then new slices (at most 100 endpoints each). A slice to delete is turned into
// an update when a slice is to be created. An unchanged input plans no write.
import type { V1Endpoint, V1EndpointSlice } from '@kubernetes/client-node';
import { controllerOf } from '../owners.js';
import { MAX_ENDPOINTS_PER_SLICE, portSetKey } from './desired.js';

/** The writes that bring a Service's slices to the desired state; apply creates, then updates, then deletes. */
export interface SliceChanges {
  readonly create: V1EndpointSlice[];
  readonly update: V1EndpointSlice[];
  readonly delete: V1EndpointSlice[];
}

/** Changes of one port set; `deleteOwned` slices may become updates of new slices. */
interface PortSetChanges {
  create: V1EndpointSlice[];
  update: V1EndpointSlice[];
  unchanged: V1EndpointSlice[];
  deleteOwned: V1EndpointSlice[];
}

/** The identity of an endpoint (hashEndpoint): its target pod, addresses and hostname. */
function endpointKey(endpoint: V1Endpoint): string {
  const ref = endpoint.targetRef;
  return JSON.stringify([ref?.namespace ?? '', ref?.name ?? '', [...endpoint.addresses].sort(), endpoint.hostname ?? '']);
}

/** JSON with sorted keys and undefined members dropped: equal for semantically equal values. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : 1))) : inner,
  );
}

function sameLabels(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  return canonical(a ?? {}) === canonical(b ?? {});
}

function endpointOrder(a: V1Endpoint, b: V1Endpoint): number {
  const [x, y] = [endpointKey(a), endpointKey(b)];
  if (x === y) return 0;
  return x < y ? -1 : 1;
}

function nameOrder(a: V1EndpointSlice, b: V1EndpointSlice): number {
  const [x, y] = [a.metadata?.name ?? '', b.metadata?.name ?? ''];
  if (x === y) return 0;
  return x < y ? -1 : 1;
}

/** `slice` rewritten with the desired ports and labels, these endpoints (pod-name order), keeping its identity. */
function rewrite(slice: V1EndpointSlice, want: V1EndpointSlice, endpoints: V1Endpoint[]): V1EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { ...slice.metadata, labels: { ...want.metadata?.labels }, ownerReferences: want.metadata?.ownerReferences ?? [] },
    addressType: want.addressType,
    ports: want.ports ?? [],
    endpoints: [...endpoints].sort(endpointOrder),
  };
}

/** Whether the slice is ours to reuse: controlled by the desired slices' owner, same address type. */
function reusable(slice: V1EndpointSlice, want: V1EndpointSlice): boolean {
  const owner = controllerOf(want)?.uid;
  const controller = controllerOf(slice)?.uid;
  return owner !== undefined && controller === owner && slice.addressType === want.addressType;
}

/** Takes up to `count` endpoints from the front of `remaining` (pod-name order). */
function take(remaining: Map<string, V1Endpoint>, count: number): V1Endpoint[] {
  const taken: V1Endpoint[] = [];
  for (const [key, endpoint] of remaining) {
    if (taken.length >= count) break;
    taken.push(endpoint);
    remaining.delete(key);
  }
  return taken;
}

/** Step 1 for one existing slice: keep the endpoints still desired (in their desired form); say whether anything changed. */
function refresh(slice: V1EndpointSlice, remaining: Map<string, V1Endpoint>): { endpoints: V1Endpoint[]; changed: boolean } {
  const endpoints: V1Endpoint[] = [];
  let changed = false;
  for (const endpoint of slice.endpoints ?? []) {
    const key = endpointKey(endpoint);
    const wanted = remaining.get(key);
    changed ||= wanted === undefined || canonical(wanted) !== canonical(endpoint);
    if (wanted === undefined) continue;
    endpoints.push(wanted);
    remaining.delete(key);
  }
  return { endpoints, changed };
}

/** Sorts one existing slice into update, delete or unchanged. */
function classify(slice: V1EndpointSlice, want: V1EndpointSlice, remaining: Map<string, V1Endpoint>, changes: PortSetChanges): void {
  const { endpoints, changed } = refresh(slice, remaining);
  if (changed && endpoints.length === 0) changes.deleteOwned.push(slice);
  else if (changed || !sameLabels(slice.metadata?.labels, want.metadata?.labels)) changes.update.push(rewrite(slice, want, endpoints));
  else changes.unchanged.push(slice);
}

/** getSliceToFill: the unchanged slice left closest to full after taking `count` endpoints. */
function closestFit(slices: readonly V1EndpointSlice[], count: number, max: number): V1EndpointSlice | undefined {
  let best: V1EndpointSlice | undefined;
  let bestFree = max;
  for (const slice of slices) {
    const free = max - count - (slice.endpoints?.length ?? 0);
    if (free >= 0 && free < bestFree) [best, bestFree] = [slice, free];
  }
  return best;
}

/** Steps 2 and 3: fill the slices being updated (fullest first), then an unchanged slice that fits the rest, then new slices. */
function place(want: V1EndpointSlice, remaining: Map<string, V1Endpoint>, changes: PortSetChanges, max: number): void {
  changes.update.sort((a, b) => (b.endpoints?.length ?? 0) - (a.endpoints?.length ?? 0));
  changes.update = changes.update.map((slice) => {
    const room = max - (slice.endpoints?.length ?? 0);
    return room > 0 && remaining.size > 0 ? rewrite(slice, want, [...(slice.endpoints ?? []), ...take(remaining, room)]) : slice;
  });
  while (remaining.size > 0) {
    const fit = remaining.size < max ? closestFit(changes.unchanged, remaining.size, max) : undefined;
    if (fit === undefined) {
      changes.create.push(rewrite(want, want, take(remaining, max)));
      continue;
    }
    changes.unchanged = changes.unchanged.filter((slice) => slice !== fit);
    changes.update.push(rewrite(fit, want, [...(fit.endpoints ?? []), ...take(remaining, max)]));
  }
}

/** reconcileByPortMapping: the changes for the existing slices of one port set. */
function reconcilePortSet(existing: readonly V1EndpointSlice[], want: V1EndpointSlice, max: number): PortSetChanges {
  const remaining = new Map((want.endpoints ?? []).map((endpoint) => [endpointKey(endpoint), endpoint] as const));
  const changes: PortSetChanges = { create: [], update: [], unchanged: [], deleteOwned: [] };
  for (const slice of existing) classify(slice, want, remaining, changes);
  place(want, remaining, changes, max);
  // A port set always keeps a slice: the placeholder of a Service without endpoints.
  if (changes.create.length + changes.update.length + changes.unchanged.length === 0) changes.create.push(rewrite(want, want, []));
  return changes;
}

function groupByPorts(slices: readonly V1EndpointSlice[]): Map<string, V1EndpointSlice[]> {
  const groups = new Map<string, V1EndpointSlice[]>();
  for (const slice of slices) {
    const key = portSetKey(slice.ports ?? []);
    groups.set(key, [...(groups.get(key) ?? []), slice]);
  }
  return groups;
}

/** finalize: each slice to delete that we own becomes the update of a slice to create instead. */
function reuseDeletions(create: V1EndpointSlice[], update: V1EndpointSlice[], deleteOwned: V1EndpointSlice[]): SliceChanges {
  const reused = Math.min(create.length, deleteOwned.length);
  const converted = deleteOwned.slice(0, reused).map((old, i) => {
    const fresh = create[i] as V1EndpointSlice;
    return rewrite(old, fresh, fresh.endpoints ?? []);
  });
  return { create: create.slice(reused), update: [...update, ...converted], delete: deleteOwned.slice(reused) };
}

/**
 * The creates, updates and deletes that turn `existing` (the slices labelled for the Service and
 * managed by this controller) into `desired` (from {@link desiredSlices}). Slices not controlled
 * by the Service (e.g. left by an earlier Service of that name) are deleted; no desired slices
 * means every existing one goes.
 */
export function reconcileEndpointSlices(existing: readonly V1EndpointSlice[], desired: readonly V1EndpointSlice[], max = MAX_ENDPOINTS_PER_SLICE): SliceChanges {
  const first = desired[0];
  const sorted = [...existing].sort(nameOrder);
  const foreign = sorted.filter((slice) => first === undefined || !reusable(slice, first));
  const byPorts = groupByPorts(sorted.filter((slice) => !foreign.includes(slice)));
  const all: PortSetChanges = { create: [], update: [], unchanged: [], deleteOwned: [] };
  for (const want of desired) {
    const key = portSetKey(want.ports ?? []);
    const changes = reconcilePortSet(byPorts.get(key) ?? [], want, max);
    byPorts.delete(key);
    all.create.push(...changes.create);
    all.update.push(...changes.update);
    all.deleteOwned.push(...changes.deleteOwned);
  }
  all.deleteOwned.push(...[...byPorts.values()].flat());
  const changes = reuseDeletions(all.create, all.update, all.deleteOwned.sort(nameOrder));
  return { ...changes, delete: [...foreign, ...changes.delete] };
}
