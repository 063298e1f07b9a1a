import { defaultAutoscalerConfig, defaultDefaultsConfig, defaultFeaturesConfig } from '@ebb/config';
import { Operation, type DefaultingContext } from '../core/context.js';
import { setDefaults } from './index.js';
import { expectNoSecondPatch } from './idempotency.spec-support.js';

// Route / traffic defaults (API.md §2.3, serving `route_defaults.go`, `service_defaults.go`).

type Json = Record<string, unknown>;


const ctx: DefaultingContext = {
  defaults: defaultDefaultsConfig(),
  features: defaultFeaturesConfig(),
  autoscaler: defaultAutoscalerConfig(),
  operation: Operation.Create,
};

const service = (spec: Json): Json => ({
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: { name: 'hello' },
  spec: { template: { spec: { containers: [{ image: 'busybox' }] } }, ...spec },
});
const route = (spec: Json): Json => ({ apiVersion: 'serving.knative.dev/v1', kind: 'Route', metadata: { name: 'hello' }, spec });

const trafficOf = (object: unknown): unknown => ((object as { spec: { traffic?: unknown } }).spec).traffic;

const rows: { name: string; input: Json; expected: unknown }[] = [
  { name: 'Service without traffic → 100% to the latest revision', input: service({}), expected: [{ percent: 100, latestRevision: true }] },
  { name: 'Service with empty traffic → 100% to the latest revision', input: service({ traffic: [] }), expected: [{ percent: 100, latestRevision: true }] },
  { name: 'a standalone Route with empty traffic is not defaulted', input: route({ traffic: [] }), expected: [] },
  { name: 'a standalone Route without traffic gets none', input: route({}), expected: undefined },
  {
    name: 'latestRevision absent without revisionName → true',
    input: route({ traffic: [{ configurationName: 'hello', percent: 100 }] }),
    expected: [{ configurationName: 'hello', percent: 100, latestRevision: true }],
  },
  {
    name: 'latestRevision absent with revisionName → false',
    input: route({ traffic: [{ revisionName: 'hello-00001', percent: 100 }] }),
    expected: [{ revisionName: 'hello-00001', percent: 100, latestRevision: false }],
  },
  {
    name: 'latestRevision set is kept',
    input: service({ traffic: [{ revisionName: 'hello-00001', latestRevision: true, percent: 100 }] }),
    expected: [{ revisionName: 'hello-00001', latestRevision: true, percent: 100 }],
  },
  {
    name: 'percent absent → 0',
    input: service({ traffic: [{ latestRevision: true, percent: 100 }, { tag: 'current', revisionName: 'hello-00001' }] }),
    expected: [
      { latestRevision: true, percent: 100 },
      { tag: 'current', revisionName: 'hello-00001', latestRevision: false, percent: 0 },
    ],
  },
  { name: 'percent set is kept', input: route({ traffic: [{ configurationName: 'c', percent: 40 }] }), expected: [{ configurationName: 'c', percent: 40, latestRevision: true }] },
];

describe('traffic defaults (API.md §2.3)', () => {
  it.each(rows)('$name', ({ input, expected }) => {
    expect(trafficOf(setDefaults(input, ctx))).toEqual(expected);
  });

  it.each(rows)('is idempotent and leaves its input alone: $name', ({ input }) => {
    expectNoSecondPatch(structuredClone(input), ctx);
  });
});
