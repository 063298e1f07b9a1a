import { buildPodStatus, podConditions, podPhase, type ContainerState, type ContainerStatusView, type PodStatusInput } from './status.js';

const T0 = '2026-01-01T00:00:00Z';
const NOW = new Date('2026-01-01T00:01:00Z');

const running: ContainerState = { running: { startedAt: T0 } };
const waiting: ContainerState = { waiting: { reason: 'ContainerCreating' } };
const exited = (exitCode: number): ContainerState => ({ terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: T0, finishedAt: T0 } });
const crashLoop: ContainerState = { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s' } };

function c(name: string, state: ContainerState, ready = false, lastState: ContainerState = {}): ContainerStatusView {
  return { name, state, lastState, ready, started: state.running !== undefined, restartCount: 0, image: 'img', imageID: 'img' };
}

describe('pod phase', () => {
  it.each([
    ['no containers yet', undefined, [[], [c('a', waiting)]], 'Pending'],
    ['all running', undefined, [[], [c('a', running), c('b', running)]], 'Running'],
    ['one still waiting', undefined, [[], [c('a', running), c('b', waiting)]], 'Pending'],
    ['crash looping counts as stopped: Always → Running', 'Always', [[], [c('a', crashLoop, false, exited(1))]], 'Running'],
    ['all exited 0, Always → Running (restarting)', 'Always', [[], [c('a', exited(0))]], 'Running'],
    ['all exited 0, OnFailure → Succeeded', 'OnFailure', [[], [c('a', exited(0))]], 'Succeeded'],
    ['exited 1, Never → Failed', 'Never', [[], [c('a', exited(1)), c('b', exited(0))]], 'Failed'],
    ['exited 1, OnFailure → Running (restarting)', 'OnFailure', [[], [c('a', exited(1))]], 'Running'],
    ['init container running → Pending', 'Always', [[c('i', running)], [c('a', waiting)]], 'Pending'],
    ['init container failed, Never → Failed', 'Never', [[c('i', exited(2))], [c('a', waiting)]], 'Failed'],
    ['init container failed, Always → Pending', 'Always', [[c('i', crashLoop, false, exited(2))], [c('a', waiting)]], 'Pending'],
    ['init done, app running → Running', 'Always', [[c('i', exited(0))], [c('a', running)]], 'Running'],
  ] as const)('%s', (_name, policy, [init, containers], expected) => {
    expect(podPhase(policy, init, containers)).toBe(expected);
  });
});

const input = (overrides: Partial<PodStatusInput>): PodStatusInput => ({ initContainers: [], containers: [], sandboxReady: true, hostIP: '127.0.0.1', now: NOW, ...overrides });
const conditionOf = (conditions: ReturnType<typeof podConditions>, type: string): unknown => {
  const found = conditions.find((x) => x.type === type);
  return found === undefined ? undefined : [found.status, found.reason, found.message];
};

describe('pod conditions', () => {
  it.each([
    ['all ready', [[], [c('a', running, true)]], ['Running', 'Ready'], ['True', undefined, undefined]],
    ['one unready', [[], [c('a', running, true), c('b', running), c('c', waiting)]], ['Pending', 'Ready'], ['False', 'ContainersNotReady', 'containers with unready status: [b c]']],
    ['same for ContainersReady', [[], [c('b', running)]], ['Running', 'ContainersReady'], ['False', 'ContainersNotReady', 'containers with unready status: [b]']],
    ['init incomplete: Initialized', [[c('i', running), c('j', waiting)], [c('a', waiting)]], ['Pending', 'Initialized'], ['False', 'ContainersNotInitialized', 'containers with incomplete status: [i j]']],
    ['init incomplete: Ready', [[c('i', running)], [c('a', waiting)]], ['Pending', 'Ready'], ['False', 'ContainersNotInitialized', 'containers with incomplete status: [i]']],
    ['init complete', [[c('i', exited(0))], [c('a', running, true)]], ['Running', 'Initialized'], ['True', undefined, undefined]],
    ['succeeded pod', [[], [c('a', exited(0))]], ['Succeeded', 'Ready'], ['False', 'PodCompleted', undefined]],
    ['scheduled', [[], [c('a', waiting)]], ['Pending', 'PodScheduled'], ['True', undefined, undefined]],
  ] as const)('%s', (_name, [init, containers], [phase, type], expected) => {
    expect(conditionOf(podConditions(input({ initContainers: init, containers }), phase), type)).toEqual(expected);
  });

  it('lists the conditions in the kubelet order', () => {
    expect(podConditions(input({ containers: [c('a', running, true)] }), 'Running').map((x) => x.type)).toEqual(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
  });

  it.each([
    ['sandbox ready', true, 'True'],
    ['sandbox not ready', false, 'False'],
  ])('PodReadyToStartContainers: %s', (_name, sandboxReady, expected) => {
    expect(conditionOf(podConditions(input({ sandboxReady, containers: [c('a', waiting)] }), 'Pending'), 'PodReadyToStartContainers')).toEqual([expected, undefined, undefined]);
  });

  it.each([
    ['same status keeps the time', 'True', T0],
    ['a changed status moves it to now', 'False', '2026-01-01T00:01:00Z'],
  ])('lastTransitionTime: %s', (_name, previousStatus, expected) => {
    const previous = { conditions: [{ type: 'Ready', status: previousStatus, lastTransitionTime: T0 }] };
    const ready = podConditions(input({ previous, containers: [c('a', running, true)] }), 'Running').find((x) => x.type === 'Ready');
    expect(ready?.lastTransitionTime).toBe(expected);
  });
});

describe('buildPodStatus', () => {
  it('reports IPs, start time, container statuses and keeps qosClass', () => {
    const status = buildPodStatus(input({ podIP: '127.1.0.5', startTime: T0, containers: [c('a', running, true)], previous: { qosClass: 'BestEffort' } }));
    expect(status).toMatchObject({ phase: 'Running', hostIP: '127.0.0.1', hostIPs: [{ ip: '127.0.0.1' }], podIP: '127.1.0.5', podIPs: [{ ip: '127.1.0.5' }], startTime: T0, qosClass: 'BestEffort' });
    expect(status.containerStatuses.map((x) => x.name)).toEqual(['a']);
    expect(status.initContainerStatuses).toBeUndefined();
  });

  it.each([
    ['Succeeded stays', 'Succeeded', 'Succeeded'],
    ['Failed stays', 'Failed', 'Failed'],
    ['Pending moves on', 'Pending', 'Running'],
  ])('a terminal phase is final: %s', (_name, previousPhase, expected) => {
    expect(buildPodStatus(input({ containers: [c('a', running, true)], previous: { phase: previousPhase } })).phase).toBe(expected);
  });
});
