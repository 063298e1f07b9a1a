// A tiny protobuf encoder for the specs: each helper returns one encoded field as bytes, and
// `message` concatenates fields into a nested message field. Enough to build the bodies
// kubectl sends (the `k8s\0` prefix and a runtime.Unknown envelope) by hand.

/** Encoded bytes. */
export type Bytes = number[];

/** A varint of an unsigned (or, two's complement, signed 64-bit) integer. */
export function varint(value: number | bigint): Bytes {
  let rest = BigInt.asUintN(64, BigInt(value));
  const out: Bytes = [];
  while (rest >= 0x80n) {
    out.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  out.push(Number(rest));
  return out;
}

/** A field key: number and wire type. */
export function key(number: number, wireType: number): Bytes {
  return varint((BigInt(number) << 3n) | BigInt(wireType));
}

/** A varint field (int32, int64, bool, enum). */
export function int(number: number, value: number | bigint | boolean): Bytes {
  return [...key(number, 0), ...varint(typeof value === 'boolean' ? Number(value) : value)];
}

/** A length-delimited field with raw bytes. */
export function bytes(number: number, payload: Bytes | Uint8Array): Bytes {
  return [...key(number, 2), ...varint(payload.length), ...payload];
}

/** A string field. */
export function str(number: number, text: string): Bytes {
  return bytes(number, new TextEncoder().encode(text));
}

/** A nested message field made of `fields`. */
export function message(number: number, ...fields: Bytes[]): Bytes {
  return bytes(number, fields.flat());
}

/** A double field (fixed64, little-endian). */
export function double(number: number, value: number): Bytes {
  const buffer = new DataView(new ArrayBuffer(8));
  buffer.setFloat64(0, value, true);
  return [...key(number, 1), ...new Uint8Array(buffer.buffer)];
}

/** One map entry {key=1, value=2}: `value` is the already encoded value field (number 2). */
export function entry(number: number, mapKey: string, value: Bytes): Bytes {
  return message(number, str(1, mapKey), value);
}

/** A map<string,string> field with all of `values` as entries. */
export function stringMap(number: number, values: Record<string, string>): Bytes {
  return Object.entries(values).flatMap(([mapKey, value]) => entry(number, mapKey, str(2, value)));
}

/** A body as kubectl sends it: `k8s\0` and runtime.Unknown {typeMeta {apiVersion, kind}, raw}. */
export function kubeBody(apiVersion: string, kind: string, raw: Bytes, extra: Bytes[] = []): Uint8Array {
  return Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...message(1, str(1, apiVersion), str(2, kind)), ...bytes(2, raw), ...extra.flat()]);
}
