import { ReadinessService, type ReadinessCheck } from './readiness.service.js';

const fails: ReadinessCheck = () => {
  throw new Error('x');
};

describe('ReadinessService', () => {
  it('is ready with no checks', async () => {
    await expect(new ReadinessService().evaluate()).resolves.toEqual({ ready: true, draining: false, checks: {} });
  });

  it.each<{ name: string; checks: Record<string, ReadinessCheck>; ready: boolean; report: Record<string, boolean> }>([
    { name: 'all pass', checks: { a: () => true, b: () => Promise.resolve(true) }, ready: true, report: { a: true, b: true } },
    { name: 'one fails', checks: { a: () => true, b: () => false }, ready: false, report: { a: true, b: false } },
    { name: 'one throws', checks: { a: fails }, ready: false, report: { a: false } },
    { name: 'one rejects', checks: { a: () => Promise.reject(new Error('x')) }, ready: false, report: { a: false } },
  ])('$name → ready $ready', async ({ checks, ready, report }) => {
    const readiness = new ReadinessService();
    for (const [name, check] of Object.entries(checks)) readiness.register(name, check);
    await expect(readiness.evaluate()).resolves.toEqual({ ready, draining: false, checks: report });
  });

  it('counts a check that hangs as failed', async () => {
    const readiness = new ReadinessService();
    readiness.register('slow', () => new Promise<boolean>(() => undefined));
    await expect(readiness.evaluate()).resolves.toMatchObject({ ready: false, checks: { slow: false } });
  });

  it('is not ready while draining, whatever the checks say', async () => {
    const readiness = new ReadinessService();
    readiness.register('a', () => true);
    readiness.startDraining(1);
    await expect(readiness.evaluate()).resolves.toEqual({ ready: false, draining: true, checks: { a: true } });
  });

  it('refuses a second check of the same name', () => {
    const readiness = new ReadinessService();
    readiness.register('nats', () => true);
    expect(() => readiness.register('nats', () => true)).toThrow('readiness check "nats" is already registered');
  });

  it.each([
    { name: 'no condition registered: the period decides', conditions: [], want: false },
    { name: 'every condition holds', conditions: [true, true], want: true },
    { name: 'one does not', conditions: [true, false], want: false },
  ])('drainComplete: $name', ({ conditions, want }) => {
    const readiness = new ReadinessService();
    conditions.forEach((holds, i) => readiness.registerDrainCondition(`c${i}`, () => holds));
    expect(readiness.drainComplete()).toBe(want);
  });

  it('refuses a second drain condition of the same name', () => {
    const readiness = new ReadinessService();
    readiness.registerDrainCondition('endpoint-gone', () => true);
    expect(() => readiness.registerDrainCondition('endpoint-gone', () => true)).toThrow('drain condition "endpoint-gone" is already registered');
  });
});
