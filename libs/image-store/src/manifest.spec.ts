import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ImageStoreError } from './errors.js';
import { parseImageManifest, readImageManifest } from './manifest.js';

describe('parseImageManifest', () => {
  it.each([
    { name: 'entrypoint only', value: { entrypoint: ['node', 'server.mjs'] }, want: { entrypoint: ['node', 'server.mjs'] } },
    {
      name: 'every field',
      value: { entrypoint: ['node'], cmd: ['server.mjs'], env: { TARGET: 'Ebb', 'my.var': 'x' }, workingDir: 'src' },
      want: { entrypoint: ['node'], cmd: ['server.mjs'], env: { TARGET: 'Ebb', 'my.var': 'x' }, workingDir: 'src' },
    },
    { name: 'empty object', value: {}, want: {} },
  ])('accepts $name', ({ value, want }) => {
    expect(parseImageManifest(value, 'm.json')).toEqual(want);
  });

  it.each([
    { name: 'not an object', value: ['node'], message: 'm.json: must be a JSON object' },
    { name: 'entrypoint a string', value: { entrypoint: 'node server.mjs' }, message: 'm.json: "entrypoint" must be an array of strings, e.g. ["node", "server.mjs"]' },
    { name: 'entrypoint empty', value: { entrypoint: [] }, message: 'm.json: "entrypoint" must not be empty' },
    { name: 'cmd with a number', value: { cmd: ['--port', 8080] }, message: 'm.json: "cmd" must be an array of strings, e.g. ["node", "server.mjs"]' },
    { name: 'env an array', value: { env: ['A=1'] }, message: 'm.json: "env" must be an object of strings, e.g. {"TARGET": "World"}' },
    { name: 'env value a number', value: { env: { PORT: 8080 } }, message: 'm.json: "env.PORT" must be a string' },
    { name: 'env name with =', value: { env: { 'A=B': 'x' } }, message: "m.json: \"env\" has an invalid variable name 'A=B'" },
    { name: 'workingDir empty', value: { workingDir: '' }, message: 'm.json: "workingDir" must be a non-empty string' },
    { name: 'a typo', value: { entryPoint: ['node'], command: [] }, message: 'm.json: unknown field(s) "entryPoint", "command" (known: entrypoint, cmd, env, workingDir)' },
  ])('rejects $name', ({ value, message }) => {
    expect(() => parseImageManifest(value, 'm.json')).toThrow(new ImageStoreError(message));
  });
});

describe('readImageManifest', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ebb-manifest-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is undefined when the directory has no manifest', async () => {
    await expect(readImageManifest(dir)).resolves.toBeUndefined();
  });

  it('reads and checks the manifest', async () => {
    await writeFile(path.join(dir, 'ebb-image.json'), '{"entrypoint": ["node", "server.mjs"]}');
    await expect(readImageManifest(dir)).resolves.toEqual({ entrypoint: ['node', 'server.mjs'] });
  });

  it('names the file when it is not JSON', async () => {
    await writeFile(path.join(dir, 'ebb-image.json'), '{"entrypoint": [');
    await expect(readImageManifest(dir)).rejects.toThrow(`${path.join(dir, 'ebb-image.json')}: not valid JSON`);
  });
});
