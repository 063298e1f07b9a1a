import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WORKSPACE_ROOT } from '@ebb/testing';
import { runBin } from './support/workspace.js';

/** The dependency graph Nx computes for the real workspace (`nx graph --file`). */
interface NxGraph {
  readonly graph: {
    readonly nodes: Record<string, { readonly type: string; readonly data: { readonly tags?: readonly string[] } }>;
    readonly dependencies: Record<string, readonly { readonly source: string; readonly target: string }[]>;
  };
}

describe('the project graph', () => {
  let graph: NxGraph['graph'];

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ebb-graph-'));
    try {
      const file = path.join(dir, 'graph.json');
      const result = await runBin('nx', ['graph', `--file=${file}`], WORKSPACE_ROOT);
      expect(result.code).toBe(0);
      graph = (JSON.parse(readFileSync(file, 'utf8')) as NxGraph).graph;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  const tagged = (tag: string): string[] =>
    Object.entries(graph.nodes)
      .filter(([, node]) => node.data.tags?.includes(tag))
      .map(([name]) => name)
      .sort();

  it('holds the five platform apps, the local cluster, the CLI and the shared libs', () => {
    expect(tagged('type:app')).toEqual(['activator', 'autoscaler', 'cli', 'controller', 'local-cluster', 'networking', 'webhook']);
    expect(Object.keys(graph.nodes)).toEqual(expect.arrayContaining(['apimachinery', 'image-store', 'kube', 'messaging', 'observability', 'pki', 'testing', 'workloads', 'e2e']));
  });

  it('has edges from apps to the libs they import', () => {
    const targets = (graph.dependencies['controller'] ?? []).map((d) => d.target);
    expect(targets).toEqual(expect.arrayContaining(['messaging', 'observability']));
    const cluster = (graph.dependencies['local-cluster'] ?? []).map((d) => d.target);
    expect(cluster).toEqual(expect.arrayContaining(['apimachinery', 'image-store', 'kube', 'observability', 'pki', 'workloads']));
  });

  it('has no edge from an app to an app', () => {
    const apps = new Set(tagged('type:app'));
    const appToApp = [...apps].flatMap((app) => (graph.dependencies[app] ?? []).filter((d) => apps.has(d.target)).map((d) => `${d.source} → ${d.target}`));
    expect(appToApp).toEqual([]);
  });
});
