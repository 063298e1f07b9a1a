// How a container's end is reported (containerStatuses[].state.terminated): exit code 0 is
// Completed, any other Error; a signal death is 128 + the signal's number with the signal named.
// Pure, with the signal numbers passed in (os.constants.signals at the edge).
import type { ContainerExit } from './runtime.js';

/** The exit of a container whose main process ended with `code` or by `signal`. */
export function exitOf(
  ended: { code: number | null; signal: string | null },
  times: { startedAt: Date; finishedAt: Date },
  signalNumbers: Readonly<Record<string, number>>,
): ContainerExit {
  if (ended.signal !== null) {
    const exitCode = 128 + (signalNumbers[ended.signal] ?? 0);
    return { exitCode, signal: ended.signal, reason: 'Error', ...times };
  }
  const exitCode = ended.code ?? 0;
  return { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', ...times };
}

/** The exit of a container killed for exceeding its memory limit. */
export function oomExit(times: { startedAt: Date; finishedAt: Date }, limitBytes: number): ContainerExit {
  return { exitCode: 137, reason: 'OOMKilled', message: `memory use exceeded the limit of ${limitBytes} bytes`, ...times };
}

/** The exit of a container whose program could not be started. */
export function cannotRunExit(failure: { exitCode: number; message: string }, at: Date): ContainerExit {
  return { exitCode: failure.exitCode, reason: 'ContainerCannotRun', message: failure.message, startedAt: at, finishedAt: at };
}

/** The exit code of a command run for an exec probe or hook (128 + n for a signal). */
export function execExitCode(ended: { code: number | null; signal: string | null }, signalNumbers: Readonly<Record<string, number>>): number {
  if (ended.signal !== null) return 128 + (signalNumbers[ended.signal] ?? 0);
  return ended.code ?? 0;
}
