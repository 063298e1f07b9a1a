// Label selectors (staging/src/k8s.io/apimachinery/pkg/labels/selector.go: lexer, parser,
// Requirement, String) and metav1.LabelSelector (LabelSelectorAsSelector), and field selectors
// (staging/src/k8s.io/apimachinery/pkg/fields/selector.go), with Kubernetes' error texts. A
// SelectorError is meant to become a 400 BadRequest carrying its message.
import { formatBadValue } from './field-cause.js';
import { goStringSlice } from './meta-validation.js';
import { validateLabelValue, validateQualifiedName } from './names.js';
import { aggregateMessages } from './status.js';
import { compareStrings } from './values.js';

/** A bad selector; its message is Kubernetes' text. */
export class SelectorError extends Error {
  override readonly name = 'SelectorError';
}

/** A label requirement's operator: `exists` for `a`, `!` for `!a`, `gt`/`lt` for `a>1`/`a<1`. */
export type LabelOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

/** One requirement: `key`, operator and values (`exists`/`!` have none; `=`, `==`, `!=`, `gt`, `lt` have one). */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  readonly values: readonly string[];
}

/** A parsed label selector: requirements sorted by key, all of which must hold. `nothing` matches no object (a nil metav1.LabelSelector). */
export interface LabelSelector {
  readonly requirements: readonly LabelRequirement[];
  readonly nothing: boolean;
}

/** metav1.LabelSelectorRequirement. */
export interface LabelSelectorRequirementSpec {
  key: string;
  operator: string;
  values?: string[];
}

/** metav1.LabelSelector. */
export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirementSpec[];
}

// ---- Lexer -------------------------------------------------------------------------------

type Token = 'ident' | 'eos' | 'error' | '!' | '=' | '==' | '!=' | '(' | ')' | ',' | '>' | '<' | 'in' | 'notin';

interface Lexeme {
  readonly tok: Token;
  readonly lit: string;
}

const SYMBOLS: ReadonlySet<string> = new Set(['!', '=', '==', '!=', '(', ')', ',', '>', '<']);
const KEYWORDS: ReadonlySet<string> = new Set(['in', 'notin']);

/** Go's isSpecialSymbol. */
function isSpecial(ch: string): boolean {
  return '=!(),><'.includes(ch);
}

/** Go's isWhitespace. */
function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

/** The longest run of special characters that is still an operator (Go's scanSpecialSymbol). */
function scanSymbol(text: string, start: number): { lexeme: Lexeme; end: number } {
  let last: Lexeme | undefined;
  let end = start;
  let i = start;
  while (i < text.length && isSpecial(text.charAt(i))) {
    const buffer = text.slice(start, i + 1);
    if (SYMBOLS.has(buffer)) {
      last = { tok: buffer as Token, lit: buffer };
      end = i + 1;
    } else if (last !== undefined) break;
    i++;
  }
  if (last === undefined) return { lexeme: { tok: 'error', lit: `error expected: keyword found '${text.slice(start, i)}'` }, end: i };
  return { lexeme: last, end };
}

/** An identifier, or the keywords `in`/`notin` (Go's scanIDOrKeyword). */
function scanWord(text: string, start: number): { lexeme: Lexeme; end: number } {
  let i = start;
  while (i < text.length && !isSpecial(text.charAt(i)) && !isWhitespace(text.charAt(i))) i++;
  const word = text.slice(start, i);
  return { lexeme: { tok: KEYWORDS.has(word) ? (word as Token) : 'ident', lit: word }, end: i };
}

/** All lexemes of a selector, ending with `eos`. */
function lex(text: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  for (;;) {
    while (i < text.length && isWhitespace(text.charAt(i))) i++;
    if (i >= text.length) break;
    const { lexeme, end } = isSpecial(text.charAt(i)) ? scanSymbol(text, i) : scanWord(text, i);
    out.push(lexeme);
    i = end;
  }
  out.push({ tok: 'eos', lit: '' });
  return out;
}

