import { Inject, Injectable } from '@nestjs/common';
import { LOGGER } from '@ebb/observability';
import type { Logger } from 'pino';
import { Counter, Registry } from 'prom-client';

/** At most one warning per subject in this period; the counter counts every drop. */
const WARN_EVERY_MS = 10_000;

/**
 * Counts and reports messages dropped because they failed to decode. They never reach a
 * handler. `subject` is the subscription's subject (a wildcard stays a wildcard), so a sender
 * cannot blow up the label set.
 */
@Injectable()
export class MalformedMessages {
  private readonly counter: Counter<'subject'>;
  private readonly lastWarned = new Map<string, number>();
  private readonly logger: Logger;

  constructor(@Inject(Registry) registry: Registry, @Inject(LOGGER) logger: Logger) {
    this.counter = new Counter({
      name: 'ebb_messaging_malformed_messages_total',
      help: 'Messages dropped because they did not decode against their schema, by subscription subject.',
      labelNames: ['subject'],
      registers: [registry],
    });
    this.logger = logger.child({ module: 'messaging' });
  }

  /** Records one dropped message. */
  record(subject: string, reason: string, now: number = Date.now()): void {
    this.counter.inc({ subject });
    const last = this.lastWarned.get(subject);
    if (last === undefined || now - last >= WARN_EVERY_MS) {
      this.lastWarned.set(subject, now);
      this.logger.warn({ subject, reason }, 'dropped a malformed message');
    }
  }
}
