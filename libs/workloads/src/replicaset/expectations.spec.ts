import type { KubeObject } from '@ebb/apimachinery';
import { PodExpectations } from './expectations.js';

const T0 = new Date('2026-01-01T12:00:00Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);
const pod = (name: string, uid = `uid-${name}`, deleting = false): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, uid, ...(deleting ? { deletionTimestamp: '2026-01-01T12:00:00Z' } : {}) },
});
const cache = (...pods: KubeObject[]) => (name: string): KubeObject | undefined => pods.find((p) => p.metadata.name === name);

describe('PodExpectations', () => {
  it.each([
    { name: 'nothing expected', setup: (): void => undefined, lookup: cache(), when: 1, satisfied: true },
    { name: 'created pod not in the cache yet', setup: (e: PodExpectations): void => e.expectCreation('ns/rs', 'rs-abcde', T0), lookup: cache(), when: 1, satisfied: false },
    { name: 'created pod now in the cache', setup: (e: PodExpectations): void => e.expectCreation('ns/rs', 'rs-abcde', T0), lookup: cache(pod('rs-abcde')), when: 1, satisfied: true },
    {
      name: 'created pod seen by an add event, already gone again',
      setup: (e: PodExpectations): void => {
        e.expectCreation('ns/rs', 'rs-abcde', T0);
        e.observeCreation('ns/rs', 'rs-abcde');
      },
      lookup: cache(),
      when: 1,
      satisfied: true,
    },
    { name: 'deleted pod still in the cache', setup: (e: PodExpectations): void => e.expectDeletion('ns/rs', pod('p'), T0), lookup: cache(pod('p')), when: 1, satisfied: false },
    { name: 'deleted pod terminating in the cache', setup: (e: PodExpectations): void => e.expectDeletion('ns/rs', pod('p'), T0), lookup: cache(pod('p', 'uid-p', true)), when: 1, satisfied: true },
    { name: 'deleted pod gone', setup: (e: PodExpectations): void => e.expectDeletion('ns/rs', pod('p'), T0), lookup: cache(), when: 1, satisfied: true },
    { name: 'deleted pod replaced by a new one of the same name', setup: (e: PodExpectations): void => e.expectDeletion('ns/rs', pod('p'), T0), lookup: cache(pod('p', 'other')), when: 1, satisfied: true },
    { name: 'unmet but older than the TTL', setup: (e: PodExpectations): void => e.expectCreation('ns/rs', 'rs-abcde', T0), lookup: cache(), when: 61, satisfied: true },
    { name: 'another key is not affected', setup: (e: PodExpectations): void => e.expectCreation('ns/other', 'x', T0), lookup: cache(), when: 1, satisfied: true },
  ])('$name', ({ setup, lookup, when, satisfied }) => {
    const expectations = new PodExpectations();
    setup(expectations);
    expect(expectations.satisfied('ns/rs', lookup, at(when))).toBe(satisfied);
  });

  it('forget drops what was pending', () => {
    const expectations = new PodExpectations();
    expectations.expectCreation('ns/rs', 'x', T0);
    expectations.forget('ns/rs');
    expect(expectations.satisfied('ns/rs', cache(), at(1))).toBe(true);
  });
});
