import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import type { KubeObject } from '@ebb/apimachinery';
import { storeKeyOf } from './keys.js';
import { BadContinueToken, SqliteStore } from './sqlite-store.js';
import { RevisionExpired, StoreConflict, type StoreEvent, type StoreKey } from './store.js';

const here = path.dirname(fileURLToPath(import.meta.url));

let dir: string;
const open: SqliteStore[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-store-'));
});

afterEach(() => {
  for (const store of open.splice(0)) store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function openStore(options: { historyLimit?: number; onListenerError?: (error: unknown) => void } = {}): SqliteStore {
  const store = SqliteStore.open({ file: path.join(dir, 'store.db'), ...options });
  open.push(store);
  return store;
}

function reopen(store: SqliteStore, options: { historyLimit?: number } = {}): SqliteStore {
  store.close();
  return openStore(options);
}

const cmKey = (name: string, namespace = 'default'): StoreKey => storeKeyOf('', 'configmaps', namespace, name);
const deployKey = (name: string, namespace = 'default'): StoreKey => storeKeyOf('apps', 'deployments', namespace, name);

function configMap(name: string, namespace = 'default', data: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}

function deployment(name: string, namespace = 'default'): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace }, spec: { replicas: 1 } };
}

/** Events as `TYPE name@revision` for compact assertions. */
const brief = (event: StoreEvent): string => `${event.type} ${event.key.name}@${event.revision}`;

function conflictOf(action: () => unknown): { reason: string; message: string } | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    if (error instanceof StoreConflict) return { reason: error.reason, message: error.message };
    throw error;
  }
}

