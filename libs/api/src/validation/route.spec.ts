import { defaultAutoscalerConfig, defaultDefaultsConfig, defaultFeaturesConfig } from '@ebb/config';
import { Operation, type ValidationContext } from '../core/context.js';
import { DiagnosticLevel } from '../errors/field-error.js';
import type { OwnerReference } from '../core/meta.js';
import type { Route, TrafficTarget } from '../serving/v1/route.types.js';
import { validateRoute, validateRouteSpec } from './route.js';

const base = { defaults: defaultDefaultsConfig(), features: defaultFeaturesConfig(), autoscaler: defaultAutoscalerConfig() };
const create: ValidationContext = { ...base, operation: Operation.Create };
const update = (oldObject: Route, subresource?: string): ValidationContext => ({ ...base, operation: Operation.Update, oldObject, ...(subresource === undefined ? {} : { subresource }) });
const owner: OwnerReference = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello', uid: 'u1', controller: true };

/** A Route `hello` with the given traffic, annotations and owners. */
function route(traffic: TrafficTarget[], annotations?: Record<string, string>, ownerReferences?: OwnerReference[]): Route {
  const labels = ownerReferences === undefined ? {} : { labels: { 'serving.knative.dev/service': 'hello' } };
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Route',
    metadata: { name: 'hello', namespace: 'default', ...labels, ...(annotations === undefined ? {} : { annotations }), ...(ownerReferences === undefined ? {} : { ownerReferences }) },
    spec: { traffic },
  };
}

describe('validateRoute (VALIDATION.md §3)', () => {
  const split = [{ configurationName: 'hello', percent: 80 }, { revisionName: 'hello-00001', percent: 20, tag: 'old' }];
  it.each([
    { name: 'a standalone Route needs traffic (rejected)', r: route([]), ctx: create, want: 'Traffic targets sum to 0, want 100: spec.traffic' },
    { name: 'a Route must name a revision or configuration (rejected)', r: route([{ percent: 100 }]), ctx: create, want: 'expected exactly one, got neither: spec.traffic[0].configurationName, spec.traffic[0].revisionName' },
    { name: 'a split over a configuration and a tagged revision (accepted)', r: route(split), ctx: create, want: '' },
    {
      name: 'update: lastModifier may not change without a spec change on a standalone Route (rejected)',
      r: route(split, { 'serving.knative.dev/lastModifier': 'bob' }),
      ctx: update(route(split, { 'serving.knative.dev/lastModifier': 'alice' })),
      want: 'invalid value: bob: metadata.annotations.serving.knative.dev/lastModifier',
    },
    {
      name: 'update: the creator annotation is immutable on a standalone Route (rejected)',
      r: route(split, { 'serving.knative.dev/creator': 'mallory' }),
      ctx: update(route(split, { 'serving.knative.dev/creator': 'alice' })),
      want: 'annotation value is immutable: metadata.annotations.serving.knative.dev/creator',
    },
    {
      name: 'update: an unchanged creator annotation on a standalone Route (accepted)',
      r: route(split, { 'serving.knative.dev/creator': 'alice' }),
      ctx: update(route(split, { 'serving.knative.dev/creator': 'alice' })),
      want: '',
    },
    { name: 'a status write skips metadata and spec (accepted, §0.2)', r: route([]), ctx: update(route([]), 'status'), want: '' },
    { name: 'a main-resource update validates the spec (rejected)', r: route([]), ctx: update(route([])), want: 'Traffic targets sum to 0, want 100: spec.traffic' },
    {
      name: 'update: a Service-owned Route skips creator/lastModifier (accepted)',
      r: route(split, { 'serving.knative.dev/lastModifier': 'bob' }, [owner]),
      ctx: update(route(split, { 'serving.knative.dev/lastModifier': 'alice' }, [owner])),
      want: '',
    },
  ])('$name', ({ r, ctx, want }) => {
    expect(validateRoute(r, ctx).filter(DiagnosticLevel.Error).render()).toBe(want);
  });
});

describe('validateRouteSpec', () => {
  it('reports paths relative to the spec', () => {
    expect(validateRouteSpec({ traffic: [{ revisionName: 'a', percent: 101 }] }).render()).toBe(
      'Traffic targets sum to 101, want 100: traffic\nexpected 0 <= 101 <= 100: traffic[0].percent',
    );
  });
  it('accepts a full split', () => {
    expect(validateRouteSpec({ traffic: [{ revisionName: 'a', percent: 100 }] }).render()).toBe('');
  });
});
