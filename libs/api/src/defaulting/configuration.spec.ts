import { defaultAutoscalerConfig, defaultDefaultsConfig, defaultFeaturesConfig } from '@ebb/config';
import { Operation, type DefaultingContext } from '../core/context.js';
import { ServingAnnotations } from '../core/labels.js';
import { setDefaults } from './index.js';
import { expectNoSecondPatch } from './idempotency.spec-support.js';

// Configuration / Service template defaults on UPDATE (API.md §2.2, serving `configuration_defaults.go`).

type Json = Record<string, unknown>;


function ctxOf(operation: Operation, oldObject?: unknown, user?: string): DefaultingContext {
  return {
    defaults: defaultDefaultsConfig(),
    features: defaultFeaturesConfig(),
    autoscaler: defaultAutoscalerConfig(),
    operation,
    ...(oldObject === undefined ? {} : { oldObject }),
    ...(user === undefined ? {} : { user }),
  };
}

const withTemplate = (kind: string, templateName: string | undefined): Json => ({
  apiVersion: 'serving.knative.dev/v1',
  kind,
  metadata: { name: 'hello' },
  spec: { template: { ...(templateName === undefined ? {} : { metadata: { name: templateName } }), spec: { containers: [{ image: 'busybox' }] } } },
});

const timeoutOf = (object: unknown): unknown => (object as { spec: { template: { spec: Json } } }).spec.template.spec['timeoutSeconds'];

const rows = ['Configuration', 'Service'].flatMap((kind) => [
  { name: `${kind} UPDATE keeping the BYO template name skips template defaults`, kind, old: 'hello-v1', now: 'hello-v1', operation: Operation.Update, expected: undefined },
  { name: `${kind} UPDATE with a new BYO template name is defaulted`, kind, old: 'hello-v1', now: 'hello-v2', operation: Operation.Update, expected: 300 },
  { name: `${kind} UPDATE without a template name is defaulted`, kind, old: undefined, now: undefined, operation: Operation.Update, expected: 300 },
  { name: `${kind} CREATE with a BYO template name is defaulted`, kind, old: undefined, now: 'hello-v1', operation: Operation.Create, expected: 300 },
]);

describe('template defaults on UPDATE (API.md §2.2)', () => {
  it.each(rows)('$name', ({ kind, old, now, operation, expected }) => {
    const ctx = ctxOf(operation, operation === Operation.Update ? withTemplate(kind, old) : undefined);
    expect(timeoutOf(setDefaults(withTemplate(kind, now), ctx))).toEqual(expected);
  });

  it.each(rows)('is idempotent and leaves its input alone: $name', ({ kind, old, now, operation }) => {
    expectNoSecondPatch(withTemplate(kind, now), ctxOf(operation, operation === Operation.Update ? withTemplate(kind, old) : undefined));
  });

  describe('a Service UPDATE keeping its BYO template name', () => {
    // Only the template is skipped: the traffic defaults (§2.3) and lastModifier (§2.4) still apply.
    type ServiceJson = { metadata: { annotations?: Json }; spec: { template: { spec: Json }; traffic?: unknown } };
    const stored = setDefaults(withTemplate('Service', 'hello-v1'), ctxOf(Operation.Create, undefined, 'alice@example.com')) as ServiceJson;
    const request = (): ServiceJson => {
      const r = structuredClone(stored);
      delete r.spec.template.spec['timeoutSeconds'];
      r.spec.traffic = [{ revisionName: 'hello-v1', percent: 100 }];
      return r;
    };
    const ctx = ctxOf(Operation.Update, stored, 'bob@example.com');
    const out = (): ServiceJson => setDefaults(request(), ctx) as ServiceJson;

    it.each([
      { name: 'the template is not defaulted', result: (): unknown => out().spec.template.spec['timeoutSeconds'], expected: undefined },
      { name: 'the traffic targets are defaulted', result: (): unknown => out().spec.traffic, expected: [{ revisionName: 'hello-v1', percent: 100, latestRevision: false }] },
      {
        name: 'lastModifier is set (the spec changed)',
        result: (): unknown => out().metadata.annotations,
        expected: { [ServingAnnotations.Creator]: 'alice@example.com', [ServingAnnotations.LastModifier]: 'bob@example.com' },
      },
    ])('$name', ({ result, expected }) => {
      expect(result()).toStrictEqual(expected);
    });

    it('gets the 100% latest-revision traffic when the request has none', () => {
      const r = request();
      delete r.spec.traffic;
      expect((setDefaults(r, ctx) as { spec: Json }).spec['traffic']).toStrictEqual([{ percent: 100, latestRevision: true }]);
    });

    it('is idempotent and leaves its input alone', () => {
      expectNoSecondPatch(request(), ctx);
    });
  });
});
