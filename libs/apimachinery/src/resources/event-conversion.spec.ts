import type { KubeObject } from '../object.js';
import { eventFromCore, eventToCore } from './event-conversion.js';

const CORE: KubeObject = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'web.1', namespace: 'default' },
  involvedObject: { kind: 'Deployment', name: 'web', namespace: 'default', uid: 'u1' },
  reason: 'ScalingReplicaSet',
  message: 'Scaled up replica set web-7c5ddbdf54 from 0 to 3',
  type: 'Normal',
  count: 2,
  firstTimestamp: '2026-11-26T00:00:00Z',
  lastTimestamp: '2026-11-26T00:01:00Z',
  source: { component: 'deployment-controller' },
  reportingComponent: 'deployment-controller',
  reportingInstance: 'local',
  eventTime: null,
  action: 'Scale',
  series: { count: 2, lastObservedTime: '2026-11-26T00:01:00.000000Z' },
};

const EVENTS_V1: KubeObject = {
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata: { name: 'web.1', namespace: 'default' },
  regarding: { kind: 'Deployment', name: 'web', namespace: 'default', uid: 'u1' },
  reason: 'ScalingReplicaSet',
  note: 'Scaled up replica set web-7c5ddbdf54 from 0 to 3',
  type: 'Normal',
  deprecatedCount: 2,
  deprecatedFirstTimestamp: '2026-11-26T00:00:00Z',
  deprecatedLastTimestamp: '2026-11-26T00:01:00Z',
  deprecatedSource: { component: 'deployment-controller' },
  reportingController: 'deployment-controller',
  reportingInstance: 'local',
  eventTime: null,
  action: 'Scale',
  series: { count: 2, lastObservedTime: '2026-11-26T00:01:00.000000Z' },
};

describe('event conversion', () => {
  it('serves a core Event as events.k8s.io/v1 with the renamed fields', () => {
    expect(eventFromCore(CORE)).toEqual(EVENTS_V1);
  });

  it('stores an events.k8s.io/v1 Event as the core Event', () => {
    expect(eventToCore(EVENTS_V1)).toEqual(CORE);
  });

  it('round-trips both ways', () => {
    expect(eventToCore(eventFromCore(CORE))).toEqual(CORE);
    expect(eventFromCore(eventToCore(EVENTS_V1))).toEqual(EVENTS_V1);
  });
});
