// Reconcile table of the Configuration reconciler (Knative configuration_test.go style): each row
// states the Configuration and Revisions before, what fails, and the creates, status and Events
// that must follow (API.md §5, §6.2).
import type { Condition, Configuration, ConfigurationStatus, Revision } from '@ebb/api';
import { KubeApiError } from '@ebb/kube';
import { FakeKind } from '../testing/fake-kind.js';
import { reconcileContext } from '../testing/reconcile-context.spec-support.js';
import { ConfigurationReconciler } from './configuration.reconciler.js';

const NOW = new Date('2026-02-01T10:00:00.000Z');
const TN = '2026-02-01T10:00:00Z';
const T0 = '2026-01-01T00:00:00Z';
const spec = { containers: [{ image: 'ghcr.io/knative/helloworld-go' }] };
const otherSpec = { containers: [{ image: 'ghcr.io/knative/other' }] };

const ready = (status: 'True' | 'False' | 'Unknown', time = T0, reason?: string, message?: string): Condition => ({
  type: 'Ready',
  status,
  lastTransitionTime: time,
  ...(reason === undefined ? {} : { reason }),
  ...(message === undefined ? {} : { message }),
});

function configuration(generation: number, status?: ConfigurationStatus, templateName?: string, templateSpec = spec): Configuration {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Configuration',
    metadata: { name: 'hello', namespace: 'default', uid: 'cfg-uid', generation, annotations: { 'serving.knative.dev/lastModifier': 'bob' } },
    spec: { template: { ...(templateName === undefined ? {} : { metadata: { name: templateName } }), spec: templateSpec } },
    ...(status === undefined ? {} : { status }),
  };
}

const ownerRef = { apiVersion: 'serving.knative.dev/v1', kind: 'Configuration', name: 'hello', uid: 'cfg-uid', controller: true, blockOwnerDeletion: true };

/** A Revision of `hello` at configuration generation `generation`, with its Ready status (none when undefined). */
function revision(name: string, generation: number, readyStatus?: 'True' | 'False' | 'Unknown', other: { owner?: typeof ownerRef } = {}): Revision {
  const owner = other.owner ?? ownerRef;
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Revision',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      generation: 1,
      labels: { 'serving.knative.dev/configuration': owner.name, 'serving.knative.dev/configurationGeneration': String(generation) },
      ownerReferences: [owner],
    },
    spec,
    ...(readyStatus === undefined
      ? {}
      : { status: { observedGeneration: 1, conditions: [readyStatus === 'False' ? ready('False', T0, 'ExitCode1', 'Container failed with: boom') : ready(readyStatus)] } }),
  };
}

/** The Revision the reconciler creates, as the fake API server stores it. */
function created(name: string, generation: number, resourceVersion = '101'): Revision {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Revision',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      generation: 1,
      creationTimestamp: '2026-01-01T00:00:00Z',
      resourceVersion,
      labels: {
        'serving.knative.dev/configuration': 'hello',
        'serving.knative.dev/configurationGeneration': String(generation),
        'serving.knative.dev/configurationUID': 'cfg-uid',
        'serving.knative.dev/routingState': 'pending',
      },
      annotations: { 'serving.knative.dev/creator': 'bob', 'serving.knative.dev/routingStateModified': TN },
      ownerReferences: [ownerRef],
    },
    spec,
  };
}

const ALREADY_EXISTS = 'revisions.serving.knative.dev "hello-byo" already exists';

interface Row {
  readonly name: string;
  readonly configuration: Configuration;
  readonly revisions?: Revision[];
  readonly failCreate?: Error;
  readonly wantCreates?: Revision[];
  readonly wantStatus: ConfigurationStatus;
  readonly wantEvents?: string[];
  readonly wantError?: string;
}

