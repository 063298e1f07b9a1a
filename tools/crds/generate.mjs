#!/usr/bin/env node
// Writes deploy/base/crds/<plural>.<group>.yaml for every kind from the TypeBox schemas in libs/api
// (libs/api/src/crd: makeCrds + renderCrdYaml), and deletes any other .yaml file there, so the
// folder is exactly what the schemas say. libs/api/src/crd/crd-drift.spec.ts fails when the
// committed files differ from a fresh render.
//
// The builder is TypeScript, loaded through tools/build/load-ts.mjs.
//
// Usage: npx node tools/crds/generate.mjs
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTsModule } from '../build/load-ts.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = path.join(root, 'deploy', 'base', 'crds');

async function main() {
  const { makeCrds, renderCrdYaml, crdFileName } = await loadTsModule('libs/api/src/crd/index.ts');
  mkdirSync(outDir, { recursive: true });
  const written = new Set();
  for (const crd of makeCrds()) {
    const name = crdFileName(crd);
    writeFileSync(path.join(outDir, name), renderCrdYaml(crd));
    written.add(name);
    console.log(`wrote ${path.relative(root, path.join(outDir, name))}`);
  }
  for (const name of readdirSync(outDir)) {
    if (name.endsWith('.yaml') && !written.has(name)) {
      rmSync(path.join(outDir, name));
      console.log(`removed ${path.relative(root, path.join(outDir, name))}`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
