// JSON Patch (RFC 6902, `application/json-patch+json`) on top of fast-json-patch. Operations are
// checked for shape first, then applied to a copy; failures become PatchError with texts modelled
// on the Go json-patch library the API server uses (`testing value /x failed: test failed`).
import fastJsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import type { JsonValue } from '../object.js';
import { isPlainObject } from '../object.js';

/** The Status reason a patch failure maps to: a malformed patch (400) or one that does not apply (422). */
export type PatchErrorReason = 'BadRequest' | 'Invalid';

/** A patch that is malformed or does not apply to the object. */
export class PatchError extends Error {
  override readonly name = 'PatchError';
  /** `BadRequest` for a malformed patch, `Invalid` for one that does not apply. */
  readonly reason: PatchErrorReason;

  constructor(message: string, reason: PatchErrorReason = 'BadRequest') {
    super(message);
    this.reason = reason;
  }
}

const OPS = ['add', 'remove', 'replace', 'move', 'copy', 'test'] as const;
type OpName = (typeof OPS)[number];

/** A shape-checked operation. */
interface CheckedOperation {
  op: OpName;
  path: string;
  from?: string;
  value?: JsonValue;
}

/** The JSON type name the Go decoder would report for a non-array patch body. */
function goTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (isPlainObject(value)) return 'object';
  return typeof value;
}

/** True for `''` or a pointer starting with `/`. */
function isPointer(value: unknown): value is string {
  return typeof value === 'string' && (value === '' || value.startsWith('/'));
}

/** The op name of one operation, or a PatchError. */
function checkOpName(operation: Record<string, unknown>): OpName {
  const op = operation['op'];
  if (typeof op === 'string' && (OPS as readonly string[]).includes(op)) return op as OpName;
  throw new PatchError(`Unexpected kind: ${typeof op === 'string' ? op : String(op)}`, 'Invalid');
}

/** Checks the fields one operation needs (`path`, `from` for move/copy, `value` for add/replace/test). */
function checkOperation(operation: unknown, index: number): CheckedOperation {
  if (!isPlainObject(operation)) throw new PatchError(`invalid JSON patch: operation ${index} is not an object`);
  const op = checkOpName(operation);
  const path = operation['path'];
  if (!isPointer(path)) throw new PatchError(`${op} operation failed to decode path`, 'Invalid');
  const checked: CheckedOperation = { op, path };
  if (op === 'move' || op === 'copy') checked.from = checkFrom(operation, op);
  if (op === 'add' || op === 'replace' || op === 'test') checked.value = checkValue(operation, checked);
  return checked;
}

/** The `from` pointer of a move or copy. */
function checkFrom(operation: Record<string, unknown>, op: OpName): string {
  const from = operation['from'];
  if (!isPointer(from)) throw new PatchError(`${op} operation failed to decode from`, 'Invalid');
  return from;
}

/** A copy of the `value` of an add, replace or test. */
function checkValue(operation: Record<string, unknown>, { op, path }: CheckedOperation): JsonValue {
  if (operation['value'] === undefined) throw new PatchError(`${op} operation has no value for path: ${path}`, 'Invalid');
  return structuredClone(operation['value']) as JsonValue;
}

/** Checks the shape of a whole patch: an array of operations. */
function checkOperations(operations: unknown): CheckedOperation[] {
  if (!Array.isArray(operations)) {
    throw new PatchError(`json: cannot unmarshal ${goTypeName(operations)} into Go value of type jsonpatch.Patch`);
  }
  return operations.map((operation, index) => checkOperation(operation, index));
}

/** The last token of a pointer, unescaped (`~1` → `/`, `~0` → `~`). */
function lastToken(path: string): string {
  const token = path.slice(path.lastIndexOf('/') + 1);
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** The Kubernetes-style text for a fast-json-patch error on one operation. */
function failureText(code: string, operation: CheckedOperation): string {
  const { op, path } = operation;
  switch (code) {
    case 'TEST_OPERATION_FAILED':
      return `testing value ${path} failed: test failed`;
    case 'OPERATION_PATH_CANNOT_ADD':
      return `add operation does not apply: doc is missing path: "${path}": missing value`;
    case 'OPERATION_FROM_UNRESOLVABLE':
      return `${op} operation does not apply: doc is missing from path: ${operation.from ?? ''}: missing value`;
    case 'OPERATION_VALUE_OUT_OF_BOUNDS':
    case 'OPERATION_PATH_ILLEGAL_ARRAY_INDEX':
      return `error in ${op} for path: '${path}': Unable to access invalid index: ${lastToken(path)}: invalid index referenced`;
    default:
      return missingPathText(operation);
  }
}

/** The text for an operation whose target path does not exist. */
function missingPathText({ op, path }: CheckedOperation): string {
  if (op === 'replace') return `replace operation does not apply: doc is missing key: ${path}: missing value`;
  if (op === 'test') return `test operation does not apply: is missing path: ${path}`;
  if (op === 'move' || op === 'copy') return `${op} operation does not apply: doc is missing destination path: ${path}`;
  return `${op} operation does not apply: doc is missing path: "${path}": missing value`;
}

/** Applies one operation to `document` (owned, may be mutated) and returns the new document. */
function applyOne(document: JsonValue, operation: CheckedOperation, index: number): JsonValue {
  try {
    return fastJsonPatch.applyOperation(document, operation as Operation, true, true, true, index).newDocument;
  } catch (error) {
    if (error instanceof fastJsonPatch.JsonPatchError) throw new PatchError(failureText(error.name, operation), 'Invalid');
    throw new PatchError(missingPathText(operation), 'Invalid');
  }
}

/**
 * Applies an RFC 6902 JSON Patch to `target` and returns the result; the inputs are not changed.
 * Throws PatchError: `BadRequest` for a body that is not an array of operations, `Invalid` for an
 * operation that is malformed or does not apply (a failing `test`, a missing path).
 */
export function applyJsonPatch(target: JsonValue, operations: unknown): JsonValue {
  const checked = checkOperations(operations);
  let document = structuredClone(target);
  checked.forEach((operation, index) => {
    document = applyOne(document, operation, index);
  });
  return document;
}
