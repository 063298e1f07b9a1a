import { bytes, double, int, key, str, varint } from './protobuf.spec-support.js';
import { readFields, readPackedVarints, readVarint, varintToInteger, WIRE_TYPE, WireError } from './wire.js';

describe('readVarint', () => {
  it.each([
    { name: 'one byte', input: [0x01], value: 1n, next: 1 },
    { name: 'two bytes (300)', input: [0xac, 0x02], value: 300n, next: 2 },
    { name: 'max uint64', input: varint(2n ** 64n - 1n), value: 2n ** 64n - 1n, next: 10 },
    { name: 'int32 -1 as ten bytes', input: varint(-1), value: 2n ** 64n - 1n, next: 10 },
  ])('$name', ({ input, value, next }) => {
    expect(readVarint(Uint8Array.from(input), 0)).toEqual({ value, next });
  });

  it.each([
    { name: 'truncated', input: [0x80], message: 'unexpected EOF' },
    { name: 'empty', input: [], message: 'unexpected EOF' },
    { name: 'longer than ten bytes', input: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], message: 'proto: integer overflow' },
  ])('$name → WireError', ({ input, message }) => {
    expect(() => readVarint(Uint8Array.from(input), 0)).toThrow(new WireError(message));
  });
});

describe('readFields', () => {
  it('reads varint, length-delimited, fixed64 and fixed32 fields in wire order', () => {
    const input = Uint8Array.from([...int(1, 150), ...str(2, 'hi'), ...double(3, 1.5), ...key(4, 5), 1, 2, 3, 4]);
    expect(readFields(input)).toEqual([
      { number: 1, wireType: WIRE_TYPE.varint, value: 150n },
      { number: 2, wireType: WIRE_TYPE.lengthDelimited, bytes: Uint8Array.from([0x68, 0x69]) },
      { number: 3, wireType: WIRE_TYPE.fixed64, bytes: Uint8Array.from([0, 0, 0, 0, 0, 0, 0xf8, 0x3f]) },
      { number: 4, wireType: WIRE_TYPE.fixed32, bytes: Uint8Array.from([1, 2, 3, 4]) },
    ]);
  });

  it('reads a large field number', () => {
    expect(readFields(Uint8Array.from(int(536_870_911, 7)))).toEqual([{ number: 536_870_911, wireType: 0, value: 7n }]);
  });

  it.each([
    { name: 'length past the end', input: [0x12, 0x05, 0x61], message: 'unexpected EOF' },
    { name: 'huge length', input: [0x12, ...varint(2n ** 40n)], message: 'unexpected EOF' },
    { name: 'fixed64 cut short', input: [0x19, 1, 2, 3], message: 'unexpected EOF' },
    { name: 'key without a value', input: [0x08], message: 'unexpected EOF' },
    { name: 'group wire type 3', input: [0x0b], message: 'proto: illegal wireType 3 for field 1' },
    { name: 'field number 0', input: [0x00, 0x01], message: 'proto: illegal tag 0' },
    { name: 'field number past 2^29-1', input: [...key(536_870_912, 0), 0x01], message: 'proto: illegal tag 536870912' },
  ])('$name → WireError', ({ input, message }) => {
    expect(() => readFields(Uint8Array.from(input))).toThrow(new WireError(message));
  });

  it('reads an empty message as no fields', () => {
    expect(readFields(new Uint8Array())).toEqual([]);
  });

  it('returns payloads as views of the input', () => {
    const input = Uint8Array.from(bytes(1, [9, 8, 7]));
    const [field] = readFields(input);
    expect(field).toMatchObject({ bytes: Uint8Array.from([9, 8, 7]) });
  });
});

describe('readPackedVarints', () => {
  it('reads every varint of a packed payload', () => {
    expect(readPackedVarints(Uint8Array.from([...varint(1), ...varint(300), ...varint(-2)]))).toEqual([1n, 300n, 2n ** 64n - 2n]);
  });
});

describe('varintToInteger', () => {
  it.each([
    { name: 'zero', value: 0n, expected: 0 },
    { name: 'positive', value: 3600n, expected: 3600 },
    { name: 'negative (two complement)', value: 2n ** 64n - 5n, expected: -5 },
    { name: 'max safe', value: BigInt(Number.MAX_SAFE_INTEGER), expected: Number.MAX_SAFE_INTEGER },
  ])('$name', ({ value, expected }) => {
    expect(varintToInteger(value)).toBe(expected);
  });

  it('refuses integers past 2^53', () => {
    expect(() => varintToInteger(2n ** 60n)).toThrow(new WireError('proto: integer 1152921504606846976 is out of the safe range'));
  });
});
