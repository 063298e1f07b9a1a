import { defaultAutoscalerConfig, defaultDefaultsConfig, defaultFeaturesConfig } from '@ebb/config';
import jsonPatch from 'fast-json-patch';
import { Operation, type DefaultingContext } from '../core/context.js';
import { setDefaults } from './index.js';
import { deepFreeze, expectNoSecondPatch } from './idempotency.spec-support.js';

// setDefaults dispatches on apiVersion serving.knative.dev/v1 and kind; anything else is returned as is.

const ctx: DefaultingContext = {
  defaults: defaultDefaultsConfig(),
  features: defaultFeaturesConfig(),
  autoscaler: defaultAutoscalerConfig(),
  operation: Operation.Create,
  user: 'alice@example.com',
};

const spec = { template: { spec: { containers: [{ image: 'busybox' }] } } };


describe('setDefaults dispatch', () => {
  it.each([
    { name: 'a core v1 Service', input: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: { ports: [] } } },
    { name: 'a serving v1beta1 DomainMapping', input: { apiVersion: 'serving.knative.dev/v1beta1', kind: 'DomainMapping', metadata: { name: 'x' } } },
    { name: 'an unknown serving v1 kind', input: { apiVersion: 'serving.knative.dev/v1', kind: 'Widget', metadata: { name: 'x' } } },
    { name: 'a non-object', input: 'Service' },
    { name: 'null', input: null },
    { name: 'an array', input: [{ apiVersion: 'serving.knative.dev/v1', kind: 'Service' }] },
  ])('returns $name unchanged', ({ input }) => {
    expect(setDefaults(input, ctx)).toBe(input);
  });

  it('returns a Service unchanged on DELETE', () => {
    const input = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'hello' }, spec };
    expect(setDefaults(input, { ...ctx, operation: Operation.Delete })).toBe(input);
  });

  it.each([
    { name: 'Service', path: (o: { spec: { template: { spec: Record<string, unknown> } } }): unknown => o.spec.template.spec['timeoutSeconds'] },
    { name: 'Configuration', path: (o: { spec: { template: { spec: Record<string, unknown> } } }): unknown => o.spec.template.spec['timeoutSeconds'] },
  ])('defaults a $name template and returns a new object', ({ name, path }) => {
    const input = { apiVersion: 'serving.knative.dev/v1', kind: name, metadata: { name: 'hello' }, spec };
    const before = structuredClone(input);
    const out = setDefaults(input, ctx) as Parameters<typeof path>[0];
    expect(out).not.toBe(input);
    expect(input).toEqual(before);
    expect(path(out)).toBe(300);
  });

  it('defaults a Service without spec like Knative (empty template without enableServiceLinks, 100% latest)', () => {
    const out = setDefaults({ apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'hello' } }, ctx);
    expect(out).toEqual({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: 'hello', annotations: { 'serving.knative.dev/creator': 'alice@example.com', 'serving.knative.dev/lastModifier': 'alice@example.com' } },
      spec: { template: { spec: { timeoutSeconds: 300, containerConcurrency: 0 } }, traffic: [{ percent: 100, latestRevision: true }] },
    });
  });
});

describe('defaulting a defaulted object yields no patch', () => {
  it.each([
    { name: 'a Service with no spec', input: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'hello' } } },
    { name: 'a Service', input: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'hello' }, spec: structuredClone(spec) } },
    { name: 'a Configuration', input: { apiVersion: 'serving.knative.dev/v1', kind: 'Configuration', metadata: { name: 'hello' }, spec: structuredClone(spec) } },
    {
      name: 'a Revision',
      input: {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Revision',
        metadata: { name: 'hello-00001' },
        spec: { containers: [{ image: 'busybox', volumeMounts: [{ name: 'cfg', mountPath: '/cfg' }] }], volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }] },
      },
    },
    { name: 'a Route', input: { apiVersion: 'serving.knative.dev/v1', kind: 'Route', metadata: { name: 'hello' }, spec: { traffic: [{ configurationName: 'hello', percent: 100 }] } } },
  ])('$name (frozen input, toStrictEqual and an empty JSON patch)', ({ input }) => {
    expectNoSecondPatch(input, ctx);
  });

  it('the first pass over a frozen Revision does patch it (the check above is not vacuous)', () => {
    const input = deepFreeze({ apiVersion: 'serving.knative.dev/v1', kind: 'Revision', metadata: { name: 'r' }, spec: { containers: [{ image: 'busybox' }] } });
    expect(jsonPatch.compare(input, setDefaults(input, ctx) as object)).toContainEqual({ op: 'add', path: '/spec/timeoutSeconds', value: 300 });
  });
});
