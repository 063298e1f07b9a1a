import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WORKSPACE_ROOT } from '@ebb/testing';
import { runBin } from './support/workspace.js';

/**
 * Proof that the dependency rules bite: a throw-away workspace with the repository's own lint
 * configuration (copied, not restated) and small projects with deliberately bad imports is
 * linted with the real ESLint and Nx; every bad import must fail with the rule's error, and
 * the good imports must pass. Removing or loosening a rule in eslint.config.mjs fails this test.
 */

interface FixtureProject {
  readonly root: string;
  readonly tags: readonly string[];
  readonly files: Readonly<Record<string, string>>;
}

const PROJECTS: readonly FixtureProject[] = [
  {
    root: 'libs/pure-a',
    tags: ['type:pure', 'scope:serving'],
    files: {
      'index.ts': "export const a = 1;\n",
      'good.ts': "import { b } from '@ebb/pure-b';\nimport type { KubeConfig } from '@kubernetes/client-node';\n\nexport type Kube = KubeConfig;\nexport const good = b + 1;\n",
      'imports-io-lib.ts': "import { io } from '@ebb/io-a';\n\nexport const bad = io;\n",
      'imports-node-fs.ts': "import { readFileSync } from 'node:fs';\n\nexport const bad = readFileSync;\n",
      'imports-node-http.ts': "import * as http from 'http';\n\nexport const bad = http;\n",
      'imports-nest.ts': "import { Injectable } from '@nestjs/common';\n\nexport const bad = Injectable;\n",
      'imports-nats.ts': "import { connect } from '@nats-io/transport-node';\n\nexport const bad = connect;\n",
      'imports-kube-client.ts': "import { KubeConfig } from '@kubernetes/client-node';\n\nexport const bad = KubeConfig;\n",
    },
  },
  { root: 'libs/pure-b', tags: ['type:pure', 'scope:serving'], files: { 'index.ts': 'export const b = 2;\n' } },
  { root: 'libs/io-a', tags: ['type:io', 'scope:shared'], files: { 'index.ts': 'export const io = 3;\n', 'imports-serving.ts': "import { s } from '@ebb/io-serving';\n\nexport const bad = s;\n" } },
  { root: 'libs/io-serving', tags: ['type:io', 'scope:serving'], files: { 'index.ts': 'export const s = 5;\n' } },
  {
    root: 'apps/app-a',
    tags: ['type:app', 'scope:serving'],
    files: {
      'index.ts': "import { io } from '@ebb/io-a';\nimport { a } from '@ebb/pure-a';\n\nexport const app = io + a;\n",
      'imports-app.ts': "import { other } from '@ebb/app-b';\n\nexport const bad = other;\n",
    },
  },
  { root: 'apps/app-b', tags: ['type:app', 'scope:serving'], files: { 'index.ts': 'export const other = 4;\n' } },
];

/** Each deliberately bad file and the rule error it must raise. */
const EXPECTED_ERRORS: readonly { file: string; rule: string; message: RegExp }[] = [
  { file: 'libs/pure-a/src/imports-io-lib.ts', rule: '@nx/enforce-module-boundaries', message: /tagged with "type:pure" can only depend on libs tagged with "type:pure", "type:testing"/ },
  { file: 'libs/pure-a/src/imports-node-fs.ts', rule: '@typescript-eslint/no-restricted-imports', message: /'node:fs' import is restricted.*type:pure lib does no I\/O/ },
  { file: 'libs/pure-a/src/imports-node-http.ts', rule: '@typescript-eslint/no-restricted-imports', message: /'http' import is restricted/ },
  { file: 'libs/pure-a/src/imports-nest.ts', rule: '@nx/enforce-module-boundaries', message: /tagged with "type:pure" is not allowed to import "@nestjs\/common"/ },
  { file: 'libs/pure-a/src/imports-nats.ts', rule: '@nx/enforce-module-boundaries', message: /tagged with "type:pure" is not allowed to import "@nats-io\/transport-node"/ },
  { file: 'libs/pure-a/src/imports-kube-client.ts', rule: '@typescript-eslint/no-restricted-imports', message: /'@kubernetes\/client-node' import is restricted/ },
  { file: 'libs/io-a/src/imports-serving.ts', rule: '@nx/enforce-module-boundaries', message: /tagged with "scope:shared" can not depend on libs tagged with "scope:serving"/ },
  { file: 'apps/app-a/src/imports-app.ts', rule: '@nx/enforce-module-boundaries', message: /tagged with "type:app" can only depend on libs tagged with "type:pure", "type:io", "type:testing"/ },
];

