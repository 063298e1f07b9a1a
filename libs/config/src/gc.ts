import { readGoDuration } from './duration.js';
import { accept, asInt, type FieldTable, KEEP, keysOf, parseWith, refuse, type Rule, type ValueParser } from './fields.js';
import type { ConfigData, ConfigResult } from './result.js';

/** Name of the revision garbage collection ConfigMap (Knative `pkg/gc/config.go`). */
export const GC_CONFIG_NAME = 'config-gc';

/** The value that switches a limit off. */
export const GC_DISABLED = 'disabled';
/** A GC limit: a number (ms for durations) or {@link GC_DISABLED}. */
export type GcLimit = number | typeof GC_DISABLED;

/** `config-gc` as typed values; durations in ms. */
export interface GcConfig {
  readonly retainSinceCreateTime: GcLimit;
  readonly retainSinceLastActiveTime: GcLimit;
  readonly minNonActiveRevisions: number;
  readonly maxNonActiveRevisions: GcLimit;
}

/** Knative's defaults. */
export function defaultGcConfig(): GcConfig {
  return { retainSinceCreateTime: 48 * 3_600_000, retainSinceLastActiveTime: 15 * 3_600_000, minNonActiveRevisions: 20, maxNonActiveRevisions: 1000 };
}

const isDisabled = (raw: string): boolean => raw.toLowerCase() === GC_DISABLED;

/** `disabled` or a non-negative Go duration; empty keeps the default. */
const asDisabledOrDuration: ValueParser<GcLimit | typeof KEEP> = (raw, key) => {
  if (raw === '') return accept(KEEP);
  if (isDisabled(raw)) return accept(GC_DISABLED);
  const read = readGoDuration(raw);
  if (!read.ok) return refuse(`failed to parse ${key}: ${read.message}`);
  return read.ms < 0 ? refuse(`failed to parse ${key}: must be non-negative`) : accept(read.ms);
};

const uint64 = /^\d+$/;

/** `disabled` or an unsigned integer; empty keeps the default. */
const asDisabledOrCount: ValueParser<GcLimit | typeof KEEP> = (raw, key) => {
  if (raw === '') return accept(KEEP);
  if (isDisabled(raw)) return accept(GC_DISABLED);
  if (!uint64.test(raw)) return refuse(`failed to parse ${key}: strconv.ParseUint: parsing ${JSON.stringify(raw)}: invalid syntax`);
  const value = BigInt(raw);
  return value >= 1n << 63n ? refuse(`failed to parse ${key}: strconv.ParseUint: parsing ${JSON.stringify(raw)}: value out of range`) : accept(Number(value));
};

const TABLE: FieldTable<GcConfig> = {
  retainSinceCreateTime: { key: 'retain-since-create-time', parse: asDisabledOrDuration },
  retainSinceLastActiveTime: { key: 'retain-since-last-active-time', parse: asDisabledOrDuration },
  minNonActiveRevisions: { key: 'min-non-active-revisions', parse: asInt(64) },
  maxNonActiveRevisions: { key: 'max-non-active-revisions', parse: asDisabledOrCount },
};

/** Every key `parseGcConfig` reads. */
export const GC_KEYS: readonly string[] = keysOf(TABLE);

const RULES: readonly Rule<GcConfig>[] = [
  {
    key: 'min-non-active-revisions',
    check: (c) => (c.minNonActiveRevisions < 0 ? `min-non-active-revisions must be non-negative, was: ${c.minNonActiveRevisions}` : undefined),
  },
  {
    key: 'min-non-active-revisions',
    uses: ['max-non-active-revisions'],
    check: (c) =>
      c.maxNonActiveRevisions !== GC_DISABLED && c.minNonActiveRevisions >= 0 && c.minNonActiveRevisions > c.maxNonActiveRevisions
        ? `min-non-active-revisions(${c.minNonActiveRevisions}) must be <= max-non-active-revisions(${c.maxNonActiveRevisions})`
        : undefined,
  },
];

/** Parses `config-gc` data over the defaults; reports every bad key and a min above the max. */
export function parseGcConfig(data: ConfigData): ConfigResult<GcConfig> {
  return parseWith(data, { table: TABLE, rules: RULES, defaults: defaultGcConfig() });
}
