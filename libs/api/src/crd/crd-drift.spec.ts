import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { CRD_GENERATE_COMMAND, crdFileName, makeCrds, renderCrdYaml } from './index.js';

const CRD_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../deploy/base/crds');
const HINT = `deploy/base/crds is out of date with the schemas in libs/api: run \`${CRD_GENERATE_COMMAND}\``;

/** The hint plus where the committed text first departs from the fresh render. */
function drift(committed: string, fresh: string): string {
  if (committed === fresh) return 'in sync';
  const a = committed.split('\n');
  const b = fresh.split('\n');
  const line = a.findIndex((l, i) => l !== b[i]);
  const at = line === -1 ? a.length : line;
  return `${HINT} (first difference at line ${at + 1}: committed ${JSON.stringify(a[at])}, rendered ${JSON.stringify(b[at])})`;
}

const rendered = new Map(makeCrds().map((crd) => [crdFileName(crd), renderCrdYaml(crd)]));

describe('deploy/base/crds (generated)', () => {
  it('holds exactly one file per generated CRD, no extra and none missing', () => {
    const committed = readdirSync(CRD_DIR).filter((f) => f.endsWith('.yaml')).sort();
    const expected = [...rendered.keys()].sort();
    const missing = expected.filter((f) => !committed.includes(f));
    const extra = committed.filter((f) => !expected.includes(f));
    expect({ missing, extra, hint: missing.length + extra.length > 0 ? HINT : 'ok' }).toEqual({ missing: [], extra: [], hint: 'ok' });
  });

  it.each([...rendered.entries()].map(([file, yaml]) => ({ file, yaml })))('$file matches a fresh render', ({ file, yaml }) => {
    let committed: string;
    try {
      committed = readFileSync(path.join(CRD_DIR, file), 'utf8');
    } catch {
      committed = '<missing>';
    }
    // Compare with the hint in the message so a failure says how to fix it.
    expect(drift(committed, yaml)).toBe('in sync');
  });

  it.each([...rendered.entries()].map(([file, yaml]) => ({ file, yaml })))('$file starts with the generated-file header and parses back to the CRD', ({ file, yaml }) => {
    expect(yaml.startsWith('# Generated from the TypeBox schemas in libs/api/src')).toBe(true);
    expect(yaml).toContain(CRD_GENERATE_COMMAND);
    expect(parse(yaml)).toEqual(makeCrds().find((crd) => crdFileName(crd) === file));
  });
});