// ---- Requirements ------------------------------------------------------------------------

const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

/** Go's strconv.ParseInt(s, 10, 64), or undefined. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n >= -(1n << 63n) && n < 1n << 63n ? n : undefined;
}

/** A field error line: `<path>: Invalid value: <value>: <detail>`; `shown` is the value as Go prints it. */
function invalidLine(path: string, shown: string, detail: string): string {
  return `${path}: Invalid value: ${shown}: ${detail}`;
}

/** Go's `%#v` of a `[]string` as LabelSelectorAsSelector passes it (`[]string(nil)` when empty). */
function goValues(values: readonly string[]): string {
  return values.length === 0 ? '[]string(nil)' : goStringSlice(values);
}

/** A values rule of NewRequirement: the operators it covers, when the values break it, and the text. */
interface ValuesRule {
  readonly operators: readonly LabelOperator[];
  readonly broken: (n: number) => boolean;
  readonly detail: string;
}

const VALUES_RULES: readonly ValuesRule[] = [
  { operators: ['in', 'notin'], broken: (n) => n === 0, detail: "for 'in', 'notin' operators, values set can't be empty" },
  { operators: ['=', '==', '!='], broken: (n) => n !== 1, detail: 'exact-match compatibility requires one single value' },
  { operators: ['exists', '!'], broken: (n) => n !== 0, detail: 'values set must be empty for exists and does not exist' },
  { operators: ['gt', 'lt'], broken: (n) => n !== 1, detail: "for 'Gt', 'Lt' operators, exactly one value is required" },
];

/** The operator's own rule about its values (NewRequirement). */
function operatorErrors(op: LabelOperator, values: readonly string[]): string[] {
  const rule = VALUES_RULES.find((r) => r.operators.includes(op));
  const errs = rule !== undefined && rule.broken(values.length) ? [invalidLine('values', goValues(values), rule.detail)] : [];
  if (op !== 'gt' && op !== 'lt') return errs;
  values.forEach((v, i) => {
    if (parseInt64(v) === undefined) errs.push(invalidLine(`values[${i}]`, formatBadValue(v), "for 'Gt', 'Lt' operators, the value must be an integer"));
  });
  return errs;
}

/** NewRequirement: validates key, operator and values; throws the aggregated error. */
function newRequirement(key: string, operator: LabelOperator, values: readonly string[]): LabelRequirement {
  const errs: string[] = [];
  const keyErrs = validateQualifiedName(key);
  if (keyErrs.length > 0) errs.push(invalidLine('key', formatBadValue(key), keyErrs.join('; ')));
  errs.push(...operatorErrors(operator, values));
  values.forEach((v, i) => {
    const valueErrs = validateLabelValue(v);
    if (valueErrs.length > 0) errs.push(invalidLine(`values[${i}][${key}]`, formatBadValue(v), valueErrs.join('; ')));
  });
  if (errs.length > 0) throw new SelectorError(aggregateMessages(errs));
  return { key, operator, values: [...values] };
}

/** Requirements sorted by key (stable), as Selector.Add and Parse leave them. */
function sortByKey(requirements: LabelRequirement[]): LabelRequirement[] {
  return requirements.map((r, i) => ({ r, i })).sort((a, b) => compareStrings(a.r.key, b.r.key) || a.i - b.i).map(({ r }) => r);
}

/** Byte-wise string order (Go's `<` on strings, for the ASCII keys selectors carry). */

// ---- Parser ------------------------------------------------------------------------------

/** Go's labels.Parser over the lexemes. */
class Parser {
  private pos = 0;

  constructor(private readonly lexemes: readonly Lexeme[]) {}

  /** The next lexeme; in the values context `in`/`notin` are identifiers. */
  lookahead(values: boolean): Lexeme {
    const lexeme = this.lexemes[Math.min(this.pos, this.lexemes.length - 1)] ?? { tok: 'eos', lit: '' };
    return values && (lexeme.tok === 'in' || lexeme.tok === 'notin') ? { tok: 'ident', lit: lexeme.lit } : lexeme;
  }

