// kubectl's three-way rule for metadata maps on apply: keys the user applied last time and has
// dropped now are removed, keys set by others (the webhook's creator/lastModifier, controllers'
// annotations) are kept, and the applied keys win. Pure.
import { LAST_APPLIED_CONFIGURATION_ANNOTATION } from '@ebb/api';

type StringMap = Readonly<Record<string, string>>;
interface Meta {
  readonly labels?: StringMap;
  readonly annotations?: StringMap;
}

/** `current` with the keys of `previous` that `desired` no longer has removed, then `desired` written over it. */
export function mergeMap(current: StringMap | undefined, desired: StringMap | undefined, previous: StringMap | undefined): Record<string, string> {
  const next: Record<string, string> = { ...current };
  for (const key of Object.keys(previous ?? {})) if (!(key in (desired ?? {}))) delete next[key];
  return { ...next, ...desired };
}

/** The metadata of the last applied configuration recorded on an object, or `{}`. */
export function lastAppliedMeta(annotations: StringMap | undefined): Meta {
  const record = annotations?.[LAST_APPLIED_CONFIGURATION_ANNOTATION];
  if (record === undefined) return {};
  try {
    return (JSON.parse(record) as { metadata?: Meta }).metadata ?? {};
  } catch {
    return {};
  }
}

/** The labels and annotations an apply writes: desired over current, minus what the last apply set and this one dropped. */
export function mergeMeta(current: Meta | undefined, desired: Meta | undefined): { labels: Record<string, string>; annotations: Record<string, string> } {
  const previous = lastAppliedMeta(current?.annotations);
  return { labels: mergeMap(current?.labels, desired?.labels, previous.labels), annotations: mergeMap(current?.annotations, desired?.annotations, previous.annotations) };
}
