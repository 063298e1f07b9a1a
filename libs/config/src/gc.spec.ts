import { defaultGcConfig, GC_DISABLED, type GcConfig, parseGcConfig } from './gc.js';

const defaults = defaultGcConfig();

describe('parseGcConfig', () => {
  it('has Knative defaults: 48h, 15h, 20, 1000', () => {
    expect(defaults).toEqual({ retainSinceCreateTime: 172_800_000, retainSinceLastActiveTime: 54_000_000, minNonActiveRevisions: 20, maxNonActiveRevisions: 1000 });
    expect(parseGcConfig({ _example: 'x', 'stale-revision-timeout': '1h' })).toEqual({ ok: true, config: defaults });
  });

  it.each<{ name: string; data: Record<string, string>; want: Partial<GcConfig> }>([
    { name: 'durations', data: { 'retain-since-create-time': '1h', 'retain-since-last-active-time': '30m' }, want: { retainSinceCreateTime: 3_600_000, retainSinceLastActiveTime: 1_800_000 } },
    { name: 'zero duration', data: { 'retain-since-create-time': '0' }, want: { retainSinceCreateTime: 0 } },
    { name: 'disabled durations', data: { 'retain-since-create-time': 'disabled', 'retain-since-last-active-time': 'Disabled' }, want: { retainSinceCreateTime: GC_DISABLED, retainSinceLastActiveTime: GC_DISABLED } },
    { name: 'disabled max, min above the old max', data: { 'max-non-active-revisions': 'DISABLED', 'min-non-active-revisions': '5000' }, want: { maxNonActiveRevisions: GC_DISABLED, minNonActiveRevisions: 5000 } },
    { name: 'min equal to max', data: { 'min-non-active-revisions': '5', 'max-non-active-revisions': '5' }, want: { minNonActiveRevisions: 5, maxNonActiveRevisions: 5 } },
    { name: 'zero min', data: { 'min-non-active-revisions': '0' }, want: { minNonActiveRevisions: 0 } },
    { name: 'empty values keep the defaults', data: { 'retain-since-create-time': '', 'max-non-active-revisions': '' }, want: {} },
  ])('accepts $name', ({ data, want }) => {
    expect(parseGcConfig(data)).toEqual({ ok: true, config: { ...defaults, ...want } });
  });

  it.each<{ name: string; data: Record<string, string>; key: string; value: string; message: string }>([
    { name: 'min above max', data: { 'min-non-active-revisions': '30', 'max-non-active-revisions': '10' }, key: 'min-non-active-revisions', value: '30', message: 'min-non-active-revisions(30) must be <= max-non-active-revisions(10)' },
    { name: 'min above the default max', data: { 'min-non-active-revisions': '1001' }, key: 'min-non-active-revisions', value: '1001', message: 'min-non-active-revisions(1001) must be <= max-non-active-revisions(1000)' },
    { name: 'negative min', data: { 'min-non-active-revisions': '-1' }, key: 'min-non-active-revisions', value: '-1', message: 'min-non-active-revisions must be non-negative, was: -1' },
    { name: 'min syntax', data: { 'min-non-active-revisions': 'many' }, key: 'min-non-active-revisions', value: 'many', message: 'failed to parse "min-non-active-revisions": strconv.ParseInt: parsing "many": invalid syntax' },
    { name: 'negative max', data: { 'max-non-active-revisions': '-1' }, key: 'max-non-active-revisions', value: '-1', message: 'failed to parse max-non-active-revisions: strconv.ParseUint: parsing "-1": invalid syntax' },
    { name: 'create time syntax', data: { 'retain-since-create-time': '2d' }, key: 'retain-since-create-time', value: '2d', message: 'failed to parse retain-since-create-time: time: unknown unit "d" in duration "2d"' },
    { name: 'negative create time', data: { 'retain-since-create-time': '-1h' }, key: 'retain-since-create-time', value: '-1h', message: 'failed to parse retain-since-create-time: must be non-negative' },
    { name: 'active time syntax', data: { 'retain-since-last-active-time': 'never' }, key: 'retain-since-last-active-time', value: 'never', message: 'failed to parse retain-since-last-active-time: time: invalid duration "never"' },
  ])('rejects $name', ({ data, key, value, message }) => {
    expect(parseGcConfig(data)).toEqual({ ok: false, problems: [{ key, value, message }] });
  });
});
