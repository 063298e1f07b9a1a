// Table tests of the SKS mode choice and the activator count (AUTOSCALING.md §4.7, kpa.go).
import { activatorCount, chooseMode } from './mode.js';

describe('chooseMode', () => {
  it.each([
    { name: 'no decision while Inactive → Proxy', want: -1, ebc: 5, inactive: true, mode: 'Proxy' },
    { name: 'no decision while active → Proxy', want: -1, ebc: 5, inactive: false, mode: 'Proxy' },
    { name: 'pods wanted and spare capacity → Serve', want: 3, ebc: 0, inactive: false, mode: 'Serve' },
    { name: 'pods wanted, EBC negative → Proxy', want: 3, ebc: -261, inactive: false, mode: 'Proxy' },
    { name: 'pods wanted, TBC -1 → Proxy', want: 3, ebc: -1, inactive: false, mode: 'Proxy' },
    { name: 'zero wanted → Proxy', want: 0, ebc: 10, inactive: false, mode: 'Proxy' },
    { name: 'pods wanted while still marked Inactive → Serve', want: 2, ebc: 10, inactive: true, mode: 'Serve' },
  ])('$name', ({ want, ebc, inactive, mode }) => {
    expect(chooseMode(want, ebc, inactive)).toBe(mode);
  });
});

describe('activatorCount', () => {
  it.each([
    { name: 'TBC 0 → 2', tbc: 0, total: 100, capacity: 100, ready: 50, want: 2 },
    { name: 'defaults, 0 pods: ceil(211 / 100) = 3', tbc: 211, total: 100, capacity: 100, ready: 0, want: 3 },
    { name: 'defaults, 4 pods: ceil(611 / 100) = 7', tbc: 211, total: 100, capacity: 100, ready: 4, want: 7 },
    { name: 'TBC -1 adds nothing: ceil(300 / 100) = 3', tbc: -1, total: 100, capacity: 100, ready: 3, want: 3 },
    { name: 'never fewer than 2', tbc: -1, total: 10, capacity: 100, ready: 1, want: 2 },
  ])('$name', ({ tbc, total, capacity, ready, want }) => {
    expect(activatorCount({ targetBurstCapacity: tbc, totalValue: total, activatorCapacity: capacity }, ready)).toBe(want);
  });
});
