import { NotFoundException } from '@nestjs/common';
import { DecisionHistory, type DecisionRecord } from './decision-history.js';
import { DecisionsController } from './decisions.controller.js';

const T0 = 1_764_000_000_000;
const record = (desiredScale: number, at = T0 + desiredScale * 1000): DecisionRecord => ({
  v: 1,
  desiredScale,
  excessBurstCapacity: -211,
  panic: false,
  observedStableValue: desiredScale * 10,
  observedPanicValue: desiredScale * 10,
  reason: `stable ${desiredScale * 10} / target 10 → ${desiredScale} pods`,
  timestamp: at,
  trigger: 'tick',
});

describe('DecisionHistory', () => {
  it.each([
    { name: 'fewer than the capacity', capacity: 3, added: [1, 2], want: [2, 1] },
    { name: 'exactly the capacity', capacity: 3, added: [1, 2, 3], want: [3, 2, 1] },
    { name: 'past the capacity: the oldest go', capacity: 3, added: [1, 2, 3, 4, 5], want: [5, 4, 3] },
    { name: 'capacity 1', capacity: 1, added: [1, 2, 3], want: [3] },
  ])('keeps the newest, newest first: $name', ({ capacity, added, want }) => {
    const history = new DecisionHistory(capacity);
    for (const n of added) history.add('default', 'hello-00001', record(n));
    expect(history.list('default', 'hello-00001')?.map((r) => r.desiredScale)).toEqual(want);
  });

  it('knows tracked revisions (empty), forgets deleted ones, and lists the latest of each sorted', () => {
    const history = new DecisionHistory(5);
    history.track('b', 'rev-1');
    history.add('a', 'rev-2', record(1));
    history.add('a', 'rev-2', record(2));
    history.add('a', 'rev-1', record(3));
    expect(history.list('b', 'rev-1')).toEqual([]);
    expect(history.list('c', 'nope')).toBeUndefined();
    expect(history.latest()).toEqual([
      { namespace: 'a', revision: 'rev-1', decision: record(3) },
      { namespace: 'a', revision: 'rev-2', decision: record(2) },
      { namespace: 'b', revision: 'rev-1', decision: undefined },
    ]);
    history.forget('a', 'rev-2');
    expect(history.list('a', 'rev-2')).toBeUndefined();
    expect(history.latest().map((l) => l.revision)).toEqual(['rev-1', 'rev-1']);
  });

  it('refuses a capacity below 1', () => {
    expect(() => new DecisionHistory(0)).toThrow(RangeError);
  });
});

describe('DecisionsController', () => {
  const history = new DecisionHistory(2);
  history.add('default', 'hello-00001', record(1));
  history.add('default', 'hello-00001', record(2));
  history.track('default', 'idle-00001');
  const controller = new DecisionsController(history);

  it('answers a revision with its decisions, newest first', () => {
    expect(controller.one('default', 'hello-00001')).toEqual({ namespace: 'default', revision: 'hello-00001', decisions: [record(2), record(1)] });
  });

  it('answers every revision with its latest decision, null before the first', () => {
    expect(controller.all()).toEqual({
      revisions: [
        { namespace: 'default', revision: 'hello-00001', decision: record(2) },
        { namespace: 'default', revision: 'idle-00001', decision: null },
      ],
    });
  });

  it('answers 404 with a message for a revision it does not decide for', () => {
    expect(() => controller.one('default', 'nope-00001')).toThrow(NotFoundException);
    expect(() => controller.one('default', 'nope-00001')).toThrow(/no decisions for revision "default\/nope-00001"/);
  });
});
