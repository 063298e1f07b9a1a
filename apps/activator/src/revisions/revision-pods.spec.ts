import type { Endpoint } from '@ebb/dataplane';
import { revisionPods } from './revision-pods.js';

const at = (address: string, port = 8080): Endpoint => ({ address, port, protocol: 'http1' });

describe('revisionPods', () => {
  it.each<{ name: string; ready: Endpoint[]; healthy: Endpoint[]; want: Endpoint[] }>([
    { name: 'nothing', ready: [], healthy: [], want: [] },
    { name: 'ready pods only', ready: [at('10.0.0.1'), at('10.0.0.3')], healthy: [], want: [at('10.0.0.1'), at('10.0.0.3')] },
    { name: 'probed pods only', ready: [], healthy: [at('10.0.0.2')], want: [at('10.0.0.2')] },
    {
      name: 'both, merged in address then port order',
      ready: [at('10.0.0.1'), at('10.0.0.3', 80)],
      healthy: [at('10.0.0.2'), at('10.0.0.3', 70)],
      want: [at('10.0.0.1'), at('10.0.0.2'), at('10.0.0.3', 70), at('10.0.0.3', 80)],
    },
  ])('$name', ({ ready, healthy, want }) => {
    expect(revisionPods(ready, healthy)).toEqual(want);
  });

  it('returns the ready list itself when nothing was probed healthy', () => {
    const ready = [at('10.0.0.1')];
    expect(revisionPods(ready, [])).toBe(ready);
  });
});
