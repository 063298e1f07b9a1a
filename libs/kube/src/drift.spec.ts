// Table tests of the drift check: what we set must be there; server defaults are not drift.
import { covers } from './drift.js';

describe('covers', () => {
  it.each([
    { name: 'server defaults are fine', actual: { a: 1, clusterIP: '10.0.0.1' }, wanted: { a: 1 }, want: true },
    { name: 'changed value', actual: { a: 2 }, wanted: { a: 1 }, want: false },
    { name: 'missing value', actual: {}, wanted: { a: 1 }, want: false },
    { name: 'arrays element by element', actual: [{ a: 1, protocol: 'TCP' }], wanted: [{ a: 1 }], want: true },
    { name: 'array length differs', actual: [{ a: 1 }, { a: 2 }], wanted: [{ a: 1 }], want: false },
    { name: 'empty wanted array matches absent', actual: undefined, wanted: [], want: true },
    { name: 'empty wanted array vs items', actual: [1], wanted: [], want: false },
    { name: 'undefined wanted member ignored', actual: { a: 1 }, wanted: { a: 1, b: undefined }, want: true },
    { name: 'empty wanted object vs absent', actual: { a: 1 }, wanted: { a: 1, b: {} }, want: true },
    { name: 'scalar vs object', actual: { a: { b: 1 } }, wanted: { a: 1 }, want: false },
  ])('$name', ({ actual, wanted, want }) => {
    expect(covers(actual, wanted)).toBe(want);
  });
});
