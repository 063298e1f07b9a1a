import { deadlineAction, revisionTimeouts, type RequestTimeouts, type RevisionTimeoutFields } from './timeouts.js';

describe('revisionTimeouts', () => {
  it.each<{ name: string; spec: RevisionTimeoutFields | undefined; want: RequestTimeouts }>([
    { name: 'no revision: the default total, the others off', spec: undefined, want: { totalMs: 300_000, responseStartMs: 0, idleMs: 0 } },
    { name: 'all three set', spec: { timeoutSeconds: 10, responseStartTimeoutSeconds: 3, idleTimeoutSeconds: 2 }, want: { totalMs: 10_000, responseStartMs: 3000, idleMs: 2000 } },
    { name: 'zero total means the default', spec: { timeoutSeconds: 0, idleTimeoutSeconds: 0 }, want: { totalMs: 300_000, responseStartMs: 0, idleMs: 0 } },
    { name: 'nulls are unset', spec: { timeoutSeconds: 1, responseStartTimeoutSeconds: null }, want: { totalMs: 1000, responseStartMs: 0, idleMs: 0 } },
  ])('$name', ({ spec, want }) => {
    expect(revisionTimeouts(spec)).toEqual(want);
  });

  it('a deadline answers 504 before the response started and cuts after', () => {
    expect([deadlineAction(false), deadlineAction(true)]).toEqual(['respond-504', 'cut']);
  });
});
