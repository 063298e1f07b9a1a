import type { EventRecorder } from '@ebb/kube';
import { waitFor } from '@ebb/testing';
import { SERVICE_NAME_LABEL } from '@ebb/workloads';
import type { KubeConfig, V1EndpointSlice, V1LoadBalancerStatus, V1Service, V1ServicePort } from '@kubernetes/client-node';
import { pino } from 'pino';
import { FakeInformer } from './fake-informer.spec-support.js';
import { COLLECTIONS, type InformerFactory } from './informers.js';
import type { Backend } from './load-balancer/backends.js';
import type { ListenerSpec } from './load-balancer/listeners.js';
import { LoadBalancerController, syncFailedMessage, type OpenListener } from './load-balancer-controller.js';

/** Listeners as the fake network sees them: addresses open now, and ports that cannot be bound. */
class FakeNetwork {
  readonly open = new Map<string, () => readonly Backend[]>();
  readonly log: string[] = [];
  readonly taken = new Set<number>();

  listen(spec: ListenerSpec, backends: () => readonly Backend[]): Promise<OpenListener> {
    const address = `${spec.host}:${spec.port}`;
    if (this.taken.has(spec.port) || this.open.has(address)) return Promise.reject(Object.assign(new Error(`listen EADDRINUSE: address already in use ${address}`), { code: 'EADDRINUSE' }));
    this.open.set(address, backends);
    this.log.push(`listen ${address}`);
    return Promise.resolve({
      close: () => {
        this.open.delete(address);
        this.log.push(`close ${address}`);
        return Promise.resolve();
      },
    });
  }
}

interface Harness {
  readonly controller: LoadBalancerController;
  readonly services: FakeInformer<V1Service>;
  readonly slices: FakeInformer<V1EndpointSlice>;
  readonly network: FakeNetwork;
  readonly patches: string[];
  readonly events: string[];
}

function harness(): Harness {
  const services = new FakeInformer<V1Service>();
  const slices = new FakeInformer<V1EndpointSlice>();
  const network = new FakeNetwork();
  const patches: string[] = [];
  const events: string[] = [];
  const byPath: Record<string, unknown> = { [COLLECTIONS.services]: services, [COLLECTIONS.endpointSlices]: slices };
  const client = {
    patchLoadBalancerStatus: (namespace: string, name: string, status: V1LoadBalancerStatus): Promise<void> => {
      patches.push(`${namespace}/${name} ${JSON.stringify(status)}`);
      const current = services.get(name, namespace);
      if (current !== undefined) services.set({ ...current, status: { ...current.status, loadBalancer: status } });
      return Promise.resolve();
    },
  };
  const controller = new LoadBalancerController(
    {
      kubeConfig: {} as KubeConfig,
      informers: { informer: (path: string) => byPath[path] } as unknown as InformerFactory,
      events: { record: (o: V1Service, type: string, reason: string, message: string) => events.push(`${o.kind ?? ''} ${o.metadata?.name ?? ''} ${type} ${reason}: ${message}`) } as unknown as EventRecorder,
      logger: pino({ level: 'silent' }),
      clock: () => new Date('2026-01-01T00:00:00Z'),
    },
    { client, listen: (spec, backends) => network.listen(spec, backends) },
  );
  return { controller, services, slices, network, patches, events };
}

function service(name: string, type: string, ports: V1ServicePort[], extra: Partial<V1Service['spec']> = {}): V1Service {
  return { metadata: { name, namespace: 'shop', uid: `uid-${name}` }, spec: { type, selector: { app: name }, ports, ...extra } };
}

const HTTP = { name: 'http', port: 8080, protocol: 'TCP', targetPort: 'http' } as unknown as V1ServicePort;
const ingress = (port: number): string => JSON.stringify({ ingress: [{ ip: '127.0.0.1', ports: [{ port, protocol: 'TCP' }] }] });

async function settled(h: Harness): Promise<void> {
  await waitFor(() => h.controller.idle(), { description: 'the controller to be idle', timeoutMs: 5000, intervalMs: 1 });
}

async function started(...services: V1Service[]): Promise<Harness> {
  const h = harness();
  for (const s of services) h.services.set(s);
  await h.controller.start();
  await settled(h);
  return h;
}

