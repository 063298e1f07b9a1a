// `/openapi/v2` in the protobuf form kubectl asks for (gnostic's openapi.v2.Document): a
// document with its version and info and no definitions. kubectl's client-side validation then
// skips kinds it finds no schema for; the server validates them (server-side field validation).
// Hand-encoded: the few fields written here need only strings and nested messages.

/**
 * The Content-Type of the answer. kubectl asks for `…spec.v2@v1.0+protobuf`, but Go's media-type
 * parser refuses the `@`, so the API server answers with `.v1.0` instead, as kube-openapi does.
 */
export const OPENAPI_V2_PROTOBUF_CONTENT_TYPE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

const WIRE_LENGTH_DELIMITED = 2;

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return bytes;
}

function field(number: number, payload: readonly number[]): number[] {
  return [...varint((number << 3) | WIRE_LENGTH_DELIMITED), ...varint(payload.length), ...payload];
}

function text(number: number, value: string): number[] {
  return field(number, [...new TextEncoder().encode(value)]);
}

/** An openapi.v2.Document with `swagger: "2.0"`, `info {title, version}`, and empty paths and definitions. */
export function minimalOpenApiV2Protobuf(title: string, version: string): Uint8Array {
  const info = [...text(1, title), ...text(2, version)];
  return Uint8Array.from([...text(1, '2.0'), ...field(2, info), ...field(8, []), ...field(9, [])]);
}
