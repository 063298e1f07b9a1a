import type { DiscoveryV1EndpointPort, V1Endpoint, V1EndpointSlice, V1Service } from '@kubernetes/client-node';
import { newSlice } from './desired.js';
import { reconcileEndpointSlices, type SliceChanges } from './reconcile.js';

const svc = (uid = 'svc-uid', labels: Record<string, string> = {}): V1Service => ({ metadata: { name: 'web', namespace: 'default', uid, labels }, spec: { selector: { app: 'web' } } });

/** An endpoint for pod `name` (IP derived from the name's number). */
function ep(name: string, ready = true): V1Endpoint {
  return { addresses: [`127.0.1.${name.replace(/\D/g, '') || '1'}`], conditions: { ready, serving: ready, terminating: false }, targetRef: { kind: 'Pod', namespace: 'default', name, uid: `uid-${name}` }, nodeName: 'local' };
}

const eps = (count: number, from = 0): V1Endpoint[] => Array.from({ length: count }, (_, i) => ep(`p${String(from + i).padStart(3, '0')}`));
const ports = (port: number): DiscoveryV1EndpointPort[] => [{ name: 'http', port, protocol: 'TCP' }];
const want = (endpoints: V1Endpoint[], port = 8080, service = svc()): V1EndpointSlice => newSlice(service, port === 0 ? [] : ports(port), endpoints);

/** An existing slice as the server holds it. */
function existing(name: string, endpoints: V1Endpoint[], port = 8080, service = svc()): V1EndpointSlice {
  const slice = newSlice(service, port === 0 ? [] : ports(port), endpoints);
  return { ...slice, metadata: { ...slice.metadata, name, resourceVersion: '7' } };
}

/** What the API server would hold after the changes (creates named web-new<i>). */
function applied(before: readonly V1EndpointSlice[], changes: SliceChanges): V1EndpointSlice[] {
  const gone = new Set([...changes.delete, ...changes.update].map((slice) => slice.metadata?.name));
  const created = changes.create.map((slice, i) => ({ ...slice, metadata: { ...slice.metadata, name: `web-new${i}` } }));
  return [...before.filter((slice) => !gone.has(slice.metadata?.name)), ...changes.update, ...created];
}

/** A readable summary: per written slice, its name (or +) and endpoint pod names; deleted names. */
function summary(changes: SliceChanges): { create: string[][]; update: Record<string, string[]>; delete: string[] } {
  const podNames = (slice: V1EndpointSlice): string[] => (slice.endpoints ?? []).map((endpoint) => endpoint.targetRef?.name ?? '');
  return {
    create: changes.create.map(podNames),
    update: Object.fromEntries(changes.update.map((slice) => [slice.metadata?.name ?? '', podNames(slice)])),
    delete: changes.delete.map((slice) => slice.metadata?.name ?? ''),
  };
}

