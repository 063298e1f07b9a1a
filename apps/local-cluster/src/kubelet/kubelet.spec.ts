// The kubelet against fakes: an in-memory pod informer and API, a fake runtime whose containers
// the test ends or that react to signals, fake volumes/env/probes. Real work queue, allocators,
// pod workers and status building.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig, type V1Container, type V1Pod } from '@kubernetes/client-node';
import { decodePodPorts } from '@ebb/workloads';
import pino from 'pino';
import type { InformerFactory } from '../workloads/informers.js';
import { probeHostPort } from './allocators.js';
import type { KubeletClient } from './kube-client.js';
import { Kubelet } from './kubelet.js';
import type { PodEnvironmentPort, ProbeHandle } from './pod-deps.js';
import type { ProbeResult } from './probes.js';
import { ContainerStartError, podDirectory, type ContainerExit, type ContainerLaunch, type ContainerRuntime, type RunningContainer } from './runtime/runtime.js';

type Handler = (pod: V1Pod, old?: V1Pod) => void;

class FakeInformer {
  readonly store = new Map<string, V1Pod>();
  private readonly handlers: Record<string, Handler[]> = { add: [], update: [], delete: [] };
  on(event: string, handler: Handler): void {
    this.handlers[event]?.push(handler);
  }
  list(): V1Pod[] {
    return [...this.store.values()];
  }
  emit(event: 'add' | 'update' | 'delete', pod: V1Pod): void {
    const uid = pod.metadata?.uid ?? '';
    if (event === 'delete') this.store.delete(uid);
    else this.store.set(uid, pod);
    for (const handler of this.handlers[event] ?? []) handler(pod);
  }
  byName(name: string): V1Pod | undefined {
    return this.list().find((p) => p.metadata?.name === name);
  }
}

class FakeContainer implements RunningContainer {
  readonly id: string;
  readonly startedAt = new Date();
  readonly signals: string[] = [];
  readonly exited: Promise<ContainerExit>;
  private end!: (exit: ContainerExit) => void;
  private ended = false;

  constructor(
    readonly launch: ContainerLaunch,
    private readonly ignoreTerm: boolean,
    n: number,
  ) {
    this.id = `process://${1000 + n}`;
    this.exited = new Promise((resolve) => (this.end = resolve));
  }
  signal(signal: 'SIGTERM' | 'SIGKILL'): void {
    if (this.ended) return;
    this.signals.push(signal);
    if (signal === 'SIGKILL') this.exit(137, 'SIGKILL');
    else if (!this.ignoreTerm) this.exit(143, 'SIGTERM');
  }
  exit(exitCode: number, signal?: string): void {
    if (this.ended) return;
    this.ended = true;
    this.end({ exitCode, ...(signal === undefined ? {} : { signal }), reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: this.startedAt, finishedAt: new Date() });
  }
  exec(): Promise<{ exitCode: number; output: string; timedOut: boolean }> {
    return Promise.resolve({ exitCode: 0, output: '', timedOut: false });
  }
}

class FakeRuntime implements ContainerRuntime {
  readonly name = 'process' as const;
  readonly started: FakeContainer[] = [];
  readonly ignoreTerm = new Set<string>();
  cleanups = 0;
  start(launch: ContainerLaunch): Promise<RunningContainer> {
    const container = new FakeContainer(launch, this.ignoreTerm.has(launch.containerName), this.started.length);
    this.started.push(container);
    return Promise.resolve(container);
  }
  cleanupStale(): Promise<number> {
    this.cleanups++;
    return Promise.resolve(1);
  }
  of(name: string): FakeContainer[] {
    return this.started.filter((c) => c.launch.containerName === name);
  }
}

interface FakeProbe extends ProbeHandle {
  readonly kind: string;
  readonly change: (result: ProbeResult, message: string) => void;
}

