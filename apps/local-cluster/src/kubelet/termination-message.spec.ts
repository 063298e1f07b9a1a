import type { CriLine } from './logs/cri-format.js';
import { fallsBackToLogs, logTailMessage, makeTerminationMessage, type TerminationMessageInput } from './termination-message.js';

const TS = '2026-01-01T00:00:00.000000000Z';
const line = (text: string, tag: 'F' | 'P' = 'F', stream: 'stdout' | 'stderr' = 'stderr'): CriLine => ({ timestamp: TS, stream, tag, text: Buffer.from(text) });
const numbered = (count: number): CriLine[] => Array.from({ length: count }, (_, i) => line(`line ${i + 1}`));
const FALLBACK = 'FallbackToLogsOnError';
const failed = { exitCode: 3, reason: 'Error' } as const;

describe('makeTerminationMessage', () => {
  it.each<{ name: string; input: TerminationMessageInput; expected: string | undefined }>([
    { name: 'File policy, error exit: no message', input: { policy: 'File', exit: failed, logLines: [line('bad config')] }, expected: undefined },
    { name: 'no policy, error exit: no message', input: { policy: undefined, exit: failed, logLines: [line('bad config')] }, expected: undefined },
    { name: 'File policy keeps the runtime message', input: { policy: 'File', exit: { ...failed, message: 'runtime says' }, logLines: [line('x')] }, expected: 'runtime says' },
    { name: 'fallback, error exit: the log, stdout and stderr as printed', input: { policy: FALLBACK, exit: failed, logLines: [line('starting', 'F', 'stdout'), line('bad config')] }, expected: 'starting\nbad config\n' },
    { name: 'fallback, exit 0: no message', input: { policy: FALLBACK, exit: { exitCode: 0, reason: 'Completed' }, logLines: [line('done')] }, expected: undefined },
    { name: 'fallback, signal exit (143): the log', input: { policy: FALLBACK, exit: { exitCode: 143, reason: 'Error' }, logLines: [line('stopping')] }, expected: 'stopping\n' },
    { name: 'fallback, could not run: only the runtime message', input: { policy: FALLBACK, exit: { exitCode: 127, reason: 'ContainerCannotRun', message: 'spawn ENOENT' }, logLines: [line('spawn ENOENT')] }, expected: 'spawn ENOENT' },
    { name: 'fallback, empty log: no message', input: { policy: FALLBACK, exit: failed, logLines: [] }, expected: undefined },
    { name: 'fallback, empty log keeps the runtime message', input: { policy: FALLBACK, exit: { exitCode: 137, reason: 'OOMKilled', message: 'over the limit' }, logLines: [] }, expected: 'over the limit' },
    { name: 'fallback after a runtime message: joined with ": "', input: { policy: FALLBACK, exit: { exitCode: 137, reason: 'OOMKilled', message: 'over the limit' }, logLines: [line('allocating')] }, expected: 'over the limit: allocating\n' },
    { name: 'fallback, an unfinished last line has no newline', input: { policy: FALLBACK, exit: failed, logLines: [line('a'), line('b', 'P')] }, expected: 'a\nb' },
    { name: 'fallback, more than 80 lines: the last 80', input: { policy: FALLBACK, exit: failed, logLines: numbered(100) }, expected: numbered(100).slice(20).map((l) => `${l.text.toString()}\n`).join('') },
  ])('$name', ({ input, expected }) => {
    expect(makeTerminationMessage(input)).toBe(expected);
  });
});

describe('logTailMessage', () => {
  it.each<{ name: string; lines: CriLine[]; expected: string }>([
    { name: 'exactly 80 lines: all', lines: numbered(80), expected: numbered(80).map((l) => `${l.text.toString()}\n`).join('') },
    { name: '81 lines: the first is dropped', lines: numbered(81), expected: numbered(81).slice(1).map((l) => `${l.text.toString()}\n`).join('') },
    { name: 'exactly 2048 bytes: all', lines: [line('x'.repeat(2047))], expected: `${'x'.repeat(2047)}\n` },
    { name: 'more than 2048 bytes: the last 2048', lines: [line('a'.repeat(100)), line('b'.repeat(2047))], expected: `${'b'.repeat(2047)}\n` },
    { name: 'the byte limit cuts into a line', lines: [line('a'.repeat(10)), line('b'.repeat(2040))], expected: `${'a'.repeat(6)}\n${'b'.repeat(2040)}\n` },
    // 'é' is 2 bytes: 1 + 2 × 1024 + 1 bytes; the last 2048 start inside the first 'é', which is dropped whole.
    { name: 'a cut UTF-8 character is dropped, not split', lines: [line(`x${'é'.repeat(1024)}`)], expected: `${'é'.repeat(1023)}\n` },
    // '😀' is 4 bytes: the cut lands 1 byte into it.
    { name: 'a cut 4-byte character is dropped, not split', lines: [line(`${'😀'.repeat(1)}${'y'.repeat(2046)}`)], expected: `${'y'.repeat(2046)}\n` },
    { name: 'no lines: empty', lines: [], expected: '' },
  ])('$name', ({ lines, expected }) => {
    const message = logTailMessage(lines);
    expect(message).toBe(expected);
    expect(Buffer.byteLength(message)).toBeLessThanOrEqual(2048);
  });
});

describe('fallsBackToLogs', () => {
  it.each([
    { name: 'fallback, exit 1', policy: FALLBACK, exitCode: 1, reason: 'Error', expected: true },
    { name: 'fallback, exit 0', policy: FALLBACK, exitCode: 0, reason: 'Completed', expected: false },
    { name: 'fallback, OOMKilled', policy: FALLBACK, exitCode: 137, reason: 'OOMKilled', expected: true },
    { name: 'fallback, cannot run', policy: FALLBACK, exitCode: 127, reason: 'ContainerCannotRun', expected: false },
    { name: 'File, exit 1', policy: 'File', exitCode: 1, reason: 'Error', expected: false },
    { name: 'unset, exit 1', policy: undefined, exitCode: 1, reason: 'Error', expected: false },
  ] as const)('$name', ({ policy, exitCode, reason, expected }) => {
    expect(fallsBackToLogs(policy, { exitCode, reason })).toBe(expected);
  });
});