describe('reconcileEndpointSlices', () => {
  it.each<[string, V1EndpointSlice[], V1EndpointSlice[], ReturnType<typeof summary>]>([
    ['nothing yet: one slice is created', [], [want([ep('p1'), ep('p2')])], { create: [['p1', 'p2']], update: {}, delete: [] }],
    ['an unchanged slice is not written', [existing('web-a', [ep('p1'), ep('p2')])], [want([ep('p1'), ep('p2')])], { create: [], update: {}, delete: [] }],
    ['an unchanged slice in another endpoint order is not written', [existing('web-a', [ep('p2'), ep('p1')])], [want([ep('p1'), ep('p2')])], { create: [], update: {}, delete: [] }],
    ['a readiness change updates that slice in place', [existing('web-a', [ep('p1'), ep('p2')])], [want([ep('p1'), ep('p2', false)])], { create: [], update: { 'web-a': ['p1', 'p2'] }, delete: [] }],
    ['a removed pod updates its slice', [existing('web-a', [ep('p1'), ep('p2')])], [want([ep('p1')])], { create: [], update: { 'web-a': ['p1'] }, delete: [] }],
    ['a new pod fills a slice being updated before anything else', [existing('web-a', [ep('p1'), ep('p2')]), existing('web-b', [ep('p3')])], [want([ep('p1'), ep('p3'), ep('p4')])], { create: [], update: { 'web-a': ['p1', 'p4'] }, delete: [] }],
    ['a new pod goes into the unchanged slice closest to full that fits', [existing('web-a', eps(10)), existing('web-b', eps(90, 10))], [want([...eps(100), ep('p999')])], { create: [], update: { 'web-b': [...eps(90, 10), ep('p999')].map((e) => e.targetRef?.name ?? '') }, delete: [] }],
    ['a full slice is not overfilled: a new slice is created', [existing('web-a', eps(100))], [want(eps(101))], { create: [['p100']], update: {}, delete: [] }],
    ['the last pod gone: its slice becomes the placeholder (update, not delete+create)', [existing('web-a', [ep('p1')])], [want([], 0)], { create: [], update: { 'web-a': [] }, delete: [] }],
    ['an existing placeholder is kept', [existing('web-a', [], 0)], [want([], 0)], { create: [], update: {}, delete: [] }],
    ['the placeholder is reused for the first endpoints', [existing('web-a', [], 0)], [want([ep('p1')])], { create: [], update: { 'web-a': ['p1'] }, delete: [] }],
    ['a pod whose port got mapped moves: the emptied slice is reused for the new port set', [existing('web-a', [ep('p1')])], [want([ep('p1')], 41000)], { create: [], update: { 'web-a': ['p1'] }, delete: [] }],
    ['one of two pods moves to a mapped port: a slice is created for it', [existing('web-a', [ep('p1'), ep('p2')])], [want([ep('p1')]), want([ep('p2')], 41000)], { create: [['p2']], update: { 'web-a': ['p1'] }, delete: [] }],
    ['a slice of another Service with the same name (other uid) is deleted, not reused', [existing('web-old', [ep('p1')], 8080, svc('old-uid'))], [want([ep('p1')])], { create: [['p1']], update: {}, delete: ['web-old'] }],
    ['no desired slices: every slice is deleted', [existing('web-a', [ep('p1')]), existing('web-b', [], 0)], [], { create: [], update: {}, delete: ['web-a', 'web-b'] }],
    ['an endpoint listed twice keeps only its first place', [existing('web-a', [ep('p1'), ep('p2')]), existing('web-b', [ep('p2')])], [want([ep('p1'), ep('p2')])], { create: [], update: {}, delete: ['web-b'] }],
  ])('%s', (_name, before, desired, expected) => {
    expect(summary(reconcileEndpointSlices(before, desired))).toEqual(expected);
  });

  it.each<[number, number[]]>([
    [100, [100]],
    [101, [100, 1]],
    [250, [100, 100, 50]],
  ])('%i endpoints are split into slices of at most 100: %j', (count, sizes) => {
    expect(reconcileEndpointSlices([], [want(eps(count))]).create.map((slice) => slice.endpoints?.length)).toEqual(sizes);
  });

  it('honours a smaller maximum per slice', () => {
    expect(reconcileEndpointSlices([], [want(eps(5))], 2).create.map((slice) => slice.endpoints?.length)).toEqual([2, 2, 1]);
  });

  it('a Service label change rewrites the slice labels only', () => {
    const changes = reconcileEndpointSlices([existing('web-a', [ep('p1')])], [want([ep('p1')], 8080, svc('svc-uid', { team: 'x' }))]);
    expect(changes.update.map((slice) => [slice.metadata?.name, slice.metadata?.resourceVersion, slice.metadata?.labels?.team])).toEqual([['web-a', '7', 'x']]);
  });

  it('an update keeps the slice identity and writes endpoints in pod-name order', () => {
    const [update] = reconcileEndpointSlices([existing('web-a', [ep('p3'), ep('p1')])], [want([ep('p1'), ep('p2'), ep('p3', false)])]).update;
    expect(update?.metadata).toMatchObject({ name: 'web-a', namespace: 'default', resourceVersion: '7' });
    expect(update?.endpoints?.map((endpoint) => endpoint.targetRef?.name)).toEqual(['p1', 'p2', 'p3']);
  });

  it.each<[string, V1EndpointSlice[], V1EndpointSlice[]]>([
    ['first sync', [], [want(eps(230))]],
    ['scale down', [existing('web-a', eps(100)), existing('web-b', eps(100, 100))], [want(eps(30, 50))]],
    ['readiness flips and new pods', [existing('web-a', eps(60))], [want([...eps(30), ...eps(30, 30).map((e) => ({ ...e, conditions: { ready: false, serving: false, terminating: false } })), ...eps(70, 60)])]],
    ['pods spread over two port sets', [existing('web-a', eps(4))], [want(eps(2)), want(eps(2, 2), 41000)]],
    ['Service gone', [existing('web-a', eps(4))], []],
  ])('after applying its changes a second pass writes nothing: %s', (_name, before, desired) => {
    const after = applied(before, reconcileEndpointSlices(before, desired));
    expect(reconcileEndpointSlices(after, desired)).toEqual({ create: [], update: [], delete: [] });
  });
});