describe('SqliteStore writes', () => {
  it('stamps the new revision on create and update and returns fresh copies', () => {
    const store = openStore();
    const input = configMap('a', 'default', { k: 'v' });
    const created = store.create(cmKey('a'), input);
    expect(created.metadata.resourceVersion).toBe('1');
    expect(input.metadata.resourceVersion).toBeUndefined();

    const updated = store.update(cmKey('a'), configMap('a', 'default', { k: 'w' }), '1');
    expect(updated).toEqual({ ...configMap('a', 'default', { k: 'w' }), metadata: { name: 'a', namespace: 'default', resourceVersion: '2' } });

    const fetched = store.get(cmKey('a'));
    expect(fetched).toEqual(updated);
    fetched!.metadata.name = 'mutated';
    expect(store.get(cmKey('a'))?.metadata.name).toBe('a');
    expect(store.get(cmKey('missing'))).toBeUndefined();
  });

  it.each([
    ['update without expected revision', (s: SqliteStore) => s.update(cmKey('a'), configMap('a')), '2'],
    ['update with an empty expected revision', (s: SqliteStore) => s.update(cmKey('a'), configMap('a'), ''), '2'],
    ['update with the current revision', (s: SqliteStore) => s.update(cmKey('a'), configMap('a'), '1'), '2'],
    ['delete without expected revision', (s: SqliteStore) => s.delete(cmKey('a')), '2'],
    ['delete with the current revision', (s: SqliteStore) => s.delete(cmKey('a'), '1'), '2'],
  ])('accepts %s', (_name, action, revision) => {
    const store = openStore();
    store.create(cmKey('a'), configMap('a'));
    expect(action(store).metadata.resourceVersion).toBe(revision);
    expect(store.currentRevision()).toBe(2);
  });

  it.each([
    ['create of a taken key', (s: SqliteStore) => s.create(cmKey('a'), configMap('a')), 'exists', 'exists: /configmaps/default/a'],
    ['update of a missing key', (s: SqliteStore) => s.update(cmKey('b'), configMap('b')), 'missing', 'missing: /configmaps/default/b'],
    ['update with a stale revision', (s: SqliteStore) => s.update(cmKey('a'), configMap('a'), '7'), 'modified', 'modified: /configmaps/default/a'],
    ['delete of a missing key', (s: SqliteStore) => s.delete(cmKey('b')), 'missing', 'missing: /configmaps/default/b'],
    ['delete with a stale revision', (s: SqliteStore) => s.delete(cmKey('a'), '7'), 'modified', 'modified: /configmaps/default/a'],
  ])('refuses %s and keeps the revision', (_name, action, reason, message) => {
    const store = openStore();
    store.create(cmKey('a'), configMap('a'));
    expect(conflictOf(() => action(store))).toEqual({ reason, message });
    expect(store.currentRevision()).toBe(1);
    expect(store.get(cmKey('a'))?.metadata.resourceVersion).toBe('1');
  });

  it('returns the deleted object at the deletion revision and forgets it', () => {
    const store = openStore();
    store.create(cmKey('a'), configMap('a', 'default', { k: 'v' }));
    store.create(cmKey('b'), configMap('b'));
    const deleted = store.delete(cmKey('a'), '1');
    expect(deleted).toEqual({ ...configMap('a', 'default', { k: 'v' }), metadata: { name: 'a', namespace: 'default', resourceVersion: '3' } });
    expect(store.get(cmKey('a'))).toBeUndefined();
    expect(store.create(cmKey('a'), configMap('a')).metadata.resourceVersion).toBe('4');
  });

  it('keeps one strictly increasing revision across kinds and across close and reopen', () => {
    let store = openStore();
    const revisions = [
      store.create(cmKey('a'), configMap('a')),
      store.create(deployKey('a'), deployment('a')),
      store.update(cmKey('a'), configMap('a')),
      store.delete(deployKey('a')),
    ].map((o) => o.metadata.resourceVersion);
    expect(revisions).toEqual(['1', '2', '3', '4']);

    store = reopen(store);
    expect(store.currentRevision()).toBe(4);
    expect(store.create(deployKey('a'), deployment('a')).metadata.resourceVersion).toBe('5');
    store.delete(deployKey('a'));
    store.delete(cmKey('a'));

    store = reopen(store);
    expect(store.currentRevision()).toBe(7);
    expect(store.create(cmKey('z', 'other'), configMap('z', 'other')).metadata.resourceVersion).toBe('8');
  });

  it('reports its size on disk', () => {
    const store = openStore();
    const empty = store.sizeBytes();
    expect(empty).toBeGreaterThan(0);
    for (let i = 0; i < 50; i += 1) store.create(cmKey(`cm-${i}`), configMap(`cm-${i}`, 'default', { blob: 'x'.repeat(1000) }));
    expect(store.sizeBytes()).toBeGreaterThan(empty + 50 * 1000);
  });

  it.each([
    ['zero', 0],
    ['negative', -5],
    ['fractional', 1.5],
  ])('refuses a %s history limit', (_name, historyLimit) => {
    expect(() => SqliteStore.open({ file: path.join(dir, 'bad.db'), historyLimit })).toThrow(RangeError);
  });
});

