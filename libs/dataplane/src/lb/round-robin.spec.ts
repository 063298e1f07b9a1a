import type { Endpoint } from '../endpoints/endpoints.js';
import { pickRoundRobin, RoundRobin } from './round-robin.js';

const e = (address: string): Endpoint => ({ address, port: 80, protocol: 'http1' });

describe('pickRoundRobin', () => {
  it.each([
    { name: 'empty list', list: [], cursor: 3, want: { endpoint: undefined, next: 3 } },
    { name: 'first pick', list: [e('a'), e('b')], cursor: 0, want: { endpoint: e('a'), next: 1 } },
    { name: 'wraps around', list: [e('a'), e('b')], cursor: 1, want: { endpoint: e('b'), next: 0 } },
    { name: 'cursor past a shrunk list', list: [e('a'), e('b')], cursor: 5, want: { endpoint: e('b'), next: 0 } },
  ])('$name', ({ list, cursor, want }) => {
    expect(pickRoundRobin(list, cursor)).toEqual(want);
  });
});

describe('RoundRobin', () => {
  it('cycles through the endpoints of each key on its own', () => {
    const rr = new RoundRobin();
    const list = [e('a'), e('b'), e('c')];
    const picks = [rr.pick('x', list), rr.pick('x', list), rr.pick('y', list), rr.pick('x', list), rr.pick('x', list)];
    expect(picks.map((p) => p?.address)).toEqual(['a', 'b', 'a', 'c', 'a']);
    expect(rr.pick('z', [])).toBeUndefined();
  });
});
