// Small helpers for @ebb/kube's specs: a pino logger whose lines the test can read, and a
// wait for a condition (so no spec sleeps for a fixed time). Not exported from the lib.
import { pino, type Logger } from 'pino';

/** A log line as pino wrote it. */
export type LogLine = Record<string, unknown> & { level: number; msg: string };

/** A debug-level logger and the lines it has written. */
export function captureLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines };
}

/** Resolves once `condition` holds; rejects after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
