// withTerminationMessage against a real log store in a temporary pod directory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withTerminationMessage } from './container-runner.js';
import { newSlot } from './container-slot.js';
import { LogStore } from './logs/log-writer.js';
import type { ContainerExit } from './runtime/runtime.js';

const AT = new Date('2026-01-01T00:00:00Z');

let podDir: string;

beforeEach(() => {
  podDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-termination-'));
  const logs = new LogStore({ now: () => AT.getTime() });
  const first = logs.open(podDir, 'app', 0);
  first.write('stderr', 'first run failed\n');
  first.close();
  const second = logs.open(podDir, 'app', 1);
  second.write('stdout', 'starting\n');
  second.write('stderr', 'bad config\n');
  second.close();
});

afterEach(() => {
  fs.rmSync(podDir, { recursive: true, force: true });
});

describe('withTerminationMessage', () => {
  const exit = (exitCode: number, extra: Partial<ContainerExit> = {}): ContainerExit => ({ exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: AT, finishedAt: AT, ...extra });

  it.each<{ name: string; policy?: string; attempt: number; exit: ContainerExit; expected: ContainerExit }>([
    { name: 'fallback, error exit: the end of that attempt\'s log', policy: 'FallbackToLogsOnError', attempt: 1, exit: exit(3), expected: exit(3, { message: 'starting\nbad config\n' }) },
    { name: 'fallback, the earlier attempt: its own log', policy: 'FallbackToLogsOnError', attempt: 0, exit: exit(1), expected: exit(1, { message: 'first run failed\n' }) },
    { name: 'fallback, exit 0: unchanged', policy: 'FallbackToLogsOnError', attempt: 1, exit: exit(0), expected: exit(0) },
    { name: 'File policy: unchanged', policy: 'File', attempt: 1, exit: exit(3), expected: exit(3) },
    { name: 'no policy: unchanged', attempt: 1, exit: exit(3), expected: exit(3) },
    { name: 'fallback, no log for the attempt: unchanged', policy: 'FallbackToLogsOnError', attempt: 7, exit: exit(3), expected: exit(3) },
  ])('$name', async ({ policy, attempt, exit: ended, expected }) => {
    const slot = newSlot({ name: 'app', image: 'dev.local/app', ...(policy === undefined ? {} : { terminationMessagePolicy: policy }) }, false);
    expect(await withTerminationMessage({ podDir }, slot, attempt, ended)).toEqual(expected);
  });
});
