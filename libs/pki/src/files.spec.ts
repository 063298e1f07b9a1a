import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFileIfPresent, readPemPair, writeFileAtomically, writeFileAtomicallySync, writePemPair } from './files.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ebb-pki-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const NAMES = { cert: 'tls.crt', key: 'tls.key' };

describe('readFileIfPresent', () => {
  it('reads a file, and gives undefined for a missing one', async () => {
    await writeFile(path.join(dir, 'a'), 'text');
    expect(await readFileIfPresent(path.join(dir, 'a'))).toBe('text');
    expect(await readFileIfPresent(path.join(dir, 'missing'))).toBeUndefined();
  });

  it('throws other errors (a folder is not a file)', async () => {
    await expect(readFileIfPresent(dir)).rejects.toMatchObject({ code: 'EISDIR' });
  });
});

describe('writeFileAtomically', () => {
  it('replaces the file with the given mode and leaves no temporary file', async () => {
    const file = path.join(dir, 'secret');
    await writeFileAtomically(file, 'old', 0o600);
    await writeFileAtomically(file, 'new', 0o600);
    expect(await readFile(file, 'utf8')).toBe('new');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['secret']);
  });

  it.each([
    { name: 'creates the folder, bytes, exact mode despite the umask, synced', file: ['sub', 'deeper', 'token'], content: new TextEncoder().encode('bytes'), mode: 0o666, sync: true },
    { name: 'a read-only mode', file: ['ro'], content: 'text', mode: 0o400, sync: false },
  ])('$name', async ({ file, content, mode, sync }) => {
    const target = path.join(dir, ...file);
    await writeFileAtomically(target, content, mode, { sync });
    expect(await readFile(target, 'utf8')).toBe(typeof content === 'string' ? content : 'bytes');
    expect((await stat(target)).mode & 0o777).toBe(mode);
    expect(await readdir(path.dirname(target))).toEqual([file.at(-1)]);
  });

  it('leaves what was there and no temporary file when the rename fails', async () => {
    const folder = path.join(dir, 'a-folder');
    await mkdir(folder);
    await expect(writeFileAtomically(folder, 'x', 0o600)).rejects.toMatchObject({ code: 'EISDIR' });
    expect((await stat(folder)).isDirectory()).toBe(true);
    expect(await readdir(dir)).toEqual(['a-folder']);
  });
});

describe('writeFileAtomicallySync', () => {
  it.each([
    { name: 'replaces a file, exact mode despite the umask', file: ['secret'], contents: ['old', 'new'], mode: 0o666 },
    { name: 'creates the folder, bytes, read-only', file: ['sub', 'deeper', 'token'], contents: [new TextEncoder().encode('bytes')], mode: 0o400 },
  ])('$name, leaving no temporary file', async ({ file, contents, mode }) => {
    const target = path.join(dir, ...file);
    for (const content of contents) writeFileAtomicallySync(target, content, mode);
    const last = contents.at(-1)!;
    expect(await readFile(target, 'utf8')).toBe(typeof last === 'string' ? last : 'bytes');
    expect((await stat(target)).mode & 0o777).toBe(mode);
    expect(await readdir(path.dirname(target))).toEqual([file.at(-1)]);
  });

  it('leaves what was there and no temporary file when the rename fails', async () => {
    const folder = path.join(dir, 'a-folder');
    await mkdir(folder);
    expect(() => writeFileAtomicallySync(folder, 'x', 0o600)).toThrow(expect.objectContaining({ code: 'EISDIR' }) as Error);
    expect((await stat(folder)).isDirectory()).toBe(true);
    expect(await readdir(dir)).toEqual(['a-folder']);
  });
});

describe('PEM pairs', () => {
  it('round-trips a pair: the key owner-only, the certificate world-readable', async () => {
    await writePemPair(dir, NAMES, { certPem: 'CERT', keyPem: 'KEY' });
    expect(await readPemPair(dir, NAMES)).toEqual({ certPem: 'CERT', keyPem: 'KEY' });
    expect((await stat(path.join(dir, 'tls.key'))).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(dir, 'tls.crt'))).mode & 0o777).toBe(0o644);
  });

  it.each([
    { name: 'no files', files: [] },
    { name: 'certificate only', files: ['tls.crt'] },
    { name: 'key only', files: ['tls.key'] },
  ])('is undefined with $name', async ({ files }) => {
    for (const name of files) await writeFile(path.join(dir, name), 'PEM');
    expect(await readPemPair(dir, NAMES)).toBeUndefined();
  });
});
