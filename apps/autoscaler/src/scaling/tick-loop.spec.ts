import { TickLoop, type Scheduler } from './tick-loop.js';

/** A scheduler that runs its timers only when told to, and records each wait. */
class ManualScheduler implements Scheduler {
  readonly waits: number[] = [];
  private pending: { id: number; callback: () => void } | undefined;
  private nextId = 1;

  setTimeout(callback: () => void, ms: number): unknown {
    this.waits.push(ms);
    this.pending = { id: this.nextId++, callback };
    return this.pending.id;
  }

  clearTimeout(handle: unknown): void {
    if (this.pending?.id === handle) this.pending = undefined;
  }

  get armed(): boolean {
    return this.pending !== undefined;
  }

  fire(): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.callback();
  }
}

describe('TickLoop', () => {
  it('reads the interval before every wait, so a new tick-interval applies from the next tick', () => {
    const scheduler = new ManualScheduler();
    const intervals = [2000, 2000, 500];
    let ticks = 0;
    const loop = new TickLoop({ interval: () => intervals[Math.min(ticks, intervals.length - 1)] as number, tick: () => void ticks++, onError: () => undefined, scheduler });
    loop.start();
    loop.start();
    scheduler.fire();
    scheduler.fire();
    scheduler.fire();
    expect({ ticks, waits: scheduler.waits }).toEqual({ ticks: 3, waits: [2000, 2000, 500, 500] });
    loop.stop();
  });

  it('reports a throwing tick and keeps going', () => {
    const scheduler = new ManualScheduler();
    const errors: unknown[] = [];
    let ticks = 0;
    const loop = new TickLoop({
      interval: () => 1000,
      tick: () => {
        ticks++;
        if (ticks === 1) throw new Error('bad revision');
      },
      onError: (error) => errors.push(error),
      scheduler,
    });
    loop.start();
    scheduler.fire();
    scheduler.fire();
    expect({ ticks, errors: errors.map((e) => (e as Error).message), armed: scheduler.armed }).toEqual({ ticks: 2, errors: ['bad revision'], armed: true });
    loop.stop();
  });

  it('stops: the pending timer is cleared and a tick that stops the loop schedules no other', () => {
    const scheduler = new ManualScheduler();
    let ticks = 0;
    const loop: TickLoop = new TickLoop({ interval: () => 1000, tick: () => (ticks++, loop.stop()), onError: () => undefined, scheduler });
    loop.start();
    scheduler.fire();
    expect({ ticks, armed: scheduler.armed }).toEqual({ ticks: 1, armed: false });
    loop.start();
    loop.stop();
    expect(scheduler.armed).toBe(false);
  });
});
