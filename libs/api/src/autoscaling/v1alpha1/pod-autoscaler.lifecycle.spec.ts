// Table tests of the PodAutoscaler status verbs and the scale-bounds reader (pa_lifecycle.go).
import { defaultAutoscalerConfig, type AutoscalerConfig } from '@ebb/config';
import type { Condition } from '../../core/condition.js';
import {
  initialDesiredScale,
  PodAutoscalerLifecycle as PA,
  podAutoscalerConditionSet,
  scaleBounds,
} from './pod-autoscaler.lifecycle.js';
import type { PodAutoscalerStatus } from './pod-autoscaler.types.js';

const T0 = '2026-01-01T00:00:00Z';
const T1 = '2026-01-01T00:01:00Z';

/** Conditions as {type, status, reason?, message?} without times/severity for compact expectations. */
const brief = (s: PodAutoscalerStatus): Partial<Condition>[] =>
  (s.conditions ?? []).map(({ type, status, reason, message }) => ({ type, status, ...(reason ? { reason } : {}), ...(message ? { message } : {}) }));

describe('podAutoscalerConditionSet', () => {
  it('derives Ready from Active, ScaleTargetInitialized and SKSReady', () => {
    expect(podAutoscalerConditionSet.dependents).toEqual(['Active', 'ScaleTargetInitialized', 'SKSReady']);
    expect(brief(PA.initialize(undefined, T0))).toEqual([
      { type: 'Active', status: 'Unknown' },
      { type: 'Ready', status: 'Unknown' },
      { type: 'SKSReady', status: 'Unknown' },
      { type: 'ScaleTargetInitialized', status: 'Unknown' },
    ]);
  });
});

describe('PodAutoscalerLifecycle verbs', () => {
  const init = PA.initialize({}, T0);
  it.each([
    {
      name: 'all three True → Ready True',
      run: (s: PodAutoscalerStatus) => PA.markActive(PA.markSKSReady(PA.markScaleTargetInitialized(s, T1), T1), T1),
      want: [
        { type: 'Active', status: 'True' },
        { type: 'Ready', status: 'True' },
        { type: 'SKSReady', status: 'True' },
        { type: 'ScaleTargetInitialized', status: 'True' },
      ],
    },
    {
      name: 'activating → Active/Ready Unknown Queued',
      run: (s: PodAutoscalerStatus) => PA.markActivating(s, 'Queued', 'Requests to the target are being buffered as resources are provisioned.', T1),
      want: [
        { type: 'Active', status: 'Unknown', reason: 'Queued', message: 'Requests to the target are being buffered as resources are provisioned.' },
        { type: 'Ready', status: 'Unknown', reason: 'Queued', message: 'Requests to the target are being buffered as resources are provisioned.' },
        { type: 'SKSReady', status: 'Unknown' },
        { type: 'ScaleTargetInitialized', status: 'Unknown' },
      ],
    },
    {
      name: 'inactive → Active/Ready False NoTraffic',
      run: (s: PodAutoscalerStatus) => PA.markInactive(s, 'NoTraffic', 'The target is not receiving traffic.', T1),
      want: [
        { type: 'Active', status: 'False', reason: 'NoTraffic', message: 'The target is not receiving traffic.' },
        { type: 'Ready', status: 'False', reason: 'NoTraffic', message: 'The target is not receiving traffic.' },
        { type: 'SKSReady', status: 'Unknown' },
        { type: 'ScaleTargetInitialized', status: 'Unknown' },
      ],
    },
    {
      name: 'not owned',
      run: (s: PodAutoscalerStatus) => PA.markResourceNotOwned(s, 'Deployment', 'foo-deployment', T1),
      want: [
        { type: 'Active', status: 'False', reason: 'NotOwned', message: 'There is an existing Deployment "foo-deployment" that we do not own.' },
        { type: 'Ready', status: 'False', reason: 'NotOwned', message: 'There is an existing Deployment "foo-deployment" that we do not own.' },
        { type: 'SKSReady', status: 'Unknown' },
        { type: 'ScaleTargetInitialized', status: 'Unknown' },
      ],
    },
    {
      name: 'failed creation',
      run: (s: PodAutoscalerStatus) => PA.markResourceFailedCreation(s, 'Deployment', 'foo-deployment', T1),
      want: [
        { type: 'Active', status: 'False', reason: 'FailedCreate', message: 'Failed to create Deployment "foo-deployment".' },
        { type: 'Ready', status: 'False', reason: 'FailedCreate', message: 'Failed to create Deployment "foo-deployment".' },
        { type: 'SKSReady', status: 'Unknown' },
        { type: 'ScaleTargetInitialized', status: 'Unknown' },
      ],
    },
    {
      name: 'SKS not ready',
      run: (s: PodAutoscalerStatus) => PA.markSKSNotReady(s, 'SKS Services are not ready yet', T1),
      want: [
        { type: 'Active', status: 'Unknown' },
        { type: 'Ready', status: 'Unknown', reason: 'NotReady', message: 'SKS Services are not ready yet' },
        { type: 'SKSReady', status: 'Unknown', reason: 'NotReady', message: 'SKS Services are not ready yet' },
        { type: 'ScaleTargetInitialized', status: 'Unknown' },
      ],
    },
  ])('$name', ({ run, want }) => {
    expect(brief(run(init))).toEqual(want);
  });

  it.each([
    { name: 'active', status: PA.markActive(init, T1), active: true, activating: false, inactive: false, initialized: false },
    { name: 'activating', status: init, active: false, activating: true, inactive: false, initialized: false },
    { name: 'inactive', status: PA.markInactive(init, 'NoTraffic', 'x', T1), active: false, activating: false, inactive: true, initialized: false },
    { name: 'initialized', status: PA.markScaleTargetInitialized(init, T1), active: false, activating: true, inactive: false, initialized: true },
    { name: 'no status', status: undefined, active: false, activating: false, inactive: false, initialized: false },
  ])('predicates: $name', ({ status, active, activating, inactive, initialized }) => {
    expect([PA.isActive(status), PA.isActivating(status), PA.isInactive(status), PA.isScaleTargetInitialized(status)]).toEqual([
      active,
      activating,
      inactive,
      initialized,
    ]);
  });
});