const rows: Row[] = [
  {
    name: 'new Configuration → creates its first Revision',
    configuration: configuration(1),
    wantCreates: [created('hello-00001', 1)],
    wantStatus: { observedGeneration: 1, latestCreatedRevisionName: 'hello-00001', conditions: [ready('Unknown', TN)] },
    wantEvents: ['Normal Created Created Revision "hello-00001"'],
  },
  {
    name: 'Revision exists, not ready yet → no writes',
    configuration: configuration(1, { observedGeneration: 1, latestCreatedRevisionName: 'hello-00001', conditions: [ready('Unknown')] }),
    revisions: [revision('hello-00001', 1, 'Unknown')],
    wantStatus: { observedGeneration: 1, latestCreatedRevisionName: 'hello-00001', conditions: [ready('Unknown')] },
  },
  {
    name: 'Revision became ready → latest ready set, Ready True',
    configuration: configuration(1, { observedGeneration: 1, latestCreatedRevisionName: 'hello-00001', conditions: [ready('Unknown')] }),
    revisions: [revision('hello-00001', 1, 'True')],
    wantStatus: { observedGeneration: 1, latestCreatedRevisionName: 'hello-00001', latestReadyRevisionName: 'hello-00001', conditions: [ready('True', TN)] },
    wantEvents: ['Normal ConfigurationReady Configuration becomes ready', 'Normal LatestReadyUpdate LatestReadyRevisionName updated to "hello-00001"'],
  },
  {
    name: 'steady state → no writes, no events, status unchanged',
    configuration: configuration(1, { observedGeneration: 1, latestCreatedRevisionName: 'hello-00001', latestReadyRevisionName: 'hello-00001', conditions: [ready('True')] }),
    revisions: [revision('hello-00001', 1, 'True')],
    wantStatus: { observedGeneration: 1, latestCreatedRevisionName: 'hello-00001', latestReadyRevisionName: 'hello-00001', conditions: [ready('True')] },
  },
  {
    name: 'latest created failed → Ready False RevisionFailed',
    configuration: configuration(1, { observedGeneration: 1, latestCreatedRevisionName: 'hello-00001', conditions: [ready('Unknown')] }),
    revisions: [revision('hello-00001', 1, 'False')],
    wantStatus: {
      observedGeneration: 1,
      latestCreatedRevisionName: 'hello-00001',
      conditions: [ready('False', TN, 'RevisionFailed', 'Revision "hello-00001" failed with message: Container failed with: boom.')],
    },
    wantEvents: ['Warning LatestCreatedFailed Latest created revision "hello-00001" has failed'],
  },
  {
    name: 'still failed → no new event, transition time kept',
    configuration: configuration(1, {
      observedGeneration: 1,
      latestCreatedRevisionName: 'hello-00001',
      conditions: [ready('False', T0, 'RevisionFailed', 'Revision "hello-00001" failed with message: Container failed with: boom.')],
    }),
    revisions: [revision('hello-00001', 1, 'False')],
    wantStatus: {
      observedGeneration: 1,
      latestCreatedRevisionName: 'hello-00001',
      conditions: [ready('False', T0, 'RevisionFailed', 'Revision "hello-00001" failed with message: Container failed with: boom.')],
    },
  },
  {
    name: 'new generation → creates the next Revision, latest ready kept, Ready Unknown',
    configuration: configuration(2, { observedGeneration: 1, latestCreatedRevisionName: 'hello-00001', latestReadyRevisionName: 'hello-00001', conditions: [ready('True')] }),
    revisions: [revision('hello-00001', 1, 'True')],
    wantCreates: [created('hello-00002', 2)],
    wantStatus: { observedGeneration: 2, latestCreatedRevisionName: 'hello-00002', latestReadyRevisionName: 'hello-00001', conditions: [ready('Unknown', TN)] },
    wantEvents: ['Normal Created Created Revision "hello-00002"'],
  },
  {
    name: 'newer Revision failed → older latest ready kept, Ready False',
    configuration: configuration(2, { observedGeneration: 2, latestCreatedRevisionName: 'hello-00002', latestReadyRevisionName: 'hello-00001', conditions: [ready('Unknown')] }),
    revisions: [revision('hello-00001', 1, 'True'), revision('hello-00002', 2, 'False')],
    wantStatus: {
      observedGeneration: 2,
      latestCreatedRevisionName: 'hello-00002',
      latestReadyRevisionName: 'hello-00001',
      conditions: [ready('False', TN, 'RevisionFailed', 'Revision "hello-00002" failed with message: Container failed with: boom.')],
    },
    wantEvents: ['Warning LatestCreatedFailed Latest created revision "hello-00002" has failed'],
  },
  {
    name: 'newer Revision ready → latest ready moves forward',
    configuration: configuration(2, { observedGeneration: 2, latestCreatedRevisionName: 'hello-00002', latestReadyRevisionName: 'hello-00001', conditions: [ready('Unknown')] }),
    revisions: [revision('hello-00001', 1, 'True'), revision('hello-00002', 2, 'True')],
    wantStatus: { observedGeneration: 2, latestCreatedRevisionName: 'hello-00002', latestReadyRevisionName: 'hello-00002', conditions: [ready('True', TN)] },
    wantEvents: ['Normal LatestReadyUpdate LatestReadyRevisionName updated to "hello-00002"'],
  },
  {
    name: 'latest ready never moves backwards to an older generation',
    configuration: configuration(3, { observedGeneration: 3, latestCreatedRevisionName: 'hello-00003', latestReadyRevisionName: 'hello-00002', conditions: [ready('Unknown')] }),
    revisions: [revision('hello-00001', 1, 'True'), revision('hello-00002', 2, 'Unknown'), revision('hello-00003', 3, 'Unknown')],
    wantStatus: { observedGeneration: 3, latestCreatedRevisionName: 'hello-00003', latestReadyRevisionName: 'hello-00002', conditions: [ready('Unknown')] },
  },
  {
    name: 'latest ready deleted and nothing else ready → Ready False RevisionDeleted',
    configuration: configuration(2, { observedGeneration: 2, latestCreatedRevisionName: 'hello-00002', latestReadyRevisionName: 'hello-00001', conditions: [ready('Unknown')] }),
    revisions: [revision('hello-00002', 2, 'Unknown')],
    wantStatus: {
      observedGeneration: 2,
      latestCreatedRevisionName: 'hello-00002',
      latestReadyRevisionName: 'hello-00001',
      conditions: [ready('False', TN, 'RevisionDeleted', 'Revision "hello-00001" was deleted.')],
    },
  },
  {
    name: 'BYO name free → created with that name',
    configuration: configuration(1, undefined, 'hello-byo'),
    wantCreates: [{ ...created('hello-byo', 1) }],
    wantStatus: { observedGeneration: 1, latestCreatedRevisionName: 'hello-byo', conditions: [ready('Unknown', TN)] },
    wantEvents: ['Normal Created Created Revision "hello-byo"'],
  },
  {
    name: 'BYO name held by a Revision of another Configuration → Ready False RevisionFailed, no writes',
    configuration: configuration(2, { observedGeneration: 1, latestCreatedRevisionName: 'hello-00001', latestReadyRevisionName: 'hello-00001', conditions: [ready('True')] }, 'hello-byo'),
    revisions: [revision('hello-00001', 1, 'True'), revision('hello-byo', 1, 'True', { owner: { ...ownerRef, name: 'other', uid: 'other-uid' } })],
    wantStatus: {
      observedGeneration: 2,
      latestCreatedRevisionName: 'hello-00001',
      latestReadyRevisionName: 'hello-00001',
      conditions: [ready('False', TN, 'RevisionFailed', `Revision creation failed with message: ${ALREADY_EXISTS}.`)],
    },
  },
  {
    name: 'BYO name ours from an older generation with a different spec → conflict',
    configuration: configuration(2, { observedGeneration: 1, latestCreatedRevisionName: 'hello-byo', latestReadyRevisionName: 'hello-byo', conditions: [ready('True')] }, 'hello-byo', otherSpec),
    revisions: [revision('hello-byo', 1, 'True')],
    wantStatus: {
      observedGeneration: 2,
      latestCreatedRevisionName: 'hello-byo',
      latestReadyRevisionName: 'hello-byo',
      conditions: [ready('False', TN, 'RevisionFailed', `Revision creation failed with message: ${ALREADY_EXISTS}.`)],
    },
  },
  {
    name: 'BYO name ours from an older generation with the same spec → reused, no create',
    configuration: configuration(2, { observedGeneration: 1, latestCreatedRevisionName: 'hello-byo', latestReadyRevisionName: 'hello-byo', conditions: [ready('True')] }, 'hello-byo'),
    revisions: [revision('hello-byo', 1, 'True')],
    wantStatus: { observedGeneration: 2, latestCreatedRevisionName: 'hello-byo', latestReadyRevisionName: 'hello-byo', conditions: [ready('True')] },
  },
  {
    name: 'create conflict (409 AlreadyExists) → Ready False RevisionFailed, error',
    configuration: configuration(1, undefined, 'hello-byo'),
    failCreate: new KubeApiError(409, 'AlreadyExists', ALREADY_EXISTS),
    wantStatus: { observedGeneration: 1, conditions: [ready('False', TN, 'RevisionFailed', `Revision creation failed with message: ${ALREADY_EXISTS}.`)] },
    wantEvents: [`Warning CreationFailed Failed to create Revision: ${ALREADY_EXISTS}`],
    wantError: `failed to create Revision: ${ALREADY_EXISTS}`,
  },
  {
    name: 'create 409 for the Revision we made before (stale cache) → the 409 requeues, status untouched',
    configuration: configuration(1, { observedGeneration: 1, latestCreatedRevisionName: 'hello-00001', conditions: [ready('Unknown')] }),
    failCreate: new KubeApiError(409, 'AlreadyExists', 'revisions.serving.knative.dev "hello-00001" already exists'),
    wantStatus: { observedGeneration: 1, latestCreatedRevisionName: 'hello-00001', conditions: [ready('Unknown')] },
    wantError: 'revisions.serving.knative.dev "hello-00001" already exists',
  },
  {
    name: 'Configuration being deleted → no Revision, status untouched',
    configuration: (() => {
      const c = configuration(2, { observedGeneration: 1, latestCreatedRevisionName: 'hello-00001', conditions: [ready('True')] });
      c.metadata = { ...c.metadata, deletionTimestamp: TN };
      return c;
    })(),
    wantStatus: { observedGeneration: 1, latestCreatedRevisionName: 'hello-00001', conditions: [ready('True')] },
  },
  {
    name: 'create fails (500) → Ready False RevisionFailed, error',
    configuration: configuration(1),
    failCreate: new KubeApiError(500, 'InternalError', 'etcd is down'),
    wantStatus: { observedGeneration: 1, conditions: [ready('False', TN, 'RevisionFailed', 'Revision creation failed with message: etcd is down.')] },
    wantEvents: ['Warning CreationFailed Failed to create Revision: etcd is down'],
    wantError: 'failed to create Revision: etcd is down',
  },
];

describe('ConfigurationReconciler', () => {
  it.each(rows)('$name', async (row) => {
    const revisions = new FakeKind<Revision>(row.revisions ?? []);
    if (row.failCreate !== undefined) revisions.failNext('create', row.failCreate);
    const reconciler = new ConfigurationReconciler({ revisions, revisionWriter: revisions });
    const object = structuredClone(row.configuration);
    const { ctx, events } = reconcileContext(NOW);

    const run = reconciler.reconcile(object, ctx);
    if (row.wantError === undefined) await run;
    else await expect(run).rejects.toThrow(row.wantError);

    expect(revisions.written('create')).toEqual(row.wantCreates ?? []);
    expect(revisions.written('update')).toEqual([]);
    expect(revisions.written('delete')).toEqual([]);
    expect(object.status).toEqual(row.wantStatus);
    expect(events.lines).toEqual(row.wantEvents ?? []);
    expect({ ...object, status: undefined }).toEqual({ ...row.configuration, status: undefined });
  });
});
