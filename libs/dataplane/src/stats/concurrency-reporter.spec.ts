// Table tests of the time-weighted concurrency accumulator: scripted begins and ends at given
// milliseconds, then the reports of one or more periods.
import { ConcurrencyReporter, type StatReport } from './concurrency-reporter.js';

/** Steps: `b ns/rev t` (begin), `e ns/rev t` (end), `r t` (report). */
function run(subtractFirst: boolean, steps: readonly string[]): { firsts: string[]; reports: StatReport[][]; size: number } {
  const reporter = new ConcurrencyReporter({ subtractFirst });
  const firsts: string[] = [];
  const reports: StatReport[][] = [];
  for (const step of steps) {
    const parts = step.split(' ');
    const verb = parts[0];
    if (verb === 'r') {
      reports.push(reporter.report(Number(parts[1])));
      continue;
    }
    const [ns = '', rev = ''] = (parts[1] ?? '').split('/');
    const at = Number(parts[2]);
    if (verb === 'b' && reporter.begin(ns, rev, at)) firsts.push(`${ns}/${rev}@${at}`);
    if (verb === 'e') reporter.end(ns, rev, at);
  }
  return { firsts, reports, size: reporter.size };
}

/** A report of namespace `ns` (or `other/<rev>`): [concurrency, count, window seconds]. */
const stat = (key: string, [averageConcurrency, requestCount, windowSeconds]: [number, number, number]): StatReport => {
  const [namespace, revision] = key.includes('/') ? (key.split('/') as [string, string]) : ['ns', key];
  return { namespace, revision, averageConcurrency, requestCount, windowSeconds };
};

describe('ConcurrencyReporter', () => {
  it.each([
    {
      name: 'one request in flight for the whole period: concurrency 1',
      subtractFirst: false,
      steps: ['b ns/a 0', 'r 1000'],
      want: { firsts: ['ns/a@0'], reports: [[stat('a', [1, 1, 1])]], size: 1 },
    },
    {
      name: 'time-weighted: 3 in flight for half the period, 1 for the other half → 2',
      subtractFirst: false,
      steps: ['b ns/a 0', 'r 1000', 'b ns/a 1000', 'b ns/a 1000', 'e ns/a 1500', 'e ns/a 1500', 'r 2000'],
      want: { firsts: ['ns/a@0'], reports: [[stat('a', [1, 1, 1])], [stat('a', [2, 2, 1])]], size: 1 },
    },
    {
      name: 'averages over the whole period since the last report',
      subtractFirst: false,
      steps: ['b ns/a 0', 'r 1000', 'b ns/a 1250', 'e ns/a 1750', 'r 2000'],
      want: { firsts: ['ns/a@0'], reports: [[stat('a', [1, 1, 1])], [stat('a', [1.5, 1, 1])]], size: 1 },
    },
    {
      name: 'a new revision averages over the time since its first request',
      subtractFirst: false,
      steps: ['b ns/a 500', 'r 1000'],
      want: { firsts: ['ns/a@500'], reports: [[stat('a', [1, 1, 0.5])]], size: 1 },
    },
    {
      name: 'subtractFirst takes the immediate stat off the next report, floored at 0',
      subtractFirst: true,
      steps: ['b ns/a 0', 'e ns/a 200', 'b ns/a 600', 'r 1000', 'r 2000'],
      want: { firsts: ['ns/a@0'], reports: [[stat('a', [0, 1, 1])], [stat('a', [1, 0, 1])]], size: 1 },
    },
    {
      name: 'subtractFirst: concurrency above 1 keeps the excess',
      subtractFirst: true,
      steps: ['b ns/a 0', 'b ns/a 0', 'b ns/a 0', 'r 1000'],
      want: { firsts: ['ns/a@0'], reports: [[stat('a', [2, 2, 1])]], size: 1 },
    },
    {
      name: 'an idle period is reported once as zeros, then the revision is dropped and its next request is a first again',
      subtractFirst: false,
      steps: ['b ns/a 0', 'e ns/a 1000', 'r 1000', 'r 2000', 'r 3000', 'b ns/a 3100'],
      want: { firsts: ['ns/a@0', 'ns/a@3100'], reports: [[stat('a', [1, 1, 1])], [stat('a', [0, 0, 1])], []], size: 1 },
    },
    {
      name: 'a request begun and ended in the same instant counts, then the revision is dropped',
      subtractFirst: false,
      steps: ['b ns/a 1000', 'e ns/a 1000', 'r 1000'],
      want: { firsts: ['ns/a@1000'], reports: [[stat('a', [0, 1, 0.001])]], size: 0 },
    },
    {
      name: 'revisions and namespaces are kept apart',
      subtractFirst: false,
      steps: ['b ns/a 0', 'b other/a 500', 'b ns/b 0', 'e ns/b 250', 'r 1000'],
      want: { firsts: ['ns/a@0', 'other/a@500', 'ns/b@0'], reports: [[stat('a', [1, 1, 1]), stat('b', [0.25, 1, 1]), stat('other/a', [1, 1, 0.5])]], size: 3 },
    },
    {
      name: 'an end without a begin is ignored',
      subtractFirst: false,
      steps: ['e ns/a 0', 'r 1000'],
      want: { firsts: [], reports: [[]], size: 0 },
    },
  ])('$name', ({ subtractFirst, steps, want }) => {
    expect(run(subtractFirst, steps)).toEqual(want);
  });
});
