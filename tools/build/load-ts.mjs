// Imports a TypeScript entry point of the workspace from a plain Node script (a generator, a
// benchmark): esbuild bundles it in memory (our sources inlined, npm packages external) into a
// temporary module under tmp/ — inside the repository, so packages resolve from node_modules —
// which is imported and then removed. For code without decorators (the pure libs); apps are
// built by build.mjs instead.
import { mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** @param {string} entry path of the .ts entry, relative to the workspace root */
export async function loadTsModule(entry) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [path.join(root, entry)],
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    write: false,
    logLevel: 'warning',
  });
  const [output] = result.outputFiles;
  const tmpDir = path.join(root, 'tmp', 'load-ts');
  mkdirSync(tmpDir, { recursive: true });
  const file = path.join(tmpDir, `module-${process.pid}-${Date.now()}.mjs`);
  writeFileSync(file, output.text);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(file, { force: true });
    try {
      rmdirSync(tmpDir); // only when empty: another run may be using it
    } catch {
      // not empty: leave it
    }
  }
}
