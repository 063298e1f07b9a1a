// Spec support for the Service and Configuration reconciler tables: a ReconcileContext at a fixed
// time whose Event sink records `type reason message` lines.
import type { EventSink, KubeObjectLike, ReconcileContext } from '@ebb/kube';
import { pino } from 'pino';

/** An EventSink that keeps each Event as `Normal Created Created Revision "x"`. */
export class RecordingEvents implements EventSink {
  readonly lines: string[] = [];

  record(_object: KubeObjectLike, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.lines.push(`${type} ${reason} ${message}`);
  }
}

/** A context at `now` with a silent logger and a recording Event sink. */
export function reconcileContext(now: Date): { ctx: ReconcileContext; events: RecordingEvents } {
  const events = new RecordingEvents();
  return { ctx: { now, logger: pino({ level: 'silent' }), events }, events };
}
