import type { Endpoint } from '@ebb/dataplane';
import { DemandThrottler } from './demand-throttler.js';

const POD: Endpoint = { address: '10.0.0.1', port: 8080, protocol: 'http1' };

describe('DemandThrottler', () => {
  it('notes every acquire (before it waits) and throttles as RevisionThrottler does', () => {
    const noted: number[] = [];
    const throttler: DemandThrottler = new DemandThrottler({ containerConcurrency: 1, queueDepth: 10 }, () => noted.push(throttler.waiting));
    const got: string[] = [];
    throttler.acquire((pod) => got.push(`first ${pod.address}`), () => got.push('rejected'));
    throttler.acquire((pod) => got.push(`second ${pod.address}`), () => got.push('rejected'), POD);
    expect({ noted, got, waiting: throttler.waiting }).toEqual({ noted: [0, 1], got: [], waiting: 2 });
    throttler.updateEndpoints([POD]);
    expect({ got, waiting: throttler.waiting, inFlight: throttler.inFlight }).toEqual({ got: ['first 10.0.0.1'], waiting: 1, inFlight: 1 });
  });
});
