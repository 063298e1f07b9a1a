// Reads every Nx project.json under the workspace so lint settings can follow project tags
// (one source of truth: the tags in project.json), without asking Nx for its project graph.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const SKIP = new Set(['node_modules', 'dist', 'tmp', 'reports', 'coverage', '.git', '.nx']);

/**
 * @param {string} root workspace root
 * @returns {{ root: string, name: string, tags: string[] }[]} projects, roots relative to `root`
 */
export function findProjects(root) {
  const found = [];
  const walk = (dir, depth) => {
    const file = path.join(root, dir, 'project.json');
    if (dir && existsSync(file)) {
      const project = JSON.parse(readFileSync(file, 'utf8'));
      found.push({ root: dir, name: project.name, tags: project.tags ?? [] });
      return;
    }
    if (depth === 0) return;
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      if (entry.isDirectory() && !SKIP.has(entry.name)) walk(path.join(dir, entry.name), depth - 1);
    }
  };
  walk('', 3);
  return found.sort((a, b) => a.root.localeCompare(b.root));
}
