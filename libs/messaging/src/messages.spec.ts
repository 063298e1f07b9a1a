import { check, decode, encode, InvalidMessageError, type Poke, type ScaleDecision, type Stat } from './messages.js';

const stat: Stat = {
  v: 1,
  instance: 'networking-7d9f-abcde',
  averageConcurrency: 2.5,
  requestCount: 40,
  averageProxiedConcurrency: 0.5,
  proxiedRequestCount: 4,
  windowSeconds: 1,
  timestamp: 1_764_000_000_000,
};
const poke: Poke = { v: 1, instance: 'activator-1', bufferedRequests: 3, timestamp: 1_764_000_000_000 };
const decision: ScaleDecision = {
  v: 1,
  desiredScale: 4,
  excessBurstCapacity: -12.5,
  panic: true,
  observedStableValue: 150,
  observedPanicValue: 380,
  reason: 'panic: 380 concurrent over the panic window is 3.8× the target of 100',
  timestamp: 1_764_000_000_000,
};
const bytes = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

describe('encode and decode', () => {
  it.each([
    { kind: 'stat' as const, message: stat },
    { kind: 'poke' as const, message: poke },
    { kind: 'scaleDecision' as const, message: decision },
    {
      kind: 'scaleDecision' as const,
      message: { ...decision, readyPods: 2, desiredStable: 3, desiredPanic: 4, activators: 2, target: 70, metric: 'concurrency' as const, stableWindowSeconds: 60 },
    },
  ])('round-trips a $kind', ({ kind, message }) => {
    expect(decode(kind, encode(kind, message))).toEqual({ ok: true, message });
  });

  it('tolerates fields a newer writer added within the version', () => {
    expect(decode('poke', bytes({ ...poke, hint: 'x' }))).toMatchObject({ ok: true });
  });

  it('refuses to encode an invalid message', () => {
    expect(() => encode('stat', { ...stat, requestCount: -1 })).toThrow(InvalidMessageError);
  });
});

describe('decode drops what does not match, with a reason', () => {
  it.each([
    { name: 'not JSON', kind: 'stat' as const, data: new TextEncoder().encode('{"v":1,'), reason: /^not UTF-8 JSON/ },
    { name: 'not UTF-8', kind: 'stat' as const, data: new Uint8Array([0xff, 0xfe]), reason: /^not UTF-8 JSON/ },
    { name: 'a JSON array', kind: 'stat' as const, data: bytes([1]), reason: /^not a JSON object$/ },
    { name: 'JSON null', kind: 'poke' as const, data: bytes(null), reason: /^not a JSON object$/ },
    { name: 'no version', kind: 'stat' as const, data: bytes({ ...stat, v: undefined }), reason: /^unsupported version undefined/ },
    { name: 'a future version', kind: 'stat' as const, data: bytes({ ...stat, v: 2 }), reason: /^unsupported version 2/ },
    { name: 'a missing field', kind: 'stat' as const, data: bytes({ ...stat, instance: undefined }), reason: /instance/ },
    { name: 'a negative count', kind: 'stat' as const, data: bytes({ ...stat, requestCount: -1 }), reason: /^\/requestCount: / },
    { name: 'a zero window', kind: 'stat' as const, data: bytes({ ...stat, windowSeconds: 0 }), reason: /^\/windowSeconds: / },
    { name: 'a fractional scale', kind: 'scaleDecision' as const, data: bytes({ ...decision, desiredScale: 1.5 }), reason: /^\/desiredScale: / },
    { name: 'a string for a boolean', kind: 'scaleDecision' as const, data: bytes({ ...decision, panic: 'yes' }), reason: /^\/panic: / },
    { name: 'a negative ready pod count', kind: 'scaleDecision' as const, data: bytes({ ...decision, readyPods: -1 }), reason: /^\/readyPods: / },
    { name: 'a zero target', kind: 'scaleDecision' as const, data: bytes({ ...decision, target: 0 }), reason: /^\/target: / },
    { name: 'an unknown metric', kind: 'scaleDecision' as const, data: bytes({ ...decision, metric: 'cpu' }), reason: /^\/metric: / },
    { name: 'a stat sent as a poke', kind: 'poke' as const, data: bytes(stat), reason: /bufferedRequests/ },
  ])('$name', ({ kind, data, reason }) => {
    const result = decode(kind, data);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(reason);
  });
});

describe('check', () => {
  it('says undefined for a valid message', () => {
    expect(check('scaleDecision', decision)).toBeUndefined();
  });
});