describe('scaleBounds', () => {
  const config = defaultAutoscalerConfig();
  const cfg = (over: Partial<AutoscalerConfig>): AutoscalerConfig => ({ ...config, ...over });
  type Row = { name: string; annotations: Record<string, string> | undefined; config: AutoscalerConfig; reachability: string | undefined; want: object; desired: number };
  it.each<Row>([
    { name: 'defaults', annotations: undefined, config, reachability: undefined, want: { min: 0, max: 0, initial: 1 }, desired: 1 },
    {
      name: 'annotations',
      annotations: { 'autoscaling.knative.dev/min-scale': '2', 'autoscaling.knative.dev/max-scale': '5', 'autoscaling.knative.dev/initial-scale': '3' },
      config,
      reachability: undefined,
      want: { min: 2, max: 5, initial: 3 },
      desired: 3,
    },
    {
      name: 'camelCase aliases',
      annotations: { 'autoscaling.knative.dev/minScale': '4', 'autoscaling.knative.dev/maxScale': '6', 'autoscaling.knative.dev/initialScale': '2' },
      config,
      reachability: undefined,
      want: { min: 4, max: 6, initial: 2 },
      desired: 4,
    },
    {
      name: 'kebab-case wins over the alias',
      annotations: { 'autoscaling.knative.dev/min-scale': '1', 'autoscaling.knative.dev/minScale': '4' },
      config,
      reachability: undefined,
      want: { min: 1, max: 0, initial: 1 },
      desired: 1,
    },
    {
      name: 'config bounds',
      annotations: {},
      config: cfg({ minScale: 2, maxScale: 3, initialScale: 5 }),
      reachability: undefined,
      want: { min: 2, max: 3, initial: 5 },
      desired: 3,
    },
    {
      name: 'unparseable annotations fall back to config',
      annotations: { 'autoscaling.knative.dev/min-scale': 'x', 'autoscaling.knative.dev/max-scale': '99999999999' },
      config: cfg({ minScale: 1, maxScale: 7 }),
      reachability: undefined,
      want: { min: 1, max: 7, initial: 1 },
      desired: 1,
    },
    {
      name: 'initial 0 not allowed → config',
      annotations: { 'autoscaling.knative.dev/initial-scale': '0' },
      config,
      reachability: undefined,
      want: { min: 0, max: 0, initial: 1 },
      desired: 1,
    },
    {
      name: 'initial 0 allowed',
      annotations: { 'autoscaling.knative.dev/initial-scale': '0' },
      config: cfg({ allowZeroInitialScale: true }),
      reachability: undefined,
      want: { min: 0, max: 0, initial: 0 },
      desired: 0,
    },
    {
      name: 'unreachable ignores min',
      annotations: { 'autoscaling.knative.dev/min-scale': '3' },
      config,
      reachability: 'Unreachable',
      want: { min: 0, max: 0, initial: 1 },
      desired: 1,
    },
  ])('$name', ({ annotations, config: c, reachability, want, desired }) => {
    const bounds = scaleBounds(annotations, c, reachability);
    expect(bounds).toEqual(want);
    expect(initialDesiredScale(bounds)).toBe(desired);
  });
});
