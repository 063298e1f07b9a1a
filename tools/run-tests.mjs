#!/usr/bin/env node
// `npm test`: the whole suite, as CI runs it. Every project's lint, typecheck, build and test
// targets through Nx (the e2e project's tests run the built app bundles), then one closing
// line with the totals of every jest run: `tests: N passed, N failed` (skipped tests count as
// failed: a skipped test is a defect here).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reportsDir = path.join(root, 'reports', 'jest');

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(`Ebb runs on Node 24 (the "node" devDependency), this is Node ${process.versions.node}: run \`npm ci\` and then \`npm test\`.`);
  process.exit(1);
}

const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
const nx = path.join(root, 'node_modules', '.bin', 'nx');
const extra = process.argv.slice(2);

function projectsWithTests() {
  const listed = spawnSync(process.execPath, [nx, 'show', 'projects', '--with-target', 'test', '--json'], { cwd: root, env, encoding: 'utf8' });
  if (listed.status !== 0) {
    process.stderr.write(listed.stderr);
    return undefined;
  }
  return JSON.parse(listed.stdout);
}

function totals(expected) {
  const sum = { passed: 0, failed: 0, skipped: 0, missing: [] };
  const found = existsSync(reportsDir) ? readdirSync(reportsDir).filter((f) => f.endsWith('.json')) : [];
  for (const file of found) {
    const report = JSON.parse(readFileSync(path.join(reportsDir, file), 'utf8'));
    sum.passed += report.passed;
    sum.failed += report.failed + report.failedSuites;
    sum.skipped += report.skipped;
  }
  const have = new Set(found.map((f) => f.replace(/\.json$/, '')));
  sum.missing = (expected ?? []).filter((p) => !have.has(p));
  return sum;
}

rmSync(reportsDir, { recursive: true, force: true });
const expected = projectsWithTests();
const run = spawnSync(
  process.execPath,
  [nx, 'run-many', '-t', 'lint', 'typecheck', 'build', 'test', '--parallel=2', '--output-style=stream', ...extra],
  { cwd: root, env, stdio: 'inherit' },
);
const sum = totals(expected);
const failed = sum.failed + sum.skipped;
if (sum.skipped > 0) console.error(`\n${sum.skipped} skipped or todo test(s): counted as failed.`);
if (sum.missing.length > 0) console.error(`\nno test report from: ${sum.missing.join(', ')} (their tests did not run to the end)`);
console.log(`\ntests: ${sum.passed} passed, ${failed} failed`);
const ok = run.status === 0 && failed === 0 && sum.missing.length === 0 && expected !== undefined;
process.exit(ok ? 0 : 1);
