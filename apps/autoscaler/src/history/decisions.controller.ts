// The decision history over HTTP on the admin server: `GET /decisions` lists every revision with
// its newest decision, `GET /decisions/<namespace>/<revision>` a revision's last decisions (newest
// first) with their inputs and reasons; `ebb revision describe` reads the latter.
import { Controller, Get, Inject, NotFoundException, Param } from '@nestjs/common';
import { DecisionHistory, type DecisionRecord } from './decision-history.js';

/** `GET /decisions` answer. */
export interface AllDecisions {
  readonly revisions: readonly { readonly namespace: string; readonly revision: string; readonly decision: DecisionRecord | null }[];
}

/** `GET /decisions/<namespace>/<revision>` answer. */
export interface RevisionDecisions {
  readonly namespace: string;
  readonly revision: string;
  readonly decisions: readonly DecisionRecord[];
}

/** Reads the decision history. */
@Controller('decisions')
export class DecisionsController {
  constructor(@Inject(DecisionHistory) private readonly history: DecisionHistory) {}

  /** Every revision the autoscaler decides for, with its newest decision (null before the first). */
  @Get()
  all(): AllDecisions {
    return { revisions: this.history.latest().map((l) => ({ namespace: l.namespace, revision: l.revision, decision: l.decision ?? null })) };
  }

  /** One revision's last decisions, newest first; 404 for a revision the autoscaler does not decide for. */
  @Get(':namespace/:revision')
  one(@Param('namespace') namespace: string, @Param('revision') revision: string): RevisionDecisions {
    const decisions = this.history.list(namespace, revision);
    if (decisions === undefined) {
      throw new NotFoundException({ statusCode: 404, message: `no decisions for revision "${namespace}/${revision}": the autoscaler has no PodAutoscaler of the KPA class for it` });
    }
    return { namespace, revision, decisions };
  }
}
