import { StatusError } from '@ebb/apimachinery';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { chooseAttempt, readLogEnd, readLogs, renderLine, type LogReadOptions } from './log-reader.js';
import { LogStore } from './log-writer.js';

const T0 = Date.UTC(2026, 10, 26, 3, 0, 0, 0);

let podDir: string;
let clock: number;

beforeEach(() => {
  podDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-logs-'));
  clock = T0;
});

afterEach(() => {
  fs.rmSync(podDir, { recursive: true, force: true });
});

function store(options: { maxFileBytes?: number; maxFiles?: number } = {}): LogStore {
  return new LogStore({ ...options, now: () => clock });
}

async function read(options: LogReadOptions, container = 'app', signal = new AbortController().signal): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await readLogs(podDir, container, { podName: 'p1', pollMs: 20, signal, ...options }, out);
  return Buffer.concat(chunks).toString();
}

/** Writes `lines` to attempt `attempt`, one second apart, and closes it. */
function writeAttempt(attempt: number, lines: readonly string[], close = true): void {
  const writer = store().open(podDir, 'app', attempt);
  for (const line of lines) {
    writer.write('stdout', `${line}\n`);
    clock += 1000;
  }
  if (close) writer.close();
}

describe('the log file', () => {
  it('stores CRI lines for stdout and stderr, a partial last line as P', () => {
    const writer = store().open(podDir, 'app', 0);
    writer.write('stdout', 'hello\nwor');
    writer.write('stderr', 'oops\n');
    writer.write('stdout', 'ld\nbye');
    writer.close();
    const text = fs.readFileSync(path.join(podDir, 'logs/app/0.log'), 'utf8');
    expect(text).toBe(
      [
        '2026-11-26T03:00:00.000000000Z stdout F hello',
        '2026-11-26T03:00:00.000000000Z stderr F oops',
        '2026-11-26T03:00:00.000000000Z stdout F world',
        '2026-11-26T03:00:00.000000000Z stdout P bye',
        '',
      ].join('\n'),
    );
    expect(fs.existsSync(path.join(podDir, 'logs/app/0.exited'))).toBe(true);
  });

  it('rotates past the size limit and keeps maxFiles files', () => {
    const writer = store({ maxFileBytes: 100, maxFiles: 3 }).open(podDir, 'app', 0);
    for (let i = 0; i < 10; i += 1) writer.write('stdout', `line number ${i}\n`);
    writer.close();
    expect(fs.readdirSync(path.join(podDir, 'logs/app')).sort()).toEqual(['0.exited', '0.log', '0.log.1', '0.log.2']);
  });
});

