import type { V1Lease, V1Node } from '@kubernetes/client-node';
import pino from 'pino';
import type { KubeletClient } from './kube-client.js';
import { goArch, microTime, NodeAgent, nodeLabels, nodeLease, nodeStatus, type NodeFacts } from './node-status.js';

const facts: NodeFacts = { name: 'local', cpus: 8, memoryBytes: 16 * 1024 ** 3, architecture: 'amd64', kernelVersion: '6.1.0', osImage: 'Debian', machineID: 'm', bootID: 'b' };
const NOW = new Date('2026-01-01T00:01:00.123Z');

describe('node objects', () => {
  it.each([
    ['x64', 'amd64'],
    ['arm64', 'arm64'],
    ['mips', 'mips'],
  ])('goArch(%s) = %s', (arch, expected) => {
    expect(goArch(arch)).toBe(expected);
  });

  it('labels the node with its hostname, os and arch', () => {
    expect(nodeLabels(facts)).toMatchObject({ 'kubernetes.io/hostname': 'local', 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' });
  });

  it('posts Ready and no pressure, addresses, capacity and node info', () => {
    const status = nodeStatus(facts, NOW) as { conditions: { type: string; status: string; reason: string }[]; addresses: unknown; capacity: unknown; nodeInfo: { kubeletVersion: string } };
    expect(status.conditions.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['MemoryPressure', 'False', 'KubeletHasSufficientMemory'],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure'],
      ['PIDPressure', 'False', 'KubeletHasSufficientPID'],
      ['Ready', 'True', 'KubeletReady'],
    ]);
    expect(status.addresses).toEqual([
      { type: 'InternalIP', address: '127.0.0.1' },
      { type: 'Hostname', address: 'local' },
    ]);
    expect(status.capacity).toMatchObject({ cpu: '8', memory: '16777216Ki', pods: '110' });
    expect(status.nodeInfo.kubeletVersion).toBe('v1.32.0');
  });

  it.each([
    ['same status keeps the transition time', 'True', '2025-12-31T00:00:00Z'],
    ['a changed status moves it', 'False', '2026-01-01T00:01:00Z'],
  ])('Ready lastTransitionTime: %s', (_name, previousStatus, expected) => {
    const status = nodeStatus(facts, NOW, [{ type: 'Ready', status: previousStatus, lastTransitionTime: '2025-12-31T00:00:00Z' }]) as { conditions: { type: string; lastTransitionTime: string; lastHeartbeatTime: string }[] };
    const ready = status.conditions.find((c) => c.type === 'Ready');
    expect([ready?.lastTransitionTime, ready?.lastHeartbeatTime]).toEqual([expected, '2026-01-01T00:01:00Z']);
  });

  it('formats MicroTime with 6 digits and builds the lease', () => {
    expect(microTime(NOW)).toBe('2026-01-01T00:01:00.123000Z');
    expect(nodeLease('local', NOW, 'uid-n')).toMatchObject({ metadata: { name: 'local', namespace: 'kube-node-lease', ownerReferences: [{ kind: 'Node', uid: 'uid-n' }] }, spec: { holderIdentity: 'local', leaseDurationSeconds: 40 } });
  });
});

function fakeClient(existing: { node?: V1Node; lease?: V1Lease }, calls: string[]): KubeletClient {
  const note = (call: string) => (): Promise<void> => {
    calls.push(call);
    return Promise.resolve();
  };
  return {
    patchPodStatus: note('patchPodStatus'),
    patchPodAnnotations: note('patchPodAnnotations'),
    deletePod: note('deletePod'),
    readNode: () => Promise.resolve(existing.node),
    createNode: (node) => {
      calls.push('createNode');
      return Promise.resolve({ ...node, metadata: { ...node.metadata, uid: 'uid-n' } });
    },
    patchNode: note('patchNode'),
    patchNodeStatus: note('patchNodeStatus'),
    readLease: () => Promise.resolve(existing.lease),
    createLease: note('createLease'),
    patchLease: note('patchLease'),
    ensureNamespace: note('ensureNamespace'),
  };
}

describe('NodeAgent', () => {
  it.each([
    ['a new node', {}, ['createNode', 'patchNodeStatus', 'createLease']],
    ['a node of an earlier run', { node: { metadata: { name: 'local', uid: 'u' } }, lease: { metadata: { name: 'local' } } }, ['patchNode', 'patchNodeStatus', 'patchLease']],
  ])('registers %s', async (_name, existing, expected) => {
    const calls: string[] = [];
    const agent = new NodeAgent(fakeClient(existing, calls), facts, pino({ level: 'silent' }), () => NOW);
    await agent.start();
    agent.stop();
    expect(calls).toEqual(expected);
  });
});
