import type { TrafficTarget } from '../serving/v1/route.types.js';
import { ROUTE_SPEC_SCOPE, SERVICE_SPEC_SCOPE, validateTrafficList, type TrafficScope } from './traffic.js';

// Exact apimachinery texts (VALIDATION.md §0.3).
const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const QUALIFIED =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const STATUS_SCOPE: TrafficScope = { within: 'status', hasDefaultConfigurationName: false };

/** The list validated as `spec.traffic` (or `status.traffic`) of a Route or Service. */
function render(traffic: TrafficTarget[] | undefined, scope: TrafficScope = ROUTE_SPEC_SCOPE): string {
  return validateTrafficList(traffic, scope).viaField(scope.within, 'traffic').render();
}

describe('validateTrafficList (VALIDATION.md §3.1)', () => {
  it.each([
    { name: 'percents must sum to 100 (rejected)', traffic: [{ revisionName: 'a', percent: 50 }], want: 'Traffic targets sum to 50, want 100: spec.traffic' },
    { name: 'an empty list sums to 0 (rejected for a Route)', traffic: [], want: 'Traffic targets sum to 0, want 100: spec.traffic' },
    { name: 'no traffic at all sums to 0', traffic: undefined, want: 'Traffic targets sum to 0, want 100: spec.traffic' },
    { name: 'a missing percent counts 0', traffic: [{ revisionName: 'a' }], want: 'Traffic targets sum to 0, want 100: spec.traffic' },
    { name: 'percents sum to 100 (accepted)', traffic: [{ revisionName: 'a', percent: 40 }, { configurationName: 'c', percent: 60 }], want: '' },
    {
      name: 'a tag must be a DNS-1035 label (rejected; index after tag, upstream quirk)',
      traffic: [{ tag: 'Foo', revisionName: 'a', percent: 100 }],
      want: `invalid value: not a DNS 1035 label: [${DNS1035}]: spec.traffic.tag[0]`,
    },
    { name: 'a tag must be no more than 63 characters', traffic: [{ tag: 'a'.repeat(64), revisionName: 'a', percent: 100 }], want: 'invalid value: not a DNS 1035 label: [must be no more than 63 characters]: spec.traffic.tag[0]' },
    { name: 'a DNS-1035 tag (accepted)', traffic: [{ tag: 'canary-1', revisionName: 'a', percent: 100 }], want: '' },
    {
      name: 'tags must be unique (rejected)',
      traffic: [{ tag: 'foo', revisionName: 'a', percent: 50 }, { tag: 'foo', revisionName: 'b', percent: 50 }],
      want: 'Multiple definitions for "foo": spec.traffic[0].tag, spec.traffic[1].tag',
    },
    {
      name: 'tags must be unique even for the same revision',
      traffic: [{ tag: 'foo', revisionName: 'a', percent: 50 }, { revisionName: 'b', percent: 0 }, { tag: 'foo', revisionName: 'a', percent: 50 }],
      want: 'Multiple definitions for "foo": spec.traffic[0].tag, spec.traffic[2].tag',
    },
    { name: 'distinct tags (accepted)', traffic: [{ tag: 'foo', revisionName: 'a', percent: 50 }, { tag: 'bar', revisionName: 'a', percent: 50 }], want: '' },
    {
      name: 'latestRevision true with a revisionName (rejected)',
      traffic: [{ revisionName: 'a', latestRevision: true, percent: 100 }],
      want: 'may not set revisionName "a" when latestRevision is true: spec.traffic[0].latestRevision',
    },
    {
      name: 'latestRevision false without a revisionName (rejected)',
      traffic: [{ configurationName: 'c', latestRevision: false, percent: 100 }],
      want: 'may not set revisionName "" when latestRevision is false: spec.traffic[0].latestRevision',
    },
    { name: 'latestRevision false pinning a revision (accepted)', traffic: [{ revisionName: 'a', latestRevision: false, percent: 100 }], want: '' },
    { name: 'latestRevision true following a configuration (accepted)', traffic: [{ configurationName: 'c', latestRevision: true, percent: 100 }], want: '' },
    {
      name: 'revisionName and configurationName both set (rejected)',
      traffic: [{ revisionName: 'a', configurationName: 'c', percent: 100 }],
      want: 'expected exactly one, got both: spec.traffic[0].configurationName, spec.traffic[0].revisionName',
    },
    {
      name: 'neither revisionName nor configurationName on a Route (rejected)',
      traffic: [{ percent: 100 }],
      want: 'expected exactly one, got neither: spec.traffic[0].configurationName, spec.traffic[0].revisionName',
    },
    {
      name: 'revisionName must be a qualified name (rejected)',
      traffic: [{ revisionName: 'bad name!', percent: 100 }],
      want: `invalid key name "bad name!": spec.traffic[0].revisionName\n${QUALIFIED}`,
    },
    { name: 'revisionName is not DNS-checked: upper case, _ and . are fine (accepted)', traffic: [{ revisionName: 'Hello_World.v1', percent: 100 }], want: '' },
    {
      name: 'configurationName must be a qualified name (rejected)',
      traffic: [{ configurationName: '-c', percent: 100 }],
      want: `invalid key name "-c": spec.traffic[0].configurationName\n${QUALIFIED}`,
    },
    { name: 'a qualified configurationName (accepted)', traffic: [{ configurationName: 'My.Config', percent: 100 }], want: '' },
    {
      name: 'percent must be in [0, 100] (rejected)',
      traffic: [{ revisionName: 'a', percent: 101 }, { revisionName: 'b', percent: -1 }],
      want: 'expected 0 <= -1 <= 100: spec.traffic[1].percent\nexpected 0 <= 101 <= 100: spec.traffic[0].percent',
    },
    { name: 'percent 0 and 100 (accepted)', traffic: [{ revisionName: 'a', percent: 0 }, { revisionName: 'b', percent: 100 }], want: '' },
    {
      name: 'url is not settable in spec (rejected)',
      traffic: [{ tag: 'foo', revisionName: 'a', percent: 100, url: 'http://foo-hello.default.example.com' }],
      want: 'must not set the field(s): spec.traffic[0].url',
    },
    {
      name: 'url on an untagged target is reported once per path',
      traffic: [{ revisionName: 'a', percent: 100, url: 'http://hello.default.example.com' }],
      want: 'must not set the field(s): spec.traffic[0].url',
    },
    { name: 'no url in spec (accepted)', traffic: [{ tag: 'foo', revisionName: 'a', percent: 100 }], want: '' },
  ])('$name', ({ traffic, want }) => {
    expect(render(traffic)).toBe(want);
  });
});

