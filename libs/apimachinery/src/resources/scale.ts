// The `scale` subresource (autoscaling/v1 Scale) of Deployments, ReplicaSets and CRDs that
// declare `subresources.scale`: read from and written into the parent at the declared paths.
import { formatLabelSelector } from '../selectors.js';
import { isPlainObject, type JsonObject, type KubeObject } from '../object.js';
import type { ScaleSubresource } from './resource-type.js';
import { valueAt } from '../values.js';

function steps(path: string): string[] {
  return path.replace(/^\./, '').split('.').filter((s) => s !== '');
}

/** The value at a `.a.b` path. */
export function valueAtPath(object: unknown, path: string): unknown {
  return valueAt(object, steps(path));
}

/** A copy of `object` with `value` at a `.a.b` path (intermediate objects created). */
export function withValueAtPath(object: KubeObject, path: string, value: unknown): KubeObject {
  const [first, ...rest] = steps(path);
  if (first === undefined) return object;
  const set = (target: Record<string, unknown>, head: string, tail: string[]): Record<string, unknown> => {
    if (tail.length === 0) return { ...target, [head]: value };
    const child = isPlainObject(target[head]) ? target[head] : {};
    const [next, ...remaining] = tail;
    return { ...target, [head]: set(child, next ?? '', remaining) };
  };
  return set(object, first, rest) as KubeObject;
}

function selectorString(parent: KubeObject, scale: ScaleSubresource): string | undefined {
  if (scale.labelSelectorPath === undefined) return undefined;
  const value = valueAtPath(parent, scale.labelSelectorPath);
  if (typeof value === 'string') return value;
  if (isPlainObject(value)) return formatLabelSelector(value);
  return undefined;
}

/** The autoscaling/v1 Scale of `parent`. */
export function scaleOf(parent: KubeObject, scale: ScaleSubresource): JsonObject {
  const specReplicas = valueAtPath(parent, scale.specReplicasPath);
  const statusReplicas = valueAtPath(parent, scale.statusReplicasPath);
  const { name, namespace, uid, resourceVersion, creationTimestamp } = parent.metadata;
  const status: JsonObject = { replicas: typeof statusReplicas === 'number' ? statusReplicas : 0 };
  const selector = selectorString(parent, scale);
  if (selector !== undefined && selector !== '') status.selector = selector;
  const metadata = JSON.parse(JSON.stringify({ name, namespace, uid, resourceVersion, creationTimestamp })) as JsonObject;
  return { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata, spec: { replicas: typeof specReplicas === 'number' ? specReplicas : 0 }, status };
}

/** The replicas a Scale body asks for, or an error text. */
export function requestedReplicas(body: unknown): number | string {
  const spec = isPlainObject(body) && isPlainObject(body.spec) ? body.spec : {};
  const replicas = spec.replicas ?? 0;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas)) return 'spec.replicas: Invalid value: must be an integer';
  if (replicas < 0) return `spec.replicas: Invalid value: ${replicas}: must be greater than or equal to 0`;
  return replicas;
}
