import { DeploymentSpecError, maxSurge, maxUnavailable, resolveFenceposts, scaledValue } from './spec.js';
import { deployment } from './spec-fixtures.js';

describe('rolling update fenceposts', () => {
  it.each([
    { name: 'defaults on 10 replicas: surge rounds up, unavailable down', given: ['25%', '25%', 10], want: [3, 2] },
    { name: 'defaults on 3 replicas', given: ['25%', '25%', 3], want: [1, 0] },
    { name: 'defaults on 1 replica', given: ['25%', '25%', 1], want: [1, 0] },
    { name: 'absolute numbers', given: [2, 1, 5], want: [2, 1] },
    { name: 'both zero: maxUnavailable becomes 1', given: [0, 0, 4], want: [0, 1] },
    { name: 'percentages resolving to zero: maxUnavailable becomes 1', given: ['0%', '10%', 5], want: [0, 1] },
    { name: '100% surge', given: ['100%', 0, 3], want: [3, 0] },
  ] as const)('$name', ({ given: [surge, unavailable, replicas], want: [maxSurge, maxUnavailable] }) => {
    expect(resolveFenceposts(surge, unavailable, replicas)).toEqual({ maxSurge, maxUnavailable });
  });

  it.each([
    { name: 'count', value: 3, up: true, expected: 3 },
    { name: 'percent rounded up', value: '33%', up: true, expected: 4 },
    { name: 'percent rounded down', value: '33%', up: false, expected: 3 },
    { name: 'absent', value: undefined, up: true, expected: 0 },
  ])('scaled value of 10: $name', ({ value, up, expected }) => {
    expect(scaledValue(value, 10, up)).toBe(expected);
  });

  it('refuses a string that is not a percentage', () => {
    expect(() => scaledValue('3', 10, true)).toThrow(DeploymentSpecError);
  });

  it.each([
    ['RollingUpdate 10 replicas', deployment({ replicas: 10 }), 3, 2],
    ['maxUnavailable capped at replicas', deployment({ replicas: 2, maxUnavailable: 5 }), 1, 2],
    ['zero replicas: nothing may be unavailable', deployment({ replicas: 0 }), 0, 0],
    ['Recreate has neither', deployment({ replicas: 10, strategy: 'Recreate' }), 0, 0],
  ])('MaxSurge and MaxUnavailable: %s', (_name, d, wantSurge, wantUnavailable) => {
    expect([maxSurge(d), maxUnavailable(d)]).toEqual([wantSurge, wantUnavailable]);
  });
});
