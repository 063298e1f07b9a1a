// JSON merge patch (RFC 7386, `application/merge-patch+json`): objects merge key by key, `null`
// deletes a key, anything else (arrays included) replaces the target value.
import { isJsonObject, type JsonObject, type JsonValue } from '../object.js';

/** True for a JSON object (not an array, not null). */

/** Merges `patch` into `target`, which the caller owns and which is changed in place. */
function mergeInto(target: JsonObject, patch: JsonObject): JsonObject {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete target[key];
    } else if (isJsonObject(value)) {
      const current = target[key];
      target[key] = mergeInto(isJsonObject(current) ? current : {}, value);
    } else {
      target[key] = structuredClone(value);
    }
  }
  return target;
}

/** Applies an RFC 7386 merge patch to `target` and returns the result; the inputs are not changed. */
export function applyMergePatch(target: JsonValue, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return structuredClone(patch);
  return mergeInto(isJsonObject(target) ? structuredClone(target) : {}, patch);
}
