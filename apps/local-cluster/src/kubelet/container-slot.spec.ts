import type { V1Container } from '@kubernetes/client-node';
import { newSlot, planContainers, slotAction, slotStatus, type ContainerSlot } from './container-slot.js';
import type { RunningContainer } from './runtime/runtime.js';

const T = '2026-01-01T00:00:00Z';
const T_MS = Date.parse(T);
const spec = (name: string): V1Container => ({ name, image: 'dev.local/app' });
const fakeRun = {} as RunningContainer;

type SlotShape = 'fresh' | 'running' | 'exit0' | 'exit1' | 'exit1-backoff' | 'retry-later' | 'retry-now';

function slot(name: string, shape: SlotShape, init = false): ContainerSlot {
  const s = newSlot(spec(name), init);
  const exit = (code: number): ContainerSlot['exit'] => ({ exitCode: code, reason: code === 0 ? 'Completed' : 'Error', finishedAt: T });
  if (shape === 'running') s.running = { container: fakeRun, startedAt: T };
  if (shape === 'exit0') s.exit = exit(0);
  if (shape === 'exit1') s.exit = exit(1);
  if (shape === 'exit1-backoff') Object.assign(s, { exit: exit(1), backoff: { delayMs: 20_000, lastUpdateMs: T_MS - 5000 } });
  if (shape === 'retry-later') s.retryAtMs = T_MS + 3000;
  if (shape === 'retry-now') s.retryAtMs = T_MS;
  return s;
}

const describeActions = (actions: ReturnType<typeof planContainers>): string[] => actions.map((a) => (a.kind === 'start' ? `start ${a.slot.name}` : `wait ${a.slot.name} ${a.delayMs}`));

describe('slotAction', () => {
  it.each([
    ['fresh: start', 'fresh', 'Always', 'start'],
    ['running: nothing', 'running', 'Always', undefined],
    ['exited 1 without back-off: start now', 'exit1', 'Always', 'start'],
    ['exited 1 in back-off: wait the rest', 'exit1-backoff', 'Always', 'wait 19000'],
    ['exited 0 under OnFailure: nothing', 'exit0', 'OnFailure', undefined],
    ['exited 1 under Never: nothing', 'exit1', 'Never', undefined],
    ['start error, retry later', 'retry-later', 'Always', 'wait 2000'],
    ['start error, retry due', 'retry-now', 'Always', 'start'],
  ] as const)('%s', (_name, shape, policy, expected) => {
    const action = slotAction(slot('app', shape), policy, T_MS + 1000);
    expect(action === undefined ? undefined : action.kind === 'start' ? 'start' : `wait ${action.delayMs}`).toBe(expected);
  });
});

describe('planContainers', () => {
  it.each([
    ['init containers one at a time', [[['i1', 'fresh'], ['i2', 'fresh']], [['app', 'fresh']]], 'Always', ['start i1']],
    ['waits for a running init container', [[['i1', 'running']], [['app', 'fresh']]], 'Always', []],
    ['next init container after one succeeded', [[['i1', 'exit0'], ['i2', 'fresh']], [['app', 'fresh']]], 'Always', ['start i2']],
    ['a failed init container is retried', [[['i1', 'exit1']], [['app', 'fresh']]], 'Always', ['start i1']],
    ['a failed init container under Never stops the pod', [[['i1', 'exit1']], [['app', 'fresh']]], 'Never', []],
    ['an init container that succeeded is not rerun under Always', [[['i1', 'exit0']], [['a', 'fresh'], ['b', 'running']]], 'Always', ['start a']],
    ['every app container at once', [[], [['a', 'fresh'], ['b', 'exit1-backoff'], ['c', 'exit0']]], 'Always', ['start a', 'wait b 19000', 'start c']],
  ] as const)('%s', (_name, [init, app], policy, expected) => {
    const initSlots = init.map(([n, s]) => slot(n, s, true));
    const appSlots = app.map(([n, s]) => slot(n, s));
    expect(describeActions(planContainers(initSlots, appSlots, policy, T_MS + 1000))).toEqual(expected);
  });
});

describe('slotStatus', () => {
  it.each([
    ['never started', 'fresh', { waiting: { reason: 'ContainerCreating' } }, {}],
    ['running after a crash', 'running', { running: { startedAt: T } }, { terminated: { exitCode: 1, reason: 'Error', finishedAt: T } }],
    ['ended, not restarted', 'exit0', { terminated: { exitCode: 0, reason: 'Completed', finishedAt: T } }, {}],
    ['crash looping', 'exit1-backoff', { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 20s' } }, { terminated: { exitCode: 1, reason: 'Error', finishedAt: T } }],
  ] as const)('%s', (_name, shape, state, lastState) => {
    const s = slot('app', shape);
    if (shape === 'running') s.lastTerminated = { exitCode: 1, reason: 'Error', finishedAt: T };
    if (shape === 'exit1-backoff') s.waiting = { reason: 'CrashLoopBackOff', message: 'back-off 20s' };
    expect(slotStatus(s, 'ContainerCreating')).toMatchObject({ name: 'app', state, lastState, image: 'dev.local/app' });
  });

  it.each([
    ['running and ready', true, true],
    ['not running: never ready', false, false],
  ])('ready: %s', (_name, isRunning, expected) => {
    const s = slot('app', isRunning ? 'running' : 'exit1');
    s.ready = true;
    s.started = true;
    expect([slotStatus(s, 'ContainerCreating').ready, slotStatus(s, 'ContainerCreating').started]).toEqual([expected, expected]);
  });
});