describe('traffic inside a Service (default configuration name)', () => {
  it.each([
    {
      name: 'configurationName may not be set (rejected)',
      traffic: [{ configurationName: 'other', percent: 100 }],
      want: 'must not set the field(s): spec.traffic[0].configurationName',
    },
    {
      name: 'configurationName may not be set, even with a revisionName (first case wins)',
      traffic: [{ configurationName: 'other', revisionName: 'a', percent: 100 }],
      want: 'must not set the field(s): spec.traffic[0].configurationName',
    },
    { name: 'neither means the own configuration (accepted)', traffic: [{ latestRevision: true, percent: 100 }], want: '' },
    { name: 'a pinned revision next to the latest (accepted)', traffic: [{ revisionName: 'hello-00001', percent: 90 }, { latestRevision: true, percent: 10, tag: 'latest' }], want: '' },
  ])('$name', ({ traffic, want }) => {
    expect(render(traffic, SERVICE_SPEC_SCOPE)).toBe(want);
  });
});

describe('traffic in status (TrafficTarget.Validate within status)', () => {
  it.each([
    { name: 'revisionName is required (rejected)', traffic: [{ configurationName: 'c', percent: 100 }], want: 'missing field(s): status.traffic[0].revisionName' },
    { name: 'a tagged target needs a url (rejected)', traffic: [{ tag: 'foo', revisionName: 'a', percent: 100 }], want: 'missing field(s): status.traffic[0].url' },
    { name: 'an untagged target may not have a url (rejected)', traffic: [{ revisionName: 'a', percent: 100, url: 'http://x' }], want: 'must not set the field(s): status.traffic[0].url' },
    { name: 'latestRevision is not checked in status (accepted)', traffic: [{ tag: 'foo', revisionName: 'a', latestRevision: true, percent: 100, url: 'http://foo-x' }], want: '' },
  ])('$name', ({ traffic, want }) => {
    expect(render(traffic, STATUS_SCOPE)).toBe(want);
  });
});
