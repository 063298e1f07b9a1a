import { getCondition } from '../../core/condition-set.js';
import { proxyForMs, ServerlessServiceLifecycle as SKS } from './serverless-service.lifecycle.js';
import type { ServerlessServiceStatus } from './serverless-service.types.js';

const T0 = '2026-11-26T08:00:00Z';
const T1 = '2026-11-26T08:00:30Z';
const cond = (status: ServerlessServiceStatus, type: string): unknown => {
  const c = getCondition(status, type);
  return c && { status: c.status, reason: c.reason, message: c.message };
};

describe('ServerlessService lifecycle', () => {
  it('initializes Ready and EndpointsPopulated Unknown', () => {
    const status = SKS.initialize(undefined, T0);
    expect(cond(status, 'Ready')).toEqual({ status: 'Unknown', reason: undefined, message: undefined });
    expect(cond(status, 'EndpointsPopulated')).toEqual({ status: 'Unknown', reason: undefined, message: undefined });
  });

  it.each([
    { name: 'endpoints ready → Ready', mark: SKS.markEndpointsReady, ready: { status: 'True', reason: undefined, message: undefined } },
    { name: 'no healthy backends → Ready Unknown', mark: SKS.markEndpointsNotReady, ready: { status: 'Unknown', reason: 'NoHealthyBackends', message: 'K8s Service is not ready' } },
  ])('$name', ({ mark, ready }) => {
    expect(cond(mark(SKS.initialize(undefined, T0), T0), 'Ready')).toEqual(ready);
  });

  it('the activator condition does not change Ready', () => {
    const ready = SKS.markEndpointsReady(SKS.initialize(undefined, T0), T0);
    const proxied = SKS.markActivatorEndpointsPopulated(ready, T0);
    expect(cond(proxied, 'Ready')).toEqual({ status: 'True', reason: undefined, message: undefined });
    expect(cond(proxied, 'ActivatorEndpointsPopulated')).toEqual({ status: 'True', reason: 'ActivatorEndpointsPopulated', message: 'Revision is backed by Activator' });
    const served = SKS.markActivatorEndpointsRemoved(proxied, T1);
    expect(cond(served, 'Ready')).toEqual({ status: 'True', reason: undefined, message: undefined });
    expect(getCondition(served, 'ActivatorEndpointsPopulated')?.status).toBe('False');
  });

  it.each([
    { name: 'never proxied', status: undefined, now: T1, want: 0 },
    { name: 'proxied since T0', status: SKS.markActivatorEndpointsPopulated({}, T0), now: T1, want: 30_000 },
    { name: 'no longer proxied', status: SKS.markActivatorEndpointsRemoved(SKS.markActivatorEndpointsPopulated({}, T0), T0), now: T1, want: 0 },
  ])('proxyForMs: $name', ({ status, now, want }) => {
    expect(proxyForMs(status, Date.parse(now))).toBe(want);
  });
});
