// Subsetting of a revision's pods across activator replicas (AUTOSCALING.md §6.2, Knative's
// `assignSlice` / `pickIndices` in `pkg/activator/net/throttler.go`): each activator takes a
// contiguous slice of the address-sorted pods, the leftover pods at the end go one each to the
// lowest-index activators, and with more activators than pods activator i takes pod i mod n.
// Pure: every replica computes the same split from the same EndpointSlices.
import { compareEndpoints, type Endpoint } from '../endpoints/endpoints.js';

/** Which share of the pods this activator takes: its index among `count` activators. */
export interface SliceAssignment {
  /** This activator's position in the address-sorted activator list; −1 when absent (takes all). */
  readonly index: number;
  /** How many activators share the pods. */
  readonly count: number;
}

/** Every pod: one activator, or this one is not (yet) listed. */
export const TAKE_ALL: SliceAssignment = { index: -1, count: 1 };

/**
 * The pods activator `index` of `count` takes (see the file comment); all of them when `index`
 * is −1 (or out of range) or `count` ≤ 1. The result is sorted by address, then port.
 */
export function assignSlice(pods: readonly Endpoint[], index: number, count: number): Endpoint[] {
  const sorted = [...pods].sort(compareEndpoints);
  if (index < 0 || count <= 1 || index >= count || sorted.length === 0) return sorted;
  if (count > sorted.length) return [sorted[index % sorted.length] as Endpoint];
  const per = Math.floor(sorted.length / count);
  const slice = sorted.slice(index * per, index * per + per);
  const remnants = sorted.length % count;
  if (remnants > index) slice.push(sorted[sorted.length - remnants + index] as Endpoint);
  return slice;
}

/** This activator's index: its position among the distinct activator addresses sorted, or −1 when absent. */
export function activatorIndex(selfIp: string, activators: readonly Endpoint[]): number {
  if (selfIp === '') return -1;
  const addresses = [...new Set(activators.map((a) => a.address))].sort();
  return addresses.indexOf(selfIp);
}

/** The assignment of this activator among `activators` (count = distinct addresses). */
export function sliceAssignment(selfIp: string, activators: readonly Endpoint[]): SliceAssignment {
  const index = activatorIndex(selfIp, activators);
  return index < 0 ? TAKE_ALL : { index, count: new Set(activators.map((a) => a.address)).size };
}
