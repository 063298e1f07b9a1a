// A RevisionThrottler that also says when a request for its revision arrives, so the revision's
// not-ready pods are probed only while it has demand (AUTOSCALING.md §6.3). The throttling itself
// is RevisionThrottler's, unchanged.
import { RevisionThrottler, type AcquiredCallback, type Endpoint, type RejectedCallback, type RevisionThrottlerOptions } from '@ebb/dataplane';

/** A {@link RevisionThrottler} calling `onRequest` before each `acquire`. */
export class DemandThrottler extends RevisionThrottler {
  constructor(
    options: RevisionThrottlerOptions,
    private readonly onRequest: () => void,
  ) {
    super(options);
  }

  /** Notes the request, then acquires as RevisionThrottler does. */
  override acquire(onAcquired: AcquiredCallback, onRejected: RejectedCallback, avoid?: Endpoint): () => void {
    this.onRequest();
    return super.acquire(onAcquired, onRejected, avoid);
  }
}
