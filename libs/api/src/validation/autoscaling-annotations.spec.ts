import { type AutoscalerConfig, defaultAutoscalerConfig, defaultDefaultsConfig, defaultFeaturesConfig } from '@ebb/config';
import { Operation, type ValidationContext } from '../core/context.js';
import { validateAutoscalingAnnotations } from './autoscaling-annotations.js';

/** A CREATE context from the config defaults, with `autoscaler` overrides. */
function ctx(autoscaler: Partial<AutoscalerConfig> = {}): ValidationContext {
  return {
    defaults: defaultDefaultsConfig(),
    features: defaultFeaturesConfig(),
    autoscaler: { ...defaultAutoscalerConfig(), ...autoscaler },
    operation: Operation.Create,
  };
}

const P = 'annotations.autoscaling.knative.dev';
const K = 'autoscaling.knative.dev';

interface Row {
  readonly name: string;
  readonly anns: Record<string, string> | undefined;
  readonly config?: Partial<AutoscalerConfig>;
  readonly want: string;
}

describe('validateAutoscalingAnnotations (VALIDATION.md §6)', () => {
  it.each<Row>([
    { name: 'no annotations: accepted', anns: undefined, want: '' },
    { name: 'non-autoscaling annotations: accepted', anns: { 'example.com/x': 'y' }, want: '' },

    // class
    { name: 'class: unknown .knative.dev class rejected', anns: { [`${K}/class`]: 'foo.knative.dev' }, want: `invalid value: foo.knative.dev: ${P}/class` },
    { name: 'class: kpa accepted', anns: { [`${K}/class`]: 'kpa.autoscaling.knative.dev' }, want: '' },
    { name: 'class: hpa accepted', anns: { [`${K}/class`]: 'hpa.autoscaling.knative.dev' }, want: '' },
    { name: 'class: other domains are free', anns: { [`${K}/class`]: 'custom.example.com' }, want: '' },

    // min-scale / max-scale
    { name: 'min-scale: not an int rejected', anns: { [`${K}/min-scale`]: 'abc' }, want: `invalid value: abc: ${P}/min-scale` },
    { name: 'min-scale: negative rejected', anns: { [`${K}/min-scale`]: '-1' }, want: `expected 0 <= -1 <= 2147483647: ${P}/min-scale` },
    { name: 'min-scale: beyond int32 rejected', anns: { [`${K}/min-scale`]: '2147483648' }, want: `expected 0 <= 2147483648 <= 2147483647: ${P}/min-scale` },
    { name: 'min-scale: legacy alias minScale rejected at its own key', anns: { [`${K}/minScale`]: '-1' }, want: `expected 0 <= -1 <= 2147483647: ${P}/minScale` },
    { name: 'min-scale: kebab key wins over the alias', anns: { [`${K}/min-scale`]: '1', [`${K}/minScale`]: 'x' }, want: '' },
    { name: 'min-scale: int32 accepted', anns: { [`${K}/min-scale`]: '2147483647' }, want: '' },
    { name: 'max-scale: not an int rejected', anns: { [`${K}/max-scale`]: '1.5' }, want: `invalid value: 1.5: ${P}/max-scale` },
    { name: 'max-scale: negative (alias) rejected', anns: { [`${K}/maxScale`]: '-3' }, want: `expected 0 <= -3 <= 2147483647: ${P}/maxScale` },
    { name: 'max-scale: 0 (unlimited) accepted', anns: { [`${K}/max-scale`]: '0' }, want: '' },

    // max vs min
    {
      name: 'max vs min: max below min rejected',
      anns: { [`${K}/min-scale`]: '5', [`${K}/max-scale`]: '2' },
      want: `max-scale=2 is less than min-scale=5: ${P}/max-scale, ${P}/min-scale`,
    },
    {
      name: 'max vs min: paths are the kebab keys even for aliases',
      anns: { [`${K}/minScale`]: '5', [`${K}/maxScale`]: '2' },
      want: `max-scale=2 is less than min-scale=5: ${P}/max-scale, ${P}/min-scale`,
    },
    { name: 'max vs min: max 0 with min accepted', anns: { [`${K}/min-scale`]: '5', [`${K}/max-scale`]: '0' }, want: '' },
    { name: 'max vs min: max equal to min accepted', anns: { [`${K}/min-scale`]: '5', [`${K}/max-scale`]: '5' }, want: '' },

    // max-scale-limit
    { name: 'max-scale-limit: above the limit rejected', anns: { [`${K}/max-scale`]: '11' }, config: { maxScaleLimit: 10 }, want: `expected 1 <= 11 <= 10: ${P}/max-scale` },
    {
      name: 'max-scale-limit: 0 (unlimited) rejected',
      anns: { [`${K}/max-scale`]: '0' },
      config: { maxScaleLimit: 10 },
      want: `max-scale=0 (unlimited), must be less than 10: ${P}/max-scale`,
    },
    {
      name: 'max-scale-limit: an unparseable max counts as 0',
      anns: { [`${K}/max-scale`]: 'x' },
      config: { maxScaleLimit: 10 },
      want: `invalid value: x: ${P}/max-scale\nmax-scale=0 (unlimited), must be less than 10: ${P}/max-scale`,
    },
    { name: 'max-scale-limit: at the limit accepted', anns: { [`${K}/max-scale`]: '10' }, config: { maxScaleLimit: 10 }, want: '' },
    { name: 'max-scale-limit: no max-scale annotation accepted', anns: { [`${K}/min-scale`]: '1' }, config: { maxScaleLimit: 10 }, want: '' },

    // activation-scale
    { name: 'activation-scale: not an int rejected', anns: { [`${K}/activation-scale`]: 'two' }, want: `invalid value: two: ${P}/activation-scale` },
    {
      name: 'activation-scale: below min-scale rejected',
      anns: { [`${K}/min-scale`]: '3', [`${K}/activation-scale`]: '2' },
      want: `min-scale=3 is greater than activation-scale=2: ${P}/activation-scale`,
    },
    {
      name: 'activation-scale: above max-scale rejected',
      anns: { [`${K}/max-scale`]: '3', [`${K}/activation-scale`]: '5' },
      want: `max-scale=3 is less than activation-scale=5: ${P}/activation-scale`,
    },
    { name: 'activation-scale: 1 rejected', anns: { [`${K}/activation-scale`]: '1' }, want: `activation-scale=1 must be greater than 1: ${P}/activation-scale` },
    { name: 'activation-scale: within min..max accepted', anns: { [`${K}/min-scale`]: '1', [`${K}/max-scale`]: '3', [`${K}/activation-scale`]: '2' }, want: '' },

    // panic-window-percentage
    { name: 'panic-window-percentage: below 1 rejected', anns: { [`${K}/panic-window-percentage`]: '0.5' }, want: `expected 1 <= 0.5 <= 100: ${P}/panic-window-percentage` },
    { name: 'panic-window-percentage: alias above 100 rejected', anns: { [`${K}/panicWindowPercentage`]: '101' }, want: `expected 1 <= 101 <= 100: ${P}/panicWindowPercentage` },
    { name: 'panic-window-percentage: not a float rejected', anns: { [`${K}/panic-window-percentage`]: 'ten' }, want: `invalid value: ten: ${P}/panic-window-percentage` },
    { name: 'panic-window-percentage: 10 accepted', anns: { [`${K}/panic-window-percentage`]: '10' }, want: '' },

    // panic-threshold-percentage
    { name: 'panic-threshold-percentage: below 110 rejected', anns: { [`${K}/panic-threshold-percentage`]: '109' }, want: `expected 110 <= 109 <= 1000: ${P}/panic-threshold-percentage` },
    { name: 'panic-threshold-percentage: alias above 1000 rejected', anns: { [`${K}/panicThresholdPercentage`]: '1000.5' }, want: `expected 110 <= 1000.5 <= 1000: ${P}/panicThresholdPercentage` },
    { name: 'panic-threshold-percentage: not a float rejected', anns: { [`${K}/panic-threshold-percentage`]: '' }, want: `invalid value: : ${P}/panic-threshold-percentage` },
    { name: 'panic-threshold-percentage: 200 accepted', anns: { [`${K}/panic-threshold-percentage`]: '200' }, want: '' },

    // target
    { name: 'target: below 0.01 rejected', anns: { [`${K}/target`]: '0.001' }, want: `target 0.001 should be at least 0.01: ${P}/target` },
    { name: 'target: not a float rejected', anns: { [`${K}/target`]: '1_000' }, want: `invalid value: 1_000: ${P}/target` },
    { name: 'target: 0.01 accepted', anns: { [`${K}/target`]: '0.01' }, want: '' },
    { name: 'target: NaN passes the comparison, as in Go', anns: { [`${K}/target`]: 'NaN' }, want: '' },

    // target-utilization-percentage
    { name: 'target-utilization-percentage: 0 rejected', anns: { [`${K}/target-utilization-percentage`]: '0' }, want: `expected 1 <= 0 <= 100: ${P}/target-utilization-percentage` },
    { name: 'target-utilization-percentage: alias above 100 rejected', anns: { [`${K}/targetUtilizationPercentage`]: '101' }, want: `expected 1 <= 101 <= 100: ${P}/targetUtilizationPercentage` },
    { name: 'target-utilization-percentage: not a float rejected', anns: { [`${K}/target-utilization-percentage`]: '70%' }, want: `invalid value: 70%: ${P}/target-utilization-percentage` },
    { name: 'target-utilization-percentage: 70 accepted', anns: { [`${K}/target-utilization-percentage`]: '70' }, want: '' },

    // target-burst-capacity
    { name: 'target-burst-capacity: negative other than -1 rejected', anns: { [`${K}/target-burst-capacity`]: '-2' }, want: `invalid value: -2: ${P}/target-burst-capacity` },
    { name: 'target-burst-capacity: alias not a float rejected', anns: { [`${K}/targetBurstCapacity`]: 'lots' }, want: `invalid value: lots: ${P}/targetBurstCapacity` },
    { name: 'target-burst-capacity: -1 accepted', anns: { [`${K}/target-burst-capacity`]: '-1' }, want: '' },
    { name: 'target-burst-capacity: 0 accepted', anns: { [`${K}/target-burst-capacity`]: '0' }, want: '' },
    { name: 'target-burst-capacity: 211 accepted', anns: { [`${K}/target-burst-capacity`]: '211' }, want: '' },

    // window
    { name: 'window: below 6s rejected', anns: { [`${K}/window`]: '5s' }, want: `expected 6s <= 5s <= 1h0m0s: ${P}/window` },
    { name: 'window: above 1h rejected', anns: { [`${K}/window`]: '61m' }, want: `expected 6s <= 61m <= 1h0m0s: ${P}/window` },
    { name: 'window: sub-second rejected', anns: { [`${K}/window`]: '6500ms' }, want: `must be specified with at most second precision: ${P}/window` },
    { name: 'window: not a duration rejected', anns: { [`${K}/window`]: '60' }, want: `invalid value: 60: ${P}/window` },
    { name: 'window: 60s accepted', anns: { [`${K}/window`]: '60s' }, want: '' },
    { name: 'window: 1h accepted', anns: { [`${K}/window`]: '1h' }, want: '' },

    // scale-to-zero-pod-retention-period
    {
      name: 'scale-to-zero-pod-retention-period: negative rejected',
      anns: { [`${K}/scale-to-zero-pod-retention-period`]: '-1s' },
      want: `expected 0s <= -1s <= 1h0m0s: ${P}/scale-to-zero-pod-retention-period`,
    },
    {
      name: 'scale-to-zero-pod-retention-period: alias above 1h rejected',
      anns: { [`${K}/scaleToZeroPodRetentionPeriod`]: '2h' },
      want: `expected 0s <= 2h <= 1h0m0s: ${P}/scaleToZeroPodRetentionPeriod`,
    },
    {
      name: 'scale-to-zero-pod-retention-period: not a duration rejected',
      anns: { [`${K}/scale-to-zero-pod-retention-period`]: 'soon' },
      want: `invalid value: soon: ${P}/scale-to-zero-pod-retention-period`,
    },
    { name: 'scale-to-zero-pod-retention-period: sub-second accepted (no precision rule)', anns: { [`${K}/scale-to-zero-pod-retention-period`]: '1500ms' }, want: '' },

    // scale-down-delay
    { name: 'scale-down-delay: negative rejected', anns: { [`${K}/scale-down-delay`]: '-1s' }, want: `expected 0s <= -1s <= 1h0m0s: ${P}/scale-down-delay` },
    { name: 'scale-down-delay: alias above 1h rejected', anns: { [`${K}/scaleDownDelay`]: '1h1s' }, want: `expected 0s <= 1h1s <= 1h0m0s: ${P}/scaleDownDelay` },
    { name: 'scale-down-delay: sub-second rejected', anns: { [`${K}/scale-down-delay`]: '1500ms' }, want: `must be specified with at most second precision: ${P}/scale-down-delay` },
    { name: 'scale-down-delay: not a duration rejected', anns: { [`${K}/scale-down-delay`]: '5x' }, want: `invalid value: 5x: ${P}/scale-down-delay` },
    { name: 'scale-down-delay: 0s accepted', anns: { [`${K}/scale-down-delay`]: '0s' }, want: '' },
    { name: 'scale-down-delay: 30s accepted', anns: { [`${K}/scale-down-delay`]: '30s' }, want: '' },

    // metric
    { name: 'metric: cpu under the default KPA class rejected', anns: { [`${K}/metric`]: 'cpu' }, want: `invalid value: cpu: ${P}/metric` },
    {
      name: 'metric: cpu under the KPA class annotation rejected',
      anns: { [`${K}/class`]: 'kpa.autoscaling.knative.dev', [`${K}/metric`]: 'memory' },
      config: { podAutoscalerClass: 'hpa.autoscaling.knative.dev' },
      want: `invalid value: memory: ${P}/metric`,
    },
    { name: 'metric: empty under HPA rejected', anns: { [`${K}/class`]: 'hpa.autoscaling.knative.dev', [`${K}/metric`]: '' }, want: `invalid value: : ${P}/metric` },
    { name: 'metric: rps under KPA accepted', anns: { [`${K}/metric`]: 'rps' }, want: '' },
    { name: 'metric: concurrency under KPA accepted', anns: { [`${K}/metric`]: 'concurrency' }, want: '' },
    { name: 'metric: cpu under HPA accepted', anns: { [`${K}/class`]: 'hpa.autoscaling.knative.dev', [`${K}/metric`]: 'cpu' }, want: '' },
    { name: 'metric: cpu under an HPA config default accepted', anns: { [`${K}/metric`]: 'cpu' }, config: { podAutoscalerClass: 'hpa.autoscaling.knative.dev' }, want: '' },
    { name: 'metric: anything under another class accepted', anns: { [`${K}/class`]: 'custom.example.com', [`${K}/metric`]: '' }, want: '' },

    // metric-aggregation-algorithm
    {
      name: 'metric-aggregation-algorithm: unknown under KPA rejected',
      anns: { [`${K}/class`]: 'kpa.autoscaling.knative.dev', [`${K}/metric-aggregation-algorithm`]: 'median' },
      want: `invalid value: median: ${P}/metric-aggregation-algorithm`,
    },
    {
      name: 'metric-aggregation-algorithm: alias unknown under KPA rejected',
      anns: { [`${K}/class`]: 'kpa.autoscaling.knative.dev', [`${K}/metricAggregationAlgorithm`]: 'median' },
      want: `invalid value: median: ${P}/metricAggregationAlgorithm`,
    },
    {
      name: 'metric-aggregation-algorithm: weightedExponential under KPA accepted',
      anns: { [`${K}/class`]: 'kpa.autoscaling.knative.dev', [`${K}/metric-aggregation-algorithm`]: 'weightedExponential' },
      want: '',
    },
    {
      name: 'metric-aggregation-algorithm: linear under KPA accepted',
      anns: { [`${K}/class`]: 'kpa.autoscaling.knative.dev', [`${K}/metric-aggregation-algorithm`]: 'linear' },
      want: '',
    },
    { name: 'metric-aggregation-algorithm: unchecked without the class annotation', anns: { [`${K}/metric-aggregation-algorithm`]: 'median' }, want: '' },

    // initial-scale
    { name: 'initial-scale: not an int rejected', anns: { [`${K}/initial-scale`]: 'x' }, want: `invalid value: x: ${P}/initial-scale` },
    { name: 'initial-scale: negative rejected', anns: { [`${K}/initial-scale`]: '-1' }, want: `invalid value: -1: ${P}/initial-scale must be greater than 0` },
    { name: 'initial-scale: 0 rejected by default', anns: { [`${K}/initial-scale`]: '0' }, want: `invalid value: 0: ${P}/initial-scale=0 not allowed by cluster` },
    { name: 'initial-scale: alias 0 rejected at its key', anns: { [`${K}/initialScale`]: '0' }, want: `invalid value: 0: ${P}/initialScale=0 not allowed by cluster` },
    { name: 'initial-scale: 0 accepted with allow-zero-initial-scale', anns: { [`${K}/initial-scale`]: '0' }, config: { allowZeroInitialScale: true }, want: '' },
    { name: 'initial-scale: 3 accepted', anns: { [`${K}/initial-scale`]: '3' }, want: '' },

    // several at once
    {
      name: 'several problems are all reported, sorted',
      anns: { [`${K}/window`]: '5s', [`${K}/target`]: '0', [`${K}/class`]: 'x.knative.dev' },
      want: [
        `expected 6s <= 5s <= 1h0m0s: ${P}/window`,
        `invalid value: x.knative.dev: ${P}/class`,
        `target 0 should be at least 0.01: ${P}/target`,
      ].join('\n'),
    },
  ])('$name', ({ anns, config, want }) => {
    expect(validateAutoscalingAnnotations(anns, ctx(config)).render()).toBe(want);
  });

  it('is relative to the metadata holding the map: the caller prefixes it', () => {
    const err = validateAutoscalingAnnotations({ [`${K}/min-scale`]: '-1' }, ctx()).viaField('spec', 'template', 'metadata');
    expect(err.render()).toBe(`expected 0 <= -1 <= 2147483647: spec.template.metadata.${P}/min-scale`);
  });
});
