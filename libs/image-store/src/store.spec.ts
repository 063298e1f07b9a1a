import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ImageStoreError } from './errors.js';
import type { ImageSpec } from './manifest.js';
import { ImageStore, mergeImageSpecs } from './store.js';

const NOW = new Date('2026-11-26T03:00:00.000Z');

describe('mergeImageSpecs', () => {
  it.each<{ name: string; manifest: ImageSpec; explicit: ImageSpec; want: ImageSpec }>([
    {
      name: 'the manifest alone',
      manifest: { entrypoint: ['node', 'server.mjs'], cmd: ['--v'], env: { A: '1' }, workingDir: 'src' },
      explicit: {},
      want: { entrypoint: ['node', 'server.mjs'], cmd: ['--v'], env: { A: '1' }, workingDir: 'src' },
    },
    {
      name: 'an explicit entrypoint drops the manifest cmd, keeps its env',
      manifest: { entrypoint: ['node', 'server.mjs'], cmd: ['--v'], env: { A: '1' } },
      explicit: { entrypoint: ['python3', 'app.py'] },
      want: { entrypoint: ['python3', 'app.py'], cmd: [], env: { A: '1' } },
    },
    {
      name: 'explicit cmd, env and workingDir win',
      manifest: { entrypoint: ['node'], cmd: ['a.mjs'], env: { A: '1', B: '2' }, workingDir: 'src' },
      explicit: { cmd: ['b.mjs'], env: { B: '3' }, workingDir: '/abs' },
      want: { entrypoint: ['node'], cmd: ['b.mjs'], env: { A: '1', B: '3' }, workingDir: '/abs' },
    },
    { name: 'neither', manifest: {}, explicit: {}, want: { cmd: [], env: {} } },
  ])('$name', ({ manifest, explicit, want }) => {
    expect(mergeImageSpecs(manifest, explicit)).toEqual(want);
  });
});

describe('ImageStore', () => {
  let dataDir: string;
  let appDir: string;
  let store: ImageStore;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'ebb-store-'));
    appDir = path.join(dataDir, 'app');
    await mkdir(appDir);
    store = ImageStore.open(dataDir, { now: () => NOW });
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('adds an image from its manifest and finds it by any spelling of its reference', async () => {
    await writeFile(path.join(appDir, 'ebb-image.json'), JSON.stringify({ entrypoint: ['node', 'server.mjs'], env: { TARGET: 'Ebb' }, workingDir: 'src' }));
    const added = await store.add('dev.local/hello', appDir);
    const want = { ref: 'dev.local/hello:latest', dir: appDir, entrypoint: ['node', 'server.mjs'], cmd: [], env: { TARGET: 'Ebb' }, workingDir: path.join(appDir, 'src'), addedAt: NOW.toISOString() };
    expect(added).toEqual(want);
    await expect(store.get('dev.local/hello')).resolves.toEqual(want);
    await expect(store.get('dev.local/hello:latest')).resolves.toEqual(want);
    await expect(store.get('dev.local/hello:v2')).resolves.toBeUndefined();
    expect(store.indexPath).toBe(path.join(dataDir, 'images', 'index.json'));
  });

  it('adds an image with an explicit entrypoint and no manifest, storing the directory as absolute', async () => {
    const relative = path.relative(process.cwd(), appDir);
    const added = await store.add('ko.local/echo:v1', relative, { entrypoint: ['node', 'echo.mjs'], env: { DELAY_MS: '10' } });
    expect(added).toEqual({ ref: 'ko.local/echo:v1', dir: appDir, entrypoint: ['node', 'echo.mjs'], cmd: [], env: { DELAY_MS: '10' }, addedAt: NOW.toISOString() });
  });

  it('replaces an image added again, and lists images sorted', async () => {
    await store.add('dev.local/b', appDir, { entrypoint: ['one'] });
    await store.add('dev.local/a', appDir, { entrypoint: ['two'] });
    await store.add('dev.local/b', appDir, { entrypoint: ['three'] });
    const images = await store.list();
    expect(images.map((i) => [i.ref, i.entrypoint[0]])).toEqual([
      ['dev.local/a:latest', 'two'],
      ['dev.local/b:latest', 'three'],
    ]);
  });

  it('loses no entry when many adds run at once', async () => {
    const names = Array.from({ length: 25 }, (_, i) => `dev.local/app-${i}`);
    await Promise.all(names.map((name) => store.add(name, appDir, { entrypoint: ['node', 'server.mjs'] })));
    expect((await store.list()).map((i) => i.ref).sort()).toEqual(names.map((n) => `${n}:latest`).sort());
    expect(await readdir(path.join(dataDir, 'images'))).toEqual(['index.json']);
  });

  it('removes an image and says whether there was one', async () => {
    await store.add('dev.local/hello', appDir, { entrypoint: ['node'] });
    await expect(store.remove('dev.local/hello:latest')).resolves.toBe(true);
    await expect(store.remove('dev.local/hello')).resolves.toBe(false);
    await expect(store.list()).resolves.toEqual([]);
  });

  it('lists nothing before the first add, creating nothing', async () => {
    await expect(store.list()).resolves.toEqual([]);
    expect(await readdir(dataDir)).toEqual(['app']);
  });

  it.each([
    { name: 'an image of another registry', ref: 'docker.io/library/nginx', dir: 'app', spec: { entrypoint: ['x'] }, message: "'docker.io/library/nginx' is not a local image: only dev.local/ and ko.local/ images can be added; other images come from Docker (docker build -t docker.io/library/nginx …)" },
    { name: 'an invalid reference', ref: 'dev.local/Hello', dir: 'app', spec: { entrypoint: ['x'] }, message: "'dev.local/Hello' is not a valid image name" },
    { name: 'a missing directory', ref: 'dev.local/hello', dir: 'nope', spec: { entrypoint: ['x'] }, message: 'nope does not exist' },
    { name: 'a file for a directory', ref: 'dev.local/hello', dir: 'app/file', spec: { entrypoint: ['x'] }, message: 'app/file is not a directory' },
    { name: 'an empty explicit entrypoint', ref: 'dev.local/hello', dir: 'app', spec: { entrypoint: [] }, message: 'the image spec: "entrypoint" must not be empty' },
    { name: 'no entrypoint at all', ref: 'dev.local/hello', dir: 'app', spec: {}, message: "image 'dev.local/hello:latest' has no entrypoint: give a command after '--'" },
  ])('refuses $name and writes nothing', async ({ ref, dir, spec, message }) => {
    await writeFile(path.join(appDir, 'file'), '');
    await expect(store.add(ref, path.join(dataDir, dir), spec)).rejects.toThrow(ImageStoreError);
    await expect(store.add(ref, path.join(dataDir, dir), spec)).rejects.toThrow(message);
    expect(await readdir(dataDir)).toEqual(['app']);
  });

  it('names the manifest when it is invalid', async () => {
    await writeFile(path.join(appDir, 'ebb-image.json'), JSON.stringify({ entrypoint: 'node server.mjs' }));
    await expect(store.add('dev.local/hello', appDir)).rejects.toThrow(`${path.join(appDir, 'ebb-image.json')}: "entrypoint" must be an array of strings`);
  });
});
