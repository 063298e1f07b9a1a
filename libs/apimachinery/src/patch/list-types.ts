// How a field merges, as the OpenAPI extensions (`x-kubernetes-list-type`,
// `x-kubernetes-list-map-keys`, `x-kubernetes-map-type`, `x-kubernetes-patch-merge-key`,
// `x-kubernetes-patch-strategy`) describe it. Strategic merge patch and server-side apply both
// ask a lookup for the field at a path.

/** How one field merges. Absent entries mean: maps merge key by key, lists are atomic. */
export interface FieldStrategy {
  /** `map`: items are keyed by `mapKeys`; `set`: unique scalars merged as a set; `atomic`: replaced whole. */
  listType?: 'atomic' | 'set' | 'map';
  /** The keys of a `map` list (SMP's patch merge key is the first). */
  mapKeys?: string[];
  /** SMP `retainKeys`: fields absent from the patch are cleared (Deployment `spec.strategy`, volumes). */
  retainKeys?: boolean;
  /** `atomic` for a map replaced whole (`x-kubernetes-map-type: atomic`). */
  mapType?: 'granular' | 'atomic';
}

/**
 * The strategy of the field at `path`: field names from the object root, list items skipped,
 * e.g. `['spec', 'template', 'spec', 'containers', 'env']` for each container's env.
 */
export type FieldStrategyLookup = (path: readonly string[]) => FieldStrategy | undefined;
