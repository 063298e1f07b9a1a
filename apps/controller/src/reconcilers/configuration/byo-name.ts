// Whether a Configuration may use the Revision found under its BYO revision name (serving
// `CheckNameAvailability`, API.md §5): both the Configuration reconciler (to reuse it or fail
// with RevisionFailed) and the Service reconciler (to hold back the Route, RevisionNameTaken) ask.
import { semanticEqual, ServingLabels, type Configuration, type Revision } from '@ebb/api';
import { generationOf } from '../shared/meta.js';
import { isControlledBy } from '@ebb/kube';

/** The answers of {@link checkNameAvailability}. */
export const NameAvailability = {
  /** No Revision has the name yet. */
  Free: 'free',
  /** The Revision is this Configuration's: controlled by it, and of its generation or with its template's spec. */
  Ours: 'ours',
  /** The name belongs to a conflicting Revision. */
  Taken: 'taken',
} as const;
/** One of {@link NameAvailability}. */
export type NameAvailability = (typeof NameAvailability)[keyof typeof NameAvailability];

/** The BYO revision name of a Configuration's template (`spec.template.metadata.name`), or ''. */
export function templateNameOf(configuration: Configuration): string {
  return configuration.spec?.template?.metadata?.name ?? '';
}

/** The configurationGeneration label of a Revision as a number (NaN when missing or bad). */
export function revisionGeneration(revision: Revision): number {
  return Number.parseInt(revision.metadata?.labels?.[ServingLabels.ConfigurationGeneration] ?? '', 10);
}

/** Whether `configuration` may use `revision`, the Revision found under its BYO name (undefined: none). */
export function checkNameAvailability(configuration: Configuration, revision: Revision | undefined): NameAvailability {
  if (revision === undefined) return NameAvailability.Free;
  if (!isControlledBy(revision, configuration)) return NameAvailability.Taken;
  if (revisionGeneration(revision) === generationOf(configuration)) return NameAvailability.Ours;
  // Only the spec must match: the rest is immutable, and users may label or annotate a Revision.
  return semanticEqual(configuration.spec?.template?.spec, revision.spec) ? NameAvailability.Ours : NameAvailability.Taken;
}
