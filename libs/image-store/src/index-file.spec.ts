import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ImageStoreError } from './errors.js';
import { formatImageIndex, parseImageIndex, readImageIndex, writeImageIndex, type LocalImage } from './index-file.js';

const hello: LocalImage = { ref: 'dev.local/hello:latest', dir: '/x/hello', entrypoint: ['node', 'server.mjs'], cmd: [], env: {}, addedAt: '2026-01-01T00:00:00.000Z' };
const echo: LocalImage = { ...hello, ref: 'dev.local/echo:latest', dir: '/x/echo', workingDir: '/x/echo/src', env: { DELAY_MS: '5' } };

describe('parseImageIndex', () => {
  it('reads what formatImageIndex wrote, sorted by reference', () => {
    expect(parseImageIndex(JSON.parse(formatImageIndex([hello, echo])), 'i.json')).toEqual([echo, hello]);
  });

  it.each([
    { name: 'not an object', value: [], message: 'i.json: not an image index (want {"version": 1, "images": [...]}); fix or delete it' },
    { name: 'another version', value: { version: 2, images: [] }, message: 'i.json: not an image index (want {"version": 1, "images": [...]}); fix or delete it' },
    { name: 'an entry without dir', value: { version: 1, images: [{ ...hello, dir: undefined }] }, message: 'i.json: images[0] is malformed; fix or delete it' },
    { name: 'an env with a number', value: { version: 1, images: [hello, { ...hello, env: { A: 1 } }] }, message: 'i.json: images[1] is malformed; fix or delete it' },
    { name: 'a numeric workingDir', value: { version: 1, images: [{ ...hello, workingDir: 3 }] }, message: 'i.json: images[0] is malformed; fix or delete it' },
  ])('rejects $name', ({ value, message }) => {
    expect(() => parseImageIndex(value, 'i.json')).toThrow(new ImageStoreError(message));
  });
});

describe('readImageIndex / writeImageIndex', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ebb-index-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads no images before the first write', async () => {
    await expect(readImageIndex(path.join(dir, 'index.json'))).resolves.toEqual([]);
  });

  it('writes the index and leaves no temporary file', async () => {
    const file = path.join(dir, 'index.json');
    await writeImageIndex(file, [hello]);
    await expect(readImageIndex(file)).resolves.toEqual([hello]);
    expect(await readdir(dir)).toEqual(['index.json']);
    expect(await readFile(file, 'utf8')).toBe(formatImageIndex([hello]));
  });

  it('names a corrupt index', async () => {
    const file = path.join(dir, 'index.json');
    await writeFile(file, '{"version": 1, "ima');
    await expect(readImageIndex(file)).rejects.toThrow(`${file}: not valid JSON`);
  });
});
