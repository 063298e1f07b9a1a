import { type AutoscalerConfig, defaultAutoscalerConfig, parseAutoscalerConfig } from './autoscaler.js';

const defaults = defaultAutoscalerConfig();

describe('parseAutoscalerConfig', () => {
  it('gives the defaults for an empty map, ignoring _example and unknown keys', () => {
    expect(parseAutoscalerConfig({})).toEqual({ ok: true, config: defaults });
    expect(parseAutoscalerConfig({ _example: 'stable-window: "abc"', 'no-such-key': 'x' })).toEqual({ ok: true, config: defaults });
  });

  it("accepts the seed's values and honours tick-interval", () => {
    const result = parseAutoscalerConfig({
      'container-concurrency-target-default': '100',
      'enable-scale-to-zero': 'true',
      'panic-window-percentage': '10',
      'panic-threshold-percentage': '200',
      'scale-to-zero-grace-period': '30s',
      'stable-window': '60s',
      'tick-interval': '2s',
    });
    expect(result).toEqual({ ok: true, config: defaults });
    expect(result.ok && result.config).toMatchObject({
      tickInterval: 2000,
      stableWindow: 60_000,
      scaleToZeroGracePeriod: 30_000,
      panicWindowPercentage: 10,
      panicThresholdPercentage: 200,
      containerConcurrencyTargetDefault: 100,
      enableScaleToZero: true,
    });
  });

  it.each<{ name: string; data: Record<string, string>; want: Partial<AutoscalerConfig> }>([
    { name: 'class', data: { 'pod-autoscaler-class': 'hpa.autoscaling.knative.dev' }, want: { podAutoscalerClass: 'hpa.autoscaling.knative.dev' } },
    { name: 'scale to zero off', data: { 'enable-scale-to-zero': 'false' }, want: { enableScaleToZero: false } },
    { name: 'Go bool spellings', data: { 'enable-scale-to-zero': 'F', 'allow-zero-initial-scale': '1' }, want: { enableScaleToZero: false, allowZeroInitialScale: true } },
    { name: 'zero initial scale when allowed', data: { 'allow-zero-initial-scale': 'true', 'initial-scale': '0' }, want: { allowZeroInitialScale: true, initialScale: 0 } },
    { name: 'initial scale', data: { 'initial-scale': '3' }, want: { initialScale: 3 } },
    { name: 'min scale', data: { 'min-scale': '2' }, want: { minScale: 2 } },
    { name: 'min equal to max', data: { 'min-scale': '4', 'max-scale': '4' }, want: { minScale: 4, maxScale: 4 } },
    { name: 'min above an unlimited max', data: { 'min-scale': '4', 'max-scale': '0' }, want: { minScale: 4, maxScale: 0 } },
    { name: 'max scale within the limit', data: { 'max-scale': '10', 'max-scale-limit': '10' }, want: { maxScale: 10, maxScaleLimit: 10 } },
    { name: 'rates', data: { 'max-scale-up-rate': '2.5', 'max-scale-down-rate': '1.01' }, want: { maxScaleUpRate: 2.5, maxScaleDownRate: 1.01 } },
    { name: 'target percentage', data: { 'container-concurrency-target-percentage': '80' }, want: { containerConcurrencyTargetFraction: 0.8 } },
    { name: 'legacy target fraction', data: { 'container-concurrency-target-percentage': '0.5' }, want: { containerConcurrencyTargetFraction: 0.5 } },
    { name: 'target percentage 100', data: { 'container-concurrency-target-percentage': '100' }, want: { containerConcurrencyTargetFraction: 1 } },
    { name: 'cc target default', data: { 'container-concurrency-target-default': '10' }, want: { containerConcurrencyTargetDefault: 10 } },
    { name: 'rps target', data: { 'requests-per-second-target-default': '0.01' }, want: { requestsPerSecondTargetDefault: 0.01 } },
    { name: 'unlimited burst capacity', data: { 'target-burst-capacity': '-1' }, want: { targetBurstCapacity: -1 } },
    { name: 'no burst capacity', data: { 'target-burst-capacity': '0' }, want: { targetBurstCapacity: 0 } },
    { name: 'shortest stable window', data: { 'stable-window': '6s' }, want: { stableWindow: 6000 } },
    { name: 'longest stable window', data: { 'stable-window': '1h' }, want: { stableWindow: 3_600_000 } },
    { name: 'panic window bounds', data: { 'panic-window-percentage': '1' }, want: { panicWindowPercentage: 1 } },
    { name: 'panic window 100', data: { 'panic-window-percentage': '100.0' }, want: { panicWindowPercentage: 100 } },
    { name: 'panic threshold is not range-checked', data: { 'panic-threshold-percentage': '50' }, want: { panicThresholdPercentage: 50 } },
    { name: 'activator capacity', data: { 'activator-capacity': '1' }, want: { activatorCapacity: 1 } },
    { name: 'grace period', data: { 'scale-to-zero-grace-period': '1m' }, want: { scaleToZeroGracePeriod: 60_000 } },
    { name: 'retention', data: { 'scale-to-zero-pod-retention-period': '1m30s' }, want: { scaleToZeroPodRetentionPeriod: 90_000 } },
    { name: 'scale-down delay', data: { 'scale-down-delay': '15s' }, want: { scaleDownDelay: 15_000 } },
    { name: 'tick interval', data: { 'tick-interval': '500ms' }, want: { tickInterval: 500 } },
  ])('accepts $name', ({ data, want }) => {
    expect(parseAutoscalerConfig(data)).toEqual({ ok: true, config: { ...defaults, ...want } });
  });

  it.each([
    { name: 'negative stable window', key: 'stable-window', value: '-1s', message: 'stable-window = -1s, must be in [6s; 1h0m0s] range' },
    { name: 'short stable window', key: 'stable-window', value: '5s', message: 'stable-window = 5s, must be in [6s; 1h0m0s] range' },
    { name: 'long stable window', key: 'stable-window', value: '61m', message: 'stable-window = 1h1m0s, must be in [6s; 1h0m0s] range' },
    { name: 'stable window precision', key: 'stable-window', value: '60.5s', message: 'stable-window = 1m0.5s, must be specified with at most second precision' },
    { name: 'stable window syntax', key: 'stable-window', value: '60', message: 'failed to parse "stable-window": time: missing unit in duration "60"' },
    {
      name: 'panic threshold syntax',
      key: 'panic-threshold-percentage',
      value: 'abc',
      message: 'failed to parse "panic-threshold-percentage": strconv.ParseFloat: parsing "abc": invalid syntax',
    },
    { name: 'panic window too small', key: 'panic-window-percentage', value: '0.5', message: 'panic-window-percentage = 0.5, must be in [1, 100] interval' },
    { name: 'panic window too big', key: 'panic-window-percentage', value: '101', message: 'panic-window-percentage = 101, must be in [1, 100] interval' },
    { name: 'zero grace period', key: 'scale-to-zero-grace-period', value: '0s', message: 'scale-to-zero-grace-period must be positive, was: 0s' },
    { name: 'negative delay', key: 'scale-down-delay', value: '-5s', message: 'scale-down-delay cannot be negative, was: -5s' },
    { name: 'delay precision', key: 'scale-down-delay', value: '1500ms', message: 'scale-down-delay = 1.5s, must be specified with at most second precision' },
    { name: 'negative retention', key: 'scale-to-zero-pod-retention-period', value: '-1m', message: 'scale-to-zero-pod-retention-period cannot be negative, was: -1m0s' },
    {
      name: 'negative burst capacity',
      key: 'target-burst-capacity',
      value: '-2',
      message: 'target-burst-capacity must be either non-negative or -1 (for unlimited), was: -2.000000',
    },
    {
      name: 'target percentage above 100',
      key: 'container-concurrency-target-percentage',
      value: '101',
      message: 'container-concurrency-target-percentage = 1.010000 is outside of valid range of (0, 100]',
    },
    {
      name: 'zero target percentage',
      key: 'container-concurrency-target-percentage',
      value: '0',
      message: 'container-concurrency-target-percentage = 0.000000 is outside of valid range of (0, 100]',
    },
    {
      name: 'target below TargetMin',
      key: 'container-concurrency-target-default',
      value: '0.01',
      message: "container-concurrency-target-percentage and container-concurrency-target-default yield target concurrency of 0.006999999999999999, can't be less than 0.01",
    },
    { name: 'rps target too small', key: 'requests-per-second-target-default', value: '0.001', message: 'requests-per-second-target-default must be at least 0.01, was: 0.001' },
    { name: 'activator capacity too small', key: 'activator-capacity', value: '0.5', message: 'activator-capacity = 0.5, must be at least 1' },
    { name: 'up rate of 1', key: 'max-scale-up-rate', value: '1', message: 'max-scale-up-rate = 1, must be greater than 1.0' },
    { name: 'down rate below 1', key: 'max-scale-down-rate', value: '0.5', message: 'max-scale-down-rate = 0.5, must be greater than 1.0' },
    {
      name: 'zero initial scale',
      key: 'initial-scale',
      value: '0',
      message: 'initial-scale = 0, must be at least 0 (or at least 1 when allow-zero-initial-scale is false)',
    },
    {
      name: 'negative initial scale',
      key: 'initial-scale',
      value: '-1',
      message: 'initial-scale = -1, must be at least 0 (or at least 1 when allow-zero-initial-scale is false)',
    },
    { name: 'initial scale syntax', key: 'initial-scale', value: '1.5', message: 'failed to parse "initial-scale": strconv.ParseInt: parsing "1.5": invalid syntax' },
    { name: 'int32 overflow', key: 'max-scale', value: '2147483648', message: 'failed to parse "max-scale": strconv.ParseInt: parsing "2147483648": value out of range' },
    { name: 'negative min scale', key: 'min-scale', value: '-1', message: 'min-scale = -1, must be at least 0' },
    { name: 'negative max scale', key: 'max-scale', value: '-1', message: 'max-scale = -1, must be in [0, max-scale-limit(0)] range' },
    { name: 'negative max-scale-limit', key: 'max-scale-limit', value: '-1', message: 'max-scale-limit = -1, must be at least 0' },
    { name: 'bool syntax', key: 'enable-scale-to-zero', value: 'yes', message: 'failed to parse "enable-scale-to-zero": strconv.ParseBool: parsing "yes": invalid syntax' },
    { name: 'zero tick interval', key: 'tick-interval', value: '0s', message: 'tick-interval must be positive, was: 0s' },
    { name: 'tick interval syntax', key: 'tick-interval', value: '2 s', message: 'failed to parse "tick-interval": time: unknown unit " s" in duration "2 s"' },
  ])('rejects $name: $key="$value"', ({ key, value, message }) => {
    expect(parseAutoscalerConfig({ [key]: value })).toEqual({ ok: false, problems: [{ key, value, message }] });
    expect(message).toContain(key);
  });

  it.each<{ name: string; data: Record<string, string>; problem: { key: string; value: string; message: string } }>([
    {
      name: 'max scale unset while max-scale-limit is set',
      data: { 'max-scale-limit': '10' },
      problem: { key: 'max-scale', value: '', message: 'max-scale = 0, must be in [1, max-scale-limit(10)] range' },
    },
    {
      name: 'max scale above max-scale-limit',
      data: { 'max-scale': '11', 'max-scale-limit': '10' },
      problem: { key: 'max-scale', value: '11', message: 'max-scale = 11, must be in [1, max-scale-limit(10)] range' },
    },
    {
      name: 'min scale above max scale',
      data: { 'min-scale': '5', 'max-scale': '3' },
      problem: { key: 'min-scale', value: '5', message: 'min-scale (5) must be less than max-scale (3)' },
    },
  ])('checks relations between keys: $name', ({ data, problem }) => {
    expect(parseAutoscalerConfig(data)).toEqual({ ok: false, problems: [problem] });
  });

  it('reports every bad key, not just the first', () => {
    const result = parseAutoscalerConfig({ 'stable-window': '-1s', 'panic-threshold-percentage': 'abc', 'max-scale-up-rate': '1', 'min-scale': 'x' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.key).sort()).toEqual(['max-scale-up-rate', 'min-scale', 'panic-threshold-percentage', 'stable-window']);
  });

  it('does not check a relation against a key that failed to parse', () => {
    expect(parseAutoscalerConfig({ 'min-scale': '5', 'max-scale': 'three' })).toEqual({
      ok: false,
      problems: [{ key: 'max-scale', value: 'three', message: 'failed to parse "max-scale": strconv.ParseInt: parsing "three": invalid syntax' }],
    });
  });
});
