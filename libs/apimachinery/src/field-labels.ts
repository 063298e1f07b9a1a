// The fields a field selector may name for each kind, and their values for one object
// (Kubernetes' `GetAttrs`/`ToSelectableFields` per registry strategy). Every kind supports
// `metadata.name` and `metadata.namespace`.
import type { KubeObject } from './object.js';
import { valueAt } from './values.js';

type FieldReader = (object: KubeObject) => string;

function pick(object: unknown, path: readonly string[]): string {
  const current = valueAt(object, path);
  if (current === undefined || current === null) return '';
  return typeof current === 'string' ? current : JSON.stringify(current);
}

const at =
  (...path: string[]): FieldReader =>
  (object) =>
    pick(object, path);

const COMMON: Record<string, FieldReader> = {
  'metadata.name': at('metadata', 'name'),
  'metadata.namespace': at('metadata', 'namespace'),
};

const INVOLVED = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'];

const BY_KIND: Record<string, Record<string, FieldReader>> = {
  '/Pod': {
    'spec.nodeName': at('spec', 'nodeName'),
    'spec.restartPolicy': at('spec', 'restartPolicy'),
    'spec.schedulerName': at('spec', 'schedulerName'),
    'spec.serviceAccountName': at('spec', 'serviceAccountName'),
    'spec.hostNetwork': (o) => (pick(o, ['spec', 'hostNetwork']) === 'true' ? 'true' : 'false'),
    'status.phase': at('status', 'phase'),
    'status.podIP': at('status', 'podIP'),
    'status.nominatedNodeName': at('status', 'nominatedNodeName'),
  },
  '/Event': {
    ...Object.fromEntries(INVOLVED.map((f) => [`involvedObject.${f}`, at('involvedObject', f)])),
    reason: at('reason'),
    reportingComponent: at('reportingComponent'),
    source: at('source', 'component'),
    type: at('type'),
  },
  'events.k8s.io/Event': {
    ...Object.fromEntries(INVOLVED.map((f) => [`regarding.${f}`, at('regarding', f)])),
    reason: at('reason'),
    reportingController: at('reportingController'),
    type: at('type'),
  },
  '/Namespace': { 'status.phase': at('status', 'phase') },
  '/Secret': { type: at('type') },
  '/Node': { 'spec.unschedulable': at('spec', 'unschedulable') },
  'apps/ReplicaSet': { 'status.replicas': at('status', 'replicas') },
};

/** The field-selector keys a kind supports. */
export function selectableFields(group: string, kind: string): string[] {
  return [...Object.keys(COMMON), ...Object.keys(BY_KIND[`${group}/${kind}`] ?? {})];
}

/** The values of every selectable field of `object` (a kind in `group`). */
export function fieldsOf(group: string, object: KubeObject): Record<string, string> {
  const readers = { ...COMMON, ...(BY_KIND[`${group}/${object.kind}`] ?? {}) };
  return Object.fromEntries(Object.entries(readers).map(([key, read]) => [key, read(object)]));
}
