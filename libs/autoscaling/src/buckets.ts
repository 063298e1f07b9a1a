/**
 * Splitting revisions between autoscaler replicas, as Knative's bucketed leader election does: a
 * fixed number of buckets, each a Lease named `autoscaler-bucket-<i>-of-<n>` (two digits each, as
 * Knative names them), and every revision in exactly one bucket. The replica holding a bucket's
 * Lease decides for its revisions; the others record their stats and stay ready to take over.
 * The bucket of a revision is FNV-1a (32 bit) of `namespace/name` modulo the count: stable across
 * replicas and restarts, spread evenly; it is Ebb's own choice, not Knative's hash.
 */

/** The Lease name prefix of the buckets. */
export const BUCKET_PREFIX = 'autoscaler-bucket';

/** The Lease name of bucket `index` (0-based) of `count`: `autoscaler-bucket-00-of-02`. */
export function bucketName(index: number, count: number): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${BUCKET_PREFIX}-${two(index)}-of-${two(count)}`;
}

/** Every bucket's Lease name, in order. */
export function bucketNames(count: number): string[] {
  return Array.from({ length: count }, (_, index) => bucketName(index, count));
}

/** FNV-1a, 32 bit, of the UTF-16 code units of `text`. */
function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The bucket (0-based) of a revision among `count` (≥ 1). */
export function bucketOf(namespace: string, revision: string, count: number): number {
  return count <= 1 ? 0 : fnv1a32(`${namespace}/${revision}`) % count;
}
