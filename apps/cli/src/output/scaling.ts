// The Scaling part of `ebb revision describe`: what the PodAutoscaler wants and has (desired and
// actual scale, its Active/Ready/SKSReady conditions), whether the activator is in the path (the
// ServerlessService mode), and the autoscaler's last decisions, newest first. Pure: objects,
// decisions and `now` in, text (or the summary object `-o json|yaml` prints) out.
import { PodAutoscalerConditionType, type Condition, type PodAutoscaler, type ServerlessService } from '@ebb/api';
import type { ScaleDecisionRecord } from '../serving/decisions.js';
import { ageColumn } from './columns.js';
import { formatTable } from './table.js';

/** The autoscaler's decisions, or why they could not be read. */
export type DecisionsOutcome = { readonly available: true; readonly decisions: readonly ScaleDecisionRecord[] } | { readonly available: false; readonly why: string };

/** What the Scaling view is made from (objects absent when they do not exist). */
export interface ScalingInputs {
  readonly podAutoscaler?: PodAutoscaler;
  readonly serverlessService?: ServerlessService;
  readonly decisions: DecisionsOutcome;
}

/** One PodAutoscaler condition as the summary shows it. */
export interface ScalingCondition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
}

/** The Scaling view as data (`-o json|yaml`); null where the source object or value is missing. */
export interface ScalingSummary {
  readonly desiredScale: number | null;
  readonly actualScale: number | null;
  /** `Serve` or `Proxy` (ServerlessService spec.mode). */
  readonly mode: string | null;
  /** ServerlessService spec.numActivators (0: all activators). */
  readonly numActivators: number | null;
  /** Whether the latest decision was made in panic mode. */
  readonly panic: boolean | null;
  /** Active, Ready and SKSReady of the PodAutoscaler (those it has). */
  readonly conditions: readonly ScalingCondition[];
  /** The latest decisions, newest first (absent when unavailable). */
  readonly decisions?: readonly ScaleDecisionRecord[];
  /** Why the decisions could not be read. */
  readonly decisionsUnavailable?: string;
}

const SHOWN_CONDITIONS = [PodAutoscalerConditionType.Active, PodAutoscalerConditionType.Ready, PodAutoscalerConditionType.SKSReady] as const;

function conditionOf(condition: Condition): ScalingCondition {
  return {
    type: condition.type,
    status: condition.status,
    ...(condition.reason === undefined || condition.reason === '' ? {} : { reason: condition.reason }),
    ...(condition.message === undefined || condition.message === '' ? {} : { message: condition.message }),
  };
}

function shownConditions(pa: PodAutoscaler | undefined): ScalingCondition[] {
  const conditions = pa?.status?.conditions ?? [];
  return SHOWN_CONDITIONS.flatMap((type) => conditions.filter((c) => c.type === type).map(conditionOf));
}

function newestFirst(decisions: readonly ScaleDecisionRecord[], limit: number): ScaleDecisionRecord[] {
  return [...decisions].sort((a, b) => b.timestamp - a.timestamp).slice(0, limit);
}

function scaleFields(pa: PodAutoscaler | undefined, sks: ServerlessService | undefined): Pick<ScalingSummary, 'desiredScale' | 'actualScale' | 'mode' | 'numActivators'> {
  const status = pa?.status ?? {};
  const spec = sks?.spec;
  return { desiredScale: status.desiredScale ?? null, actualScale: status.actualScale ?? null, mode: spec?.mode ?? null, numActivators: spec?.numActivators ?? null };
}

function decisionFields(decisions: DecisionsOutcome, limit: number): Pick<ScalingSummary, 'panic' | 'decisions' | 'decisionsUnavailable'> {
  if (!decisions.available) return { panic: null, decisionsUnavailable: decisions.why };
  const latest = newestFirst(decisions.decisions, 1)[0];
  return { panic: latest === undefined ? null : latest.panic, decisions: newestFirst(decisions.decisions, limit) };
}

/** The Scaling view as data, with at most `limit` decisions (the latest decides `panic`). */
export function scalingSummary(inputs: ScalingInputs, limit: number): ScalingSummary {
  const { podAutoscaler: pa, serverlessService: sks, decisions } = inputs;
  const { panic, ...rest } = decisionFields(decisions, limit);
  return { ...scaleFields(pa, sks), panic, conditions: shownConditions(pa), ...rest };
}

function orDash(value: number | null): string {
  return value === null ? '-' : String(value);
}

function modeLine(summary: ScalingSummary): string {
  if (summary.mode === null) return '-';
  if (summary.numActivators === null) return summary.mode;
  return `${summary.mode} (activators: ${summary.numActivators === 0 ? 'all' : summary.numActivators})`;
}

function conditionLine(condition: ScalingCondition | undefined): string {
  if (condition === undefined) return '-';
  const why = [condition.reason, condition.message].filter((part) => part !== undefined).join(': ');
  return why === '' ? condition.status : `${condition.status} (${why})`;
}

/** A figure with at most two decimals (`12`, `12.5`, `0.33`). */
export function figure(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(2)));
}

function yesNo(value: boolean | null): string {
  return value === null ? '-' : value ? 'yes' : 'no';
}

function decisionRow(decision: ScaleDecisionRecord, now: Date): string[] {
  return [
    ageColumn(new Date(decision.timestamp).toISOString(), now),
    String(decision.desiredScale),
    decision.readyPods === undefined ? '-' : String(decision.readyPods),
    figure(decision.observedStableValue),
    figure(decision.observedPanicValue),
    yesNo(decision.panic),
    decision.reason,
  ];
}

function decisionsText(summary: ScalingSummary, now: Date, limit: number): string {
  if (summary.decisionsUnavailable !== undefined) return `\nDecisions: unavailable (${summary.decisionsUnavailable})\n`;
  if (limit === 0) return '';
  const decisions = summary.decisions ?? [];
  if (decisions.length === 0) return '\nDecisions: none yet\n';
  const table = formatTable(['AGE', 'DESIRED', 'READY', 'STABLE', 'PANIC-VALUE', 'PANIC', 'REASON'], decisions.map((d) => decisionRow(d, now)));
  const indented = table.split('\n').map((line) => (line === '' ? line : `  ${line}`.trimEnd()));
  return `\nDecisions (newest first):\n${indented.join('\n')}`;
}

function indentedSection(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([key]) => key.length)) + 3;
  return rows.map(([key, value]) => `  ${`${key}:`.padEnd(width)}${value}`.trimEnd() + '\n').join('');
}

/** The Scaling section of `revision describe`, then its decisions (at most `limit`, newest first). */
export function describeScaling(inputs: ScalingInputs, now: Date, limit: number): string {
  const summary = scalingSummary(inputs, limit);
  const byType = new Map(summary.conditions.map((c) => [c.type, c]));
  const rows: [string, string][] = [
    ['Desired', orDash(summary.desiredScale)],
    ['Actual', orDash(summary.actualScale)],
    ['Mode', modeLine(summary)],
    ['Panic', yesNo(summary.panic)],
    ...SHOWN_CONDITIONS.map((type): [string, string] => [type, conditionLine(byType.get(type))]),
  ];
  return `\nScaling:\n${indentedSection(rows)}${decisionsText(summary, now, limit)}`;
}
