import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import { POD_IP_PORT_MAPPING, POD_PORT_MAPPING_ANNOTATION } from '@ebb/workloads';
import { declaredPorts, HostPortAllocator, kubeletStateFile, PodIpPool, probeHostPort } from './allocators.js';

const pod = (ports: { containerPort: number; protocol?: string }[], initPorts: { containerPort: number }[] = []): V1Pod => ({
  spec: { initContainers: [{ name: 'init', ports: initPorts }], containers: [{ name: 'app', ports }] },
});

describe('declaredPorts', () => {
  it('lists every declared port of every container with its protocol', () => {
    expect([...declaredPorts(pod([{ containerPort: 8080 }, { containerPort: 53, protocol: 'UDP' }], [{ containerPort: 9000 }]))]).toEqual([
      ['9000/TCP', 'TCP'],
      ['8080/TCP', 'TCP'],
      ['53/UDP', 'UDP'],
    ]);
  });
});

/** A fake probe: every port is free except `taken`; port 0 hands out 40000, 40001, … */
function fakeProbe(taken: number[] = []): (port: number) => Promise<number | undefined> {
  let next = 40000;
  return (port) => Promise.resolve(port === 0 ? next++ : taken.includes(port) ? undefined : port);
}

describe('HostPortAllocator', () => {
  it.each([
    ['fresh ports', {}, [], { '8080/TCP': 40000 }],
    ['keeps a recorded port that is free', { '8080/TCP': 41234 }, [], { '8080/TCP': 41234 }],
    ['replaces a recorded port that is taken', { '8080/TCP': 41234 }, [41234], { '8080/TCP': 40000 }],
  ])('%s', async (_name, previous, taken, expected) => {
    const allocator = new HostPortAllocator(fakeProbe(taken));
    expect(await allocator.allocatePod('uid-1', pod([{ containerPort: 8080 }]), previous)).toEqual(expected);
  });

  it('maps every port of a pod that binds its pod IP to itself, twice over, without probing', async () => {
    const probed: number[] = [];
    const allocator = new HostPortAllocator((port) => {
      probed.push(port);
      return Promise.resolve(undefined);
    });
    const podIP = { ...pod([{ containerPort: 8080 }, { containerPort: 53, protocol: 'UDP' }], [{ containerPort: 9000 }]), metadata: { annotations: { [POD_PORT_MAPPING_ANNOTATION]: POD_IP_PORT_MAPPING } } };
    const expected = { '9000/TCP': 9000, '8080/TCP': 8080, '53/UDP': 53 };
    expect(await allocator.allocatePod('uid-1', podIP, {})).toEqual(expected);
    expect(await allocator.allocatePod('uid-2', podIP, { '8080/TCP': 41000 })).toEqual(expected);
    expect(probed).toEqual([]);
  });

  it('does not hold the ports recorded on a pod that binds its pod IP', async () => {
    const allocator = new HostPortAllocator(fakeProbe());
    const podIP: V1Pod = { metadata: { annotations: { [POD_PORT_MAPPING_ANNOTATION]: POD_IP_PORT_MAPPING } } };
    allocator.hold('uid-pod-ip', { '8080/TCP': 40500 }, podIP);
    expect(await allocator.allocatePod('uid-new', pod([{ containerPort: 8080 }]), { '8080/TCP': 40500 })).toEqual({ '8080/TCP': 40500 });
  });

  it('never gives a held port to another pod, and frees it on release', async () => {
    const allocator = new HostPortAllocator(fakeProbe());
    allocator.hold('uid-old', { '8080/TCP': 40000 });
    expect(await allocator.allocatePod('uid-new', pod([{ containerPort: 8080 }]), { '8080/TCP': 40000 })).toEqual({ '8080/TCP': 40001 });
    expect(await allocator.allocatePod('uid-old', pod([{ containerPort: 8080 }]), { '8080/TCP': 40000 })).toEqual({ '8080/TCP': 40000 });
    allocator.releasePod('uid-old');
    expect(await allocator.allocatePod('uid-3', pod([{ containerPort: 1 }]), { '1/TCP': 40000 })).toEqual({ '1/TCP': 40000 });
  });
});

describe('probeHostPort', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve()))));

  it('finds a free TCP port and sees it taken while something listens on it', async () => {
    const port = await probeHostPort(0, 'TCP');
    expect(port).toBeGreaterThan(0);
    server = createServer();
    await new Promise<void>((resolve) => server?.listen(port, '0.0.0.0', resolve));
    expect(await probeHostPort(port as number, 'TCP')).toBeUndefined();
  });

  it('finds a free UDP port', async () => {
    expect(await probeHostPort(0, 'UDP')).toBeGreaterThan(0);
  });
});

describe('PodIpPool', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubelet-ips-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('persists the cursor so a new run continues after it', async () => {
    const first = await PodIpPool.open(dir);
    expect([await first.allocate(), await first.allocate()]).toEqual(['127.1.0.1', '127.1.0.2']);
    await first.flush();
    expect(JSON.parse(await readFile(kubeletStateFile(dir), 'utf8'))).toEqual({ ipCursor: '127.1.0.2' });
    const second = await PodIpPool.open(dir);
    expect(second.claim('127.1.0.1')).toBe(true);
    expect(await second.allocate()).toBe('127.1.0.3');
  });
});
