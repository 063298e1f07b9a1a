// Kubernetes' protobuf request bodies (`Content-Type: application/vnd.kubernetes.protobuf`), as
// kubectl's generator commands send them, decoded into the JSON object a JSON client would send.
// The body is the magic prefix `k8s\0` and a runtime.Unknown envelope (typeMeta=1 {apiVersion=1,
// kind=2}, raw=2, contentEncoding=3, contentType=4) whose `raw` is the typed object; the typed
// object is decoded with the schemas in messages.ts.
import type { JsonObject, JsonValue } from '../object.js';
import { KIND_MESSAGES, MESSAGES, type FieldKind, type FieldSchema, type MapValueKind } from './messages.js';
import { base64 } from '../values.js';
import { readFields, readPackedVarints, varintToInteger, WIRE_TYPE, WireError, type WireField } from './wire.js';

/** The media type of Kubernetes' protobuf encoding. */
export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

/** Why a body could not be decoded: malformed bytes, or a kind this decoder does not know. */
export type ProtobufDecodeFailure = 'Malformed' | 'UnknownKind';

/** A body that could not be decoded; `reason` tells malformed bytes from an unknown kind. */
export class ProtobufDecodeError extends Error {
  constructor(
    message: string,
    readonly reason: ProtobufDecodeFailure = 'Malformed',
  ) {
    super(message);
    this.name = 'ProtobufDecodeError';
  }
}

/** A decoded body: the envelope's apiVersion and kind, and the object (carrying both). */
export interface DecodedProtobuf {
  readonly apiVersion: string;
  readonly kind: string;
  readonly object: JsonObject;
}

const MAGIC = [0x6b, 0x38, 0x73, 0x00];
const UTF8 = new TextDecoder();

function malformed(message: string): ProtobufDecodeError {
  return new ProtobufDecodeError(message, 'Malformed');
}

function wrongWireType(field: WireField, name: string): ProtobufDecodeError {
  return malformed(`proto: wrong wireType = ${field.wireType} for field ${name}`);
}

function payload(field: WireField, name: string): Uint8Array {
  if (field.wireType !== WIRE_TYPE.lengthDelimited) throw wrongWireType(field, name);
  return field.bytes;
}

function varint(field: WireField, name: string): bigint {
  if (field.wireType !== WIRE_TYPE.varint) throw wrongWireType(field, name);
  return field.value;
}

