import type { V1ContainerStatus } from '@kubernetes/client-node';
import { newSlot } from './container-slot.js';
import { seedSlot, timeText } from './pod-recovery.js';

const NOW = new Date('2026-01-01T00:10:00Z');
const T = '2026-01-01T00:00:00Z';
const base = { name: 'app', image: 'img', imageID: 'img-id', ready: true, containerID: 'process://42' };

describe('seedSlot', () => {
  it.each([
    [
      'a running container counts as ended (Unknown, 255) and keeps its count',
      { ...base, restartCount: 2, state: { running: { startedAt: T } } },
      { restartCount: 2, exit: { exitCode: 255, reason: 'Unknown', startedAt: T, finishedAt: '2026-01-01T00:10:00Z', containerID: 'process://42' }, lastTerminated: undefined },
    ],
    [
      'a finished container stays finished',
      { ...base, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed', finishedAt: T } } },
      { restartCount: 0, exit: { exitCode: 0, reason: 'Completed', finishedAt: T }, lastTerminated: undefined },
    ],
    [
      'a crash-looping container is due for a restart',
      { ...base, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: T } } },
      { restartCount: 3, exit: { exitCode: 1, reason: 'Error', finishedAt: T } },
    ],
    ['a container never started', { ...base, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }, { restartCount: 0, exit: undefined }],
  ])('%s', (_name, status, expected) => {
    const slot = newSlot({ name: 'app' }, false);
    seedSlot(slot, status as unknown as V1ContainerStatus, NOW);
    expect(slot).toMatchObject({ ...expected, imageID: 'img-id', containerID: 'process://42' });
  });

  it('leaves a slot without status fresh', () => {
    const slot = newSlot({ name: 'app' }, false);
    seedSlot(slot, undefined, NOW);
    expect(slot).toMatchObject({ restartCount: 0, imageID: '' });
    expect(slot.exit).toBeUndefined();
  });
});

describe('timeText', () => {
  it.each([
    [T, T],
    [new Date(T), T],
    ['', undefined],
    [undefined, undefined],
    [new Date('nope'), undefined],
  ])('%j → %s', (value, expected) => {
    expect(timeText(value)).toBe(expected);
  });
});
