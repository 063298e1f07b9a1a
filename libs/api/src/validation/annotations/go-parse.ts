/**
 * Go's `strconv` number parsers as Knative's annotation validators use them: the result tells a
 * syntax error from a range error (`strconv.ErrRange`), which Knative reports differently.
 */

/** A parsed integer, or why it is not one (`range`: well-formed but out of range). */
export type GoIntResult = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly range: boolean };

const INTEGER = /^[+-]?\d+$/;

/** Go `strconv.ParseInt(text, 10, bits)` (`strconv.Atoi` is `bits` 64). */
export function parseGoInt(text: string, bits: 32 | 64): GoIntResult {
  if (!INTEGER.test(text)) return { ok: false, range: false };
  const value = BigInt(text);
  const limit = 1n << BigInt(bits - 1);
  if (value >= limit || value < -limit) return { ok: false, range: true };
  return { ok: true, value: Number(value) };
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX = /^([+-]?)0[xX]((?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+))[pP]([+-]?\d+)$/;
const INFINITY = /^([+-]?)(?:inf|infinity)$/i;
const NAN = /^nan$/i;

/** The value of a Go hexadecimal float literal's parts (`0x1.8p3` → 12). */
function hexFloat(sign: string, mantissa: string, exponent: string): number {
  const [whole = '', frac = ''] = mantissa.split('.');
  const digits = `${whole}${frac}` === '' ? '0' : `${whole}${frac}`;
  const value = Number.parseInt(digits, 16) * 2 ** (Number(exponent) - 4 * frac.length);
  return sign === '-' ? -value : value;
}

/** The special values Go accepts: `inf`, `infinity` (signed, any case) and `nan` (any case, unsigned). */
function special(text: string): number | undefined {
  const inf = INFINITY.exec(text);
  if (inf !== null) return inf[1] === '-' ? -Infinity : Infinity;
  return NAN.test(text) ? Number.NaN : undefined;
}

/**
 * Go `strconv.ParseFloat(text, 64)`: `undefined` when Go returns an error (bad syntax, or a finite
 * literal too large for a float64). NaN and ±Inf literals parse, as in Go.
 */
export function parseGoFloat(text: string): number | undefined {
  const named = special(text);
  if (named !== undefined) return named;
  const hex = HEX.exec(text);
  const value = hex === null ? (DECIMAL.test(text) ? Number(text) : undefined) : hexFloat(hex[1] ?? '', hex[2] ?? '', hex[3] ?? '');
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}
