// Table tests of the minimal PodAutoscaler's desired scale and status.
import { PodAutoscalerLifecycle, type PodAutoscaler, type PodAutoscalerStatus } from '@ebb/api';
import { defaultAutoscalerConfig } from '@ebb/config';
import { desiredScale, scaleStatus } from './scale.js';

const NOW = new Date('2026-01-01T00:01:00Z');
const T0 = '2026-01-01T00:00:00Z';

/** A PA named hello-00001 with `annotations`. */
const pa = (annotations: Record<string, string> = {}, reachability: '' | 'Reachable' | 'Unreachable' = ''): PodAutoscaler => ({
  metadata: { name: 'hello-00001', namespace: 'default', annotations },
  spec: { reachability, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'hello-00001-deployment' } },
});

/** Conditions as `type=status[/reason]`. */
const brief = (s: PodAutoscalerStatus): string[] => (s.conditions ?? []).map((c) => `${c.type}=${c.status}${c.reason ? `/${c.reason}` : ''}`);

describe('desiredScale', () => {
  const config = defaultAutoscalerConfig();
  it.each([
    { name: 'defaults → 1', pa: pa(), config, want: 1 },
    { name: 'min-scale above initial', pa: pa({ 'autoscaling.knative.dev/min-scale': '3' }), config, want: 3 },
    { name: 'initial-scale, capped by max-scale', pa: pa({ 'autoscaling.knative.dev/initial-scale': '5', 'autoscaling.knative.dev/max-scale': '4' }), config, want: 4 },
    { name: 'zero initial scale when allowed', pa: pa({ 'autoscaling.knative.dev/initial-scale': '0' }), config: { ...config, allowZeroInitialScale: true }, want: 0 },
    { name: 'unreachable ignores min-scale', pa: pa({ 'autoscaling.knative.dev/min-scale': '3' }, 'Unreachable'), config, want: 1 },
  ])('$name', ({ pa: p, config: c, want }) => {
    expect(desiredScale(p, c)).toBe(want);
  });
});

describe('scaleStatus', () => {
  const init = PodAutoscalerLifecycle.initialize({}, T0);
  it.each([
    {
      name: 'no ready replica yet → Activating Queued',
      start: init,
      observed: { desired: 1, ready: 0 },
      want: ['Active=Unknown/Queued', 'Ready=Unknown/Queued', 'SKSReady=True', 'ScaleTargetInitialized=Unknown'],
    },
    {
      name: 'ready reaches desired → initialized, Active, Ready',
      start: init,
      observed: { desired: 2, ready: 2 },
      want: ['Active=True', 'Ready=True', 'SKSReady=True', 'ScaleTargetInitialized=True'],
    },
    {
      name: 'some ready, below desired → Active, not initialized',
      start: init,
      observed: { desired: 3, ready: 1 },
      want: ['Active=True', 'Ready=Unknown', 'SKSReady=True', 'ScaleTargetInitialized=Unknown'],
    },
    {
      name: 'initialized stays True when replicas drop',
      start: PodAutoscalerLifecycle.markScaleTargetInitialized(init, T0),
      observed: { desired: 1, ready: 0 },
      want: ['Active=Unknown/Queued', 'Ready=Unknown/Queued', 'SKSReady=True', 'ScaleTargetInitialized=True'],
    },
    {
      name: 'nothing wanted → initialized, Inactive NoTraffic',
      start: init,
      observed: { desired: 0, ready: 0 },
      want: ['Active=False/NoTraffic', 'Ready=False/NoTraffic', 'SKSReady=True', 'ScaleTargetInitialized=True'],
    },
  ])('$name', ({ start, observed, want }) => {
    const out = scaleStatus(start, pa(), observed, NOW);
    expect(brief(out)).toEqual(want);
    expect([out.desiredScale, out.actualScale, out.serviceName]).toEqual([observed.desired, observed.ready, 'hello-00001-private']);
  });
});
