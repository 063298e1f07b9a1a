// Small readers of object metadata with Kubernetes' zero values ('' and 0), so that reconcilers
// and builders read as recipes instead of chains of optional lookups.
import type { Configuration } from '@ebb/api';

/** What these readers need of an object. */
interface MetaLike {
  readonly metadata?: { readonly name?: string | undefined; readonly namespace?: string | undefined; readonly generation?: number | undefined } | undefined;
}

/** `metadata.name`, or ''. */
export function nameOf(object: MetaLike): string {
  return object.metadata?.name ?? '';
}

/** `metadata.namespace`, or ''. */
export function namespaceOf(object: MetaLike): string {
  return object.metadata?.namespace ?? '';
}

/** `metadata.generation`, or 0. */
export function generationOf(object: MetaLike): number {
  return object.metadata?.generation ?? 0;
}

/** The BYO revision name of a Configuration's template (`spec.template.metadata.name`), or ''. */
export function templateNameOf(configuration: Configuration): string {
  return configuration.spec?.template?.metadata?.name ?? '';
}

/** Whether the object has a deletionTimestamp (its deletion has begun). */
export function isBeingDeleted(object: { readonly metadata?: { readonly deletionTimestamp?: string | undefined } | undefined }): boolean {
  return (object.metadata?.deletionTimestamp ?? '') !== '';
}
