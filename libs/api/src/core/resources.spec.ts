// The resource types agree with each kind's apiVersion/kind constants and with the CRDs Ebb installs.
import { makeCrds } from '../crd/index.js';
import { POD_AUTOSCALER_API_VERSION } from '../autoscaling/v1alpha1/index.js';
import { INGRESS_API_VERSION, SERVERLESS_SERVICE_API_VERSION } from '../networking/v1alpha1/index.js';
import { CONFIGURATION_API_VERSION, REVISION_API_VERSION, ROUTE_API_VERSION, SERVICE_API_VERSION } from '../serving/v1/index.js';
import { DOMAIN_MAPPING_API_VERSION } from '../serving/v1beta1/index.js';
import { KnativeResources, type KnativeResourceType } from './resources.js';

describe('KnativeResources', () => {
  it.each<{ name: string; type: KnativeResourceType; apiVersion: string; crd: string }>([
    { name: 'service', type: KnativeResources.service, apiVersion: SERVICE_API_VERSION, crd: 'services.serving.knative.dev' },
    { name: 'configuration', type: KnativeResources.configuration, apiVersion: CONFIGURATION_API_VERSION, crd: 'configurations.serving.knative.dev' },
    { name: 'revision', type: KnativeResources.revision, apiVersion: REVISION_API_VERSION, crd: 'revisions.serving.knative.dev' },
    { name: 'route', type: KnativeResources.route, apiVersion: ROUTE_API_VERSION, crd: 'routes.serving.knative.dev' },
    { name: 'domainMapping', type: KnativeResources.domainMapping, apiVersion: DOMAIN_MAPPING_API_VERSION, crd: 'domainmappings.serving.knative.dev' },
    { name: 'podAutoscaler', type: KnativeResources.podAutoscaler, apiVersion: POD_AUTOSCALER_API_VERSION, crd: 'podautoscalers.autoscaling.internal.knative.dev' },
    { name: 'ingress', type: KnativeResources.ingress, apiVersion: INGRESS_API_VERSION, crd: 'ingresses.networking.internal.knative.dev' },
    { name: 'serverlessService', type: KnativeResources.serverlessService, apiVersion: SERVERLESS_SERVICE_API_VERSION, crd: 'serverlessservices.networking.internal.knative.dev' },
  ])('$name', ({ type, apiVersion, crd }) => {
    expect(`${type.group}/${type.version}`).toBe(apiVersion);
    const made = makeCrds().find((c) => c.metadata.name === crd);
    expect(made?.spec).toMatchObject({ group: type.group, scope: 'Namespaced', names: { kind: type.kind, plural: type.plural } });
    expect(made?.spec.versions[0]?.name).toBe(type.version);
  });

  it('lists every CRD Ebb installs', () => {
    expect(Object.values(KnativeResources).map((t) => `${t.plural}.${t.group}`).sort()).toEqual(makeCrds().map((c) => c.metadata.name).sort());
  });
});