describe('SqliteStore list', () => {
  function seed(store: SqliteStore): void {
    for (const [namespace, name] of [
      ['ns-b', 'x'],
      ['ns-a', 'y'],
      ['ns-a', 'b'],
      ['default', 'z'],
      ['ns-b', 'a'],
    ] as const) {
      store.create(cmKey(name, namespace), configMap(name, namespace));
    }
    store.create(deployKey('a', 'ns-a'), deployment('a', 'ns-a'));
  }

  const names = (items: KubeObject[]): string[] => items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);

  it.each([
    ['all namespaces', {}, ['default/z', 'ns-a/b', 'ns-a/y', 'ns-b/a', 'ns-b/x']],
    ['one namespace', { namespace: 'ns-a' }, ['ns-a/b', 'ns-a/y']],
    ['an empty namespace', { namespace: 'nope' }, []],
    ['a filter', { filter: (o: KubeObject) => o.metadata.name !== 'y' }, ['default/z', 'ns-a/b', 'ns-b/a', 'ns-b/x']],
    ['a limit above the count', { limit: 10 }, ['default/z', 'ns-a/b', 'ns-a/y', 'ns-b/a', 'ns-b/x']],
  ])('orders by namespace then name with %s', (_name, options, expected) => {
    const store = openStore();
    seed(store);
    const page = store.list('', 'configmaps', options);
    expect(names(page.items)).toEqual(expected);
    expect(page.revision).toBe(6);
    expect(page.continue).toBeUndefined();
  });

  it('lists the other resource separately', () => {
    const store = openStore();
    seed(store);
    expect(names(store.list('apps', 'deployments').items)).toEqual(['ns-a/a']);
  });

  it('pages 25 objects with a filter: full pages of matches, the first page revision, no token at the end', () => {
    const store = openStore();
    for (let i = 0; i < 25; i += 1) {
      const name = `cm-${String(i).padStart(2, '0')}`;
      store.create(cmKey(name, i % 2 === 0 ? 'even' : 'odd'), configMap(name, i % 2 === 0 ? 'even' : 'odd', { i: String(i) }));
    }
    // Keeps every object with an index that is not a multiple of 3: 16 of 25.
    const filter = (o: KubeObject): boolean => {
      const index = (o['data'] as Record<string, string>)['i'];
      return index !== undefined && Number(index) % 3 !== 0;
    };
    const pages: string[][] = [];
    const revisions: number[] = [];
    let token: string | undefined;
    do {
      const page = store.list('', 'configmaps', { limit: 5, filter, ...(token === undefined ? {} : { continue: token }) });
      pages.push(page.items.map((o) => o.metadata.name ?? ''));
      revisions.push(page.revision);
      token = page.continue;
      // Writes between pages move the store on, but not the list's revision.
      store.create(cmKey(`later-${pages.length}`, 'zzz'), configMap(`later-${pages.length}`, 'zzz'));
    } while (token !== undefined);

    expect(pages).toEqual([
      ['cm-02', 'cm-04', 'cm-08', 'cm-10', 'cm-14'],
      ['cm-16', 'cm-20', 'cm-22', 'cm-01', 'cm-05'],
      ['cm-07', 'cm-11', 'cm-13', 'cm-17', 'cm-19'],
      // The later-* objects (no index) do not match; the last page holds cm-23 alone.
      ['cm-23'],
    ]);
    expect(revisions).toEqual([25, 25, 25, 25]);
  });

  it('fills a page across several read batches when few objects match', () => {
    const store = openStore();
    for (let i = 0; i < 250; i += 1) store.create(cmKey(`cm-${String(i).padStart(3, '0')}`), configMap(`cm-${String(i).padStart(3, '0')}`));
    const filter = (o: KubeObject): boolean => Number((o.metadata.name ?? '').slice(3)) % 50 === 0;
    const first = store.list('', 'configmaps', { limit: 3, filter });
    const second = store.list('', 'configmaps', { limit: 3, filter, continue: first.continue! });
    expect([names(first.items), names(second.items), second.continue]).toEqual([
      ['default/cm-000', 'default/cm-050', 'default/cm-100'],
      ['default/cm-150', 'default/cm-200'],
      undefined,
    ]);
  });

  it('pages within one namespace', () => {
    const store = openStore();
    for (const name of ['d', 'a', 'c', 'b', 'e']) store.create(cmKey(name, 'ns'), configMap(name, 'ns'));
    store.create(cmKey('a', 'other'), configMap('a', 'other'));
    const first = store.list('', 'configmaps', { namespace: 'ns', limit: 2 });
    const second = store.list('', 'configmaps', { namespace: 'ns', limit: 2, continue: first.continue! });
    const third = store.list('', 'configmaps', { namespace: 'ns', limit: 2, continue: second.continue! });
    expect([first, second, third].map((p) => [names(p.items), p.continue === undefined])).toEqual([
      [['ns/a', 'ns/b'], false],
      [['ns/c', 'ns/d'], false],
      [['ns/e'], true],
    ]);
  });

  it('sets no token when the page ends exactly at the last object', () => {
    const store = openStore();
    for (const name of ['a', 'b', 'c']) store.create(cmKey(name), configMap(name));
    expect(store.list('', 'configmaps', { limit: 3 }).continue).toBeUndefined();
  });

  it.each([
    ['not base64url JSON', '!!!'],
    ['JSON of the wrong shape', Buffer.from('{"rev":"1"}').toString('base64url')],
    ['a revision from the future', Buffer.from('{"rev":99,"ns":"","name":""}').toString('base64url')],
  ])('refuses a continue token that is %s', (_name, token) => {
    const store = openStore();
    store.create(cmKey('a'), configMap('a'));
    expect(() => store.list('', 'configmaps', { continue: token })).toThrow(BadContinueToken);
    try {
      store.list('', 'configmaps', { continue: token });
    } catch (error) {
      expect((error as Error).name).toBe('BadContinueToken');
    }
  });

  it('expires a continue token older than the kept history', () => {
    const store = openStore({ historyLimit: 3 });
    for (const name of ['a', 'b', 'c']) store.create(cmKey(name), configMap(name));
    const first = store.list('', 'configmaps', { limit: 1 });
    expect(first.revision).toBe(3);
    for (const name of ['d', 'e', 'f', 'g']) store.create(cmKey(name), configMap(name));
    expect(store.oldestWatchableRevision()).toBe(4);
    expect(() => store.list('', 'configmaps', { limit: 1, continue: first.continue! })).toThrow(
      new RevisionExpired(3, 4),
    );
  });
});

