// Which Routes a Configuration or Revision change concerns (serving's Route controller tracks the
// targets its traffic references): a Route is re-resolved when a Configuration it names changes,
// or a Revision it pins, or a Revision of a Configuration it names (a new latest ready one). Pure.
import { ServingLabels, type Configuration, type Revision, type Route } from '@ebb/api';
import { nameOf } from '../shared/meta.js';

/** The Routes among `routes` whose spec.traffic names Configuration `name`. */
export function routesReferencingConfiguration(routes: readonly Route[], configuration: Configuration): Route[] {
  const name = nameOf(configuration);
  return routes.filter((route) => (route.spec?.traffic ?? []).some((t) => t.configurationName === name));
}

/** The Routes among `routes` whose spec.traffic pins Revision `revision` or names its Configuration. */
export function routesReferencingRevision(routes: readonly Route[], revision: Revision): Route[] {
  const name = nameOf(revision);
  const configuration = revision.metadata?.labels?.[ServingLabels.Configuration];
  return routes.filter((route) =>
    (route.spec?.traffic ?? []).some((t) => t.revisionName === name || (configuration !== undefined && t.configurationName === configuration)),
  );
}
