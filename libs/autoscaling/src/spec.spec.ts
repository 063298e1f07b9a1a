// Table tests of the DeciderSpec builder (AUTOSCALING.md §4.1 target/total, §4.2 windows, §3 annotations).
import { defaultAutoscalerConfig } from '@ebb/config';
import { deciderSpec, panicWindowMs } from './spec.js';
import type { DeciderSpec } from './types.js';

const P = 'autoscaling.knative.dev/';

/** The spec of a PA with no annotations, CC 0, reachability unknown, default config. */
const DEFAULT: DeciderSpec = {
  metric: 'concurrency',
  targetValue: 70,
  totalValue: 100,
  targetBurstCapacity: 211,
  activatorCapacity: 100,
  panicThreshold: 2,
  stableWindowMs: 60_000,
  panicWindowMs: 6_000,
  scaleDownDelayMs: 0,
  maxScaleUpRate: 1000,
  maxScaleDownRate: 2,
  initialScale: 1,
  activationScale: 1,
  reachable: true,
  algorithm: 'linear',
};

/** Annotations with the prefix added. */
function ann(short: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(short).map(([k, v]) => [`${P}${k}`, v]));
}

/** One row: short annotation keys, a CC or reachability, and the fields that differ from DEFAULT. */
interface Row {
  readonly name: string;
  readonly annotations: Record<string, string>;
  readonly cc?: number;
  readonly reachability?: string;
  readonly want: Partial<DeciderSpec>;
}

describe('deciderSpec target and total (§4.1)', () => {
  it.each<Row>([
    { name: 'defaults, CC 0: total 100, target 70', annotations: {}, cc: 0, want: {} },
    { name: 'CC 10: total 10, target 7', annotations: {}, cc: 10, want: { totalValue: 10, targetValue: 7 } },
    { name: 'target annotation above CC is capped by CC', annotations: { target: '50' }, cc: 10, want: { totalValue: 10, targetValue: 7 } },
    { name: 'target annotation below CC wins', annotations: { target: '5' }, cc: 10, want: { totalValue: 5, targetValue: 3.5 } },
    { name: 'target annotation with CC 0', annotations: { target: '50' }, cc: 0, want: { totalValue: 50, targetValue: 35 } },
    { name: 'rps: requests-per-second-target-default × 0.7', annotations: { metric: 'rps' }, cc: 0, want: { metric: 'rps', totalValue: 200, targetValue: 140 } },
    { name: 'rps target is not capped by CC', annotations: { metric: 'rps', target: '30' }, cc: 10, want: { metric: 'rps', totalValue: 30, targetValue: 21 } },
    { name: 'target-utilization-percentage replaces the fraction', annotations: { 'target-utilization-percentage': '50' }, cc: 0, want: { targetValue: 50 } },
    { name: 'camelCase utilisation alias', annotations: { targetUtilizationPercentage: '80' }, cc: 0, want: { targetValue: 80 } },
    {
      name: 'kebab-case key wins over its alias',
      annotations: { 'target-utilization-percentage': '50', targetUtilizationPercentage: '80' },
      cc: 0,
      want: { targetValue: 50 },
    },
    { name: 'target floored at 0.01', annotations: { target: '0.001' }, cc: 0, want: { totalValue: 0.001, targetValue: 0.01 } },
    { name: 'unparseable target counts as absent', annotations: { target: 'lots' }, cc: 0, want: {} },
  ])('$name', ({ annotations, cc, want }) => {
    expect(deciderSpec({ annotations: ann(annotations), containerConcurrency: cc }, defaultAutoscalerConfig())).toEqual({ ...DEFAULT, ...want });
  });

  it('uses config-autoscaler concurrency defaults', () => {
    const config = { ...defaultAutoscalerConfig(), containerConcurrencyTargetDefault: 50, containerConcurrencyTargetFraction: 0.5 };
    expect(deciderSpec({}, config)).toEqual({ ...DEFAULT, totalValue: 50, targetValue: 25 });
  });
});

