// Lint for shape and for architecture. The module boundaries below are the project's
// dependency rules (STYLE.md §5) made executable: e2e/src/module-boundaries.e2e.ts proves
// that each of them fails a lint run when broken.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import { findProjects } from './tools/eslint/projects.mjs';

const root = path.dirname(fileURLToPath(import.meta.url));
const projects = findProjects(root);
const filesOf = (tag) => projects.filter((p) => p.tags.includes(tag)).map((p) => `${p.root}/**/*.ts`);
/** A config block for `files`, or none when no project matches (ESLint refuses an empty `files`). */
const whenAny = (files, block) => (files.length > 0 ? [block(files)] : []);

/** Node modules that do I/O: a pure lib takes time, randomness and I/O as parameters instead. */
const NODE_IO_MODULES = [
  'child_process', 'cluster', 'dgram', 'dns', 'fs', 'fs/promises', 'http', 'http2', 'https',
  'inspector', 'net', 'os', 'process', 'readline', 'repl', 'tls', 'tty', 'v8', 'vm', 'worker_threads',
];

/** npm packages that do I/O or bring a runtime; a pure lib may not load them. */
const IO_PACKAGES = [
  '@nestjs/*', '@nats-io/*', 'prom-client', 'pino', 'pino-http', 'nestjs-pino',
  'http-proxy-middleware', 'express', 'testcontainers',
];

/** Production code never loads the test harnesses. */
const NO_TESTING_LIB = { name: '@ebb/testing', message: 'Only specs, e2e/ and bench/ may import @ebb/testing.' };

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/tmp/**', '**/reports/**', '**/.nx/**'] },
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // type:testing is reachable from every kind so that specs can use it; the override
            // below keeps it out of production files.
            { sourceTag: 'type:pure', onlyDependOnLibsWithTags: ['type:pure', 'type:testing'], bannedExternalImports: IO_PACKAGES },
            { sourceTag: 'type:io', onlyDependOnLibsWithTags: ['type:pure', 'type:io', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:pure', 'type:io', 'type:testing'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:pure', 'type:io', 'type:testing'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:pure', 'type:io', 'type:testing'] },
            { sourceTag: 'scope:shared', notDependOnLibsWithTags: ['scope:serving'] },
            { sourceTag: 'scope:cluster', notDependOnLibsWithTags: ['scope:serving'] },
          ],
        },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/explicit-function-return-type': ['error', { allowExpressions: true, allowTypedFunctionExpressions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      complexity: ['error', 10],
      'max-depth': ['error', 3],
      'max-params': ['error', 4],
      'max-statements': ['error', 20],
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'No enums: use a const object and a derived union type.' },
      ],
    },
  },
  ...whenAny(filesOf('type:pure'), (files) => ({
    files,
    // Specs may read fixtures and shipped YAML from disk; the code under test may not.
    ignores: ['**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...NODE_IO_MODULES.flatMap((m) => [m, `node:${m}`]).map((name) => ({
              name,
              message: 'A type:pure lib does no I/O: take what you need as a parameter.',
            })),
            {
              name: '@kubernetes/client-node',
              allowTypeImports: true,
              message: 'A type:pure lib may use only the types of the Kubernetes client.',
            },
          ],
        },
      ],
    },
  })),
  {
    // Production code never loads the test harnesses; only specs, e2e/ and bench/ do.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['**/*.spec.ts', 'libs/testing/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [NO_TESTING_LIB] }],
    },
  },
  {
    // The main entry of @ebb/messaging (subjects, schemas, decode) is pure; I/O lives in its nats/ entry.
    files: ['libs/messaging/src/**/*.ts'],
    ignores: ['libs/messaging/src/nats/**', '**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [NO_TESTING_LIB],
          patterns: [
            { group: [...IO_PACKAGES, ...NODE_IO_MODULES.flatMap((m) => [m, `node:${m}`])], message: 'The main entry of @ebb/messaging is pure: put I/O under src/nats/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e.ts', 'libs/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/explicit-function-return-type': 'off',
      'max-statements': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name=/^(skip|todo|only)$/]",
          message: 'A skipped or focused test counts as a failure: fix it or delete it.',
        },
        { selector: "CallExpression[callee.name=/^x(it|test|describe)$/]", message: 'A skipped test counts as a failure.' },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
