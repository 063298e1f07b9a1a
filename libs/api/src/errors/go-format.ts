/**
 * Go `fmt` renderings that Knative's messages depend on: `%v` of plain values and `%q` of strings.
 * Only the shapes validation messages use are covered (strings, numbers, booleans, nil, slices, maps).
 */

/** Go's escapes for the control characters that have a short form in `%q`. */
const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\u0007': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\',
};

/** One character as Go's `strconv.Quote` writes it. */
function quoteChar(ch: string): string {
  const short = SHORT_ESCAPES[ch];
  if (short !== undefined) return short;
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
  return ch;
}

/** A string as Go's `%q` renders it: double-quoted with Go escapes (e.g. `"a\"b"`). */
export function goQuote(value: string): string {
  return `"${Array.from(value, quoteChar).join('')}"`;
}

/** A non-integral float as Go's `%v` renders it (`strconv.FormatFloat(f, 'g', -1, 64)`): `0.5`, `1e-05`, `1.5e+06`. */
function goFloat(value: number): string {
  const [mantissa = '', exponent = '0'] = value.toExponential().split('e');
  const exp = Number(exponent);
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(value);
}

/** A number as Go's `%v` renders it; integral values print as integers (Knative's int64 fields). */
function goNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return Number.isInteger(value) ? String(value) : goFloat(value);
}

/** A map as Go's `%v` renders it: `map[a:1 b:2]`, keys sorted. */
function goMap(value: object): string {
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `map[${entries.map(([k, v]) => `${k}:${goValue(v)}`).join(' ')}]`;
}

/** An object as Go's `%v` renders it: nil, a slice or a map. */
function goObject(value: object | null): string {
  if (value === null) return '<nil>';
  return Array.isArray(value) ? `[${value.map(goValue).join(' ')}]` : goMap(value);
}

/**
 * A value as Go's `%v` renders it: strings verbatim, integers in decimal, booleans as `true`/`false`,
 * null/undefined as `<nil>`, arrays as `[a b]`, objects as `map[k:v]`.
 */
export function goValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return goNumber(value);
    case 'bigint':
    case 'boolean':
      return String(value);
    case 'object':
      return goObject(value);
    case 'undefined':
      return '<nil>';
    case 'symbol':
      return value.toString();
    default:
      return 'func';
  }
}
