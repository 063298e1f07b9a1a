import {
  AnnotationAliases,
  AutoscalingAnnotations,
  configurationAnnotationsFromService,
  configurationLabelsFromService,
  firstKey,
  formatRoutesAnnotation,
  LAST_APPLIED_CONFIGURATION_ANNOTATION,
  NetworkingAnnotations,
  NetworkingLabels,
  parseRoutesAnnotation,
  routeAnnotationsFromService,
  routeLabelsFromService,
  ServingAnnotations,
  ServingLabels,
  type ServiceMeta,
  type StringMap,
} from './labels.js';

describe('keys (API.md §4)', () => {
  it.each([
    { name: 'service label', key: ServingLabels.Service, want: 'serving.knative.dev/service' },
    { name: 'serviceUID label', key: ServingLabels.ServiceUID, want: 'serving.knative.dev/serviceUID' },
    { name: 'configuration label', key: ServingLabels.Configuration, want: 'serving.knative.dev/configuration' },
    { name: 'configurationGeneration label', key: ServingLabels.ConfigurationGeneration, want: 'serving.knative.dev/configurationGeneration' },
    { name: 'revisionUID label', key: ServingLabels.RevisionUID, want: 'serving.knative.dev/revisionUID' },
    { name: 'routingState label', key: ServingLabels.RoutingState, want: 'serving.knative.dev/routingState' },
    { name: 'routes annotation', key: ServingAnnotations.Routes, want: 'serving.knative.dev/routes' },
    { name: 'lastModifier annotation', key: ServingAnnotations.LastModifier, want: 'serving.knative.dev/lastModifier' },
    { name: 'visibility label', key: NetworkingLabels.Visibility, want: 'networking.knative.dev/visibility' },
    { name: 'ingress class', key: NetworkingAnnotations.IngressClass, want: 'networking.knative.dev/ingress.class' },
    { name: 'rollout state', key: NetworkingAnnotations.Rollout, want: 'networking.internal.knative.dev/rollout' },
    { name: 'min-scale', key: AutoscalingAnnotations.MinScale, want: 'autoscaling.knative.dev/min-scale' },
    { name: 'legacy minScale', key: AutoscalingAnnotations.MinScaleAlias, want: 'autoscaling.knative.dev/minScale' },
  ])('$name', ({ key, want }) => {
    expect(key).toBe(want);
  });

  it('has every autoscaling key under the autoscaling prefix', () => {
    for (const key of Object.values(AutoscalingAnnotations)) expect(key.startsWith('autoscaling.knative.dev/')).toBe(true);
  });
});

describe('firstKey (alias lookup)', () => {
  it.each<{ name: string; map: StringMap | undefined; want: { key: string; value: string } | undefined }>([
    { name: 'preferred key', map: { 'serving.knative.dev/rollout-duration': '10s' }, want: { key: 'serving.knative.dev/rollout-duration', value: '10s' } },
    { name: 'legacy alias', map: { 'serving.knative.dev/rolloutDuration': '5s' }, want: { key: 'serving.knative.dev/rolloutDuration', value: '5s' } },
    {
      name: 'preferred wins over alias',
      map: { 'serving.knative.dev/rolloutDuration': '5s', 'serving.knative.dev/rollout-duration': '10s' },
      want: { key: 'serving.knative.dev/rollout-duration', value: '10s' },
    },
    { name: 'none', map: { other: 'x' }, want: undefined },
    { name: 'no map', map: undefined, want: undefined },
  ])('$name', ({ map, want }) => {
    expect(firstKey(map, AnnotationAliases.RolloutDuration)).toEqual(want);
  });
});

describe('routes annotation', () => {
  it.each([
    { name: 'absent', value: undefined, names: [] },
    { name: 'one', value: 'a', names: ['a'] },
    { name: 'several', value: 'a,b', names: ['a', 'b'] },
    { name: 'empty entries dropped', value: ',a,,b,', names: ['a', 'b'] },
  ])('parses $name', ({ value, names }) => {
    expect(parseRoutesAnnotation(value)).toEqual(names);
  });

  it('formats sorted and deduplicated', () => {
    expect(formatRoutesAnnotation(['b', 'a', 'b'])).toBe('a,b');
  });
});

describe('propagation Service → Configuration / Route (API.md §4.3)', () => {
  const service: ServiceMeta = {
    name: 'hello',
    uid: 'uid-1',
    labels: { team: 'a', 'networking.knative.dev/visibility': 'cluster-local', 'serving.knative.dev/service': 'spoofed' },
    annotations: {
      [LAST_APPLIED_CONFIGURATION_ANNOTATION]: '{}',
      'serving.knative.dev/rollout-duration': '60s',
      'serving.knative.dev/rolloutDuration': '60s',
      'serving.knative.dev/creator': 'alice',
      note: 'x',
    },
  };

  it('gives the Configuration the Service labels plus service and serviceUID (system keys win)', () => {
    expect(configurationLabelsFromService(service)).toEqual({
      team: 'a',
      'networking.knative.dev/visibility': 'cluster-local',
      'serving.knative.dev/service': 'hello',
      'serving.knative.dev/serviceUID': 'uid-1',
    });
  });

  it.each([
    { name: 'no existing Configuration', existing: undefined, routes: 'hello' },
    { name: 'merged with an existing list, sorted', existing: { 'serving.knative.dev/routes': 'zeta,alpha' }, routes: 'alpha,hello,zeta' },
    { name: 'already listed', existing: { 'serving.knative.dev/routes': 'hello' }, routes: 'hello' },
  ])('gives the Configuration annotations without last-applied and rollout keys: $name', ({ existing, routes }) => {
    expect(configurationAnnotationsFromService(service, existing)).toEqual({
      'serving.knative.dev/creator': 'alice',
      note: 'x',
      'serving.knative.dev/routes': routes,
    });
  });

  it('gives the Route the Service labels plus service (visibility propagates)', () => {
    expect(routeLabelsFromService(service)).toEqual({
      team: 'a',
      'networking.knative.dev/visibility': 'cluster-local',
      'serving.knative.dev/service': 'hello',
    });
  });

  it('gives the Route the Service annotations minus last-applied (rollout duration kept)', () => {
    expect(routeAnnotationsFromService(service)).toEqual({
      'serving.knative.dev/rollout-duration': '60s',
      'serving.knative.dev/rolloutDuration': '60s',
      'serving.knative.dev/creator': 'alice',
      note: 'x',
    });
  });

  it('copes with a bare Service and does not mutate it', () => {
    const bare: ServiceMeta = Object.freeze({ name: 's' });
    expect(configurationLabelsFromService(bare)).toEqual({ 'serving.knative.dev/service': 's', 'serving.knative.dev/serviceUID': '' });
    expect(configurationAnnotationsFromService(bare)).toEqual({ 'serving.knative.dev/routes': 's' });
    expect(routeLabelsFromService(bare)).toEqual({ 'serving.knative.dev/service': 's' });
    expect(routeAnnotationsFromService(bare)).toEqual({});
    expect(service.annotations?.[LAST_APPLIED_CONFIGURATION_ANNOTATION]).toBe('{}');
  });
});