  /** Takes the next lexeme. */
  consume(values: boolean): Lexeme {
    const lexeme = this.lookahead(values);
    this.pos++;
    return lexeme;
  }

  /** The whole selector: requirements joined by commas. */
  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead(true);
      if (tok === 'eos') return requirements;
      if (tok !== 'ident' && tok !== '!') throw new SelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      requirements.push(this.requirementOrThrow());
      const next = this.consume(true);
      if (next.tok === 'eos') return requirements;
      if (next.tok !== ',') throw new SelectorError(`found '${next.lit}', expected: ',' or 'end of string'`);
      const after = this.lookahead(true);
      if (after.tok !== 'ident' && after.tok !== '!') throw new SelectorError(`found '${after.lit}', expected: identifier after ','`);
    }
  }

  /** One requirement, its errors prefixed `unable to parse requirement: `. */
  private requirementOrThrow(): LabelRequirement {
    try {
      return this.requirement();
    } catch (e) {
      if (e instanceof SelectorError) throw new SelectorError(`unable to parse requirement: ${e.message}`);
      throw e;
    }
  }

  /** `key`, `!key`, or `key <op> <values>`. */
  private requirement(): LabelRequirement {
    const { key, unary } = this.keyAndUnaryOperator();
    if (unary !== undefined) return newRequirement(key, unary, []);
    const operator = this.operator();
    const values = operator === 'in' || operator === 'notin' ? this.valueSet() : this.exactValue();
    return newRequirement(key, operator, values);
  }

  /** The key, and `exists`/`!` when no binary operator follows. */
  private keyAndUnaryOperator(): { key: string; unary: LabelOperator | undefined } {
    let lexeme = this.consume(true);
    const negated = lexeme.tok === '!';
    if (negated) lexeme = this.consume(true);
    if (lexeme.tok !== 'ident') throw new SelectorError(`found '${lexeme.lit}', expected: identifier`);
    const keyErrs = validateQualifiedName(lexeme.lit);
    if (keyErrs.length > 0) throw new SelectorError(invalidLine('<nil>', formatBadValue(lexeme.lit), keyErrs.join('; ')));
    if (negated) return { key: lexeme.lit, unary: '!' };
    const next = this.lookahead(true).tok;
    return { key: lexeme.lit, unary: next === 'eos' || next === ',' ? 'exists' : undefined };
  }

  /** A binary operator. */
  private operator(): LabelOperator {
    const { tok, lit } = this.consume(false);
    const map: Partial<Record<Token, LabelOperator>> = { in: 'in', notin: 'notin', '=': '=', '==': '==', '!=': '!=', '>': 'gt', '<': 'lt' };
    const op = map[tok];
    if (op === undefined) throw new SelectorError(`found '${lit}', expected: ${BINARY_OPERATORS}`);
    return op;
  }

  /** `(a,b)`, sorted and deduplicated; `()` is the set `{""}`. */
  private valueSet(): string[] {
    const open = this.consume(true);
    if (open.tok !== '(') throw new SelectorError(`found '${open.lit}' expected: '('`);
    const first = this.lookahead(true);
    if (first.tok === ')') {
      this.consume(true);
      return [''];
    }
    if (first.tok !== 'ident' && first.tok !== ',') throw new SelectorError(`found '${first.lit}', expected: ',', ')' or identifier`);
    const values = this.identifiers();
    if (this.consume(true).tok !== ')') throw new SelectorError(`found '${first.lit}', expected: ')'`);
    return [...new Set(values)].sort(compareStrings);
  }

  /** Go's parseIdentifiersList, stopping before `)`. */
  private identifiers(): string[] {
    const values: string[] = [];
    for (;;) {
      const { tok, lit } = this.consume(true);
      if (tok === 'ident') {
        values.push(lit);
        const next = this.lookahead(true);
        if (next.tok === ')') return values;
        if (next.tok !== ',') throw new SelectorError(`found '${next.lit}', expected: ',' or ')'`);
      } else if (tok === ',') {
        if (this.emptyAfterComma(values)) return values;
      } else throw new SelectorError(`found '${lit}', expected: ',', or identifier`);
    }
  }

  /** After a comma: empty values for `(,`, `,)` and `,,`; true when `)` follows. */
  private emptyAfterComma(values: string[]): boolean {
    if (values.length === 0) values.push('');
    const next = this.lookahead(true).tok;
    if (next === ')') {
      values.push('');
      return true;
    }
    if (next === ',') {
      this.consume(true);
      values.push('');
    }
    return false;
  }

  /** The single value after `=`, `==`, `!=`, `>`, `<` (empty before `,` or the end). */
  private exactValue(): string[] {
    const next = this.lookahead(true).tok;
    if (next === 'eos' || next === ',') return [''];
    const { tok, lit } = this.consume(true);
    if (tok !== 'ident') throw new SelectorError(`found '${lit}', expected: identifier`);
    return [lit];
  }
}

