// Where the gateway sends a revision's requests (Knative's ServerlessService modes, AUTOSCALING.md
// §5): the revision's pods in Serve mode, the activators in Proxy mode — which is also the mode
// of a revision without a ServerlessService yet. As Knative's effective mode: Serve without a
// ready pod falls back to the activators, Proxy without a ready activator to the pods. Pure.
import type { Endpoint } from '@ebb/dataplane';

/** The upstreams of one request: pods directly, or the activators. */
export interface UpstreamChoice {
  readonly via: 'pods' | 'activator';
  readonly endpoints: readonly Endpoint[];
}

/** The upstreams for a revision in `mode` (the SKS `spec.mode`, undefined without one). */
export function chooseUpstream(mode: string | undefined, pods: readonly Endpoint[], activators: readonly Endpoint[]): UpstreamChoice {
  const serve = mode === 'Serve' ? pods.length > 0 || activators.length === 0 : activators.length === 0;
  return serve ? { via: 'pods', endpoints: pods } : { via: 'activator', endpoints: activators };
}