describe('deciderSpec windows and knobs (§3, §4.2)', () => {
  it.each<Row>([
    { name: 'window annotation: 2m → panic 12s', annotations: { window: '2m' }, reachability: '', want: { stableWindowMs: 120_000, panicWindowMs: 12_000 } },
    {
      name: 'panic-window-percentage 7.5 of 2m → 9s',
      annotations: { window: '2m', 'panic-window-percentage': '7.5' },
      reachability: '',
      want: { stableWindowMs: 120_000, panicWindowMs: 9_000 },
    },
    { name: 'camelCase panic window alias', annotations: { panicWindowPercentage: '20' }, reachability: '', want: { panicWindowMs: 12_000 } },
    { name: 'unparseable window counts as absent', annotations: { window: 'soon' }, reachability: '', want: {} },
    { name: 'panic threshold 150 % → 1.5', annotations: { 'panic-threshold-percentage': '150' }, reachability: '', want: { panicThreshold: 1.5 } },
    { name: 'camelCase panic threshold alias', annotations: { panicThresholdPercentage: '300' }, reachability: '', want: { panicThreshold: 3 } },
    { name: 'target-burst-capacity -1', annotations: { 'target-burst-capacity': '-1' }, reachability: '', want: { targetBurstCapacity: -1 } },
    { name: 'camelCase TBC alias 0', annotations: { targetBurstCapacity: '0' }, reachability: '', want: { targetBurstCapacity: 0 } },
    { name: 'scale-down-delay 30s', annotations: { 'scale-down-delay': '30s' }, reachability: '', want: { scaleDownDelayMs: 30_000 } },
    { name: 'camelCase scale-down-delay alias', annotations: { scaleDownDelay: '1m' }, reachability: '', want: { scaleDownDelayMs: 60_000 } },
    { name: 'initial-scale 3', annotations: { 'initial-scale': '3' }, reachability: '', want: { initialScale: 3 } },
    { name: 'initial-scale 0 not allowed by config → config value', annotations: { 'initial-scale': '0' }, reachability: '', want: { initialScale: 1 } },
    { name: 'activation-scale 3', annotations: { 'activation-scale': '3' }, reachability: '', want: { activationScale: 3 } },
    { name: 'unparseable activation-scale → 1', annotations: { 'activation-scale': 'x' }, reachability: '', want: { activationScale: 1 } },
    { name: 'out-of-int32 activation-scale → 1', annotations: { 'activation-scale': '3000000000' }, reachability: '', want: { activationScale: 1 } },
    { name: 'Unreachable', annotations: {}, reachability: 'Unreachable', want: { reachable: false } },
    { name: 'Reachable', annotations: {}, reachability: 'Reachable', want: {} },
    { name: 'weighted-exponential', annotations: { 'metric-aggregation-algorithm': 'weighted-exponential' }, reachability: '', want: { algorithm: 'weighted-exponential' } },
    { name: 'camelCase algorithm value', annotations: { metricAggregationAlgorithm: 'weightedExponential' }, reachability: '', want: { algorithm: 'weighted-exponential' } },
    { name: 'unknown algorithm → linear', annotations: { 'metric-aggregation-algorithm': 'median' }, reachability: '', want: {} },
  ])('$name', ({ annotations, reachability, want }) => {
    expect(deciderSpec({ annotations: ann(annotations), reachability }, defaultAutoscalerConfig())).toEqual({ ...DEFAULT, ...want });
  });
});

describe('panicWindowMs (§4.2)', () => {
  it.each([
    { name: 'default 60s × 10 %', stable: 60_000, pct: 10, want: 6_000 },
    { name: '13s × 10 % = 1.3s rounds down', stable: 13_000, pct: 10, want: 1_000 },
    { name: '15s × 10 % = 1.5s rounds half up', stable: 15_000, pct: 10, want: 2_000 },
    { name: '6s × 1 % is below a second → 1s', stable: 6_000, pct: 1, want: 1_000 },
    { name: '1h × 100 %', stable: 3_600_000, pct: 100, want: 3_600_000 },
  ])('$name', ({ stable, pct, want }) => {
    expect(panicWindowMs(stable, pct)).toBe(want);
  });
});
