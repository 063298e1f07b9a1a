import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listFiles, pathInside, syncPayload } from './files.js';
import type { FileProjection } from './payload.js';

const text = (value: string, mode = 0o644): FileProjection => ({ data: new TextEncoder().encode(value), mode });

describe('volume files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ebb-volume-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('syncs a payload: writes changed files only and removes dropped ones', async () => {
    const first = syncPayload(dir, new Map([['a', text('A')], ['b', text('B')], ['d/c', text('C', 0o400)]]), new Set());
    expect([...first.changed].sort()).toEqual(['a', 'b', 'd/c']);
    const second = syncPayload(dir, new Map([['a', text('A')], ['d/c', text('C2', 0o400)]]), first.paths);
    expect([...second.changed].sort()).toEqual(['b', 'd/c']);
    expect(await readFile(join(dir, 'd', 'c'), 'utf8')).toBe('C2');
    expect((await readdir(dir)).sort()).toEqual(['a', 'd']);
    const third = syncPayload(dir, new Map([['a', text('A', 0o600)], ['d/c', text('C2', 0o400)]]), second.paths);
    expect(third.changed).toEqual(['a']);
  });

  it('lists the files an earlier run left, nested ones included', () => {
    syncPayload(dir, new Map([['a', text('A')], ['d/e/c', text('C')]]), new Set());
    expect([...listFiles(dir)].sort()).toEqual(['a', 'd/e/c']);
    expect(listFiles(join(dir, 'missing'))).toEqual(new Set());
  });

  it.each([
    ['a/b', true],
    ['a/../b', true],
    ['../x', false],
    ['a/../../x', false],
    ['/etc/passwd', false],
    ['', false],
    ['.', false],
  ])('path %j stays inside: %s', (path, inside) => {
    if (inside) expect(pathInside(dir, path).startsWith(dir)).toBe(true);
    else expect(() => pathInside(dir, path)).toThrow('invalid path');
  });
});
