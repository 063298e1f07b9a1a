import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { processIsAlive, withFileLock } from './lock.js';

describe('withFileLock', () => {
  let dir: string;
  let lockPath: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ebb-lock-'));
    lockPath = path.join(dir, 'index.lock');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs one holder at a time and removes the lock afterwards', async () => {
    let inside = 0;
    let mostInside = 0;
    const holder = async (): Promise<void> => {
      inside += 1;
      mostInside = Math.max(mostInside, inside);
      await new Promise((resolve) => setImmediate(resolve));
      inside -= 1;
    };
    await Promise.all(Array.from({ length: 8 }, () => withFileLock(lockPath, holder)));
    expect(mostInside).toBe(1);
    expect(await readdir(dir)).toEqual([]);
  });

  it('releases the lock when the holder throws', async () => {
    await expect(withFileLock(lockPath, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await readdir(dir)).toEqual([]);
  });

  it.each([
    { name: 'whose holder has exited', content: '4194303\n', isAlive: () => false, ageSeconds: 0 },
    { name: 'older than the stale age', content: `${process.pid}\n`, isAlive: () => true, ageSeconds: 120 },
  ])('breaks a lock $name', async ({ content, isAlive, ageSeconds }) => {
    await writeFile(lockPath, content);
    const then = new Date(Date.now() - ageSeconds * 1000);
    await utimes(lockPath, then, then);
    await expect(withFileLock(lockPath, () => Promise.resolve('ran'), { isAlive, timeoutMs: 1000 })).resolves.toBe('ran');
    expect(await readdir(dir)).toEqual([]);
  });

  it('gives up on a lock held by a live process, naming it', async () => {
    await writeFile(lockPath, '12345\n');
    await expect(withFileLock(lockPath, () => Promise.resolve('ran'), { isAlive: () => true, timeoutMs: 30 })).rejects.toThrow(
      `the image index is locked by process 12345 (${lockPath}); if no ebb command is running, delete that file`,
    );
  });
});

describe('processIsAlive', () => {
  it.each([
    { name: 'this process', pid: process.pid, want: true },
    { name: 'a pid above the kernel maximum', pid: 2 ** 30, want: false },
  ])('$name → $want', ({ pid, want }) => {
    expect(processIsAlive(pid)).toBe(want);
  });
});
