/**
 * Go's `time.Duration` text form, which every Knative ConfigMap uses for durations. Values are
 * carried as milliseconds (fractions allowed: "1500us" is 1.5 ms); the arithmetic runs on integer
 * nanoseconds, as Go's does, so parsing and printing round-trip exactly.
 */

/** The result of reading a duration: milliseconds, or Go's error text. */
export type DurationResult = { readonly ok: true; readonly ms: number } | { readonly ok: false; readonly message: string };

const MAX_NS = (1n << 63n) - 1n;
const NS_PER_UNIT: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const quote = (s: string): string => JSON.stringify(s);
const invalid = (orig: string): { readonly ok: false; readonly message: string } => ({ ok: false, message: `time: invalid duration ${quote(orig)}` });

/** One `<number><unit>` element: its value in ns, or why it is not one. */
type ElementResult = { readonly ok: true; readonly ns: bigint; readonly rest: string } | { readonly ok: false; readonly message: string };

const ELEMENT = /^(\d*)(?:\.(\d*))?([^\d.]*)/u;

/** Go's `leadingFraction`: the digits (as long as they fit in int64) and their scale. */
function leadingFraction(frac: string): { readonly x: bigint; readonly scale: number } {
  let x = 0n;
  let scale = 1;
  for (const c of frac) {
    const y = x * 10n + BigInt(c);
    if (x > MAX_NS / 10n || y > 1n << 63n) break;
    x = y;
    scale *= 10;
  }
  return { x, scale };
}

/** Go scales the fraction in floating point, then truncates. */
function fractionNs(frac: string, perUnit: bigint): bigint {
  const { x, scale } = leadingFraction(frac);
  return x === 0n ? 0n : BigInt(Math.trunc(Number(x) * (Number(perUnit) / scale)));
}

/** The number, fraction and unit text at the start of `s`. */
function splitElement(s: string): { readonly whole: string; readonly frac: string; readonly unit: string; readonly length: number } {
  const match = ELEMENT.exec(s);
  return { whole: match?.[1] ?? '', frac: match?.[2] ?? '', unit: match?.[3] ?? '', length: match?.[0].length ?? 0 };
}

function parseElement(s: string, orig: string): ElementResult {
  const { whole, frac, unit, length } = splitElement(s);
  if (whole === '' && frac === '') return invalid(orig);
  if (unit === '') return { ok: false, message: `time: missing unit in duration ${quote(orig)}` };
  const perUnit = Object.hasOwn(NS_PER_UNIT, unit) ? NS_PER_UNIT[unit] : undefined;
  if (perUnit === undefined) return { ok: false, message: `time: unknown unit ${quote(unit)} in duration ${quote(orig)}` };
  const ns = BigInt(whole === '' ? '0' : whole) * perUnit + fractionNs(frac, perUnit);
  return ns > 1n << 63n ? invalid(orig) : { ok: true, ns, rest: s.slice(length) };
}

/** Sums the elements of an unsigned duration text, in ns. */
function sumElements(text: string, orig: string): ElementResult {
  let rest = text;
  let total = 0n;
  while (rest !== '') {
    const element = parseElement(rest, orig);
    if (!element.ok) return element;
    total += element.ns;
    if (total > 1n << 63n) return invalid(orig);
    rest = element.rest;
  }
  return { ok: true, ns: total, rest };
}

/** Reads Go's duration syntax ("300ms", "1.5h", "2h45m", "-1s", "0"), with Go's error texts. */
export function readGoDuration(text: string): DurationResult {
  const negative = text.startsWith('-');
  const unsigned = negative || text.startsWith('+') ? text.slice(1) : text;
  if (unsigned === '0') return { ok: true, ms: 0 };
  if (unsigned === '') return invalid(text);
  const sum = sumElements(unsigned, text);
  if (!sum.ok) return sum;
  if (!negative && sum.ns > MAX_NS) return invalid(text);
  const ms = Number(sum.ns) / 1e6;
  return { ok: true, ms: negative && ms !== 0 ? -ms : ms };
}

/** Parses Go `time.ParseDuration` syntax into milliseconds; `undefined` when Go would refuse it. */
export function parseGoDuration(text: string): number | undefined {
  const result = readGoDuration(text);
  return result.ok ? result.ms : undefined;
}

/** `v` as a decimal with `digits` fractional digits, trailing zeros (and a bare point) dropped. */
function fraction(v: bigint, digits: number): string {
  const scale = 10n ** BigInt(digits);
  const tail = (v % scale).toString().padStart(digits, '0').replace(/0+$/, '');
  return tail === '' ? `${v / scale}` : `${v / scale}.${tail}`;
}

function formatSmall(ns: bigint): string {
  if (ns === 0n) return '0s';
  if (ns < 1_000n) return `${ns}ns`;
  if (ns < 1_000_000n) return `${fraction(ns, 3)}µs`;
  return `${fraction(ns, 6)}ms`;
}

function formatLarge(ns: bigint): string {
  const seconds = ns / 1_000_000_000n;
  const secondsPart = `${fraction((seconds % 60n) * 1_000_000_000n + (ns % 1_000_000_000n), 9)}s`;
  if (seconds < 60n) return secondsPart;
  const minutesPart = `${(seconds / 60n) % 60n}m${secondsPart}`;
  return seconds < 3600n ? minutesPart : `${seconds / 3600n}h${minutesPart}`;
}

/** Go's `%v` of a `time.Duration` given in milliseconds: "6s", "1h0m0s", "1m30s", "500ms", "0s". */
export function formatGoDuration(ms: number): string {
  const signed = BigInt(Math.round(ms * 1e6));
  const ns = signed < 0n ? -signed : signed;
  const text = ns < 1_000_000_000n ? formatSmall(ns) : formatLarge(ns);
  return signed < 0n ? `-${text}` : text;
}