/** labels.Parse: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`, `a<1`, comma-joined; `''` selects everything. */
export function parseLabelSelector(text: string): LabelSelector {
  const requirements = new Parser(lex(text)).parse();
  return { requirements: sortByKey(requirements), nothing: false };
}

/** Whether one requirement holds for `labels`. */
function requirementMatches(r: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = labels[r.key] ?? '';
  switch (r.operator) {
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt':
      return has && compareInt(r.operator, value, r.values[0] ?? '');
    default:
      return setMatches(r, has, value);
  }
}

/** `=`, `==`, `in` need the label with one of the values; `!=`, `notin` need it absent or another value. */
function setMatches(r: LabelRequirement, has: boolean, value: string): boolean {
  const positive = r.operator === '=' || r.operator === '==' || r.operator === 'in';
  return positive ? has && r.values.includes(value) : !has || !r.values.includes(value);
}

/** `gt`/`lt` on int64 values; a non-integer label never matches. */
function compareInt(op: 'gt' | 'lt', labelValue: string, bound: string): boolean {
  const left = parseInt64(labelValue);
  const right = parseInt64(bound);
  if (left === undefined || right === undefined) return false;
  return op === 'gt' ? left > right : left < right;
}

/** Whether `labels` satisfies every requirement (none: everything; `nothing`: no object). */
export function matchesLabels(sel: LabelSelector, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (sel.nothing) return false;
  const set = labels ?? {};
  return sel.requirements.every((r) => requirementMatches(r, set));
}

const SPEC_OPERATORS: Readonly<Record<string, LabelOperator>> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/** One matchExpressions entry as a requirement. */
function expressionRequirement(expr: LabelSelectorRequirementSpec): LabelRequirement {
  const op = SPEC_OPERATORS[expr.operator];
  if (op === undefined) throw new SelectorError(`${JSON.stringify(expr.operator)} is not a valid label selector operator`);
  return newRequirement(expr.key, op, expr.values ?? []);
}

/** LabelSelectorAsSelector: `undefined`/`null` selects nothing, `{}` everything; throws SelectorError with Kubernetes' text. */
export function labelSelectorFromSpec(spec: LabelSelectorSpec | null | undefined): LabelSelector {
  if (spec === null || spec === undefined) return { requirements: [], nothing: true };
  const labels = Object.entries(spec.matchLabels ?? {}).sort(([a], [b]) => compareStrings(a, b));
  const requirements = labels.map(([key, value]) => newRequirement(key, '=', [value]));
  requirements.push(...(spec.matchExpressions ?? []).map(expressionRequirement));
  return { requirements: sortByKey(requirements), nothing: false };
}

/** Requirement.String(): `!a`, `a`, `a=b`, `a in (x,y)` (values sorted). */
function requirementToString(r: LabelRequirement): string {
  if (r.operator === 'exists') return r.key;
  if (r.operator === '!') return `!${r.key}`;
  const values = r.values.length === 1 ? (r.values[0] ?? '') : [...r.values].sort(compareStrings).join(',');
  if (r.operator === 'in' || r.operator === 'notin') return `${r.key} ${r.operator} (${values})`;
  const symbol = r.operator === 'gt' ? '>' : r.operator === 'lt' ? '<' : r.operator;
  return `${r.key}${symbol}${values}`;
}

