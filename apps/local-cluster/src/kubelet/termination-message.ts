// The message of a container's terminated state, as the kubelet chooses it
// (pkg/kubelet/kuberuntime `getTerminationMessage` / `readLastStringFromContainerLogs`): with
// `terminationMessagePolicy: FallbackToLogsOnError` and an error exit, the end of the run's log
// (its last 80 lines, of those the last 2048 bytes), after the runtime's own message if any.
// Neither runtime gives the kubelet a termination message file to read: the process runtime's
// containers share the host filesystem (there is no /dev/termination-log of their own), and the
// Docker runtime mounts none either, so for both the log fallback is the only source and the
// `File` policy gives no message of the container's own. Pure: the log lines are read elsewhere.
import { tail, renderLine } from './logs/log-reader.js';
import type { CriLine } from './logs/cri-format.js';
import type { ContainerExit } from './runtime/runtime.js';

/** `containers[].terminationMessagePolicy` values. */
export const TerminationMessagePolicy = { File: 'File', FallbackToLogsOnError: 'FallbackToLogsOnError' } as const;
/** A termination message policy. */
export type TerminationMessagePolicy = (typeof TerminationMessagePolicy)[keyof typeof TerminationMessagePolicy];

/** How much of the log a message may take (Kubernetes' MaxContainerTerminationMessageLogLines / …LogLength). */
export const TERMINATION_MESSAGE_LOG_LIMITS = { lines: 80, bytes: 2048 } as const;

/** Whether the message comes from the log: the policy asks for it, the container ran, and it failed. */
export function fallsBackToLogs(policy: string | undefined, exit: Pick<ContainerExit, 'exitCode' | 'reason'>): boolean {
  return policy === TerminationMessagePolicy.FallbackToLogsOnError && exit.exitCode !== 0 && exit.reason !== 'ContainerCannotRun';
}

/** The last `max` bytes, starting at a character boundary (a cut UTF-8 sequence is dropped whole). */
function lastBytes(bytes: Buffer, max: number): Buffer {
  if (bytes.length <= max) return bytes;
  let start = bytes.length - max;
  while (start < bytes.length && ((bytes[start] ?? 0) & 0xc0) === 0x80) start += 1;
  return bytes.subarray(start);
}

/** The end of a log as a message: its last 80 lines as the log prints them, of those the last 2048 bytes. */
export function logTailMessage(lines: readonly CriLine[]): string {
  const printed = Buffer.concat(tail(lines, TERMINATION_MESSAGE_LOG_LIMITS.lines).map((line) => renderLine(line, false)));
  return lastBytes(printed, TERMINATION_MESSAGE_LOG_LIMITS.bytes).toString('utf8');
}

/** What decides a terminated state's message. */
export interface TerminationMessageInput {
  readonly policy: string | undefined;
  readonly exit: Pick<ContainerExit, 'exitCode' | 'reason' | 'message'>;
  /** The run's log lines (only their end is used; empty when not read). */
  readonly logLines: readonly CriLine[];
}

/** The terminated state's message: the runtime's message, then (`: `-joined) the log's end when the policy falls back to it. */
export function makeTerminationMessage(input: TerminationMessageInput): string | undefined {
  const own = input.exit.message === '' ? undefined : input.exit.message;
  if (!fallsBackToLogs(input.policy, input.exit)) return own;
  const fromLog = logTailMessage(input.logLines);
  if (fromLog === '') return own;
  return own === undefined ? fromLog : `${own}: ${fromLog}`;
}