describe('readLogs', () => {
  it.each<[string, LogReadOptions, string]>([
    ['everything', {}, 'a\nb\nc\nd\n'],
    ['the last lines', { tailLines: 2 }, 'c\nd\n'],
    ['no lines for tailLines=0', { tailLines: 0 }, ''],
    ['lines since a time', { sinceTime: '2026-11-26T03:00:02Z' }, 'c\nd\n'],
    ['lines of the last seconds', { sinceSeconds: 2, now: () => new Date(T0 + 4000) }, 'c\nd\n'],
    ['at most limitBytes', { limitBytes: 3 }, 'a\nb'],
    ['timestamps', { tailLines: 1, timestamps: true }, '2026-11-26T03:00:03.000000000Z d\n'],
  ])('prints %s', async (_what, options, expected) => {
    writeAttempt(0, ['a', 'b', 'c', 'd']);
    expect(await read(options)).toBe(expected);
  });

  it('reads rotated files oldest first', async () => {
    const writer = store({ maxFileBytes: 100, maxFiles: 5 }).open(podDir, 'app', 0);
    for (let i = 0; i < 6; i += 1) writer.write('stdout', `line ${i}\n`);
    writer.close();
    expect(fs.existsSync(path.join(podDir, 'logs/app/0.log.1'))).toBe(true);
    expect(await read({})).toBe('line 0\nline 1\nline 2\nline 3\nline 4\nline 5\n');
  });

  it('reads the current attempt, or the one before with previous', async () => {
    writeAttempt(0, ['first run']);
    writeAttempt(1, ['second run']);
    expect(await read({})).toBe('second run\n');
    expect(await read({ previous: true })).toBe('first run\n');
  });

  it('answers 400 when there is no previous attempt', async () => {
    writeAttempt(0, ['only run']);
    const failure = read({ previous: true });
    await expect(failure).rejects.toBeInstanceOf(StatusError);
    await expect(failure).rejects.toThrow('previous terminated container "app" in pod "p1" not found');
  });

  it('prints nothing for a container without a log', async () => {
    expect(await read({}, 'other')).toBe('');
  });

  it('follows new lines until the attempt has ended', async () => {
    const writer = store().open(podDir, 'app', 0);
    writer.write('stdout', 'one\n');
    const out = new PassThrough();
    let seen = '';
    out.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen === 'one\n') writer.write('stderr', 'two\n');
      if (seen === 'one\ntwo\n') writer.close();
    });
    await readLogs(podDir, 'app', { follow: true, pollMs: 20 }, out);
    expect(seen).toBe('one\ntwo\n');
  });

  it('follows across a rotation', async () => {
    const writer = store({ maxFileBytes: 120, maxFiles: 5 }).open(podDir, 'app', 0);
    writer.write('stdout', 'start\n');
    const out = new PassThrough();
    let seen = '';
    out.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen === 'start\n') for (let i = 0; i < 3; i += 1) writer.write('stdout', `more ${i}\n`);
      if (seen.endsWith('more 2\n')) writer.close();
    });
    await readLogs(podDir, 'app', { follow: true, pollMs: 20 }, out);
    expect(fs.existsSync(path.join(podDir, 'logs/app/0.log.1'))).toBe(true);
    expect(seen).toBe('start\nmore 0\nmore 1\nmore 2\n');
  });

  it('stops following when a later attempt starts', async () => {
    writeAttempt(0, ['crashed'], false);
    const out = new PassThrough();
    let seen = '';
    out.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      writeAttempt(1, ['restarted'], false);
    });
    await readLogs(podDir, 'app', { follow: true, pollMs: 20 }, out);
    expect(seen).toBe('crashed\n');
  });

  it('stops following when the client goes away', async () => {
    writeAttempt(0, ['running'], false);
    const abort = new AbortController();
    const out = new PassThrough();
    let seen = '';
    out.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      abort.abort();
    });
    await readLogs(podDir, 'app', { follow: true, pollMs: 20, signal: abort.signal }, out);
    expect(seen).toBe('running\n');
  });

  it('waits for the first line when following a container not started yet', async () => {
    const out = new PassThrough();
    let seen = '';
    out.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
    });
    const following = readLogs(podDir, 'app', { follow: true, pollMs: 20 }, out);
    writeAttempt(0, ['late start']);
    await following;
    expect(seen).toBe('late start\n');
  });
});

describe('readLogEnd', () => {
  const printed = (lines: Awaited<ReturnType<typeof readLogEnd>>): string => Buffer.concat(lines.map((line) => renderLine(line, false))).toString();
  const repeat = (count: number, text: (i: number) => string): string[] => Array.from({ length: count }, (_, i) => text(i));

  it.each<{ name: string; lines: string[]; want: { lines: number; bytes: number }; whole: boolean }>([
    { name: 'a short log: all of it', lines: ['a', 'b', 'c'], want: { lines: 80, bytes: 2048 }, whole: true },
    { name: 'a long log: exactly the last 80 lines, read from its end', lines: repeat(3000, (i) => `line number ${i}`), want: { lines: 80, bytes: 2048 }, whole: true },
    { name: 'long lines (stored as P pieces): enough of the end for the bytes', lines: repeat(4, (i) => `${i}`.repeat(40_000)), want: { lines: 80, bytes: 2048 }, whole: false },
    { name: 'fewer lines than wanted and too few bytes in the first window: the whole file', lines: repeat(12, (i) => `${i % 10}`.repeat(3000)), want: { lines: 80, bytes: 1_000_000 }, whole: true },
  ])('$name', async ({ lines, want, whole }) => {
    writeAttempt(0, lines);
    const end = await readLogEnd(path.join(podDir, 'logs/app/0.log'), want);
    const reference = await read({ tailLines: want.lines });
    const text = printed(end);
    expect(end.length).toBeLessThanOrEqual(want.lines);
    expect(reference.endsWith(text)).toBe(true);
    expect(text.slice(-want.bytes)).toBe(reference.slice(-want.bytes));
    if (whole) expect(text).toBe(reference);
    else expect(text.length).toBeLessThan(reference.length);
  });

  it('reads nothing from a missing file', async () => {
    expect(await readLogEnd(path.join(podDir, 'logs/app/9.log'), { lines: 80, bytes: 2048 })).toEqual([]);
  });
});

describe('chooseAttempt', () => {
  it.each<[number[], boolean, number | undefined]>([
    [[0, 1, 2], false, 2],
    [[0, 1, 2], true, 1],
    [[3], false, 3],
    [[], false, undefined],
  ])('of %j (previous %s) is %s', (attempts, previous, expected) => {
    expect(chooseAttempt(attempts, previous, { container: 'c', pod: 'p' })).toBe(expected);
  });
});
