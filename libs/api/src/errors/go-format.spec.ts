import { goQuote, goValue } from './go-format.js';

describe('goValue (Go %v)', () => {
  it.each([
    { name: 'string verbatim', value: 'abc', text: 'abc' },
    { name: 'empty string', value: '', text: '' },
    { name: 'integer', value: 601, text: '601' },
    { name: 'negative integer', value: -1, text: '-1' },
    { name: 'large integer stays decimal', value: 1000000, text: '1000000' },
    { name: 'fraction', value: 0.1, text: '0.1' },
    { name: 'small fraction switches to exponent', value: 0.00001, text: '1e-05' },
    { name: 'fraction at the exponent edge', value: 0.0001, text: '0.0001' },
    { name: 'big non-integral float', value: 1234567.5, text: '1.2345675e+06' },
    { name: 'NaN', value: Number.NaN, text: 'NaN' },
    { name: '+Inf', value: Number.POSITIVE_INFINITY, text: '+Inf' },
    { name: 'bigint', value: 9007199254740993n, text: '9007199254740993' },
    { name: 'true', value: true, text: 'true' },
    { name: 'false', value: false, text: 'false' },
    { name: 'null', value: null, text: '<nil>' },
    { name: 'undefined', value: undefined, text: '<nil>' },
    { name: 'slice', value: ['a', 'b c'], text: '[a b c]' },
    { name: 'empty slice', value: [], text: '[]' },
    { name: 'map with sorted keys', value: { b: 2, a: 'x' }, text: 'map[a:x b:2]' },
    { name: 'symbol', value: Symbol('s'), text: 'Symbol(s)' },
    { name: 'function', value: () => 1, text: 'func' },
  ])('$name', ({ value, text }) => {
    expect(goValue(value)).toBe(text);
  });
});

describe('goQuote (Go %q)', () => {
  it.each([
    { name: 'plain', value: 'foo', text: '"foo"' },
    { name: 'quote and backslash', value: 'a"b\\c', text: '"a\\"b\\\\c"' },
    { name: 'short escapes', value: '\n\t\r', text: '"\\n\\t\\r"' },
    { name: 'other control characters as \\x', value: '\u0001\u007f', text: '"\\x01\\x7f"' },
    { name: 'printable unicode kept', value: 'é', text: '"é"' },
  ])('$name', ({ value, text }) => {
    expect(goQuote(value)).toBe(text);
  });
});
