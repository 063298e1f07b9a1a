// The Revision a Configuration stamps out for its current generation (serving
// `reconciler/configuration/resources/revision.go`, API.md §4.1/§4.3/§5): the template's
// metadata and spec, the generated or BYO name, the system labels (configuration, generation,
// UIDs, service copied from the Configuration's labels, routingState pending) and annotations
// (creator from the Configuration's lastModifier, routingStateModified). The Configuration's own
// labels and annotations are NOT copied. Pure: `now` comes in.
import {
  CONFIGURATION_API_VERSION,
  CONFIGURATION_KIND,
  REVISION_API_VERSION,
  REVISION_KIND,
  RoutingState,
  ServingAnnotations,
  ServingLabels,
  revisionName,
  timestamp,
  type Configuration,
  type Instant,
  type Revision,
} from '@ebb/api';
import { controllerReference } from '@ebb/kube';
import { generationOf, nameOf } from '../../shared/meta.js';

/** The labels a Revision takes from its Configuration; empty values are left out (Knative `RevisionLabelValueForKey`). */
function systemLabels(configuration: Configuration): Record<string, string> {
  const meta = configuration.metadata ?? {};
  const values: Record<string, string> = {
    [ServingLabels.Configuration]: meta.name ?? '',
    [ServingLabels.Service]: meta.labels?.[ServingLabels.Service] ?? '',
    [ServingLabels.ConfigurationGeneration]: String(meta.generation ?? 0),
    [ServingLabels.ConfigurationUID]: meta.uid ?? '',
    [ServingLabels.ServiceUID]: meta.labels?.[ServingLabels.ServiceUID] ?? '',
  };
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
}

/** The annotations a Revision gets besides the template's: creator (the Configuration's lastModifier) and routingStateModified. */
function systemAnnotations(configuration: Configuration, now: Instant): Record<string, string> {
  const lastModifier = configuration.metadata?.annotations?.[ServingAnnotations.LastModifier];
  return {
    ...(lastModifier === undefined ? {} : { [ServingAnnotations.Creator]: lastModifier }),
    [ServingAnnotations.RoutingStateModified]: timestamp(now),
  };
}

/** The name of the Revision `configuration` makes at its current generation (BYO template name, else `<name>-0000N`). */
export function revisionNameFor(configuration: Configuration): string {
  return revisionName({
    configurationName: nameOf(configuration),
    generation: generationOf(configuration),
    templateName: configuration.spec?.template?.metadata?.name,
  });
}

/** The Revision `configuration` creates for its current generation, routing state `pending` since `now`. */
export function makeRevision(configuration: Configuration, now: Instant): Revision {
  const template = configuration.spec?.template ?? {};
  return {
    apiVersion: REVISION_API_VERSION,
    kind: REVISION_KIND,
    metadata: {
      name: revisionNameFor(configuration),
      namespace: configuration.metadata?.namespace,
      labels: { ...template.metadata?.labels, [ServingLabels.RoutingState]: RoutingState.Pending, ...systemLabels(configuration) },
      annotations: { ...template.metadata?.annotations, ...systemAnnotations(configuration, now) },
      ownerReferences: [controllerReference(configuration, { apiVersion: CONFIGURATION_API_VERSION, kind: CONFIGURATION_KIND })],
    },
    spec: structuredClone(template.spec ?? {}),
  };
}