/** Selector.String(): requirements joined by `,` (`''` for everything and for nothing). */
export function labelSelectorToString(sel: LabelSelector): string {
  return sel.requirements.map(requirementToString).join(',');
}

/** A metav1.LabelSelector in string form, as Scale's `status.selector` shows it: `app=web,tier in (a,b)`. */
export function formatLabelSelector(spec: LabelSelectorSpec | null | undefined): string {
  return labelSelectorToString(labelSelectorFromSpec(spec));
}

// ---- Field selectors ---------------------------------------------------------------------

/** One field selector term. */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: '=' | '==' | '!=';
  readonly value: string;
}

/** A parsed field selector: terms (sorted as Kubernetes sorts them), all of which must hold. */
export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
}

/** Splits on commas not escaped by a backslash (escapes are kept). */
function splitTerms(text: string): string[] {
  if (text === '') return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

/** The first operator in a term (`!=`, then `==`, then `=` at each position). */
function splitTerm(term: string): FieldRequirement | undefined {
  for (let i = 0; i < term.length; i++) {
    const rest = term.slice(i);
    const operator = (['!=', '==', '='] as const).find((op) => rest.startsWith(op));
    if (operator !== undefined) return { field: term.slice(0, i), operator, value: term.slice(i + operator.length) };
  }
  return undefined;
}

/** The character after a backslash: `\\`, `,` and `=` only. */
function escaped(c: string): string {
  if (c !== '\\' && c !== ',' && c !== '=') throw new SelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
  return c;
}

/** fields.UnescapeValue: `\\`, `\,`, `\=` are the only escapes; a bare `,` or `=` is refused (Go prints it as its code point). */
export function unescapeFieldValue(s: string): string {
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      out += escaped(c);
      inSlash = false;
    } else if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') throw new SelectorError(`invalid field selector: unescaped character in value: ${c.codePointAt(0) ?? 0}`);
    else out += c;
  }
  if (inSlash) throw new SelectorError('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** fields.EscapeValue: the inverse of {@link unescapeFieldValue}. */
export function escapeFieldValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** fields.ParseSelector: `f=v`, `f==v`, `f!=v`, comma-joined, values with `\,` `\=` `\\` escapes. */
export function parseFieldSelector(text: string): FieldSelector {
  const parts = splitTerms(text).sort(compareStrings);
  const requirements: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const term = splitTerm(part);
    if (term === undefined) throw new SelectorError(`invalid selector: '${text}'; can't understand '${part}'`);
    requirements.push({ ...term, value: unescapeFieldValue(term.value) });
  }
  return { requirements };
}

/** Whether `fields` satisfies every term (a missing field reads as `''`). */
export function matchesFields(sel: FieldSelector, fields: Readonly<Record<string, string>>): boolean {
  return sel.requirements.every((r) => {
    const value = Object.hasOwn(fields, r.field) ? (fields[r.field] ?? '') : '';
    return r.operator === '!=' ? value !== r.value : value === r.value;
  });
}

/** The selector's field names that `allowed` does not list, each once, in selector order. */
export function unsupportedFieldSelectorKeys(sel: FieldSelector, allowed: readonly string[]): string[] {
  const known = new Set(allowed);
  return [...new Set(sel.requirements.map((r) => r.field))].filter((f) => !known.has(f));
}

/** Selector.String() of a field selector: `f=v` / `f!=v` terms (`==` prints as `=`) with escaped values, joined by `,`. */
export function fieldSelectorToString(sel: FieldSelector): string {
  return sel.requirements.map((r) => `${r.field}${r.operator === '!=' ? '!=' : '='}${escapeFieldValue(r.value)}`).join(',');
}
