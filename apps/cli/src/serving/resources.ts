// The kinds `ebb apply` accepts (the serving.knative.dev kinds and a few core/apps ones: a small
// known map instead of discovery), and kubectl's qualified names of objects.
import { KnativeResources } from '@ebb/api';
import { apiVersionOf, KubeResources, type ResourceType } from '@ebb/kube';

/** The types `ebb apply` accepts, keyed `<apiVersion>/<kind>`. */
const APPLY_KINDS: ReadonlyMap<string, ResourceType> = new Map(
  [
    KnativeResources.service,
    KnativeResources.configuration,
    KnativeResources.revision,
    KnativeResources.route,
    KnativeResources.domainMapping,
    KubeResources.configMap,
    KubeResources.secret,
    KubeResources.service,
    KubeResources.namespace,
    KubeResources.deployment,
  ].map((type) => [`${apiVersionOf(type)}/${type.kind}`, type]),
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
