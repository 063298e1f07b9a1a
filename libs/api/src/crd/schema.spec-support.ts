/**
 * Test support shared by the kinds' schema specs (not part of the library's surface): the
 * generated CRD schema of a kind, and fixture edits for rejection rows.
 */
import type { TSchema } from 'typebox';
import { CRD_FOLDERS } from './index.js';

/**
 * The generated CRD openAPIV3Schema of `kind` (of every folder in CRD_FOLDERS) at `version` (by
 * default its first), as a JSON Schema that fixtures must also pass.
 */
export function crdSchema(kind: string, version?: string): TSchema {
  const crd = CRD_FOLDERS.flatMap((folder) => folder.make()).find((c) => c.spec.names.kind === kind);
  const served = crd?.spec.versions.find((v) => version === undefined || v.name === version);
  const schema = served?.schema.openAPIV3Schema;
  if (schema === undefined) throw new Error(`no CRD for ${kind}${version === undefined ? '' : ` at ${version}`}`);
  return schema;
}

/** Marks a path to delete in {@link edited}. */
export const REMOVE = Symbol('remove');
/** A path into a fixture: keys and indexes. */
export type Path = readonly (string | number)[];

/** A deep copy of `fixture` with the value at `path` replaced (or removed with {@link REMOVE}). */
export function edited(fixture: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(fixture);
  let node = copy as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  const last = path[path.length - 1] ?? '';
  if (value === REMOVE) delete node[last];
  else node[last] = value;
  return copy;
}
