import type { EndpointSliceLike } from './endpoints.js';
import { EndpointsTracker, type SliceSource } from './endpoints-tracker.js';

/** A stand-in informer: handlers by event, fired by the test. */
class FakeSource implements SliceSource<EndpointSliceLike> {
  readonly handlers: Record<string, ((o: EndpointSliceLike, old?: EndpointSliceLike) => void)[]> = { add: [], update: [], delete: [] };
  on(event: 'add' | 'update' | 'delete', handler: (o: EndpointSliceLike, old?: EndpointSliceLike) => void): void {
    this.handlers[event]?.push(handler);
  }
  fire(event: 'add' | 'update' | 'delete', object: EndpointSliceLike, old?: EndpointSliceLike): void {
    for (const h of this.handlers[event] ?? []) h(object, old);
  }
}

const slice = (name: string, service: string, addresses: string[]): EndpointSliceLike => ({
  metadata: { name, namespace: 'ns', labels: { 'kubernetes.io/service-name': service } },
  ports: [{ name: 'http', port: 8080 }],
  endpoints: addresses.map((a) => ({ addresses: [a] })),
});

describe('EndpointsTracker', () => {
  it('follows adds, updates and deletes per Service and tells listeners which Service changed', () => {
    const source = new FakeSource();
    const tracker = new EndpointsTracker(source);
    const changed: string[] = [];
    tracker.onChange((key) => changed.push(key));

    source.fire('add', slice('s1', 'rev-private', ['127.0.0.1']));
    source.fire('add', slice('s2', 'rev-private', ['127.0.0.2']));
    source.fire('add', slice('o1', 'other', ['127.0.0.9']));
    expect(tracker.endpoints('ns', 'rev-private').map((e) => e.address)).toEqual(['127.0.0.1', '127.0.0.2']);

    source.fire('update', slice('s2', 'rev-private', ['127.0.0.3']), slice('s2', 'rev-private', ['127.0.0.2']));
    expect(tracker.endpoints('ns', 'rev-private').map((e) => e.address)).toEqual(['127.0.0.1', '127.0.0.3']);

    source.fire('delete', slice('s1', 'rev-private', ['127.0.0.1']));
    expect(tracker.endpoints('ns', 'rev-private').map((e) => e.address)).toEqual(['127.0.0.3']);
    expect(tracker.endpoints('ns', 'other').map((e) => e.address)).toEqual(['127.0.0.9']);
    expect(tracker.endpoints('ns', 'none')).toEqual([]);
    expect(changed).toEqual(['ns/rev-private', 'ns/rev-private', 'ns/other', 'ns/rev-private', 'ns/rev-private']);
    expect([...tracker.allEndpointKeys()].sort()).toEqual(['127.0.0.3:8080', '127.0.0.9:8080']);
  });

  it('says whether a Service lists an address as ready', () => {
    const source = new FakeSource();
    const tracker = new EndpointsTracker(source);
    source.fire('add', { ...slice('a1', 'activator', ['127.0.0.5']), endpoints: [{ addresses: ['127.0.0.5'] }, { addresses: ['127.0.0.6'], conditions: { ready: false } }] });
    expect(['127.0.0.5', '127.0.0.6', '127.0.0.7'].map((address) => tracker.listsReady('ns', 'activator', address))).toEqual([true, false, false]);
    expect(tracker.listsReady('ns', 'other', '127.0.0.5')).toBe(false);
  });

  it('stays quiet when a slice update leaves the ready endpoints as they were', () => {
    const source = new FakeSource();
    const tracker = new EndpointsTracker(source);
    source.fire('add', slice('s1', 'rev', ['127.0.0.1']));
    expect(tracker.endpoints('ns', 'rev')).toHaveLength(1);
    const changed: string[] = [];
    tracker.onChange((key) => changed.push(key));
    source.fire('update', slice('s1', 'rev', ['127.0.0.1']), slice('s1', 'rev', ['127.0.0.1']));
    expect(changed).toEqual([]);
  });

  it('answers not-ready endpoints and tells notReady listeners when they change, others only when ready ones do', () => {
    const source = new FakeSource();
    const tracker = new EndpointsTracker(source);
    const withReady = (ready: boolean, terminating = false): EndpointSliceLike => ({
      metadata: { name: 's1', namespace: 'ns', labels: { 'kubernetes.io/service-name': 'rev' } },
      ports: [{ name: 'http', port: 8080 }],
      endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }, { addresses: ['127.0.0.2'], conditions: { ready, terminating } }],
    });
    const readyHeard: string[] = [];
    const notReadyHeard: string[] = [];
    tracker.onChange((key) => readyHeard.push(key));
    const unsubscribe = tracker.onChange((key) => notReadyHeard.push(key), { notReady: true });

    source.fire('add', withReady(false));
    expect(tracker.notReadyEndpoints('ns', 'rev')).toEqual([{ address: '127.0.0.2', port: 8080, protocol: 'http1' }]);
    expect(tracker.endpoints('ns', 'rev').map((e) => e.address)).toEqual(['127.0.0.1']);
    source.fire('update', withReady(false), withReady(false));
    source.fire('update', withReady(false, true), withReady(false));
    expect(tracker.notReadyEndpoints('ns', 'rev')).toEqual([]);
    source.fire('update', withReady(true), withReady(false, true));
    expect(tracker.endpoints('ns', 'rev').map((e) => e.address)).toEqual(['127.0.0.1', '127.0.0.2']);
    unsubscribe();
    source.fire('delete', withReady(true));

    expect(readyHeard).toEqual(['ns/rev', 'ns/rev', 'ns/rev']);
    expect(notReadyHeard).toEqual(['ns/rev', 'ns/rev', 'ns/rev']);
  });
});
