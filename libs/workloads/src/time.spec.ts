import { runInNewContext } from 'node:vm';
import { timeMs } from './time.js';

describe('timeMs', () => {
  it.each([
    { name: 'an RFC 3339 string', value: '2026-11-26T12:00:00Z', expected: Date.UTC(2026, 10, 26, 12) },
    { name: 'a Date', value: new Date(Date.UTC(2026, 10, 26, 12)), expected: Date.UTC(2026, 10, 26, 12) },
    { name: 'a Date from another realm', value: runInNewContext('new Date(Date.UTC(2026, 10, 26, 12))') as unknown, expected: Date.UTC(2026, 10, 26, 12) },
    { name: 'an invalid Date', value: new Date('nope'), expected: undefined },
    { name: 'an unparsable string', value: 'yesterday-ish', expected: undefined },
    { name: 'an empty string', value: '', expected: undefined },
    { name: 'absent', value: undefined, expected: undefined },
    { name: 'a number', value: 5, expected: undefined },
  ])('$name', ({ value, expected }) => {
    expect(timeMs(value)).toBe(expected);
  });
});