describe('LoadBalancerController', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.controller.stop();
    h = undefined;
  });

  it('listens on 127.0.0.1 at each TCP port of a LoadBalancer and then writes the ingress', async () => {
    h = await started(service('web', 'LoadBalancer', [HTTP, { name: 'dns', port: 53, protocol: 'UDP' }, { name: 'admin', port: 9090 }]), service('internal', 'ClusterIP', [{ port: 7000 }]));
    expect(h.network.log).toEqual(['listen 127.0.0.1:8080', 'listen 127.0.0.1:9090']);
    expect(h.patches).toEqual([`shop/web ${JSON.stringify({ ingress: [{ ip: '127.0.0.1', ports: [{ port: 8080, protocol: 'TCP' }, { port: 9090, protocol: 'TCP' }] }] })}`]);
    expect(h.events).toEqual(['Service web Normal EnsuredLoadBalancer: Ensured load balancer']);
  });

  it('sends connections to the ready endpoints of the Service port, read when a connection comes', async () => {
    h = await started(service('web', 'LoadBalancer', [HTTP]));
    const backends = h.network.open.get('127.0.0.1:8080');
    expect(backends?.()).toEqual([]);
    h.slices.set({ metadata: { name: 'web-1', namespace: 'shop', labels: { [SERVICE_NAME_LABEL]: 'web' } }, addressType: 'IPv4', ports: [{ name: 'http', port: 41000 }], endpoints: [{ addresses: ['127.0.0.7'], conditions: { ready: true } }] });
    h.slices.set({ metadata: { name: 'other-1', namespace: 'shop', labels: { [SERVICE_NAME_LABEL]: 'other' } }, addressType: 'IPv4', ports: [{ name: 'http', port: 42000 }], endpoints: [{ addresses: ['127.0.0.8'] }] });
    expect(backends?.()).toEqual([{ host: '127.0.0.7', port: 41000 }]);
  });

  it('keeps the listener when only the port name changes, and follows the new name', async () => {
    h = await started(service('web', 'LoadBalancer', [HTTP]));
    h.slices.set({ metadata: { name: 'web-1', namespace: 'shop', labels: { [SERVICE_NAME_LABEL]: 'web' } }, addressType: 'IPv4', ports: [{ name: 'web', port: 41000 }], endpoints: [{ addresses: ['127.0.0.7'] }] });
    const backends = h.network.open.get('127.0.0.1:8080');
    expect(backends?.()).toEqual([]);
    h.services.set(service('web', 'LoadBalancer', [{ ...HTTP, name: 'web' }]));
    await settled(h);
    expect(h.network.log).toEqual(['listen 127.0.0.1:8080']);
    expect(backends?.()).toEqual([{ host: '127.0.0.7', port: 41000 }]);
  });

  it.each([
    {
      name: 'a port change moves the listener and the status',
      change: (x: Harness): void => x.services.set({ ...(x.services.get('web', 'shop') as V1Service), spec: service('web', 'LoadBalancer', [{ ...HTTP, port: 8081 }]).spec }),
      log: ['listen 127.0.0.1:8080', 'close 127.0.0.1:8080', 'listen 127.0.0.1:8081'],
      patches: [`shop/web ${ingress(8080)}`, `shop/web ${ingress(8081)}`],
      events: ['Normal EnsuredLoadBalancer', 'Normal EnsuredLoadBalancer'],
    },
    {
      name: 'a loopback loadBalancerIP moves the listener to that address',
      change: (x: Harness): void => x.services.set({ ...(x.services.get('web', 'shop') as V1Service), spec: service('web', 'LoadBalancer', [HTTP], { loadBalancerIP: '127.0.0.53' }).spec }),
      log: ['listen 127.0.0.1:8080', 'close 127.0.0.1:8080', 'listen 127.0.0.53:8080'],
      patches: [`shop/web ${ingress(8080)}`, `shop/web ${JSON.stringify({ ingress: [{ ip: '127.0.0.53', ports: [{ port: 8080, protocol: 'TCP' }] }] })}`],
      events: ['Normal EnsuredLoadBalancer', 'Normal EnsuredLoadBalancer'],
    },
    {
      name: 'a type changed away closes the listener and clears the status',
      change: (x: Harness): void => x.services.set({ ...(x.services.get('web', 'shop') as V1Service), spec: service('web', 'ClusterIP', [HTTP]).spec }),
      log: ['listen 127.0.0.1:8080', 'close 127.0.0.1:8080'],
      patches: [`shop/web ${ingress(8080)}`, 'shop/web {}'],
      events: ['Normal EnsuredLoadBalancer', 'Normal DeletedLoadBalancer'],
    },
    {
      name: 'a deleted Service closes the listener',
      change: (x: Harness): void => x.services.remove(x.services.get('web', 'shop') as V1Service),
      log: ['listen 127.0.0.1:8080', 'close 127.0.0.1:8080'],
      patches: [`shop/web ${ingress(8080)}`],
      events: ['Normal EnsuredLoadBalancer'],
    },
    {
      name: 'a Service given another loadBalancerClass is left to it',
      change: (x: Harness): void => x.services.set({ ...(x.services.get('web', 'shop') as V1Service), spec: service('web', 'LoadBalancer', [HTTP], { loadBalancerClass: 'example.com/lb' }).spec }),
      log: ['listen 127.0.0.1:8080', 'close 127.0.0.1:8080'],
      patches: [`shop/web ${ingress(8080)}`],
      events: ['Normal EnsuredLoadBalancer'],
    },
  ])('$name', async ({ change, log, patches, events }) => {
    h = await started(service('web', 'LoadBalancer', [HTTP]));
    change(h);
    await settled(h);
    expect(h.network.log).toEqual(log);
    expect(h.patches).toEqual(patches);
    expect(h.events.map((e) => e.split(' ').slice(2, 4).join(' ').replace(/:$/, ''))).toEqual(events);
  });

  it('leaves the status empty and records a Warning when a port cannot be bound, then retries', async () => {
    h = harness();
    h.network.taken.add(8080);
    h.services.set(service('web', 'LoadBalancer', [HTTP, { name: 'admin', port: 9090 }]));
    await h.controller.start();
    await settled(h);
    expect(h.network.log).toEqual(['listen 127.0.0.1:9090']);
    expect(h.patches).toEqual([]);
    expect(h.events).toEqual([
      'Service web Warning SyncLoadBalancerFailed: Error syncing load balancer: failed to ensure load balancer: port 8080/TCP on 127.0.0.1: listen EADDRINUSE: address already in use 127.0.0.1:8080',
    ]);
    h.network.taken.delete(8080);
    const harnessNow = h;
    await waitFor(() => harnessNow.patches.length > 0, { description: 'the retry to bind the port and write the status', timeoutMs: 10_000 });
    expect(h.network.log).toEqual(['listen 127.0.0.1:9090', 'listen 127.0.0.1:8080']);
    expect(h.patches).toEqual([`shop/web ${JSON.stringify({ ingress: [{ ip: '127.0.0.1', ports: [{ port: 8080, protocol: 'TCP' }, { port: 9090, protocol: 'TCP' }] }] })}`]);
  });

  it('clears a written status when a changed port cannot be bound', async () => {
    h = await started(service('web', 'LoadBalancer', [HTTP]), service('other', 'LoadBalancer', [{ ...HTTP, port: 8081 }]));
    h.services.set({ ...(h.services.get('web', 'shop') as V1Service), spec: service('web', 'LoadBalancer', [{ ...HTTP, port: 8081 }]).spec });
    await settled(h);
    expect(h.network.open.has('127.0.0.1:8080')).toBe(false);
    expect(h.patches.slice(-1)).toEqual(['shop/web {}']);
    expect(h.events.slice(-1)[0]).toContain('Warning SyncLoadBalancerFailed');
  });

  it('closes every listener on stop', async () => {
    const local = await started(service('web', 'LoadBalancer', [HTTP]), service('api', 'LoadBalancer', [{ port: 9000 }]));
    await local.controller.stop();
    expect([...local.network.open.keys()]).toEqual([]);
    expect(local.network.log.filter((l) => l.startsWith('close')).sort()).toEqual(['close 127.0.0.1:8080', 'close 127.0.0.1:9000']);
  });

  it('names every port that failed in one message', () => {
    const failures = [
      { spec: { host: '127.0.0.1', port: 80, portName: 'http' }, error: new Error('listen EACCES: permission denied 127.0.0.1:80') },
      { spec: { host: '127.0.0.1', port: 443, portName: 'https' }, error: 'boom' },
    ];
    expect(syncFailedMessage(failures)).toBe('Error syncing load balancer: failed to ensure load balancer: port 80/TCP on 127.0.0.1: listen EACCES: permission denied 127.0.0.1:80; port 443/TCP on 127.0.0.1: boom');
  });
});
