import { defaultAutoscalerConfig, defaultDefaultsConfig, defaultFeaturesConfig } from '@ebb/config';
import { Operation, type DefaultingContext } from '../core/context.js';
import { ServingAnnotations } from '../core/labels.js';
import { setDefaults } from './index.js';
import { expectNoSecondPatch } from './idempotency.spec-support.js';

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

/** An admission request: the object the user sent and the context it arrives with. */
interface Request {
  readonly input: Json;
  readonly ctx: DefaultingContext;
}

/** A CREATE by alice. */
const created = (input: Json): Request => ({ input, ctx: alice });

/** The stored object after a create by alice, then the UPDATE request by bob built from it. */
function updated(create: Json, change: (stored: Json) => void): Request {
  const stored = setDefaults(create, alice) as Json;
  const input = structuredClone(stored);
  change(input);
  return { input, ctx: ctxOf(Operation.Update, 'bob@example.com', stored) };
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

const rows: { name: string; request: () => Request; expected: unknown }[] = [
  { name: 'CREATE of a Service sets creator and lastModifier', request: () => created(service()), expected: both },
  {
    name: 'CREATE overrides user-supplied creator/lastModifier',
    request: () => created(service('v1', { annotations: { [CREATOR]: 'mallory', [MODIFIER]: 'mallory', keep: 'me' } })),
    expected: { ...both, keep: 'me' },
  },
  { name: 'CREATE of a Service with ownerReferences still sets both (applied to Service always)', request: () => created(service('v1', owned)), expected: both },
  { name: 'UPDATE of a Service with a spec change sets lastModifier only', request: () => updated(service(), setImage('v2')), expected: modifiedByBob },
  { name: 'UPDATE of a Service with ownerReferences and a spec change sets lastModifier', request: () => updated(service('v1', owned), setImage('v2')), expected: modifiedByBob },
  { name: 'UPDATE of a Service without a spec change sets nothing', request: () => updated(service(), setLabel), expected: both },
  { name: 'CREATE of a standalone Configuration sets both', request: () => created(configuration()), expected: both },
  { name: 'UPDATE of a standalone Configuration with a spec change sets lastModifier', request: () => updated(configuration(), setImage('v2')), expected: modifiedByBob },
  { name: 'UPDATE of a standalone Configuration without a spec change sets nothing', request: () => updated(configuration(), setLabel), expected: both },
  { name: 'a Service-owned Configuration gets no user info', request: () => created(configuration('v1', owned)), expected: undefined },
  { name: 'UPDATE of a Service-owned Configuration with a spec change sets nothing', request: () => updated(configuration('v1', owned), setImage('v2')), expected: undefined },
  { name: 'CREATE of a standalone Route sets both', request: () => created(route()), expected: both },
  { name: 'UPDATE of a standalone Route with a spec change sets lastModifier', request: () => updated(route(), setPercent), expected: modifiedByBob },
  { name: 'UPDATE of a standalone Route without a spec change sets nothing', request: () => updated(route(), setLabel), expected: both },
  { name: 'a Service-owned Route gets no user info', request: () => created(route(100, owned)), expected: undefined },
  { name: 'UPDATE of a Service-owned Route with a spec change sets nothing', request: () => updated(route(100, owned), setPercent), expected: undefined },
  { name: 'no user, no annotations', request: () => ({ input: service(), ctx: ctxOf(Operation.Create, undefined) }), expected: undefined },
];

describe('creator / lastModifier (API.md §2.4)', () => {
  it.each(rows)('$name', ({ request, expected }) => {
    const { input, ctx } = request();
    expect(annotationsOf(setDefaults(input, ctx))).toStrictEqual(expected);
  });

  it.each(rows)('is idempotent and leaves its input alone: $name', ({ request }) => {
    const { input, ctx } = request();
    expectNoSecondPatch(input, ctx);
  });

  it('compares the defaulted request spec with the stored one (defaults alone are no change)', () => {
    const stored = setDefaults(service(), alice);
    // The request drops fields the stored object got by defaulting; defaulting fills them in again.
    const request = structuredClone(stored) as { spec: { template: { spec: Json } } };
    delete request.spec.template.spec['timeoutSeconds'];
    delete request.spec.template.spec['containerConcurrency'];
    expect(annotationsOf(setDefaults(request, ctxOf(Operation.Update, 'bob@example.com', stored)))).toEqual(both);
  });

});
