import type { Service, TrafficTarget } from '@ebb/api';
import { CliError } from '../context.js';
import { computeTraffic, splitRef, type TrafficFlags } from './traffic.js';

/** A Service with three revisions: v1 (tagged old), v2, v3 (latest ready); the spec as given. */
function service(spec: TrafficTarget[]): Service {
  return {
    metadata: { name: 'hello' },
    spec: { traffic: spec },
    status: {
      latestReadyRevisionName: 'hello-00003',
      traffic: [
        { revisionName: 'hello-00001', percent: 10, tag: 'old' },
        { revisionName: 'hello-00002', percent: 0, tag: 'mid' },
        { revisionName: 'hello-00003', percent: 90, latestRevision: true },
      ],
    },
  };
}

const SPEC: TrafficTarget[] = [
  { revisionName: 'hello-00001', percent: 10, tag: 'old', latestRevision: false },
  { revisionName: 'hello-00002', percent: 0, tag: 'mid', latestRevision: false },
  { latestRevision: true, percent: 90 },
];
const REVISIONS = ['hello-00001', 'hello-00002', 'hello-00003'];

describe('computeTraffic', () => {
  it.each<{ name: string; flags: TrafficFlags; mutation?: boolean; want: TrafficTarget[] | undefined }>([
    { name: 'no traffic flags: unchanged', flags: {}, want: undefined },
    {
      name: 'all of it to @latest by a bare percent; zero untagged targets dropped',
      flags: { traffic: ['100'] },
      want: [
        { revisionName: 'hello-00001', percent: 0, tag: 'old', latestRevision: false },
        { revisionName: 'hello-00002', percent: 0, tag: 'mid', latestRevision: false },
        { latestRevision: true, percent: 100 },
      ],
    },
    {
      name: 'by tag and revision name, comma-separated, % allowed',
      flags: { traffic: ['old=20%,mid=30', '@latest=50'] },
      want: [
        { revisionName: 'hello-00001', percent: 20, tag: 'old', latestRevision: false },
        { revisionName: 'hello-00002', percent: 30, tag: 'mid', latestRevision: false },
        { latestRevision: true, percent: 50 },
      ],
    },
    {
      name: 'the remainder goes to the one revision left out',
      flags: { traffic: ['old=25', '@latest=70'] },
      want: [
        { revisionName: 'hello-00001', percent: 25, tag: 'old', latestRevision: false },
        { revisionName: 'hello-00002', percent: 5, tag: 'mid', latestRevision: false },
        { latestRevision: true, percent: 70 },
      ],
    },
    {
      name: 'with a template change the remainder goes to @latest',
      flags: { traffic: ['old=25', 'mid=5', 'hello-00003=10'] },
      mutation: true,
      want: [
        { revisionName: 'hello-00001', percent: 25, tag: 'old', latestRevision: false },
        { revisionName: 'hello-00002', percent: 5, tag: 'mid', latestRevision: false },
        { latestRevision: true, percent: 60 },
        { revisionName: 'hello-00003', percent: 10, latestRevision: false },
      ],
    },
    {
      name: 'a tag on an untagged revision is added as a second target when it has one',
      flags: { tag: ['hello-00001=first', '@latest=current'] },
      want: [
        { revisionName: 'hello-00001', percent: 10, tag: 'old', latestRevision: false },
        { revisionName: 'hello-00002', percent: 0, tag: 'mid', latestRevision: false },
        { latestRevision: true, percent: 90, tag: 'current' },
        { revisionName: 'hello-00001', percent: 0, tag: 'first', latestRevision: false },
      ],
    },
    {
      name: '--untag first, then the same tag elsewhere',
      flags: { untag: ['old'], tag: ['hello-00002=old'] },
      want: [
        { revisionName: 'hello-00001', percent: 10, latestRevision: false },
        { revisionName: 'hello-00002', percent: 0, tag: 'mid', latestRevision: false },
        { latestRevision: true, percent: 90 },
        { revisionName: 'hello-00002', percent: 0, tag: 'old', latestRevision: false },
      ],
    },
  ])('$name', ({ flags, mutation, want }) => {
    expect(computeTraffic(flags, { service: service(SPEC), revisions: REVISIONS, mutation: mutation ?? false })).toEqual(want);
  });

  it.each<{ name: string; flags: TrafficFlags; mutation?: boolean; revisions?: string[]; error: string }>([
    { name: 'a sum over 100', flags: { traffic: ['old=60', '@latest=50'] }, error: 'given traffic percents sum to 110, want <=100' },
    { name: 'two revisions left out', flags: { traffic: ['@latest=50'] }, error: 'unable to allocate the remaining traffic: 50%. Reason: incorrect number of revisions specified. Only 1 revision should be missing' },
    { name: 'a left-out revision that cannot be found', flags: { traffic: ['old=10', 'mid=10', '@latest=50'] }, error: 'unable to allocate the remaining traffic: 30%. Reason: incorrect number of revisions specified. Only 1 revision should be missing' },
    { name: 'a left-out revision that no longer exists', flags: { traffic: ['mid=10', 'hello-00003=50'] }, revisions: ['hello-00002', 'hello-00003'], error: 'unable to allocate the remaining traffic: 40%. Reason: cannot determine the missing revision' },
    { name: 'a repeated reference', flags: { traffic: ['old=50', 'old=50'] }, error: 'repetition of revision reference old is not allowed, use only once with --traffic flag' },
    { name: 'a repeated @latest tag', flags: { tag: ['@latest=a', '@latest=b'] }, error: 'repetition of identifier @latest is not allowed, use only once with --tag flag' },
    { name: 'a percent that is no integer', flags: { traffic: ['old=ten'] }, error: 'error converting given ten to integer value for traffic distribution' },
    { name: 'a percent above 100', flags: { traffic: ['old=101'] }, error: 'invalid value for traffic percent 101, expected 0 <= percent <= 100' },
    { name: 'a malformed pair', flags: { traffic: ['old=1=2'] }, error: 'expecting the value format in value1=value2, given old=1=2' },
    { name: 'overwriting a tag', flags: { tag: ['hello-00002=old'] }, error: "refusing to overwrite existing tag in service, add flag '--untag old' in command to untag it" },
    { name: 'untagging a missing tag', flags: { untag: ['nope', 'gone'] }, error: 'tag(s) nope, gone not present for any revisions of service hello' },
  ])('refuses $name', ({ flags, mutation, revisions, error }) => {
    expect(() => computeTraffic(flags, { service: service(SPEC), revisions: revisions ?? REVISIONS, mutation: mutation ?? false })).toThrow(new CliError(error));
  });

  it('refuses to retag the latest revision that has a tag', () => {
    const tagged = service([{ latestRevision: true, percent: 100, tag: 'current' }]);
    expect(() => computeTraffic({ tag: ['@latest=next'] }, { service: tagged, revisions: REVISIONS, mutation: false })).toThrow(
      "tag 'current' exists on latest ready revision of service, refusing to overwrite existing tag with 'next', add flag '--untag current' in command to untag it",
    );
  });

  it('creates a tagged @latest target with all traffic on create', () => {
    const created: Service = { metadata: { name: 'hello' }, spec: {} };
    expect(computeTraffic({ tag: ['@latest=current'] }, { service: created, revisions: [], mutation: true, create: true })).toEqual([{ latestRevision: true, percent: 100, tag: 'current' }]);
  });

  it.each([
    { pair: '50', want: ['@latest', '50'] },
    { pair: 'a=50%', want: ['a', '50'] },
  ])('splits $pair', ({ pair, want }) => {
    expect(splitRef(pair)).toEqual(want);
  });
});
