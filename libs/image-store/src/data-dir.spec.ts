import { defaultDataDir } from './data-dir.js';

describe('defaultDataDir', () => {
  it.each([
    { name: 'EBB_DATA_DIR wins', env: { EBB_DATA_DIR: '/srv/ebb', HOME: '/home/a' }, want: '/srv/ebb' },
    { name: 'a relative EBB_DATA_DIR is made absolute', env: { EBB_DATA_DIR: 'state' }, want: `${process.cwd()}/state` },
    { name: 'else ~/.ebb', env: { HOME: '/home/a' }, want: '/home/a/.ebb' },
    { name: 'an empty EBB_DATA_DIR is ignored', env: { EBB_DATA_DIR: '', HOME: '/home/b' }, want: '/home/b/.ebb' },
  ])('$name', ({ env, want }) => {
    expect(defaultDataDir(env)).toBe(want);
  });
});
