// events.k8s.io/v1 Events are core/v1 Events in another shape: Kubernetes stores one kind and
// serves both (pkg/apis/events/v1 conversion), so `kubectl describe` sees what a controller
// recorded through either API. These are the two directions of that field mapping.
import type { KubeObject } from '../object.js';

/** events.k8s.io/v1 field → core/v1 field. */
const TO_CORE: Readonly<Record<string, string>> = {
  regarding: 'involvedObject',
  note: 'message',
  reportingController: 'reportingComponent',
  deprecatedSource: 'source',
  deprecatedFirstTimestamp: 'firstTimestamp',
  deprecatedLastTimestamp: 'lastTimestamp',
  deprecatedCount: 'count',
};

const FROM_CORE: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(TO_CORE).map(([v1, core]) => [core, v1]));

function renamed(object: KubeObject, names: Readonly<Record<string, string>>, apiVersion: string): KubeObject {
  const result: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(object)) result[names[field] ?? field] = value;
  return { ...(result as KubeObject), apiVersion, kind: 'Event' };
}

/** An events.k8s.io/v1 Event as the core/v1 Event it is stored as. */
export function eventToCore(event: KubeObject): KubeObject {
  return renamed(event, TO_CORE, 'v1');
}

/** A stored core/v1 Event as events.k8s.io/v1 serves it. */
export function eventFromCore(event: KubeObject): KubeObject {
  return renamed(event, FROM_CORE, 'events.k8s.io/v1');
}
