import { readGoDuration } from './duration.js';
import type { ConfigData, ConfigProblem, ConfigResult } from './result.js';

/**
 * The machinery every ConfigMap parser shares: a table maps each config field to its key (and
 * older spellings) and a value parser; rules then check ranges and relations between keys. Parse
 * errors use the texts of Knative's `configmap.As*` helpers (Go's strconv/time messages).
 */

/** The outcome of reading one value. */
export type ValueResult<V> = { readonly ok: true; readonly value: V } | { readonly ok: false; readonly message: string };

/** Reads one raw value; `key` is the key it was found under (for the message). */
export type ValueParser<V> = (raw: string, key: string) => ValueResult<V>;

/** How one config field is read: its key, older spellings (the main key wins) and its parser. */
export interface FieldDef<V> {
  readonly key: string;
  readonly legacy?: readonly string[];
  readonly parse: ValueParser<V | typeof KEEP>;
}

/** A parser's way of saying "leave the default as it is". */
export const KEEP: unique symbol = Symbol('keep');

/** One {@link FieldDef} per config field. */
export type FieldTable<C> = { readonly [K in keyof C]?: FieldDef<C[K]> };

/** A check over the parsed config, reported against `key`; skipped when any of `keys` failed to parse. */
export interface Rule<C> {
  readonly key: string;
  readonly uses?: readonly string[];
  readonly check: (config: C) => string | undefined;
}

/** The example key every Knative ConfigMap carries; parsers ignore it. */
export const EXAMPLE_KEY = '_example';

type Mutable<C> = { -readonly [K in keyof C]: C[K] };

const quote = (s: string): string => JSON.stringify(s);

/** A successful read. */
export const accept = <V>(value: V): ValueResult<V> => ({ ok: true, value });

/** A refused read. */
export const refuse = <V>(message: string): ValueResult<V> => ({ ok: false, message });

/** The value of `key` if the map has it (own keys only). */
export function rawValue(data: ConfigData, key: string): string | undefined {
  return Object.hasOwn(data, key) ? data[key] : undefined;
}

/** The first line of an error's message, without a trailing colon (YAML errors go on to quote the input). */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').replace(/:$/, '');
}

/** Passes the text through. */
export const asString: ValueParser<string> = (raw) => accept(raw);

const BOOLS: Readonly<Record<string, boolean>> = {
  '1': true, t: true, T: true, TRUE: true, true: true, True: true,
  '0': false, f: false, F: false, FALSE: false, false: false, False: false,
};

/** Go's `strconv.ParseBool`. */
export const asBool: ValueParser<boolean> = (raw, key) => {
  const value = Object.hasOwn(BOOLS, raw) ? BOOLS[raw] : undefined;
  return value === undefined ? refuse(`failed to parse ${quote(key)}: strconv.ParseBool: parsing ${quote(raw)}: invalid syntax`) : accept(value);
};

const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Go's `strconv.ParseFloat` for decimal numbers (NaN and infinities are refused). */
export const asFloat: ValueParser<number> = (raw, key) => {
  if (!FLOAT.test(raw)) return refuse(`failed to parse ${quote(key)}: strconv.ParseFloat: parsing ${quote(raw)}: invalid syntax`);
  const value = Number(raw);
  return Number.isFinite(value) ? accept(value) : refuse(`failed to parse ${quote(key)}: strconv.ParseFloat: parsing ${quote(raw)}: value out of range`);
};

const INTEGER = /^[+-]?\d+$/;

/** Go's `strconv.ParseInt(raw, 10, bits)`. */
export function asInt(bits: 32 | 64, fn = 'strconv.ParseInt'): ValueParser<number> {
  const limit = 1n << BigInt(bits - 1);
  return (raw, key) => {
    if (!INTEGER.test(raw)) return refuse(`failed to parse ${quote(key)}: ${fn}: parsing ${quote(raw)}: invalid syntax`);
    const value = BigInt(raw);
    if (value >= limit || value < -limit) return refuse(`failed to parse ${quote(key)}: ${fn}: parsing ${quote(raw)}: value out of range`);
    return accept(Number(value));
  };
}

/** Go's `time.ParseDuration`, in milliseconds. */
export const asDuration: ValueParser<number> = (raw, key) => {
  const result = readGoDuration(raw);
  return result.ok ? accept(result.ms) : refuse(`failed to parse ${quote(key)}: ${result.message}`);
};

