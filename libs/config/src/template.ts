/**
 * A small evaluator for the Go text/template subset Knative's ConfigMaps use in practice:
 * `{{.Field}}`, `{{.Map.key}}` and `{{index .Map "key"}}`, with `{{-`/`-}}` trimming and comments.
 * It exists to check templates the way Knative does (a trial run against sample values) without
 * Go; an action outside the subset is refused with a message that says so.
 */

/** Values a template may reference: strings and string maps. */
export type TemplateValues = Readonly<Record<string, string | Readonly<Record<string, string>>>>;

/** A rendered template, or the reason it could not be rendered. */
export type TemplateResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

/** What to run: the template's name (for messages), its text, the values and their Go type name. */
export interface TemplateRun {
  readonly name: string;
  readonly text: string;
  readonly values: TemplateValues;
  readonly typeName: string;
}

interface Action {
  readonly body: string;
  readonly start: number;
  readonly end: number;
  readonly trimLeft: boolean;
  readonly trimRight: boolean;
}

const lineOf = (text: string, at: number): number => text.slice(0, at).split('\n').length;

/** The actions of `text`, or the index of an unclosed `{{`. */
function scan(text: string): readonly Action[] | number {
  const actions: Action[] = [];
  let from = 0;
  for (let start = text.indexOf('{{', from); start >= 0; start = text.indexOf('{{', from)) {
    const close = text.indexOf('}}', start + 2);
    if (close < 0) return start;
    let body = text.slice(start + 2, close);
    const trimLeft = /^-\s/.test(body);
    const trimRight = /\s-$/.test(body);
    body = body.slice(trimLeft ? 1 : 0, trimRight ? -1 : undefined).trim();
    actions.push({ body, start, end: close + 2, trimLeft, trimRight });
    from = close + 2;
  }
  return actions;
}

/** Checks that every `{{` is closed (Go's parse step), without evaluating anything. */
export function checkTemplateSyntax(name: string, text: string): string | undefined {
  const scanned = scan(text);
  return typeof scanned === 'number' ? `template: ${name}:${lineOf(text, scanned)}: unclosed action` : undefined;
}

function showMap(map: Readonly<Record<string, string>>): string {
  return `map[${Object.keys(map).sort().map((k) => `${k}:${map[k]}`).join(' ')}]`;
}

function field(run: TemplateRun, name: string, at: number): TemplateResult {
  const value = Object.hasOwn(run.values, name) ? run.values[name] : undefined;
  if (value === undefined) {
    return {
      ok: false,
      message: `template: ${run.name}:${lineOf(run.text, at)}: executing ${JSON.stringify(run.name)} at <.${name}>: can't evaluate field ${name} in type ${run.typeName}`,
    };
  }
  return { ok: true, text: typeof value === 'string' ? value : showMap(value) };
}

function mapEntry(run: TemplateRun, name: string, key: string, missing: string): TemplateResult {
  const map = Object.hasOwn(run.values, name) ? run.values[name] : undefined;
  if (map === undefined || typeof map === 'string') return field(run, `${name}.${key}`, 0);
  return { ok: true, text: Object.hasOwn(map, key) ? (map[key] ?? missing) : missing };
}

function evaluate(run: TemplateRun, action: Action): TemplateResult {
  const body = action.body;
  if (body.startsWith('/*') && body.endsWith('*/')) return { ok: true, text: '' };
  return evaluateField(run, action) ?? { ok: false, message: `template: ${run.name}: unsupported action "{{${body}}}" (only .Field, .Map.key and index .Map "key" are evaluated)` };
}

function evaluateField(run: TemplateRun, action: Action): TemplateResult | undefined {
  const body = action.body;
  const simple = /^\.([A-Za-z_]\w*)$/.exec(body);
  if (simple?.[1] !== undefined) return field(run, simple[1], action.start);
  const dotted = /^\.([A-Za-z_]\w*)\.([A-Za-z_][\w]*)$/.exec(body);
  if (dotted?.[1] !== undefined && dotted[2] !== undefined) return mapEntry(run, dotted[1], dotted[2], '<no value>');
  const index = /^index\s+\.([A-Za-z_]\w*)\s+"([^"]*)"$/.exec(body);
  if (index?.[1] !== undefined && index[2] !== undefined) return mapEntry(run, index[1], index[2], '');
  return undefined;
}

/** Renders `run.text` against `run.values`, like Go's `template.Execute` for the supported subset. */
export function executeTemplate(run: TemplateRun): TemplateResult {
  const scanned = scan(run.text);
  if (typeof scanned === 'number') return { ok: false, message: `template: ${run.name}:${lineOf(run.text, scanned)}: unclosed action` };
  let out = '';
  let from = 0;
  let trimNext = false;
  for (const action of scanned) {
    const literal = run.text.slice(from, action.start);
    out += action.trimLeft ? (trimNext ? literal.trim() : literal.trimEnd()) : trimNext ? literal.trimStart() : literal;
    const value = evaluate(run, action);
    if (!value.ok) return value;
    out += value.text;
    from = action.end;
    trimNext = action.trimRight;
  }
  const tail = run.text.slice(from);
  return { ok: true, text: out + (trimNext ? tail.trimStart() : tail) };
}