const GOOD_FILES = ['libs/pure-a/src/good.ts', 'libs/pure-a/src/index.ts', 'libs/io-a/src/index.ts', 'apps/app-a/src/index.ts'];

function writeJson(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Lays out the throw-away workspace and returns its folder. */
function makeFixture(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ebb-boundaries-'));
  symlinkSync(path.join(WORKSPACE_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  cpSync(path.join(WORKSPACE_ROOT, 'eslint.config.mjs'), path.join(dir, 'eslint.config.mjs'));
  cpSync(path.join(WORKSPACE_ROOT, 'tools', 'eslint'), path.join(dir, 'tools', 'eslint'), { recursive: true });
  // The real manifest and lock file: Nx knows npm packages (for bannedExternalImports) from the lock file.
  cpSync(path.join(WORKSPACE_ROOT, 'package.json'), path.join(dir, 'package.json'));
  cpSync(path.join(WORKSPACE_ROOT, 'package-lock.json'), path.join(dir, 'package-lock.json'));
  writeJson(path.join(dir, 'nx.json'), { neverConnectToCloud: true });
  const paths = Object.fromEntries(PROJECTS.map((p) => [`@ebb/${path.basename(p.root)}`, [`./${p.root}/src/index.ts`]]));
  const base = { compilerOptions: { ...readBaseOptions(), paths } };
  writeJson(path.join(dir, 'tsconfig.base.json'), base);
  for (const project of PROJECTS) {
    const root = path.join(dir, project.root);
    writeJson(path.join(root, 'project.json'), { name: path.basename(project.root), sourceRoot: `${project.root}/src`, tags: project.tags });
    writeJson(path.join(root, 'tsconfig.json'), { extends: '../../tsconfig.base.json', include: ['src/**/*.ts'] });
    for (const [file, text] of Object.entries(project.files)) {
      mkdirSync(path.join(root, 'src'), { recursive: true });
      writeFileSync(path.join(root, 'src', file), text);
    }
  }
  return dir;
}

function readBaseOptions(): Record<string, unknown> {
  // The repository's compiler options, so the fixture parses as the real code does.
  const { compilerOptions } = JSON.parse(readFileSync(path.join(WORKSPACE_ROOT, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: Record<string, unknown>;
  };
  return compilerOptions;
}

interface LintResult {
  readonly filePath: string;
  readonly messages: readonly { ruleId: string | null; message: string; severity: number }[];
}

describe('module boundaries', () => {
  let fixture: string;
  let results: Map<string, LintResult['messages']>;

  beforeAll(async () => {
    fixture = makeFixture();
    // The Nx rule reads the cached project graph and silently skips itself without one.
    const graph = await runBin('nx', ['show', 'projects'], fixture);
    expect(graph.stdout.split('\n').filter(Boolean).sort()).toEqual(['app-a', 'app-b', 'io-a', 'io-serving', 'pure-a', 'pure-b']);
    const lint = await runBin('eslint', ['--format', 'json', '.'], fixture);
    const parsed = JSON.parse(lint.stdout) as LintResult[];
    results = new Map(parsed.map((r) => [path.relative(fixture, r.filePath), r.messages]));
  }, 120_000);

  afterAll(() => {
    if (fixture) rmSync(fixture, { recursive: true, force: true });
  });

  it.each(EXPECTED_ERRORS)('refuses $file ($rule)', ({ file, rule, message }) => {
    const messages = results.get(file) ?? [];
    expect(messages.filter((m) => m.ruleId === rule && m.severity === 2).map((m) => m.message)).toEqual([expect.stringMatching(message)]);
  });

  it.each(GOOD_FILES)('accepts %s', (file) => {
    expect(results.get(file)?.filter((m) => m.severity === 2)).toEqual([]);
  });
});
