import { defaultAutoscalerConfig, defaultDefaultsConfig, defaultFeaturesConfig } from '@ebb/config';
import { Operation, type DefaultingContext } from '../core/context.js';
import { setDefaults } from './index.js';

// Configuration / Service template defaults on UPDATE (API.md §2.2, serving `configuration_defaults.go`).

type Json = Record<string, unknown>;

function ctxOf(operation: Operation, oldObject?: unknown): DefaultingContext {
  return {
    defaults: defaultDefaultsConfig(),
    features: defaultFeaturesConfig(),
    autoscaler: defaultAutoscalerConfig(),
    operation,
    ...(oldObject === undefined ? {} : { oldObject }),
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

  it.each(rows)('is idempotent: $name', ({ kind, old, now, operation }) => {
    const ctx = ctxOf(operation, operation === Operation.Update ? withTemplate(kind, old) : undefined);
    const once = setDefaults(withTemplate(kind, now), ctx);
    expect(setDefaults(once, ctx)).toEqual(once);
  });
});
