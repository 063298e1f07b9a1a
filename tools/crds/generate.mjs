#!/usr/bin/env node
// Writes the generated CRDs from the TypeBox schemas in libs/api (libs/api/src/crd: CRD_FOLDERS,
// renderCrdYaml): Ebb's own kinds to deploy/base/crds, Istio's Gateway and VirtualService to
// deploy/components/istio/crds, one <plural>.<group>.yaml per CRD. In each folder it deletes any
// other .yaml file but a hand-written kustomization.yaml (CRD_FOLDER_HAND_WRITTEN), so every
// folder is exactly what the schemas say.
// libs/api/src/crd/crd-drift.spec.ts fails when the committed files differ from a fresh render.
//
// The builder is TypeScript, loaded through tools/build/load-ts.mjs.
//
// Usage: npx node tools/crds/generate.mjs
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTsModule } from '../build/load-ts.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Writes one folder's CRDs and removes the stale files there. */
function writeFolder({ dir, crds, keep }, renderCrdYaml, crdFileName) {
  const outDir = path.join(root, dir);
  mkdirSync(outDir, { recursive: true });
  const written = new Set();
  for (const crd of crds) {
    const name = crdFileName(crd);
    writeFileSync(path.join(outDir, name), renderCrdYaml(crd));
    written.add(name);
    console.log(`wrote ${path.relative(root, path.join(outDir, name))}`);
  }
  for (const name of readdirSync(outDir)) {
    if (name.endsWith('.yaml') && !written.has(name) && !keep.includes(name)) {
      rmSync(path.join(outDir, name));
      console.log(`removed ${path.relative(root, path.join(outDir, name))}`);
    }
  }
}

async function main() {
  const { CRD_FOLDERS, CRD_FOLDER_HAND_WRITTEN, renderCrdYaml, crdFileName } = await loadTsModule('libs/api/src/crd/index.ts');
  for (const folder of CRD_FOLDERS) {
    writeFolder({ dir: folder.dir, crds: folder.make(), keep: CRD_FOLDER_HAND_WRITTEN }, renderCrdYaml, crdFileName);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
