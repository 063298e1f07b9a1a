// The pod a ReplicaSet creates (controller_utils.go GetPodFromTemplate): `generateName: <rs>-`
// (the API server completes the name), the template's labels, annotations and finalizers, a
// controller ownerReference to the ReplicaSet, and the template's spec.
import { recordOf, type KubeObject, type OwnerReference } from '@ebb/apimachinery';
import { controllerRefTo } from '../owners.js';

/** metav1.NewControllerRef for a ReplicaSet. */
export function replicaSetControllerRef(rs: KubeObject): OwnerReference {
  return controllerRefTo(rs, { apiVersion: 'apps/v1', kind: 'ReplicaSet' });
}

function copied<T>(value: T): T {
  return structuredClone(value);
}

function stringMap(value: unknown): Record<string, string> | undefined {
  const entries = Object.entries(recordOf(value)).filter((e): e is [string, string] => typeof e[1] === 'string');
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/** The pod to create for `rs` (no name: `generateName` asks the API server for one). */
export function makePodFromTemplate(rs: KubeObject): KubeObject {
  const template = recordOf(recordOf(rs.spec).template);
  const meta = recordOf(template.metadata);
  const labels = stringMap(meta.labels);
  const annotations = stringMap(meta.annotations);
  const finalizers = Array.isArray(meta.finalizers) ? meta.finalizers.filter((f): f is string => typeof f === 'string') : [];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${rs.metadata.name ?? ''}-`,
      namespace: rs.metadata.namespace ?? 'default',
      ...(labels === undefined ? {} : { labels }),
      ...(annotations === undefined ? {} : { annotations }),
      ...(finalizers.length === 0 ? {} : { finalizers }),
      ownerReferences: [replicaSetControllerRef(rs)],
    },
    spec: copied(recordOf(template.spec)),
  };
}