const QUANTITY = /^[+-]?(\d+\.?\d*|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;
const QUANTITY_SHAPE = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

/** A Kubernetes resource quantity ("250m", "1Gi"), kept as written; empty means unset. */
export const asQuantity: ValueParser<string | undefined> = (raw, key) => {
  if (raw === '') return accept(undefined);
  if (QUANTITY.test(raw)) return accept(raw);
  const message = new RegExp(QUANTITY_SHAPE).test(raw) ? "unable to parse quantity's suffix" : `quantities must match the regular expression '${QUANTITY_SHAPE}'`;
  return refuse(`failed to parse ${quote(key)}: ${message}`);
};

/** A comma-separated set (Knative's `AsStringSet`): trimmed, empty items dropped, sorted. */
export const asStringSet: ValueParser<readonly string[]> = (raw) =>
  accept([...new Set(raw.split(',').map((item) => item.trim()).filter((item) => item !== ''))].sort());

/** One of `values`, compared case-insensitively; anything else keeps the current value (Knative's flag parsers). */
export function asChoice<V extends string>(values: readonly V[]): ValueParser<V | typeof KEEP> {
  return (raw) => accept(values.find((value) => value.toLowerCase() === raw.toLowerCase()) ?? KEEP);
}

/** One of `values` (case-insensitive); anything else is refused with a message naming the key and the choices. */
export function asStrictChoice<V extends string>(values: readonly V[]): ValueParser<V> {
  return (raw, key) => {
    const value = values.find((v) => v.toLowerCase() === raw.toLowerCase());
    return value === undefined ? refuse(`${key}: unsupported value ${quote(raw)}, want one of: ${values.join(', ')}`) : accept(value);
  };
}

function lookup(data: ConfigData, def: FieldDef<unknown>): { key: string; raw: string } | undefined {
  for (const key of [def.key, ...(def.legacy ?? [])]) {
    const raw = rawValue(data, key);
    if (raw !== undefined) return { key, raw };
  }
  return undefined;
}

/** A config being parsed: values so far, problems so far, and the keys that failed. */
export interface Parsed<C> {
  readonly config: C;
  readonly problems: readonly ConfigProblem[];
  readonly failed: ReadonlySet<string>;
  /** For each main key that was set: the key it was found under (maybe a legacy one) and its value. */
  readonly sources: ReadonlyMap<string, { readonly key: string; readonly raw: string }>;
}

/** Reads every field of `table` from `data` over `defaults`; {@link KEEP} results keep the default. */
export function parseFields<C extends object>(data: ConfigData, table: FieldTable<C>, defaults: C): Parsed<C> {
  const config: Mutable<C> = { ...defaults };
  const problems: ConfigProblem[] = [];
  const failed = new Set<string>();
  const sources = new Map<string, { key: string; raw: string }>();
  for (const field of Object.keys(table) as (keyof C)[]) {
    const def = table[field] as FieldDef<C[keyof C]>;
    const found = lookup(data, def);
    if (found === undefined) continue;
    sources.set(def.key, found);
    const result = def.parse(found.raw, found.key);
    if (!result.ok) {
      problems.push({ key: found.key, value: found.raw, message: result.message });
      failed.add(def.key);
    } else if (result.value !== KEEP) {
      config[field] = result.value;
    }
  }
  return { config, problems, failed, sources };
}

/** The problem a failed rule makes, under the key (and value) the setting was written with. */
function ruleProblem<C>(data: ConfigData, parsed: Parsed<C>, rule: Rule<C>, message: string): ConfigProblem {
  const source = parsed.sources.get(rule.key);
  return { key: source?.key ?? rule.key, value: source?.raw ?? rawValue(data, rule.key) ?? '', message };
}

/** Runs `rules` over a parsed config, skipping those that depend on a key that failed to parse. */
export function checkRules<C>(data: ConfigData, parsed: Parsed<C>, rules: readonly Rule<C>[]): readonly ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const rule of rules) {
    if ([rule.key, ...(rule.uses ?? [])].some((key) => parsed.failed.has(key))) continue;
    const message = rule.check(parsed.config);
    if (message !== undefined) problems.push(ruleProblem(data, parsed, rule, message));
  }
  return problems;
}

/** The result of a parse: the config when nothing was wrong, else every problem. */
export function finish<C>(config: C, problems: readonly ConfigProblem[]): ConfigResult<C> {
  return problems.length === 0 ? { ok: true, config } : { ok: false, problems };
}

/** Parses `data` with a field table and rules: the common shape of most ConfigMaps. */
export function parseWith<C extends object>(data: ConfigData, spec: { table: FieldTable<C>; rules: readonly Rule<C>[]; defaults: C }): ConfigResult<C> {
  const parsed = parseFields(data, spec.table, spec.defaults);
  return finish(parsed.config, [...parsed.problems, ...checkRules(data, parsed, spec.rules)]);
}

/** The main key of every field of a table (legacy spellings are read but not listed). */
export function keysOf<C>(table: FieldTable<C>): readonly string[] {
  return Object.values<FieldDef<unknown> | undefined>(table).flatMap((def) => (def ? [def.key] : []));
}
