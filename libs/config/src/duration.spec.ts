import { formatGoDuration, parseGoDuration, readGoDuration } from './duration.js';

// Rows from Go's own time.ParseDuration / Duration.String tests (src/time/time_test.go).
describe('parseGoDuration', () => {
  it.each([
    { name: 'zero without a unit', text: '0', ms: 0 },
    { name: 'signed zero', text: '-0', ms: 0 },
    { name: 'plus zero', text: '+0', ms: 0 },
    { name: 'seconds', text: '5s', ms: 5000 },
    { name: 'many seconds', text: '1478s', ms: 1_478_000 },
    { name: 'negative', text: '-5s', ms: -5000 },
    { name: 'explicit plus', text: '+5s', ms: 5000 },
    { name: 'minus one second', text: '-1s', ms: -1000 },
    { name: 'decimal', text: '5.6s', ms: 5600 },
    { name: 'trailing point', text: '5.s', ms: 5000 },
    { name: 'leading point', text: '.5s', ms: 500 },
    { name: 'fraction of a second', text: '1.004s', ms: 1004 },
    { name: 'long fraction', text: '100.00100s', ms: 100_001 },
    { name: 'nanoseconds', text: '10ns', ms: 0.00001 },
    { name: 'microseconds (us)', text: '11us', ms: 0.011 },
    { name: 'microseconds (micro sign)', text: '12µs', ms: 0.012 },
    { name: 'microseconds (Greek mu)', text: '12μs', ms: 0.012 },
    { name: 'milliseconds', text: '300ms', ms: 300 },
    { name: 'minutes', text: '15m', ms: 900_000 },
    { name: 'hours', text: '16h', ms: 57_600_000 },
    { name: 'fractional hours', text: '1.5h', ms: 5_400_000 },
    { name: 'hours and minutes', text: '2h45m', ms: 9_900_000 },
    { name: 'out of order', text: '10.5s4m', ms: 250_500 },
    { name: 'negative compound', text: '-2m3.4s', ms: -123_400 },
    { name: 'every unit', text: '1h2m3s4ms5us6ns', ms: 3_723_004.005006 },
    { name: 'a third of an hour, as Go rounds it', text: '0.3333333333333333333h', ms: 1_200_000 },
    { name: 'largest duration', text: '9223372036854775807ns', ms: 9_223_372_036_854.775807 },
  ])('$name: $text → $ms ms', ({ text, ms }) => {
    expect(parseGoDuration(text)).toBe(ms);
  });

  it.each([
    { name: 'empty', text: '', message: 'time: invalid duration ""' },
    { name: 'no unit', text: '3', message: 'time: missing unit in duration "3"' },
    { name: 'sign only', text: '-', message: 'time: invalid duration "-"' },
    { name: 'unit only', text: 's', message: 'time: invalid duration "s"' },
    { name: 'point only', text: '.', message: 'time: invalid duration "."' },
    { name: 'point and unit', text: '.s', message: 'time: invalid duration ".s"' },
    { name: 'days are not a unit', text: '1d', message: 'time: unknown unit "d" in duration "1d"' },
    { name: 'words', text: 'abc', message: 'time: invalid duration "abc"' },
    { name: 'a space', text: '1 s', message: 'time: unknown unit " s" in duration "1 s"' },
    { name: 'overflow', text: '9223372036854775808ns', message: 'time: invalid duration "9223372036854775808ns"' },
    { name: 'overflow by units', text: '3000000h', message: 'time: invalid duration "3000000h"' },
  ])('refuses $name ($text) with Go\'s text', ({ text, message }) => {
    expect(parseGoDuration(text)).toBeUndefined();
    expect(readGoDuration(text)).toEqual({ ok: false, message });
  });
});

describe('formatGoDuration', () => {
  it.each([
    { name: 'zero', ms: 0, text: '0s' },
    { name: 'one nanosecond', ms: 0.000001, text: '1ns' },
    { name: 'microseconds', ms: 0.0011, text: '1.1µs' },
    { name: 'milliseconds', ms: 2.2, text: '2.2ms' },
    { name: 'half a second', ms: 500, text: '500ms' },
    { name: 'seconds with a fraction', ms: 3300, text: '3.3s' },
    { name: 'six seconds', ms: 6000, text: '6s' },
    { name: 'minutes and seconds', ms: 90_000, text: '1m30s' },
    { name: 'minutes and a fraction', ms: 245_001, text: '4m5.001s' },
    { name: 'an hour', ms: 3_600_000, text: '1h0m0s' },
    { name: 'hours, minutes, seconds', ms: 18_367_001, text: '5h6m7.001s' },
    { name: 'two days', ms: 172_800_000, text: '48h0m0s' },
    { name: 'negative', ms: -1000, text: '-1s' },
    { name: 'negative small', ms: -0.5, text: '-500µs' },
  ])('$name: $ms ms → $text', ({ ms, text }) => {
    expect(formatGoDuration(ms)).toBe(text);
  });

  it.each(['0s', '1ns', '1.5µs', '2.2ms', '6s', '1m30s', '1h0m0s', '2h45m0s', '-1s', '39h9m14.425s'])('round-trips %s', (text) => {
    const ms = parseGoDuration(text);
    expect(ms).toBeDefined();
    expect(formatGoDuration(ms ?? Number.NaN)).toBe(text);
  });
});
