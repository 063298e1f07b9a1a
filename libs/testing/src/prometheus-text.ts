/** One sample of a Prometheus text exposition. */
export interface PrometheusSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Thrown by {@link parsePrometheusText} at the first line that breaks the format. */
export class PrometheusTextError extends Error {
  override readonly name = 'PrometheusTextError';
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: (-?\\d+))?$`);
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function parseLabels(text: string, line: number): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = text;
  while (rest.length > 0) {
    const match = LABEL.exec(rest);
    if (!match) throw new PrometheusTextError(`line ${line}: bad label set {${text}}`);
    labels[match[1] as string] = (match[2] as string).replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1');
    rest = rest.slice(match[0].length);
  }
  return labels;
}

function parseValue(text: string, line: number): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  // prom-client writes NaN as `Nan` (a gauge read before its first sample); Prometheus accepts any case.
  if (text.toLowerCase() === 'nan') return NaN;
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value)) throw new PrometheusTextError(`line ${line}: bad value "${text}"`);
  return value;
}

function checkComment(text: string, line: number): void {
  const [, keyword, name, ...rest] = text.split(' ');
  if (keyword !== 'HELP' && keyword !== 'TYPE') return;
  if (!name || !new RegExp(`^${NAME}$`).test(name)) throw new PrometheusTextError(`line ${line}: bad metric name in # ${keyword}`);
  if (keyword === 'TYPE' && !TYPES.has(rest.join(' '))) throw new PrometheusTextError(`line ${line}: unknown type "${rest.join(' ')}"`);
}

/**
 * Parses the Prometheus text exposition format (version 0.0.4) strictly enough to catch a
 * broken `/metrics`: names, label sets, values and `# HELP`/`# TYPE` lines are checked.
 */
export function parsePrometheusText(text: string): PrometheusSample[] {
  const samples: PrometheusSample[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    if (raw.startsWith('#')) {
      checkComment(raw, line);
      return;
    }
    const match = SAMPLE.exec(raw);
    if (!match) throw new PrometheusTextError(`line ${line}: not a sample: ${raw}`);
    samples.push({ name: match[1] as string, labels: parseLabels(match[2] ?? '', line), value: parseValue(match[3] as string, line) });
  });
  return samples;
}
