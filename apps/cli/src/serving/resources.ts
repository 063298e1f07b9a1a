// The resource types the CLI reads and writes, by kind: the serving.knative.dev kinds and the
// few core/apps kinds `ebb apply` accepts (a small known map instead of discovery).
import type { ResourceType } from '@ebb/kube';

const SERVING = 'serving.knative.dev';

/** The types the CLI knows, by name. */
export const Resources = {
  service: { group: SERVING, version: 'v1', plural: 'services', kind: 'Service', namespaced: true },
  configuration: { group: SERVING, version: 'v1', plural: 'configurations', kind: 'Configuration', namespaced: true },
  revision: { group: SERVING, version: 'v1', plural: 'revisions', kind: 'Revision', namespaced: true },
  route: { group: SERVING, version: 'v1', plural: 'routes', kind: 'Route', namespaced: true },
  domainMapping: { group: SERVING, version: 'v1beta1', plural: 'domainmappings', kind: 'DomainMapping', namespaced: true },
  configMap: { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true },
  secret: { group: '', version: 'v1', plural: 'secrets', kind: 'Secret', namespaced: true },
  coreService: { group: '', version: 'v1', plural: 'services', kind: 'Service', namespaced: true },
  namespace: { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false },
  deployment: { group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', namespaced: true },
} as const satisfies Record<string, ResourceType>;

/** The types `ebb apply` accepts, keyed `<apiVersion>/<kind>`. */
const APPLY_KINDS: ReadonlyMap<string, ResourceType> = new Map(
  [Resources.service, Resources.configuration, Resources.revision, Resources.route, Resources.domainMapping, Resources.configMap, Resources.secret, Resources.coreService, Resources.namespace, Resources.deployment].map(
    (type) => [`${type.group === '' ? type.version : `${type.group}/${type.version}`}/${type.kind}`, type],
  ),
);

/** The resource type of an apiVersion + kind that `ebb apply` supports, or undefined. */
export function applyTypeOf(apiVersion: string, kind: string): ResourceType | undefined {
  return APPLY_KINDS.get(`${apiVersion}/${kind}`);
}

/** The kinds `ebb apply` supports, for its error message. */
export function applyKinds(): string[] {
  return [...APPLY_KINDS.keys()].map((key) => key.replace(/\/([^/]+)$/, ' $1'));
}

/** kubectl's `<kind>.<group>/<name>` in lower case (`<kind>/<name>` for core), e.g. `service.serving.knative.dev/hello`. */
export function qualifiedName(type: ResourceType, name: string): string {
  const kind = type.kind.toLowerCase();
  return `${type.group === '' ? kind : `${kind}.${type.group}`}/${name}`;
}
