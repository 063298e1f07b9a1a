import { semanticEqual } from './semantic-equal.js';

// semanticEqual decides whether an UPDATE changed the spec (API.md §2.4 "semantic deep-equal";
// VALIDATION.md §4.3 and §5.1 ask the same).

describe('semanticEqual', () => {
  it.each([
    { name: 'equal scalars', a: 1, b: 1, expected: true },
    { name: 'different scalars', a: 1, b: 2, expected: false },
    { name: 'key order does not matter', a: { x: 1, y: 2 }, b: { y: 2, x: 1 }, expected: true },
    { name: 'a different member value', a: { x: 1 }, b: { x: 2 }, expected: false },
    { name: 'an extra member', a: { x: 1 }, b: { x: 1, y: 2 }, expected: false },
    { name: 'an absent member equals an empty list', a: { x: 1 }, b: { x: 1, env: [] }, expected: true },
    { name: 'an absent member equals an empty map', a: { labels: {} }, b: {}, expected: true },
    { name: 'an absent member equals null', a: { x: null }, b: {}, expected: true },
    { name: 'zero is not absent', a: { percent: 0 }, b: {}, expected: false },
    { name: 'arrays compare in order', a: [1, 2], b: [2, 1], expected: false },
    { name: 'nested arrays of objects', a: [{ a: [1] }], b: [{ a: [1] }], expected: true },
    { name: 'an array is not an object', a: [], b: {}, expected: false },
    { name: 'undefined equals null', a: undefined, b: null, expected: true },
    { name: 'nil is not an empty map at the top', a: undefined, b: {}, expected: false },
  ])('$name', ({ a, b, expected }) => {
    expect(semanticEqual(a, b)).toBe(expected);
  });
});
