import type { Endpoint, SliceAssignment } from '@ebb/dataplane';
import { PodQueues, type PodSource } from './pod-queues.js';

const pod = (address: string): Endpoint => ({ address, port: 8080, protocol: 'http1' });
const PODS = [pod('127.0.0.12'), pod('127.0.0.11')];

/** A source with two ready pods for default/r and a settable share for this gateway. */
function source(assignment: SliceAssignment): PodSource & { assignment: SliceAssignment } {
  return {
    assignment,
    revisionEndpoints: () => PODS,
    gatewayAssignment() {
      return this.assignment;
    },
  };
}

/** Sends `count` requests to a containerConcurrency 1 revision and holds them: the pods they went to, in order. */
function hold(queues: PodQueues, count: number): string[] {
  const sent: string[] = [];
  const throttler = queues.throttler('default', 'r', 1);
  for (let i = 0; i < count; i += 1) throttler.acquire((target) => sent.push(target.address), () => sent.push('rejected'));
  return sent;
}

describe('PodQueues with several gateway replicas', () => {
  it.each([
    { name: 'alone, the gateway fills every pod', assignment: { index: -1, count: 1 }, want: { sent: ['127.0.0.11', '127.0.0.12'], waiting: 1 } },
    { name: 'first of two, it takes the first pod by address only', assignment: { index: 0, count: 2 }, want: { sent: ['127.0.0.11'], waiting: 2 } },
    { name: 'second of two, it takes the second', assignment: { index: 1, count: 2 }, want: { sent: ['127.0.0.12'], waiting: 2 } },
  ])('$name', ({ assignment, want }) => {
    const queues = new PodQueues(source(assignment));
    queues.endpointsChanged();
    const sent = hold(queues, 3);
    expect({ sent, waiting: queues.throttler('default', 'r', 1).waiting }).toEqual(want);
    queues.close();
  });

  it('takes all the pods again once it is the only gateway left', () => {
    const shared = source({ index: 0, count: 2 });
    const queues = new PodQueues(shared);
    queues.endpointsChanged();
    const sent = hold(queues, 2);
    expect(sent).toEqual(['127.0.0.11']);
    shared.assignment = { index: -1, count: 1 };
    queues.endpointsChanged();
    // The waiting request goes to the pod that became this gateway's.
    expect(sent).toEqual(['127.0.0.11', '127.0.0.12']);
    queues.close();
  });
});
