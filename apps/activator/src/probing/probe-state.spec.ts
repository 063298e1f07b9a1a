import type { Endpoint } from '@ebb/dataplane';
import { EMPTY_PROBE_STATE, hasDemand, healthyEndpoints, nextRetryAt, probesDue, reduceProbes, type ProbeEntry, type ProbeEvent, type ProbeState } from './probe-state.js';

const A: Endpoint = { address: '10.0.0.1', port: 8080, protocol: 'http1' };
const B: Endpoint = { address: '10.0.0.2', port: 8080, protocol: 'http1' };
const A_H2C: Endpoint = { ...A, protocol: 'h2c' };

const entry = (endpoint: Endpoint, fields: Partial<ProbeEntry> = {}): [string, ProbeEntry] => [
  `${endpoint.address}:${endpoint.port}`,
  { endpoint, healthy: false, inFlight: 0, retryAt: 0, ...fields },
];
const state = (...entries: [string, ProbeEntry][]): ProbeState => new Map(entries);

describe('reduceProbes', () => {
  it.each<{ name: string; given: ProbeState; events: ProbeEvent[]; want: ProbeState }>([
    { name: 'new not-ready endpoints are unknown', given: EMPTY_PROBE_STATE, events: [{ type: 'endpoints', notReady: [A, B] }], want: state(entry(A), entry(B)) },
    {
      name: 'an endpoint still listed keeps what is known (with the latest endpoint), one no longer listed is forgotten',
      given: state(entry(A, { healthy: true }), entry(B, { inFlight: 3 })),
      events: [{ type: 'endpoints', notReady: [A_H2C] }],
      want: state(entry(A_H2C, { healthy: true })),
    },
    { name: 'a probe starts', given: state(entry(A)), events: [{ type: 'started', key: '10.0.0.1:8080', id: 1 }], want: state(entry(A, { inFlight: 1 })) },
    {
      name: 'a second probe of the same endpoint is refused while one is in flight',
      given: state(entry(A, { inFlight: 1 })),
      events: [{ type: 'started', key: '10.0.0.1:8080', id: 2 }],
      want: state(entry(A, { inFlight: 1 })),
    },
    { name: 'a healthy endpoint is not probed again', given: state(entry(A, { healthy: true })), events: [{ type: 'started', key: '10.0.0.1:8080', id: 2 }], want: state(entry(A, { healthy: true })) },
    { name: 'starting an unknown endpoint changes nothing', given: state(entry(A)), events: [{ type: 'started', key: '10.9.9.9:1', id: 1 }], want: state(entry(A)) },
    {
      name: 'a passed probe makes the endpoint healthy',
      given: state(entry(A, { inFlight: 1, retryAt: 50 })),
      events: [{ type: 'finished', key: '10.0.0.1:8080', id: 1, ok: true, retryAt: 125 }],
      want: state(entry(A, { healthy: true })),
    },
    {
      name: 'a failed probe waits for its retry time',
      given: state(entry(A, { inFlight: 1 })),
      events: [{ type: 'finished', key: '10.0.0.1:8080', id: 1, ok: false, retryAt: 125 }],
      want: state(entry(A, { retryAt: 125 })),
    },
    {
      name: 'the result of an older probe (the endpoint left and came back) is ignored',
      given: state(entry(A, { inFlight: 1 })),
      events: [{ type: 'endpoints', notReady: [] }, { type: 'endpoints', notReady: [A] }, { type: 'started', key: '10.0.0.1:8080', id: 2 }, { type: 'finished', key: '10.0.0.1:8080', id: 1, ok: true, retryAt: 9 }],
      want: state(entry(A, { inFlight: 2 })),
    },
    {
      name: 'the result for an endpoint that left is ignored',
      given: state(entry(A, { inFlight: 1 })),
      events: [{ type: 'endpoints', notReady: [B] }, { type: 'finished', key: '10.0.0.1:8080', id: 1, ok: true, retryAt: 9 }],
      want: state(entry(B)),
    },
    {
      name: 'a healthy endpoint turning ready leaves the state (re-probed if it turns not-ready again)',
      given: state(entry(A, { healthy: true })),
      events: [{ type: 'endpoints', notReady: [] }, { type: 'endpoints', notReady: [A] }],
      want: state(entry(A)),
    },
  ])('$name', ({ given, events, want }) => {
    expect(events.reduce(reduceProbes, given)).toEqual(want);
  });
});

describe('selectors', () => {
  const mixed = state(entry(A, { retryAt: 100 }), entry(B, { inFlight: 4 }), entry({ ...A, address: '10.0.0.3' }), entry({ ...A, address: '10.0.0.4' }, { healthy: true }));

  it.each<{ name: string; given: ProbeState; now: number; due: Endpoint[]; next: number | undefined; healthy: Endpoint[] }>([
    { name: 'nothing known', given: EMPTY_PROBE_STATE, now: 0, due: [], next: undefined, healthy: [] },
    {
      name: 'before a retry time: only the never-probed endpoint is due',
      given: mixed,
      now: 99,
      due: [{ ...A, address: '10.0.0.3' }],
      next: 0,
      healthy: [{ ...A, address: '10.0.0.4' }],
    },
    { name: 'at the retry time both are due', given: mixed, now: 100, due: [A, { ...A, address: '10.0.0.3' }], next: 0, healthy: [{ ...A, address: '10.0.0.4' }] },
    { name: 'only a waiting retry: the next wake-up is its time', given: state(entry(A, { retryAt: 100 }), entry(B, { inFlight: 1 })), now: 10, due: [], next: 100, healthy: [] },
    { name: 'all in flight or healthy: no wake-up', given: state(entry(A, { healthy: true }), entry(B, { inFlight: 1 })), now: 10, due: [], next: undefined, healthy: [A] },
  ])('$name', ({ given, now, due, next, healthy }) => {
    expect({ due: probesDue(given, now), next: nextRetryAt(given), healthy: healthyEndpoints(given) }).toEqual({ due, next, healthy });
  });
});

describe('hasDemand', () => {
  it.each([
    { name: 'requests waiting, none recent', waiting: 2, lastRequestAt: Number.NEGATIVE_INFINITY, now: 10_000, want: true },
    { name: 'never a request', waiting: 0, lastRequestAt: Number.NEGATIVE_INFINITY, now: 10_000, want: false },
    { name: 'a request within the window', waiting: 0, lastRequestAt: 6000, now: 10_000, want: true },
    { name: 'a request exactly at the window edge', waiting: 0, lastRequestAt: 5000, now: 10_000, want: true },
    { name: 'the last request before the window', waiting: 0, lastRequestAt: 4999, now: 10_000, want: false },
  ])('$name', ({ waiting, lastRequestAt, now, want }) => {
    expect(hasDemand({ waiting, lastRequestAt, now, windowMs: 5000 })).toBe(want);
  });
});