/** The fake API server: writes go to the informer, as a watch would deliver them. */
function fakeClient(informer: FakeInformer, deletes: string[]): KubeletClient {
  let rv = 1;
  const patch = (name: string, change: (pod: V1Pod) => V1Pod): Promise<void> => {
    const pod = informer.byName(name);
    if (pod !== undefined) informer.emit('update', { ...change(pod), metadata: { ...change(pod).metadata, resourceVersion: String(++rv) } });
    return Promise.resolve();
  };
  const none = (): Promise<void> => Promise.resolve();
  return {
    patchPodStatus: (_ns, name, status) => patch(name, (pod) => ({ ...pod, status: { ...pod.status, ...status } })),
    patchPodAnnotations: (_ns, name, annotations) => patch(name, (pod) => ({ ...pod, metadata: { ...pod.metadata, annotations: { ...pod.metadata?.annotations, ...(annotations as Record<string, string>) } } })),
    deletePod: (_ns, name, uid) => {
      deletes.push(`${name}/${uid}`);
      const pod = informer.byName(name);
      if (pod !== undefined) informer.emit('delete', pod);
      return Promise.resolve();
    },
    readNode: () => Promise.resolve(undefined),
    createNode: (node) => Promise.resolve(node),
    patchNode: none,
    patchNodeStatus: none,
    readLease: () => Promise.resolve(undefined),
    createLease: none,
    patchLease: none,
    ensureNamespace: none,
  };
}

async function waitFor(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const app = (overrides: Partial<V1Container> = {}): V1Container => ({ name: 'app', image: 'dev.local/echo', ports: [{ containerPort: 8080 }], ...overrides });

function makePod(name: string, spec: Partial<NonNullable<V1Pod['spec']>> = {}, extra: Partial<V1Pod> = {}): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '1' },
    spec: { nodeName: 'local', restartPolicy: 'Always', containers: [app()], ...spec },
    ...extra,
  };
}

