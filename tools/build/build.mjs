#!/usr/bin/env node
// Builds one project into dist/<projectRoot>/ as ESM bundles that `node` runs directly.
//
// Why esbuild + swc: esbuild bundles our own sources (apps and the @ebb/* libs they import,
// resolved through tsconfig paths) into one file per entry point, but it does not emit
// TypeScript decorator metadata, which Nest's dependency injection needs. So every .ts file is
// compiled by swc (decoratorMetadata on, same .swcrc as the tests) before esbuild sees it.
// npm dependencies stay external and load from node_modules at run time (the NATS client must
// stay external anyway: it is loaded lazily).
//
// Entry points: apps build src/main.ts; libs build src/index.ts and every second entry point
// declared in tsconfig.base.json paths (e.g. @ebb/messaging/nats).
import { readFileSync, rmSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { transformFile } from '@swc/core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const readJson = (file) => JSON.parse(readFileSync(path.join(root, file), 'utf8'));

function entryPoints(projectRoot) {
  const main = path.join(projectRoot, 'src', 'main.ts');
  if (existsSync(path.join(root, main))) return { main };
  const { paths } = readJson('tsconfig.base.json').compilerOptions;
  const prefix = `./${projectRoot}/src/`;
  const entries = {};
  for (const [target] of Object.values(paths)) {
    if (!target.startsWith(prefix)) continue;
    const rel = target.slice(prefix.length).replace(/\.ts$/, '');
    entries[rel] = path.join(projectRoot, 'src', `${rel}.ts`);
  }
  if (Object.keys(entries).length === 0) throw new Error(`${projectRoot}: no src/main.ts and no tsconfig path points into it`);
  return entries;
}

const swcOptions = { ...readJson('.swcrc'), swcrc: false, sourceMaps: 'inline' };
const swcPlugin = {
  name: 'swc',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const { code } = await transformFile(args.path, { ...swcOptions, filename: args.path });
      return { contents: code, loader: 'js' };
    });
  },
};

async function main() {
  const projectRoot = process.argv[2];
  if (!projectRoot) {
    console.error('usage: node tools/build/build.mjs <projectRoot>');
    process.exit(2);
  }
  const pkg = readJson('package.json');
  const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).flatMap((d) => [d, `${d}/*`]);
  const outdir = path.join(root, 'dist', projectRoot);
  rmSync(outdir, { recursive: true, force: true });
  const entries = entryPoints(projectRoot);
  await build({
    absWorkingDir: root,
    entryPoints: entries,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    sourcemap: true,
    keepNames: true,
    external,
    plugins: [swcPlugin],
    logLevel: 'warning',
    banner: {
      // Bundled ESM has no require(); a few CommonJS dependencies expect one.
      js: "import { createRequire as __ebbCreateRequire } from 'node:module'; const require = __ebbCreateRequire(import.meta.url);",
    },
  });
  console.log(`built ${Object.keys(entries).map((e) => path.join('dist', projectRoot, `${e}.js`)).join(', ')}`);
}

await main();
