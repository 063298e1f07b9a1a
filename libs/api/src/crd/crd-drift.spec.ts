import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { CRD_FOLDER_HAND_WRITTEN, CRD_FOLDERS, CRD_GENERATE_COMMAND, crdFileName, renderCrdYaml } from './index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** What a drift failure tells the reader to do. */
const hint = (dir: string): string => `${dir} is out of date with the schemas in libs/api: run \`${CRD_GENERATE_COMMAND}\``;

/** The hint plus where the committed text first departs from the fresh render. */
function drift(dir: string, committed: string, fresh: string): string {
  if (committed === fresh) return 'in sync';
  const a = committed.split('\n');
  const b = fresh.split('\n');
  const line = a.findIndex((l, i) => l !== b[i]);
  const at = line === -1 ? a.length : line;
  return `${hint(dir)} (first difference at line ${at + 1}: committed ${JSON.stringify(a[at])}, rendered ${JSON.stringify(b[at])})`;
}

/** The committed `.yaml` files of a folder but the hand-written ones (none when it does not exist). */
function committedFiles(dir: string): string[] {
  try {
    return readdirSync(path.join(ROOT, dir))
      .filter((f) => f.endsWith('.yaml') && !CRD_FOLDER_HAND_WRITTEN.includes(f))
      .sort();
  } catch {
    return [];
  }
}

describe.each(CRD_FOLDERS.map((folder) => ({ dir: folder.dir, make: folder.make })))('$dir (generated)', ({ dir, make }) => {
  const rendered = new Map(make().map((crd) => [crdFileName(crd), renderCrdYaml(crd)]));
  const files = [...rendered.entries()].map(([file, yaml]) => ({ file, yaml }));

  it('holds exactly one file per generated CRD, no extra and none missing', () => {
    const committed = committedFiles(dir);
    const expected = [...rendered.keys()].sort();
    const missing = expected.filter((f) => !committed.includes(f));
    const extra = committed.filter((f) => !expected.includes(f));
    expect({ missing, extra, hint: missing.length + extra.length > 0 ? hint(dir) : 'ok' }).toEqual({ missing: [], extra: [], hint: 'ok' });
  });

  it.each(files)('$file matches a fresh render', ({ file, yaml }) => {
    let committed: string;
    try {
      committed = readFileSync(path.join(ROOT, dir, file), 'utf8');
    } catch {
      committed = '<missing>';
    }
    // Compare with the hint in the message so a failure says how to fix it.
    expect(drift(dir, committed, yaml)).toBe('in sync');
  });

  it.each(files)('$file starts with the generated-file header and parses back to the CRD', ({ file, yaml }) => {
    expect(yaml.startsWith('# Generated from the TypeBox schemas in libs/api/src')).toBe(true);
    expect(yaml).toContain(CRD_GENERATE_COMMAND);
    expect(parse(yaml)).toEqual(make().find((crd) => crdFileName(crd) === file));
  });
});

describe('CRD_FOLDERS', () => {
  it('never generates a file the folders keep as hand-written', () => {
    const generated = CRD_FOLDERS.flatMap((folder) => folder.make().map(crdFileName));
    expect(generated.filter((f) => CRD_FOLDER_HAND_WRITTEN.includes(f))).toEqual([]);
  });

  it('puts each CRD in exactly one folder', () => {
    const names = CRD_FOLDERS.flatMap((folder) => folder.make().map((crd) => crd.metadata.name));
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });
});
