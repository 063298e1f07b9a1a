// A small reader for the protobuf wire format (https://protobuf.dev/programming-guides/encoding/):
// a message is a sequence of fields, each a varint key (field number << 3 | wire type) followed
// by its payload. Only what Kubernetes' generated.proto messages use is read: varints,
// length-delimited payloads, and fixed32/fixed64 (read as raw bytes, so they can be skipped).
// Hand-written: no protobuf library is installed in this workspace.

/** The wire types this reader understands (groups, types 3 and 4, are long deprecated and refused). */
export const WIRE_TYPE = { varint: 0, fixed64: 1, lengthDelimited: 2, fixed32: 5 } as const;

/** One of {@link WIRE_TYPE}'s values. */
export type WireType = (typeof WIRE_TYPE)[keyof typeof WIRE_TYPE];

/** A malformed message: truncated input, an overlong varint, or an unsupported wire type. */
export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

/** A varint field: its value as an unsigned 64-bit integer. */
export interface VarintField {
  readonly number: number;
  readonly wireType: typeof WIRE_TYPE.varint;
  readonly value: bigint;
}

/** A length-delimited, fixed32 or fixed64 field: its payload bytes. */
export interface BytesField {
  readonly number: number;
  readonly wireType: typeof WIRE_TYPE.lengthDelimited | typeof WIRE_TYPE.fixed32 | typeof WIRE_TYPE.fixed64;
  readonly bytes: Uint8Array;
}

/** One field of a message, in wire order. */
export type WireField = VarintField | BytesField;

const MAX_VARINT_BYTES = 10;
const MAX_FIELD_NUMBER = 536_870_911;
const UNEXPECTED_EOF = 'unexpected EOF';

/** Reads the varint at `offset`; returns its unsigned value and the offset after it. */
export function readVarint(bytes: Uint8Array, offset: number): { value: bigint; next: number } {
  let value = 0n;
  for (let index = 0; index < MAX_VARINT_BYTES; index++) {
    const byte = bytes[offset + index];
    if (byte === undefined) throw new WireError(UNEXPECTED_EOF);
    value |= BigInt(byte & 0x7f) << BigInt(7 * index);
    if (byte < 0x80) return { value: BigInt.asUintN(64, value), next: offset + index + 1 };
  }
  throw new WireError('proto: integer overflow');
}

function take(bytes: Uint8Array, offset: number, length: number): Uint8Array {
  if (offset + length > bytes.length) throw new WireError(UNEXPECTED_EOF);
  return bytes.subarray(offset, offset + length);
}

function readPayload(bytes: Uint8Array, offset: number, key: { number: number; wireType: number }): { field: WireField; next: number } {
  const { number, wireType } = key;
  if (wireType === WIRE_TYPE.varint) {
    const { value, next } = readVarint(bytes, offset);
    return { field: { number, wireType, value }, next };
  }
  if (wireType === WIRE_TYPE.lengthDelimited) {
    const { value: length, next } = readVarint(bytes, offset);
    if (length > BigInt(bytes.length)) throw new WireError(UNEXPECTED_EOF);
    const payload = take(bytes, next, Number(length));
    return { field: { number, wireType, bytes: payload }, next: next + payload.length };
  }
  if (wireType === WIRE_TYPE.fixed64 || wireType === WIRE_TYPE.fixed32) {
    const payload = take(bytes, offset, wireType === WIRE_TYPE.fixed64 ? 8 : 4);
    return { field: { number, wireType, bytes: payload }, next: offset + payload.length };
  }
  throw new WireError(`proto: illegal wireType ${wireType} for field ${number}`);
}

/** Splits a message into its fields, in wire order. Throws {@link WireError} when malformed. */
export function readFields(bytes: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const { value: key, next } = readVarint(bytes, offset);
    const number = Number(key >> 3n);
    if (number <= 0 || number > MAX_FIELD_NUMBER) throw new WireError(`proto: illegal tag ${number}`);
    const read = readPayload(bytes, next, { number, wireType: Number(key & 7n) });
    fields.push(read.field);
    offset = read.next;
  }
  return fields;
}

/** The varints packed in a length-delimited payload (a packed repeated scalar field). */
export function readPackedVarints(bytes: Uint8Array): bigint[] {
  const values: bigint[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const { value, next } = readVarint(bytes, offset);
    values.push(value);
    offset = next;
  }
  return values;
}

/** A varint read as a signed 64-bit integer (int32 and int64 fields); throws beyond ±2^53. */
export function varintToInteger(value: bigint): number {
  const signed = BigInt.asIntN(64, value);
  if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new WireError(`proto: integer ${signed} is out of the safe range`);
  }
  return Number(signed);
}
