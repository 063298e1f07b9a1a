import { defaultAutoscalerConfig, defaultDefaultsConfig, defaultFeaturesConfig } from '@ebb/config';
import { Operation, type DefaultingContext } from '../core/context.js';
import { ServingAnnotations } from '../core/labels.js';
import { setDefaults } from './index.js';

// creator / lastModifier (API.md §2.4, serving `metadata_validation.go` SetUserInfo).

type Json = Record<string, unknown>;

function ctxOf(operation: Operation, user: string | undefined, oldObject?: unknown): DefaultingContext {
  return {
    defaults: defaultDefaultsConfig(),
    features: defaultFeaturesConfig(),
    autoscaler: defaultAutoscalerConfig(),
    operation,
    ...(user === undefined ? {} : { user }),
    ...(oldObject === undefined ? {} : { oldObject }),
  };
}

const alice = ctxOf(Operation.Create, 'alice@example.com');
const CREATOR = ServingAnnotations.Creator;
const MODIFIER = ServingAnnotations.LastModifier;

const template = (image: string): Json => ({ template: { spec: { containers: [{ image }] } } });
const objectOf = (kind: string, spec: Json, metadata: Json = {}): Json => ({ apiVersion: 'serving.knative.dev/v1', kind, metadata: { name: 'hello', ...metadata }, spec });
const service = (image = 'v1', metadata: Json = {}): Json => objectOf('Service', template(image), metadata);
const configuration = (image = 'v1', metadata: Json = {}): Json => objectOf('Configuration', template(image), metadata);
const route = (percent = 100, metadata: Json = {}): Json => objectOf('Route', { traffic: [{ configurationName: 'hello', percent }] }, metadata);

const annotationsOf = (object: unknown): unknown => (object as { metadata: { annotations?: unknown } }).metadata.annotations;
const owned = { ownerReferences: [{ apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello', uid: 'u1', controller: true }] };

/** The stored object after a create by alice, then the update request built from it. */
function updated(create: Json, change: (stored: Json) => void, user = 'bob@example.com'): unknown {
  const stored = setDefaults(create, alice) as Json;
  const request = structuredClone(stored);
  change(request);
  return setDefaults(request, ctxOf(Operation.Update, user, stored));
}

const setImage = (image: string) => (o: Json): void => {
  ((o['spec'] as { template: { spec: { containers: Json[] } } }).template.spec.containers[0] as Json)['image'] = image;
};
const setPercent = (o: Json): void => {
  ((o['spec'] as { traffic: Json[] }).traffic[0] as Json)['tag'] = 'current';
};
const setLabel = (o: Json): void => {
  (o['metadata'] as Json)['labels'] = { team: 'a' };
};

const both = { [CREATOR]: 'alice@example.com', [MODIFIER]: 'alice@example.com' };
const modifiedByBob = { [CREATOR]: 'alice@example.com', [MODIFIER]: 'bob@example.com' };

const rows: { name: string; result: () => unknown; expected: unknown }[] = [
  { name: 'CREATE of a Service sets creator and lastModifier', result: () => setDefaults(service(), alice), expected: both },
  {
    name: 'CREATE overrides user-supplied creator/lastModifier',
    result: () => setDefaults(service('v1', { annotations: { [CREATOR]: 'mallory', [MODIFIER]: 'mallory', keep: 'me' } }), alice),
    expected: { ...both, keep: 'me' },
  },
  { name: 'UPDATE of a Service with a spec change sets lastModifier only', result: () => updated(service(), setImage('v2')), expected: modifiedByBob },
  { name: 'UPDATE of a Service without a spec change sets nothing', result: () => updated(service(), setLabel), expected: both },
  { name: 'CREATE of a standalone Configuration sets both', result: () => setDefaults(configuration(), alice), expected: both },
  { name: 'UPDATE of a standalone Configuration with a spec change sets lastModifier', result: () => updated(configuration(), setImage('v2')), expected: modifiedByBob },
  { name: 'a Service-owned Configuration gets no user info', result: () => setDefaults(configuration('v1', owned), alice), expected: undefined },
  { name: 'CREATE of a standalone Route sets both', result: () => setDefaults(route(), alice), expected: both },
  { name: 'UPDATE of a standalone Route with a spec change sets lastModifier', result: () => updated(route(), setPercent), expected: modifiedByBob },
  { name: 'UPDATE of a standalone Route without a spec change sets nothing', result: () => updated(route(), setLabel), expected: both },
  { name: 'a Service-owned Route gets no user info', result: () => setDefaults(route(100, owned), alice), expected: undefined },
  { name: 'no user, no annotations', result: () => setDefaults(service(), ctxOf(Operation.Create, undefined)), expected: undefined },
];

describe('creator / lastModifier (API.md §2.4)', () => {
  it.each(rows)('$name', ({ result, expected }) => {
    expect(annotationsOf(result())).toEqual(expected);
  });

  it('compares the defaulted request spec with the stored one (defaults alone are no change)', () => {
    const stored = setDefaults(service(), alice);
    // The request drops fields the stored object got by defaulting; defaulting fills them in again.
    const request = structuredClone(stored) as { spec: { template: { spec: Json } } };
    delete request.spec.template.spec['timeoutSeconds'];
    delete request.spec.template.spec['containerConcurrency'];
    expect(annotationsOf(setDefaults(request, ctxOf(Operation.Update, 'bob@example.com', stored)))).toEqual(both);
  });

  it('is idempotent on UPDATE', () => {
    const stored = setDefaults(service(), alice) as Json;
    const request = structuredClone(stored);
    setImage('v2')(request);
    const ctx = ctxOf(Operation.Update, 'bob@example.com', stored);
    const once = setDefaults(request, ctx);
    expect(setDefaults(once, ctx)).toEqual(once);
  });
});
