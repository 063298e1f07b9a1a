import { LineSplitter, parseCriLine, rfc3339Nano, timestampMs } from './cri-format.js';

describe('rfc3339Nano', () => {
  it.each([
    [Date.UTC(2026, 10, 26, 3, 25, 23, 123), '2026-11-26T03:25:23.123000000Z'],
    [Date.UTC(2026, 0, 2, 3, 4, 5, 6) + 0.75, '2026-01-02T03:04:05.006750000Z'],
    [Date.UTC(2026, 0, 2, 3, 4, 5, 0), '2026-01-02T03:04:05.000000000Z'],
  ])('formats %d as %s', (ms, expected) => {
    expect(rfc3339Nano(ms)).toBe(expected);
  });
});

describe('timestampMs', () => {
  it.each([
    ['2026-11-26T03:25:23.123456789Z', Date.UTC(2026, 10, 26, 3, 25, 23, 123)],
    ['2026-11-26T03:25:23Z', Date.UTC(2026, 10, 26, 3, 25, 23, 0)],
    ['2026-11-26T04:25:23.5+01:00', Date.UTC(2026, 10, 26, 3, 25, 23, 500)],
    ['yesterday', Number.NaN],
  ])('reads %s', (text, expected) => {
    expect(timestampMs(text)).toBe(expected);
  });
});

describe('parseCriLine', () => {
  it.each([
    ['2026-11-26T03:25:23.1Z stdout F hello world', { timestamp: '2026-11-26T03:25:23.1Z', stream: 'stdout', tag: 'F', text: 'hello world' }],
    ['2026-11-26T03:25:23.1Z stderr P part', { timestamp: '2026-11-26T03:25:23.1Z', stream: 'stderr', tag: 'P', text: 'part' }],
    ['2026-11-26T03:25:23.1Z stdout F ', { timestamp: '2026-11-26T03:25:23.1Z', stream: 'stdout', tag: 'F', text: '' }],
    ['2026-11-26T03:25:23.1Z stdout F', { timestamp: '2026-11-26T03:25:23.1Z', stream: 'stdout', tag: 'F', text: '' }],
  ])('parses %j', (raw, expected) => {
    const line = parseCriLine(Buffer.from(raw));
    expect(line === undefined ? undefined : { ...line, text: line.text.toString() }).toEqual(expected);
  });

  it.each([['garbage'], ['ts stdin F x'], ['ts stdout X x'], ['']])('refuses %j', (raw) => {
    expect(parseCriLine(Buffer.from(raw))).toBeUndefined();
  });
});

describe('LineSplitter', () => {
  const show = (pieces: { tag: string; text: Buffer }[]): string[] => pieces.map((p) => `${p.tag}:${p.text.toString()}`);

  it.each([
    [['a\nb\n'], ['F:a', 'F:b'], []],
    [['a', 'b\nc'], ['F:ab'], ['P:c']],
    [['\n'], ['F:'], []],
    [['abcdefghij\n'], ['P:abcd', 'P:efgh', 'F:ij'], []],
    [['abcd'], ['P:abcd'], []],
    [['abcdef'], ['P:abcd'], ['P:ef']],
    [['ab', 'cd', 'e\n'], ['P:abcd', 'F:e'], []],
  ])('splits %j into %j then %j at the end', (chunks, pushed, ended) => {
    const splitter = new LineSplitter(4);
    const pieces = chunks.flatMap((chunk) => splitter.push(Buffer.from(chunk)));
    expect(show(pieces)).toEqual(pushed);
    expect(show(splitter.end())).toEqual(ended);
  });
});
