// The pods a revision's throttler uses (pure): the endpoints Kubernetes marks ready, trusted as
// they are, and the not-ready ones whose probe by the activator passed, in one list sorted by
// address then port (the order subsetting across activators relies on).
import { compareEndpoints, type Endpoint } from '@ebb/dataplane';

/** Ready ∪ probed-healthy endpoints, sorted; `ready` itself when nothing was probed healthy. */
export function revisionPods(ready: readonly Endpoint[], healthy: readonly Endpoint[]): readonly Endpoint[] {
  if (healthy.length === 0) return ready;
  return [...ready, ...healthy].sort(compareEndpoints);
}