/** metav1.Time: empty (the zero time) → undefined (omitted); else RFC 3339 in seconds, as Kubernetes ignores `nanos`. */
function decodeTime(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return undefined;
  const seconds = readFields(bytes).find((field) => field.number === 1);
  const value = seconds === undefined ? 0 : varintToInteger(varint(seconds, 'seconds'));
  const date = new Date(value * 1000);
  if (Number.isNaN(date.getTime())) throw malformed(`proto: time ${value} is out of range`);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function fieldsByNumber(bytes: Uint8Array): Map<number, WireField> {
  return new Map(readFields(bytes).map((field) => [field.number, field]));
}

/** intstr.IntOrString: type=1 (0 Int, 1 String), intVal=2, strVal=3. */
function decodeIntOrString(bytes: Uint8Array): number | string {
  const fields = fieldsByNumber(bytes);
  const type = fields.get(1);
  if (type !== undefined && varint(type, 'type') === 1n) {
    const text = fields.get(3);
    return text === undefined ? '' : UTF8.decode(payload(text, 'strVal'));
  }
  const number = fields.get(2);
  return number === undefined ? 0 : Number(BigInt.asIntN(32, varint(number, 'intVal')));
}

/** resource.Quantity: string=1. */
function decodeQuantity(bytes: Uint8Array): string {
  const text = fieldsByNumber(bytes).get(1);
  return text === undefined ? '0' : UTF8.decode(payload(text, 'string'));
}

/** metav1.FieldsV1: raw=1, the field set as JSON. */
function decodeFieldsV1(bytes: Uint8Array): JsonObject {
  const raw = fieldsByNumber(bytes).get(1);
  if (raw === undefined) return {};
  try {
    const parsed = JSON.parse(UTF8.decode(payload(raw, 'raw'))) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as JsonObject;
  } catch {
    // falls through to the error below
  }
  throw malformed('proto: fieldsV1 raw is not a JSON object');
}

function decodeDouble(field: WireField, name: string): number {
  if (field.wireType !== WIRE_TYPE.fixed64) throw wrongWireType(field, name);
  return new DataView(field.bytes.buffer, field.bytes.byteOffset, 8).getFloat64(0, true);
}

function decodeInteger(field: WireField, name: string, bits: 32 | 64): number {
  const value = varint(field, name);
  return bits === 32 ? Number(BigInt.asIntN(32, value)) : varintToInteger(value);
}

/** One value of a field (undefined: omit, e.g. a zero Time). */
function decodeValue(kind: FieldKind, field: WireField, name: string): JsonValue | undefined {
  switch (kind.type) {
    case 'string':
      return UTF8.decode(payload(field, name));
    case 'bytes':
      return base64(payload(field, name));
    case 'int32':
      return decodeInteger(field, name, 32);
    case 'int64':
      return decodeInteger(field, name, 64);
    case 'bool':
      return varint(field, name) !== 0n;
    case 'double':
      return decodeDouble(field, name);
    case 'message':
      return decodeMessage(kind.message, payload(field, name));
    default:
      return decodeWrapped(kind, payload(field, name));
  }
}

function decodeWrapped(kind: FieldKind, bytes: Uint8Array): JsonValue | undefined {
  if (kind.type === 'time') return decodeTime(bytes);
  if (kind.type === 'intOrString') return decodeIntOrString(bytes);
  if (kind.type === 'quantity') return decodeQuantity(bytes);
  if (kind.type === 'fieldsV1') return decodeFieldsV1(bytes);
  throw malformed(`proto: unsupported field kind ${kind.type}`);
}

function mapValue(kind: MapValueKind, field: WireField | undefined, name: string): JsonValue {
  if (kind.type === 'message') return field === undefined ? {} : decodeMessage(kind.message, payload(field, name));
  if (field === undefined) return kind.type === 'quantity' ? '0' : '';
  if (kind.type === 'quantity') return decodeQuantity(payload(field, name));
  return kind.type === 'bytes' ? base64(payload(field, name)) : UTF8.decode(payload(field, name));
}

/** A map entry (a message {key=1, value=2}) added to `out[name]`. */
function addMapEntry(out: JsonObject, name: string, kind: MapValueKind, field: WireField): void {
  const entry = fieldsByNumber(payload(field, name));
  const key = entry.get(1);
  const existing = out[name];
  const target: JsonObject = typeof existing === 'object' && existing !== null && !Array.isArray(existing) ? existing : {};
  target[key === undefined ? '' : UTF8.decode(payload(key, name))] = mapValue(kind, entry.get(2), name);
  out[name] = target;
}

function isPackedScalar(schema: FieldSchema, field: WireField): boolean {
  const numeric = schema.kind.type === 'int32' || schema.kind.type === 'int64' || schema.kind.type === 'bool';
  return numeric && field.wireType === WIRE_TYPE.lengthDelimited;
}

function repeatedValues(schema: FieldSchema, field: WireField): JsonValue[] {
  if (!isPackedScalar(schema, field)) {
    const value = decodeValue(schema.kind, field, schema.json);
    return value === undefined ? [] : [value];
  }
  return readPackedVarints(payload(field, schema.json)).map((value) => (schema.kind.type === 'bool' ? value !== 0n : varintToInteger(value)));
}

const PLAIN_SCALARS: ReadonlySet<FieldKind['type']> = new Set(['string', 'bytes', 'int32', 'int64', 'bool', 'double']);

/** A zero string, number or bool of a plain scalar field (wrapped kinds such as IntOrString are structs, never "unset"). */
function isZeroScalar(kind: FieldKind, value: JsonValue): boolean {
  return PLAIN_SCALARS.has(kind.type) && (value === '' || value === 0 || value === false);
}

/** Sets one wire field on `out`: maps and lists accumulate, zero non-pointer scalars are dropped. */
function applyField(out: JsonObject, schema: FieldSchema, field: WireField): void {
  const { json, kind } = schema;
  if (kind.type === 'map') return addMapEntry(out, json, kind.value, field);
  if (schema.repeated === true) {
    const existing = out[json];
    out[json] = [...(Array.isArray(existing) ? existing : []), ...repeatedValues(schema, field)];
    return;
  }
  const value = decodeValue(kind, field, json);
  if (value === undefined || (schema.pointer !== true && isZeroScalar(kind, value))) {
    delete out[json];
    return;
  }
  out[json] = value;
}

/** Decodes the message `name` from `bytes`; fields not in its schema are skipped. */
export function decodeMessage(name: string, bytes: Uint8Array): JsonObject {
  const schema = MESSAGES[name];
  if (schema === undefined) throw malformed(`proto: no schema for message ${name}`);
  const out: JsonObject = {};
  for (const field of readFields(bytes)) {
    const fieldSchema = schema[field.number];
    if (fieldSchema !== undefined) applyField(out, fieldSchema, field);
  }
  return out;
}

interface Envelope {
  readonly apiVersion: string;
  readonly kind: string;
  readonly raw: Uint8Array;
  readonly contentEncoding: string;
}

function text(fields: Map<number, WireField>, number: number, name: string): string {
  const field = fields.get(number);
  return field === undefined ? '' : UTF8.decode(payload(field, name));
}

/** The runtime.Unknown after the magic prefix. */
function readEnvelope(bytes: Uint8Array): Envelope {
  const fields = fieldsByNumber(bytes);
  const typeMeta = fields.get(1);
  const meta = typeMeta === undefined ? new Map<number, WireField>() : fieldsByNumber(payload(typeMeta, 'typeMeta'));
  const raw = fields.get(2);
  return {
    apiVersion: text(meta, 1, 'apiVersion'),
    kind: text(meta, 2, 'kind'),
    raw: raw === undefined ? new Uint8Array() : payload(raw, 'raw'),
    contentEncoding: text(fields, 3, 'contentEncoding'),
  };
}

function checkMagic(body: Uint8Array): void {
  if (body.length < MAGIC.length || MAGIC.some((byte, index) => body[index] !== byte)) {
    throw malformed(`provided data does not appear to be a protobuf message, expected prefix [${MAGIC.join(' ')}]`);
  }
}

function messageFor(envelope: Envelope): string {
  if (envelope.kind === '') throw malformed("Object 'Kind' is missing in protobuf body");
  if (envelope.contentEncoding !== '') throw malformed(`unsupported protobuf content encoding "${envelope.contentEncoding}"`);
  const message = KIND_MESSAGES[`${envelope.apiVersion}/${envelope.kind}`];
  if (message === undefined) {
    throw new ProtobufDecodeError(`no kind "${envelope.kind}" is registered for version "${envelope.apiVersion}"`, 'UnknownKind');
  }
  return message;
}

/**
 * Decodes a `application/vnd.kubernetes.protobuf` body into the JSON object a JSON client would
 * send, with `apiVersion` and `kind` from the envelope. Throws {@link ProtobufDecodeError}.
 */
export function decodeKubernetesProtobuf(body: Uint8Array): DecodedProtobuf {
  checkMagic(body);
  try {
    const envelope = readEnvelope(body.subarray(MAGIC.length));
    const decoded = decodeMessage(messageFor(envelope), envelope.raw);
    const { apiVersion, kind } = envelope;
    return { apiVersion, kind, object: { apiVersion, kind, ...decoded } };
  } catch (error) {
    if (error instanceof WireError) throw malformed(error.message);
    throw error;
  }
}

/** The kinds {@link decodeKubernetesProtobuf} decodes, as `<apiVersion>/<Kind>` (`v1/ConfigMap`, `apps/v1/Deployment`). */
export function protobufKinds(): string[] {
  return Object.keys(KIND_MESSAGES).sort();
}
