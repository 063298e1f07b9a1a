// Shared jest settings for every project: ESM test files compiled by swc (with decorator
// metadata for Nest), `@ebb/*` resolved to library sources through tsconfig.base.json paths,
// and a reporter that records each project's totals for `npm test`'s closing line.
const fs = require('node:fs');
const path = require('node:path');

const root = __dirname;
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
const { paths } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions;

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const aliases = Object.fromEntries(
  Object.entries(paths).map(([alias, [target]]) => [`^${escape(alias)}$`, path.join(root, target)]),
);

/** @param {string} projectDir the project's folder (pass `__dirname`) */
module.exports = function preset(projectDir) {
  const name = JSON.parse(fs.readFileSync(path.join(projectDir, 'project.json'), 'utf8')).name;
  return {
    displayName: name,
    rootDir: projectDir,
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts'],
    transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
    moduleNameMapper: { ...aliases, '^(\\.{1,2}/.*)\\.js$': '$1' },
    testMatch: ['<rootDir>/src/**/*.spec.ts'],
    reporters: ['default', [path.join(root, 'tools/jest/summary-reporter.cjs'), { project: name }]],
    errorOnDeprecated: true,
  };
};
