import type { Endpoint } from '@ebb/dataplane';
import { DEFAULT_PROBE_SETTINGS } from './probe-config.js';
import { ProbeKind, TCP_PROBE, type ProbeSpec } from './probe-spec.js';
import { RevisionProber, type ProbeClock } from './revision-prober.js';

const A: Endpoint = { address: '10.0.0.1', port: 8080, protocol: 'http1' };
const B: Endpoint = { address: '10.0.0.2', port: 8080, protocol: 'http1' };

/** A clock whose time moves only when the test says. */
class FakeClock implements ProbeClock {
  time = 1000;
  timers: { at: number; callback: () => void }[] = [];
  now(): number {
    return this.time;
  }
  schedule(callback: () => void, ms: number): () => void {
    const timer = { at: this.time + ms, callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }
  advance(ms: number): void {
    this.time += ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= this.time).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) return;
      this.timers = this.timers.filter((t) => t !== due);
      due.callback();
    }
  }
}

/** A transport whose probes the test settles. */
class FakeTransport {
  calls: { endpoint: Endpoint; spec: ProbeSpec; timeoutMs: number; settle: (ok: boolean) => void }[] = [];
  readonly probe = (endpoint: Endpoint, spec: ProbeSpec, timeoutMs: number): Promise<boolean> =>
    new Promise((resolve) => this.calls.push({ endpoint, spec, timeoutMs, settle: resolve }));
  /** Settles the open probe of `endpoint` and lets its continuation run. */
  async settle(endpoint: Endpoint, ok: boolean): Promise<void> {
    const at = this.calls.findIndex((c) => c.endpoint === endpoint);
    const [call] = this.calls.splice(at, 1);
    call?.settle(ok);
    await Promise.resolve();
    await Promise.resolve();
  }
  addresses(): string[] {
    return this.calls.map((c) => c.endpoint.address);
  }
}

function setup(waiting = 0): { prober: RevisionProber; clock: FakeClock; transport: FakeTransport; events: string[]; state: { waiting: number } } {
  const clock = new FakeClock();
  const transport = new FakeTransport();
  const events: string[] = [];
  const state = { waiting };
  const prober = new RevisionProber({
    transport: transport.probe,
    clock,
    settings: { ...DEFAULT_PROBE_SETTINGS, intervalMs: 25 },
    waiting: () => state.waiting,
    onHealthy: () => events.push('healthy'),
    onResult: (ok) => events.push(ok ? 'ok' : 'fail'),
  });
  return { prober, clock, transport, events, state };
}

describe('RevisionProber', () => {
  it('probes nothing without demand, however many not-ready pods there are', () => {
    const { prober, clock, transport } = setup();
    prober.updateEndpoints([A, B]);
    clock.advance(10_000);
    expect(transport.calls).toEqual([]);
    expect(clock.timers).toEqual([]);
  });

  it('probes at once when a request arrives, retries a failure every interval with one probe in flight, and reports the pass', async () => {
    const { prober, clock, transport, events } = setup();
    const spec: ProbeSpec = { kind: ProbeKind.http, path: '/healthz', headers: {} };
    prober.setSpec(spec);
    prober.updateEndpoints([A]);
    prober.noteRequest();
    expect(transport.calls.map((c) => ({ address: c.endpoint.address, spec: c.spec, timeoutMs: c.timeoutMs }))).toEqual([{ address: '10.0.0.1', spec, timeoutMs: 300 }]);
    prober.noteRequest();
    clock.advance(100);
    expect(transport.calls).toHaveLength(1);

    await transport.settle(A, false);
    clock.advance(24);
    expect(transport.calls).toHaveLength(0);
    clock.advance(1);
    expect(transport.addresses()).toEqual(['10.0.0.1']);

    await transport.settle(A, true);
    expect(events).toEqual(['fail', 'ok', 'healthy']);
    expect(prober.healthy).toEqual([A]);
    clock.advance(1000);
    prober.noteRequest();
    expect(transport.calls).toHaveLength(0);
  });

  it('probes a not-ready pod that appears while requests wait, and keeps probing while they wait past the window', async () => {
    const { prober, clock, transport, state } = setup(1);
    prober.updateEndpoints([A]);
    expect(transport.addresses()).toEqual(['10.0.0.1']);
    clock.advance(60_000);
    await transport.settle(A, false);
    clock.advance(25);
    expect(transport.addresses()).toEqual(['10.0.0.1']);
    state.waiting = 0;
    await transport.settle(A, false);
    clock.advance(25);
    expect(transport.calls).toEqual([]);
    expect(clock.timers).toEqual([]);
  });

  it('stops probing when the demand window passes and starts again with the next request', async () => {
    const { prober, clock, transport } = setup();
    prober.updateEndpoints([A]);
    prober.noteRequest();
    clock.advance(5001);
    await transport.settle(A, false);
    clock.advance(100);
    expect(transport.calls).toEqual([]);
    prober.noteRequest();
    expect(transport.addresses()).toEqual(['10.0.0.1']);
  });

  it('drops a pod the slice no longer lists as not ready (left, ready or terminating), and its late result', async () => {
    const { prober, transport, events } = setup(1);
    prober.updateEndpoints([A, B]);
    expect(transport.addresses()).toEqual(['10.0.0.1', '10.0.0.2']);
    await transport.settle(B, true);
    expect(prober.healthy).toEqual([B]);
    prober.updateEndpoints([]);
    expect(prober.healthy).toEqual([]);
    await transport.settle(A, true);
    expect(prober.healthy).toEqual([]);
    expect(events).toEqual(['ok', 'healthy', 'ok']);
  });

  it('after close: no timer, no probe, results dropped', async () => {
    const { prober, clock, transport, events } = setup(1);
    prober.setSpec(TCP_PROBE);
    prober.updateEndpoints([A]);
    prober.close();
    expect(clock.timers).toEqual([]);
    await transport.settle(A, true);
    prober.noteRequest();
    clock.advance(1000);
    expect(transport.calls).toEqual([]);
    expect(events).toEqual([]);
    expect(prober.healthy).toEqual([]);
  });
});