describe('SqliteStore watch', () => {
  it('replays history, then delivers live events, with no gap or duplicate while the listener writes', () => {
    const store = openStore();
    store.create(cmKey('a'), configMap('a'));
    store.create(cmKey('b'), configMap('b'));
    store.create(deployKey('d'), deployment('d'));
    store.update(cmKey('a'), configMap('a'));

    const seen: string[] = [];
    store.watch({ group: '', resource: 'configmaps', after: 1 }, (event) => {
      seen.push(brief(event));
      // Writes from inside the listener, during the replay and once live.
      if (event.key.name === 'b' && event.type === 'ADDED') store.create(cmKey('c'), configMap('c'));
      if (event.key.name === 'c' && event.type === 'ADDED') store.create(deployKey('e'), deployment('e'));
      if (event.key.name === 'x' && event.type === 'ADDED') store.delete(cmKey('x'));
    });
    store.create(cmKey('x'), configMap('x'));
    store.update(cmKey('b'), configMap('b'));

    expect(seen).toEqual(['ADDED b@2', 'MODIFIED a@4', 'ADDED c@5', 'ADDED x@7', 'DELETED x@8', 'MODIFIED b@9']);
  });

  it('delivers every change of every listener in revision order when listeners write', () => {
    const store = openStore();
    const first: number[] = [];
    const second: number[] = [];
    store.watch({ group: '', resource: '', after: 0 }, (event) => {
      first.push(event.revision);
      if (event.revision < 4) store.create(cmKey(`chain-${event.revision}`), configMap(`chain-${event.revision}`));
    });
    store.watch({ group: '', resource: '', after: 0 }, (event) => second.push(event.revision));
    store.create(deployKey('start'), deployment('start'));
    expect(first).toEqual([1, 2, 3, 4]);
    expect(second).toEqual([1, 2, 3, 4]);
  });

  it('starts a watch from inside a listener without losing or repeating events', () => {
    const store = openStore();
    const inner: number[] = [];
    store.watch({ group: '', resource: 'configmaps', after: 0 }, (event) => {
      if (event.revision === 2) {
        store.create(cmKey('from-outer'), configMap('from-outer'));
        store.watch({ group: '', resource: 'configmaps', after: 0 }, (e) => inner.push(e.revision));
      }
    });
    store.create(cmKey('a'), configMap('a'));
    store.create(cmKey('b'), configMap('b'));
    store.create(cmKey('c'), configMap('c'));
    expect(inner).toEqual([1, 2, 3, 4]);
  });

  it('watches everything when group and resource are empty, with the object at each revision', () => {
    const store = openStore();
    const seen: StoreEvent[] = [];
    store.watch({ group: '', resource: '', after: 0 }, (event) => seen.push(event));
    store.create(cmKey('a'), configMap('a'));
    store.create(deployKey('d'), deployment('d'));
    store.delete(cmKey('a'));
    expect(seen.map(brief)).toEqual(['ADDED a@1', 'ADDED d@2', 'DELETED a@3']);
    expect(seen.map((e) => [e.key, e.object.metadata.resourceVersion])).toEqual([
      [cmKey('a'), '1'],
      [deployKey('d'), '2'],
      [cmKey('a'), '3'],
    ]);
  });

  it('parses a change once and hands every listener that one read-only object', () => {
    const store = openStore();
    const objects: KubeObject[] = [];
    store.watch({ group: '', resource: 'configmaps', after: 0 }, (event) => objects.push(event.object));
    store.watch({ group: '', resource: 'configmaps', after: 0 }, (event) => objects.push(event.object));
    store.create(cmKey('a'), configMap('a'));
    expect(objects).toHaveLength(2);
    expect(objects[0]).toBe(objects[1]);
    expect(objects[0]).toMatchObject({ metadata: { name: 'a', resourceVersion: '1' } });
  });

  it('waits for later events when started after the current revision', () => {
    const store = openStore();
    store.create(cmKey('a'), configMap('a'));
    const seen: string[] = [];
    store.watch({ group: '', resource: 'configmaps', after: 3 }, (event) => seen.push(brief(event)));
    store.create(cmKey('b'), configMap('b'));
    store.create(cmKey('c'), configMap('c'));
    store.create(cmKey('d'), configMap('d'));
    expect(seen).toEqual(['ADDED d@4']);
  });

  it('stops delivering after stop', () => {
    const store = openStore();
    const seen: number[] = [];
    const watch = store.watch({ group: '', resource: 'configmaps', after: 0 }, (event) => seen.push(event.revision));
    store.create(cmKey('a'), configMap('a'));
    watch.stop();
    store.create(cmKey('b'), configMap('b'));
    expect(seen).toEqual([1]);
  });

  it('stops a watch whose listener throws and keeps the write', () => {
    const errors: unknown[] = [];
    const store = openStore({ onListenerError: (error) => errors.push(error) });
    const seen: number[] = [];
    store.watch({ group: '', resource: 'configmaps', after: 0 }, () => {
      throw new Error('boom');
    });
    store.watch({ group: '', resource: 'configmaps', after: 0 }, (event) => seen.push(event.revision));
    expect(store.create(cmKey('a'), configMap('a')).metadata.resourceVersion).toBe('1');
    store.create(cmKey('b'), configMap('b'));
    expect(seen).toEqual([1, 2]);
    expect(errors).toEqual([new Error('boom')]);
  });

  it('expires watches older than the compacted history', () => {
    const store = openStore({ historyLimit: 5 });
    for (let i = 0; i < 12; i += 1) store.create(cmKey(`cm-${i}`), configMap(`cm-${i}`));
    expect(store.oldestWatchableRevision()).toBe(7);
    expect(() => store.watch({ group: '', resource: 'configmaps', after: 6 }, () => undefined)).toThrow(new RevisionExpired(6, 7));
    expect((() => {
      try {
        store.watch({ group: '', resource: 'configmaps', after: 2 }, () => undefined);
        return undefined;
      } catch (error) {
        return { name: (error as Error).name, message: (error as Error).message };
      }
    })()).toEqual({ name: 'RevisionExpired', message: 'too old resource version: 2 (7)' });

    const seen: number[] = [];
    store.watch({ group: '', resource: 'configmaps', after: 7 }, (event) => seen.push(event.revision));
    expect(seen).toEqual([8, 9, 10, 11, 12]);
  });

  it('expires a replay whose own listener writes compact history it has not read yet', () => {
    const store = openStore({ historyLimit: 600 });
    for (let i = 0; i < 600; i += 1) store.create(cmKey(`cm-${i}`), configMap(`cm-${i}`));
    const seen: number[] = [];
    const watch = (): unknown =>
      store.watch({ group: '', resource: 'configmaps', after: 0 }, (event) => {
        seen.push(event.revision);
        if (event.revision !== 1) return;
        for (let i = 0; i < 550; i += 1) store.create(cmKey(`burst-${i}`), configMap(`burst-${i}`));
      });
    expect(watch).toThrow(new RevisionExpired(500, 550));
    expect(seen).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
  });

  it('keeps the oldest watchable revision across reopen, even after deleting everything', () => {
    let store = openStore({ historyLimit: 2 });
    for (const name of ['a', 'b', 'c', 'd']) store.create(cmKey(name), configMap(name));
    for (const name of ['a', 'b', 'c', 'd']) store.delete(cmKey(name));
    store = reopen(store, { historyLimit: 2 });
    expect([store.currentRevision(), store.oldestWatchableRevision()]).toEqual([8, 6]);
    expect(() => store.watch({ group: '', resource: '', after: 5 }, () => undefined)).toThrow(RevisionExpired);
  });

  it('compacts on reopen with a lower history limit', () => {
    let store = openStore();
    for (const name of ['a', 'b', 'c', 'd', 'e']) store.create(cmKey(name), configMap(name));
    store = reopen(store, { historyLimit: 2 });
    expect(store.oldestWatchableRevision()).toBe(3);
  });

  it('resumes a watch after reopen from a revision in history', () => {
    let store = openStore();
    store.create(cmKey('a'), configMap('a'));
    store.create(cmKey('b'), configMap('b'));
    store.update(cmKey('a'), configMap('a', 'default', { k: 'v' }));
    store.delete(cmKey('b'));
    store = reopen(store);
    const seen: StoreEvent[] = [];
    store.watch({ group: '', resource: 'configmaps', after: 2 }, (event) => seen.push(event));
    store.create(cmKey('c'), configMap('c'));
    expect(seen.map(brief)).toEqual(['MODIFIED a@3', 'DELETED b@4', 'ADDED c@5']);
    expect(seen[0]?.object).toEqual({ ...configMap('a', 'default', { k: 'v' }), metadata: { name: 'a', namespace: 'default', resourceVersion: '3' } });
  });

  it('replays a history longer than one read batch in order', () => {
    const store = openStore();
    for (let i = 0; i < 1203; i += 1) store.create(cmKey(`cm-${i}`), configMap(`cm-${i}`));
    const seen: number[] = [];
    store.watch({ group: '', resource: 'configmaps', after: 100 }, (event) => seen.push(event.revision));
    expect(seen).toEqual(Array.from({ length: 1103 }, (_, i) => i + 101));
  });
});

