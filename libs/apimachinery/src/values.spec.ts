import { base64, compareStrings, fromBase64, fromBase64Text, listOf, numberOf, recordOf, stringOf, stringsOf, valueAt } from './values.js';

describe('loose readers', () => {
  it.each([
    { name: 'object', value: { a: 1 }, record: { a: 1 }, list: [], string: '', number: 0 },
    { name: 'array', value: ['a', 1, 'b'], record: {}, list: ['a', 1, 'b'], string: '', number: 0 },
    { name: 'string', value: 'x', record: {}, list: [], string: 'x', number: 0 },
    { name: 'number', value: 7, record: {}, list: [], string: '', number: 7 },
    { name: 'null', value: null, record: {}, list: [], string: '', number: 0 },
    { name: 'undefined', value: undefined, record: {}, list: [], string: '', number: 0 },
  ])('$name', ({ value, record, list, string, number }) => {
    expect(recordOf(value)).toEqual(record);
    expect(listOf(value)).toEqual(list);
    expect(stringOf(value)).toBe(string);
    expect(numberOf(value)).toBe(number);
  });

  it('keeps only the strings of a list', () => {
    expect(stringsOf(['a', 1, null, 'b'])).toEqual(['a', 'b']);
    expect(stringsOf('a')).toEqual([]);
  });

  it.each([
    { name: 'nested field', path: ['spec', 'replicas'], want: 3 },
    { name: 'missing field', path: ['spec', 'paused'], want: undefined },
    { name: 'through a non-object', path: ['spec', 'replicas', 'x'], want: undefined },
    { name: 'empty path', path: [], want: { spec: { replicas: 3 } } },
  ])('valueAt: $name', ({ path, want }) => {
    expect(valueAt({ spec: { replicas: 3 } }, path)).toEqual(want);
  });
});

describe('compareStrings', () => {
  it('sorts by code unit, as Go sorts strings', () => {
    expect(['b', 'B', 'a', 'a'].sort(compareStrings)).toEqual(['B', 'a', 'a', 'b']);
  });
});

describe('base64', () => {
  it.each([
    { name: 'empty', bytes: [], want: '' },
    { name: 'ASCII', bytes: [...new TextEncoder().encode('admin')], want: 'YWRtaW4=' },
    { name: 'binary', bytes: [0, 255, 128], want: 'AP+A' },
  ])('$name', ({ bytes, want }) => {
    expect(base64(Uint8Array.from(bytes))).toBe(want);
  });
});

describe('fromBase64', () => {
  it.each([
    { text: 'aGk=', bytes: [104, 105], utf8: 'hi' },
    { text: 'aG\nk=', bytes: [104, 105], utf8: 'hi' },
    { text: 'w6k=', bytes: [195, 169], utf8: 'é' },
    { text: '', bytes: [], utf8: '' },
  ])('$text', ({ text, bytes, utf8 }) => {
    expect([...fromBase64(text)]).toEqual(bytes);
    expect(fromBase64Text(text)).toBe(utf8);
  });
});
