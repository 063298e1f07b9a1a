import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readUpState, STATE_FILE, writeUpState } from './state.js';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(path.join(tmpdir(), 'ebb-state-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('up.json', () => {
  it('reads back what was written', async () => {
    const state = { pid: 42, apiPort: 6443, gatewayPort: 8080, natsPort: 4222, startedAt: '2026-11-26T00:00:00.000Z' };
    await writeUpState(dir, state);
    expect(await readUpState(dir)).toEqual(state);
  });

  it.each([
    { name: 'no file', content: undefined },
    { name: 'not JSON', content: '{' },
    { name: 'a missing port', content: JSON.stringify({ pid: 1, apiPort: 1, gatewayPort: 1, startedAt: 'x' }) },
  ])('is undefined with $name', async ({ content }) => {
    if (content !== undefined) await writeFile(path.join(dir, STATE_FILE), content);
    expect(await readUpState(dir)).toBeUndefined();
  });
});
