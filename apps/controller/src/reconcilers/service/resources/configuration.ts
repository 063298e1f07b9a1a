// The Configuration a Service owns (serving `reconciler/service/resources/configuration.go`,
// API.md §4.3): named like the Service, its labels/annotations propagated from the Service, its
// spec the Service's template. Pure: no client, no lister, no clock.
import {
  CONFIGURATION_API_VERSION,
  CONFIGURATION_KIND,
  SERVICE_API_VERSION,
  SERVICE_KIND,
  configurationAnnotationsFromService,
  configurationLabelsFromService,
  type Configuration,
  type Service,
} from '@ebb/api';
import { nameOf } from '../../shared/meta.js';
import { controllerReference } from '@ebb/kube';

/**
 * The desired Configuration of `service`; `existing` (the current Configuration, if any) only contributes its
 * `serving.knative.dev/routes` list, which is merged with the Service's own Route.
 */
export function makeConfiguration(service: Service, existing?: Configuration): Configuration {
  const name = nameOf(service);
  const { uid, labels, annotations } = service.metadata ?? {};
  const meta = { name, uid, labels, annotations };
  const template = service.spec?.template;
  return {
    apiVersion: CONFIGURATION_API_VERSION,
    kind: CONFIGURATION_KIND,
    metadata: {
      name,
      namespace: service.metadata?.namespace,
      labels: configurationLabelsFromService(meta),
      annotations: configurationAnnotationsFromService(meta, existing?.metadata?.annotations),
      ownerReferences: [controllerReference(service, { apiVersion: SERVICE_API_VERSION, kind: SERVICE_KIND })],
    },
    spec: template === undefined ? {} : { template: structuredClone(template) },
  };
}
