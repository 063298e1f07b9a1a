// The shapes the REST layer hands to the resource service and gets back.
import type { JsonObject, KubeObject, ResourceType } from '@ebb/apimachinery';
import type { UserInfo } from '../auth/tokens.js';

/** Who asks, and with which client. */
export interface OperationContext {
  readonly user: UserInfo;
  /** The User-Agent header; its part before `/` names the field manager when none is given. */
  readonly userAgent?: string;
}

/** `fieldValidation` query values. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** Options of every write. */
export interface WriteOptions {
  readonly dryRun?: boolean;
  readonly fieldManager?: string;
  readonly fieldValidation?: FieldValidation;
  /** Server-side apply `force`. */
  readonly force?: boolean;
}

/** metav1.DeleteOptions (body or query). */
export interface DeleteOptions {
  readonly propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  readonly gracePeriodSeconds?: number;
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
  readonly dryRun?: boolean;
}

/** What a write returns: the object (or a Status for deletions), its HTTP code and warnings. */
export interface WriteResult {
  readonly code: number;
  readonly body: KubeObject | JsonObject;
  readonly warnings: readonly string[];
}

/** Selectors and paging of a list or watch. */
export interface ListQuery {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly limit?: number;
  readonly continue?: string;
}

/** Where a collection request points: a resource and a namespace (`''` when cluster-scoped or all). */
export interface CollectionTarget {
  readonly resource: ResourceType;
  readonly namespace: string;
}

/** Where an item request points: the collection, the name, and the main endpoint or `status`. */
export interface ItemTarget extends CollectionTarget {
  readonly name: string;
  readonly subresource: '' | 'status';
}

/** The patch media types. */
export const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

/** One of {@link PATCH_TYPES}. */
export type PatchType = (typeof PATCH_TYPES)[keyof typeof PATCH_TYPES];