describe('SqliteStore durability', () => {
  it('keeps every acknowledged write when the writing process is killed with SIGKILL', async () => {
    const child = path.join(dir, 'child.mjs');
    buildSync({
      entryPoints: [path.join(here, 'sqlite-store.durability-child.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      outfile: child,
      logLevel: 'silent',
    });
    const file = path.join(dir, 'store.db');
    const total = 1_000_000;
    const acknowledged = await runAndKill(child, [file, String(total)], 2000);
    expect(acknowledged.length).toBeGreaterThanOrEqual(2000);
    expect(acknowledged.length).toBeLessThan(total);

    const store = openStore();
    const listed = store.list('', 'configmaps').items.map((o) => o.metadata.name);
    const present = new Set(listed);
    expect(acknowledged.filter((name) => !present.has(name))).toEqual([]);
    // Every create bumped the revision once: the counter, the rows and the log agree.
    expect(store.currentRevision()).toBe(listed.length);
    expect(store.get(cmKey(acknowledged.at(-1)!))?.metadata.resourceVersion).toBe(String(acknowledged.length));
  }, 60_000);
});

/** Runs `script`, collects the complete lines it prints, and kills it with SIGKILL after `killAfter` lines. */
function runAndKill(script: string, args: string[], killAfter: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let partial = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts);
      if (lines.length >= killAfter) proc.kill('SIGKILL');
    });
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve(lines);
      else reject(new Error(`child ended with ${code}/${signal} before the kill: ${stderr}`));
    });
  });
}
