// The JSONPath subset that CRD `additionalPrinterColumns[].jsonPath` uses (client-go's
// util/jsonpath, which the API server's custom-resource table convertor runs): fields `.a.b`
// (escaped dots `.a\.b`, bracketed `['a.b']`), indexes `[0]` / `[-1]`, wildcards `[*]` / `.*`,
// and filters `[?(@.type=="Ready")]`. Missing keys yield no match, as with AllowMissingKeys.
import type { JsonValue } from '../object.js';
import { isPlainObject } from '../object.js';

/** One step of a parsed path. */
export type JsonPathStep =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'filter'; path: string[]; op: FilterOp; value?: JsonValue };

/** A filter's comparison; `exists` for `[?(@.a)]`. */
export type FilterOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'exists';

/** Parses a path such as `.status.conditions[?(@.type=="Ready")].status` (optionally wrapped in `{}` or led by `$`); throws on syntax outside the subset. */
export function parseJsonPath(expression: string): JsonPathStep[] {
  let text = expression.trim();
  if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1).trim();
  if (text.startsWith('$')) text = text.slice(1);
  const steps: JsonPathStep[] = [];
  let at = 0;
  while (at < text.length) {
    const next = text[at] === '[' ? readBracket(text, at) : readDotted(text, at);
    steps.push(next.step);
    at = next.end;
  }
  return steps;
}

interface Read {
  step: JsonPathStep;
  end: number;
}

function readDotted(text: string, at: number): Read {
  if (text[at] !== '.') throw new Error(`unrecognized character in jsonpath ${JSON.stringify(text)} at ${at}`);
  if (text[at + 1] === '.') throw new Error('recursive descent (..) is not supported');
  let name = '';
  let i = at + 1;
  while (i < text.length && text[i] !== '.' && text[i] !== '[') {
    if (text[i] === '\\' && i + 1 < text.length) i += 1;
    name += text[i];
    i += 1;
  }
  if (name === '') throw new Error(`empty field name in jsonpath ${JSON.stringify(text)}`);
  return { step: name === '*' ? { kind: 'wildcard' } : { kind: 'field', name }, end: i };
}

function readBracket(text: string, at: number): Read {
  const end = closingBracket(text, at);
  const inner = text.slice(at + 1, end).trim();
  return { step: bracketStep(inner), end: end + 1 };
}

/** The index of the `]` closing the bracket at `at`, skipping quoted text and nested parentheses. */
function closingBracket(text: string, at: number): number {
  let quote = '';
  for (let i = at + 1; i < text.length; i += 1) {
    const c = text[i] ?? '';
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === ']') {
      return i;
    }
  }
  throw new Error(`unclosed [ in jsonpath ${JSON.stringify(text)}`);
}

function bracketStep(inner: string): JsonPathStep {
  if (inner === '*') return { kind: 'wildcard' };
  if (/^-?\d+$/.test(inner)) return { kind: 'index', index: Number(inner) };
  const quoted = /^(['"])(.*)\1$/.exec(inner);
  // A backslash escapes the next character, in quotes too: Knative's columns read
  // `.metadata.labels['serving\.knative\.dev/configuration']`.
  if (quoted) return { kind: 'field', name: (quoted[2] ?? '').replace(/\\(.)/g, '$1') };
  if (inner.startsWith('?(') && inner.endsWith(')')) return parseFilter(inner.slice(2, -1).trim());
  throw new Error(`unsupported jsonpath bracket [${inner}]`);
}

function parseFilter(body: string): JsonPathStep {
  const match = /^@((?:\.[^.=!<>\s]+)+)\s*(?:(==|!=|<=|>=|<|>)\s*(.+))?$/.exec(body);
  if (!match) throw new Error(`unsupported jsonpath filter ${JSON.stringify(body)}`);
  const path = (match[1] ?? '').split('.').slice(1);
  const op = match[2] as FilterOp | undefined;
  if (op === undefined) return { kind: 'filter', path, op: 'exists' };
  return { kind: 'filter', path, op, value: parseLiteral((match[3] ?? '').trim()) };
}

function parseLiteral(text: string): JsonValue {
  const quoted = /^(['"])(.*)\1$/.exec(text);
  if (quoted) return quoted[2] ?? '';
  if (text === 'true' || text === 'false') return text === 'true';
  if (text === 'null') return null;
  const n = Number(text);
  if (text !== '' && !Number.isNaN(n)) return n;
  throw new Error(`unsupported jsonpath literal ${text}`);
}

/** Every value the path selects, in document order (none when a key is missing). */
export function evaluateJsonPath(root: JsonValue, expression: string): JsonValue[] {
  return parseJsonPath(expression).reduce<JsonValue[]>((values, step) => values.flatMap((v) => applyStep(v, step)), [root]);
}

function applyStep(value: JsonValue, step: JsonPathStep): JsonValue[] {
  switch (step.kind) {
    case 'field':
      return isPlainObject(value) && step.name in value ? [value[step.name] as JsonValue] : [];
    case 'index':
      return Array.isArray(value) ? atIndex(value, step.index) : [];
    case 'wildcard':
      return children(value);
    case 'filter':
      return Array.isArray(value) ? value.filter((item) => filterMatches(item, step)) : [];
  }
}

function children(value: JsonValue): JsonValue[] {
  if (Array.isArray(value)) return value;
  return isPlainObject(value) ? Object.values(value as Record<string, JsonValue>) : [];
}

function atIndex(list: JsonValue[], index: number): JsonValue[] {
  const i = index < 0 ? list.length + index : index;
  return i >= 0 && i < list.length ? [list[i] as JsonValue] : [];
}

function filterMatches(item: JsonValue, step: Extract<JsonPathStep, { kind: 'filter' }>): boolean {
  const found = step.path.reduce<JsonValue[]>((values, name) => values.flatMap((v) => applyStep(v, { kind: 'field', name })), [item]);
  if (step.op === 'exists') return found.length > 0;
  if (found.length === 0) return false;
  return compare(found[0] as JsonValue, step.op, step.value ?? null);
}

function compare(left: JsonValue, op: Exclude<FilterOp, 'exists'>, right: JsonValue): boolean {
  if (op === '==') return left === right;
  if (op === '!=') return left !== right;
  if (typeof left !== 'number' || typeof right !== 'number') return false;
  const ordered: Record<typeof op, boolean> = { '<': left < right, '<=': left <= right, '>': left > right, '>=': left >= right };
  return ordered[op];
}

/** The first value the path selects, or `undefined` (also for a path outside the subset). */
export function firstJsonPathMatch(root: JsonValue, expression: string): JsonValue | undefined {
  try {
    return evaluateJsonPath(root, expression)[0];
  } catch {
    return undefined;
  }
}

/** How kubectl's JSONPath printer writes a value: strings raw, maps and lists as JSON with sorted keys, null as Go's template prints a missing value (`<no value>`). */
export function formatJsonPathValue(value: JsonValue): string {
  if (typeof value === 'string') return value;
  if (value === null) return '<no value>';
  if (typeof value === 'object') return sortedJson(value);
  return String(value);
}

/** JSON with object keys sorted, as Go's encoding/json writes a map. */
function sortedJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map((v) => sortedJson(v)).join(',')}]`;
  if (isPlainObject(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${sortedJson(value[k] as JsonValue)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The first match formatted as kubectl prints it, or `undefined` when nothing matches. */
export function jsonPathText(root: JsonValue, expression: string): string | undefined {
  const value = firstJsonPathMatch(root, expression);
  return value === undefined ? undefined : formatJsonPathValue(value);
}
