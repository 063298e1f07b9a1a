import { parseGoFloat, parseGoInt } from './go-parse.js';

describe('parseGoInt (strconv.ParseInt base 10)', () => {
  it.each([
    { name: 'a plain int', text: '42', bits: 32 as const, want: { ok: true, value: 42 } },
    { name: 'a signed int', text: '+7', bits: 32 as const, want: { ok: true, value: 7 } },
    { name: 'negative', text: '-3', bits: 32 as const, want: { ok: true, value: -3 } },
    { name: 'max int32', text: '2147483647', bits: 32 as const, want: { ok: true, value: 2147483647 } },
    { name: 'beyond int32 is a range error', text: '2147483648', bits: 32 as const, want: { ok: false, range: true } },
    { name: 'below int32 is a range error', text: '-2147483649', bits: 32 as const, want: { ok: false, range: true } },
    { name: 'fits in int64', text: '2147483648', bits: 64 as const, want: { ok: true, value: 2147483648 } },
    { name: 'a float is a syntax error', text: '1.5', bits: 32 as const, want: { ok: false, range: false } },
    { name: 'empty is a syntax error', text: '', bits: 32 as const, want: { ok: false, range: false } },
    { name: 'underscores are a syntax error', text: '1_000', bits: 64 as const, want: { ok: false, range: false } },
  ])('$name', ({ text, bits, want }) => {
    expect(parseGoInt(text, bits)).toEqual(want);
  });
});

describe('parseGoFloat (strconv.ParseFloat 64)', () => {
  it.each([
    { name: 'an int', text: '10', want: 10 },
    { name: 'a fraction', text: '0.5', want: 0.5 },
    { name: 'a leading dot', text: '.5', want: 0.5 },
    { name: 'a trailing dot', text: '5.', want: 5 },
    { name: 'an exponent', text: '1e2', want: 100 },
    { name: 'a hex float', text: '0x1.8p1', want: 3 },
    { name: 'infinity', text: '-Inf', want: -Infinity },
    { name: 'infinity spelled out', text: '+infinity', want: Infinity },
    { name: 'underflow is zero', text: '1e-400', want: 0 },
    { name: 'overflow is an error', text: '1e400', want: undefined },
    { name: 'empty is an error', text: '', want: undefined },
    { name: 'a unit is an error', text: '10%', want: undefined },
    { name: 'underscores are an error', text: '1_0', want: undefined },
    { name: 'a hex float needs an exponent', text: '0x10', want: undefined },
    { name: 'a signed nan is an error', text: '+nan', want: undefined },
  ])('$name', ({ text, want }) => {
    expect(parseGoFloat(text)).toBe(want);
  });

  it('parses nan in any case', () => {
    expect(parseGoFloat('NaN')).toBeNaN();
  });
});