describe('Kubelet', () => {
  let dataDir: string;
  let informer: FakeInformer;
  let runtime: FakeRuntime;
  let kubelet: Kubelet;
  let events: string[];
  let deletes: string[];
  let probes: FakeProbe[];
  let hooks: string[];
  let volumeError: Error | undefined;

  const environment: PodEnvironmentPort = {
    preparePodVolumes: async (_pod, podDir) => {
      if (volumeError !== undefined) throw volumeError;
      await mkdir(podDir, { recursive: true });
      return { mountsFor: () => [], envFor: () => ({ EBB_VOLUME_DATA: `${podDir}/volumes/data` }), refresh: () => Promise.resolve(), close: () => undefined };
    },
    resolveContainerEnv: (pod, container) => Promise.resolve({ POD_IP: pod.status?.podIP ?? '', ...Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value ?? ''])) }),
    runLifecycleHandler: (_handler, target) => {
      hooks.push(`preStop ${target.container.name}`);
      return Promise.resolve();
    },
    probe: (kind, _probe, _target, onChange) => {
      const probe: FakeProbe = { kind, change: onChange, start: () => undefined, stop: () => undefined };
      probes.push(probe);
      return probe;
    },
  };

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kubelet-'));
    informer = new FakeInformer();
    runtime = new FakeRuntime();
    events = [];
    deletes = [];
    probes = [];
    hooks = [];
    volumeError = undefined;
    kubelet = new Kubelet({
      kubeConfig: new KubeConfig(),
      informers: { informer: () => informer } as unknown as InformerFactory,
      events: { record: (_obj: unknown, type: string, reason: string, message: string) => events.push(`${type} ${reason} ${message}`) } as never,
      logger: pino({ level: 'silent' }),
      clock: () => new Date(),
      dataDir,
      nodeName: 'local',
      resolver: {
        resolve: (c) => (c.image === 'missing' ? Promise.reject(new ContainerStartError('ErrImagePull', 'image "missing" not found')) : Promise.resolve({ image: { kind: 'host', ref: c.image ?? '' }, runtime })),
        runtimes: () => [runtime],
      },
      apiServer: { host: '127.0.0.1', port: 6443 },
      client: fakeClient(informer, deletes),
      environment,
      nodeFacts: { name: 'local', cpus: 1, memoryBytes: 1024, architecture: 'amd64', kernelVersion: 'k', osImage: 'o', machineID: 'm', bootID: 'b' },
    });
  });

  afterEach(async () => {
    await kubelet.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const status = (name: string): NonNullable<V1Pod['status']> => informer.byName(name)?.status ?? {};
  const condition = (name: string, type: string): string | undefined => status(name).conditions?.find((c) => c.type === type)?.status;
  const appStatus = (name: string): NonNullable<NonNullable<V1Pod['status']>['containerStatuses']>[number] | undefined => status(name).containerStatuses?.[0];

  async function run(pod: V1Pod): Promise<void> {
    informer.emit('add', pod);
    await kubelet.start();
  }

  it('runs a pod with its own IP and a host port given as PORT, and reports it Running and Ready', async () => {
    await run(makePod('web'));
    await waitFor('Ready', () => condition('web', 'Ready') === 'True');
    const ports = decodePodPorts({ metadata: { annotations: informer.byName('web')?.metadata?.annotations ?? {} } });
    const env = runtime.started[0]?.launch.env ?? {};
    expect(status('web')).toMatchObject({ phase: 'Running', podIP: '127.1.0.1', hostIP: '127.0.0.1' });
    expect(env).toMatchObject({ PORT: String(ports['8080/TCP']), HOSTNAME: 'web', KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: '6443', POD_IP: '127.1.0.1' });
    expect(env.EBB_VOLUME_DATA).toContain('uid-web');
    expect(appStatus('web')).toMatchObject({ name: 'app', ready: true, started: true, restartCount: 0, containerID: 'process://1000', state: { running: {} } });
    expect(events).toEqual(expect.arrayContaining(['Normal Pulled Container image "dev.local/echo" already present on machine', 'Normal Created Created container app', 'Normal Started Started container app']));
    expect(runtime.cleanups).toBe(1);
  });

  it('gives every pod a different IP and host port', async () => {
    informer.emit('add', makePod('a'));
    await kubelet.start();
    informer.emit('add', makePod('b'));
    await waitFor('both running', () => condition('a', 'Ready') === 'True' && condition('b', 'Ready') === 'True');
    expect(new Set([status('a').podIP, status('b').podIP]).size).toBe(2);
    expect(new Set(runtime.started.map((c) => c.launch.env.PORT)).size).toBe(2);
  });

  it('restarts a crashed container at once, then backs off with CrashLoopBackOff', async () => {
    await run(makePod('web'));
    await waitFor('first run', () => runtime.started.length === 1);
    runtime.started[0]?.exit(1);
    await waitFor('restart', () => runtime.started.length === 2 && appStatus('web')?.restartCount === 1);
    expect(appStatus('web')?.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    runtime.started[1]?.exit(2);
    await waitFor('back-off', () => appStatus('web')?.state?.waiting?.reason === 'CrashLoopBackOff');
    expect(appStatus('web')?.state?.waiting?.message).toBe('back-off 10s restarting failed container=app pod=web_default(uid-web)');
    expect(appStatus('web')?.lastState?.terminated).toMatchObject({ exitCode: 2 });
    expect(status('web').phase).toBe('Running');
    expect(events).toContain('Warning BackOff Back-off restarting failed container app in pod web_default(uid-web)');
    expect(runtime.started).toHaveLength(2);
  });

  it.each([
    ['Never, exit 0 → Succeeded', 'Never', 0, 'Succeeded'],
    ['Never, exit 3 → Failed', 'Never', 3, 'Failed'],
    ['OnFailure, exit 0 → Succeeded', 'OnFailure', 0, 'Succeeded'],
  ])('does not restart a finished container: %s', async (_name, restartPolicy, code, phase) => {
    await run(makePod('job', { restartPolicy }));
    await waitFor('run', () => runtime.started.length === 1);
    runtime.started[0]?.exit(code);
    await waitFor(phase, () => status('job').phase === phase);
    expect(appStatus('job')?.state?.terminated?.exitCode).toBe(code);
    expect(status('job').podIP).toBe('127.1.0.1');
    expect(runtime.started).toHaveLength(1);
  });

  it('reports readiness as the readiness probe says, at once', async () => {
    await run(makePod('web', { containers: [app({ readinessProbe: { httpGet: { path: '/', port: 8080 } } })] }));
    await waitFor('status', () => condition('web', 'Ready') === 'False');
    expect(status('web').conditions?.find((c) => c.type === 'Ready')?.message).toBe('containers with unready status: [app]');
    probes.find((p) => p.kind === 'readiness')?.change('success', '');
    await waitFor('ready', () => condition('web', 'Ready') === 'True');
    probes.find((p) => p.kind === 'readiness')?.change('failure', 'HTTP probe failed with statuscode: 500');
    await waitFor('unready', () => condition('web', 'Ready') === 'False');
    expect(events).toContain('Warning Unhealthy Readiness probe failed: HTTP probe failed with statuscode: 500');
  });

  it('starts readiness and liveness probes only after the startup probe succeeded', async () => {
    await run(makePod('web', { containers: [app({ startupProbe: { tcpSocket: { port: 8080 } }, livenessProbe: { tcpSocket: { port: 8080 } } })] }));
    await waitFor('startup probe', () => probes.length === 1);
    expect(probes.map((p) => p.kind)).toEqual(['startup']);
    probes[0]?.change('success', '');
    await waitFor('started', () => appStatus('web')?.started === true && condition('web', 'Ready') === 'True');
    expect(probes.map((p) => p.kind)).toEqual(['startup', 'liveness']);
  });

  it('kills and restarts a container whose liveness probe fails', async () => {
    await run(makePod('web', { containers: [app({ livenessProbe: { exec: { command: ['false'] } } })] }));
    await waitFor('liveness probe', () => probes.some((p) => p.kind === 'liveness'));
    probes.find((p) => p.kind === 'liveness')?.change('failure', 'exit 1');
    await waitFor('restart', () => runtime.started.length === 2 && appStatus('web')?.restartCount === 1);
    expect(runtime.started[0]?.signals).toEqual(['SIGTERM']);
    expect(events).toEqual(expect.arrayContaining(['Warning Unhealthy Liveness probe failed: exit 1', 'Normal Killing Container app failed liveness probe, will be restarted']));
  });

  it('runs init containers one by one to completion before the app', async () => {
    await run(makePod('web', { initContainers: [{ name: 'init-a', image: 'x' }, { name: 'init-b', image: 'x' }] }));
    await waitFor('init-a', () => runtime.started.length === 1);
    expect(status('web').phase).toBe('Pending');
    expect(appStatus('web')?.state?.waiting?.reason).toBe('PodInitializing');
    runtime.of('init-a')[0]?.exit(0);
    await waitFor('init-b', () => runtime.of('init-b').length === 1);
    expect(runtime.of('app')).toHaveLength(0);
    runtime.of('init-b')[0]?.exit(0);
    await waitFor('app', () => condition('web', 'Ready') === 'True');
    expect(condition('web', 'Initialized')).toBe('True');
    expect(runtime.of('init-b')[0]?.launch.env.PORT).toBeUndefined();
  });

  it('on deletion runs preStop, sends SIGTERM, and deletes the pod with its uid once the container ended', async () => {
    const pod = makePod('web', { containers: [app({ lifecycle: { preStop: { exec: { command: ['drain'] } } } })], terminationGracePeriodSeconds: 30 });
    await run(pod);
    await waitFor('running', () => condition('web', 'Ready') === 'True');
    const dir = podDirectory(dataDir, 'uid-web');
    expect(existsSync(dir)).toBe(true);
    informer.emit('update', { ...pod, metadata: { ...pod.metadata, deletionTimestamp: new Date(), deletionGracePeriodSeconds: 30 } });
    await waitFor('delete', () => deletes.length === 1);
    expect(deletes).toEqual(['web/uid-web']);
    expect(hooks).toEqual(['preStop app']);
    expect(runtime.started[0]?.signals).toEqual(['SIGTERM']);
    expect(events).toContain('Normal Killing Stopping container app');
    await waitFor('cleanup', () => !existsSync(dir));
  });

  it('kills a container that ignores SIGTERM once the grace period is over', async () => {
    runtime.ignoreTerm.add('app');
    const pod = makePod('web');
    await run(pod);
    await waitFor('running', () => runtime.started.length === 1);
    informer.emit('update', { ...pod, metadata: { ...pod.metadata, deletionTimestamp: new Date(), deletionGracePeriodSeconds: 1 } });
    await waitFor('delete', () => deletes.length === 1);
    expect(runtime.started[0]?.signals).toEqual(['SIGTERM', 'SIGKILL']);
  });

  it('kills at once a pod removed from the API while running (force delete)', async () => {
    runtime.ignoreTerm.add('app');
    const pod = makePod('web');
    await run(pod);
    await waitFor('running', () => runtime.started.length === 1);
    informer.emit('delete', pod);
    await waitFor('killed', () => runtime.started[0]?.signals.includes('SIGKILL') === true);
    await waitFor('idle', () => kubelet.idle());
    expect(deletes).toEqual([]);
    expect(runtime.started).toHaveLength(1);
  });

  it('after a restart of the local cluster, runs the pods again with the same IP and port and one more restart', async () => {
    const port = (await probeHostPort(0, 'TCP')) as number;
    const startedAt = '2026-01-01T00:00:00Z';
    const pod = makePod('web', {}, {
      status: { phase: 'Running', podIP: '127.1.0.9', containerStatuses: [{ name: 'app', image: 'dev.local/echo', imageID: 'dev.local/echo', ready: true, restartCount: 2, state: { running: { startedAt: startedAt as unknown as Date } } }] },
    });
    pod.metadata = { ...pod.metadata, annotations: { 'local.ebb.dev/ports': JSON.stringify({ '8080/TCP': port }) } };
    await run(pod);
    await waitFor('running again', () => appStatus('web')?.restartCount === 3 && appStatus('web')?.state?.running !== undefined);
    expect(runtime.cleanups).toBe(1);
    expect(runtime.started).toHaveLength(1);
    expect(runtime.started[0]?.launch).toMatchObject({ podIP: '127.1.0.9', attempt: 3 });
    expect(runtime.started[0]?.launch.env.PORT).toBe(String(port));
    expect(appStatus('web')?.lastState?.terminated).toMatchObject({ exitCode: 255, reason: 'Unknown' });
  });

  it('keeps the containers waiting with the reason when the volumes cannot be set up', async () => {
    volumeError = new ContainerStartError('CreateContainerConfigError', 'configmap "settings" not found');
    await run(makePod('web'));
    await waitFor('waiting', () => appStatus('web')?.state?.waiting?.reason === 'CreateContainerConfigError');
    expect(appStatus('web')?.state?.waiting?.message).toBe('configmap "settings" not found');
    expect(condition('web', 'PodReadyToStartContainers')).toBe('False');
    expect(events).toContain('Warning Failed Error: configmap "settings" not found');
    expect(runtime.started).toHaveLength(0);
  });

  it('shows ErrImagePull for an image that cannot be resolved', async () => {
    await run(makePod('web', { containers: [app({ image: 'missing' })] }));
    await waitFor('waiting', () => appStatus('web')?.state?.waiting?.reason === 'ErrImagePull');
    expect(status('web').phase).toBe('Pending');
    expect(runtime.started).toHaveLength(0);
  });

  it('stop() ends every container and leaves the pods alone', async () => {
    await run(makePod('web'));
    await waitFor('running', () => runtime.started.length === 1);
    await kubelet.stop();
    expect(runtime.started[0]?.signals).toEqual(['SIGTERM']);
    expect(deletes).toEqual([]);
  });
});
