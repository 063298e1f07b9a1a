// Table tests of the Configuration status verbs: each row starts from a status, applies one verb at
// T1 and spells out the whole status that must come out (API.md §6.2).
import type { ConfigurationStatus } from './configuration.types.js';
import {
  initializeConfigurationConditions,
  isLatestReadyRevisionNameUpToDate,
  markLatestCreatedFailed,
  markLatestReadyDeleted,
  markRevisionCreationFailed,
  setLatestCreatedRevisionName,
  setLatestReadyRevisionName,
} from './configuration.lifecycle.js';

const T0 = '2026-01-01T00:00:00Z';
const T1 = '2026-01-01T00:01:00Z';

const ready = (status: 'True' | 'False' | 'Unknown', time = T0, reason?: string, message?: string) => ({
  type: 'Ready',
  status,
  lastTransitionTime: time,
  ...(reason === undefined ? {} : { reason }),
  ...(message === undefined ? {} : { message }),
});

describe('Configuration status verbs', () => {
  it.each<{ name: string; before: ConfigurationStatus; verb: (s: ConfigurationStatus) => ConfigurationStatus; want: ConfigurationStatus }>([
    { name: 'initialize: Ready Unknown', before: {}, verb: (s) => initializeConfigurationConditions(s, T1), want: { conditions: [ready('Unknown', T1)] } },
    {
      name: 'initialize keeps an existing Ready',
      before: { conditions: [ready('True')] },
      verb: (s) => initializeConfigurationConditions(s, T1),
      want: { conditions: [ready('True')] },
    },
    {
      name: 'new latest created ≠ latest ready → Ready Unknown without reason',
      before: { latestCreatedRevisionName: 'hello-00001', latestReadyRevisionName: 'hello-00001', conditions: [ready('True')] },
      verb: (s) => setLatestCreatedRevisionName(s, 'hello-00002', T1),
      want: { latestCreatedRevisionName: 'hello-00002', latestReadyRevisionName: 'hello-00001', conditions: [ready('Unknown', T1)] },
    },
    {
      name: 'latest created = latest ready → Ready untouched',
      before: { latestCreatedRevisionName: 'hello-00001', latestReadyRevisionName: 'hello-00001', conditions: [ready('True')] },
      verb: (s) => setLatestCreatedRevisionName(s, 'hello-00001', T1),
      want: { latestCreatedRevisionName: 'hello-00001', latestReadyRevisionName: 'hello-00001', conditions: [ready('True')] },
    },
    {
      name: 'latest ready = latest created → Ready True',
      before: { latestCreatedRevisionName: 'hello-00001', conditions: [ready('Unknown')] },
      verb: (s) => setLatestReadyRevisionName(s, 'hello-00001', T1),
      want: { latestCreatedRevisionName: 'hello-00001', latestReadyRevisionName: 'hello-00001', conditions: [ready('True', T1)] },
    },
    {
      name: 'latest ready older than latest created → Ready untouched',
      before: { latestCreatedRevisionName: 'hello-00002', conditions: [ready('Unknown')] },
      verb: (s) => setLatestReadyRevisionName(s, 'hello-00001', T1),
      want: { latestCreatedRevisionName: 'hello-00002', latestReadyRevisionName: 'hello-00001', conditions: [ready('Unknown')] },
    },
    {
      name: 'latest created failed → Ready False RevisionFailed',
      before: { latestCreatedRevisionName: 'hello-00001', conditions: [ready('Unknown')] },
      verb: (s) => markLatestCreatedFailed(s, 'hello-00001', 'Container failed with: boom', T1),
      want: {
        latestCreatedRevisionName: 'hello-00001',
        conditions: [ready('False', T1, 'RevisionFailed', 'Revision "hello-00001" failed with message: Container failed with: boom.')],
      },
    },
    {
      name: 'revision creation failed → Ready False RevisionFailed',
      before: { conditions: [ready('Unknown')] },
      verb: (s) => markRevisionCreationFailed(s, 'revisions.serving.knative.dev "hello-byo" already exists', T1),
      want: {
        conditions: [
          ready('False', T1, 'RevisionFailed', 'Revision creation failed with message: revisions.serving.knative.dev "hello-byo" already exists.'),
        ],
      },
    },
    {
      name: 'latest ready deleted → Ready False RevisionDeleted naming it',
      before: { latestCreatedRevisionName: 'hello-00001', latestReadyRevisionName: 'hello-00001', conditions: [ready('True')] },
      verb: (s) => markLatestReadyDeleted(s, T1),
      want: {
        latestCreatedRevisionName: 'hello-00001',
        latestReadyRevisionName: 'hello-00001',
        conditions: [ready('False', T1, 'RevisionDeleted', 'Revision "hello-00001" was deleted.')],
      },
    },
  ])('$name', ({ before, verb, want }) => {
    const frozen = structuredClone(before);
    expect(verb(before)).toEqual(want);
    expect(before).toEqual(frozen);
  });

  it('recovers after the latest ready Revision was deleted (Knative TestLatestRevisionDeletedThenFixed)', () => {
    let s = initializeConfigurationConditions({}, T0);
    s = setLatestCreatedRevisionName(s, 'foo', T0);
    s = setLatestReadyRevisionName(s, 'foo', T0);
    expect(isLatestReadyRevisionNameUpToDate(s)).toBe(true);
    s = markLatestReadyDeleted(s, T0);
    expect(s.conditions).toEqual([ready('False', T0, 'RevisionDeleted', 'Revision "foo" was deleted.')]);
    expect(isLatestReadyRevisionNameUpToDate(s)).toBe(false);
    s = setLatestCreatedRevisionName(s, 'bar', T1);
    expect(s.conditions).toEqual([ready('Unknown', T1)]);
    s = setLatestReadyRevisionName(s, 'bar', T1);
    expect(s.conditions).toEqual([ready('True', T1)]);
    expect(isLatestReadyRevisionNameUpToDate(s)).toBe(true);
  });
});
