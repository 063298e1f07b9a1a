// Spec support for the reconciler tables: a ReconcileContext at a fixed time whose Event sink
// records `type reason message` lines, and the config snapshot with every map at its defaults.
import {
  defaultAutoscalerConfig,
  defaultDefaultsConfig,
  defaultDeploymentConfig,
  defaultDomainConfig,
  defaultFeaturesConfig,
  defaultGcConfig,
  defaultNetworkConfig,
} from '@ebb/config';
import type { EventSink, KubeObjectLike, ReconcileContext } from '@ebb/kube';
import { pino } from 'pino';
import type { ServingConfig } from '../deps.js';

/** An EventSink that keeps each Event as `Normal Created Created Revision "x"`. */
export class RecordingEvents implements EventSink {
  readonly lines: string[] = [];

  record(_object: KubeObjectLike, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.lines.push(`${type} ${reason} ${message}`);
  }
}

/** A context at `now` with a silent logger and a recording Event sink. */
export function reconcileContext(now: Date): { ctx: ReconcileContext; events: RecordingEvents } {
  const events = new RecordingEvents();
  return { ctx: { now, logger: pino({ level: 'silent' }), events }, events };
}

/** Every ConfigMap at its defaults (what a reconcile sees in a cluster without them). */
export function defaultServingConfig(): ServingConfig {
  return {
    defaults: defaultDefaultsConfig(),
    network: defaultNetworkConfig(),
    domain: defaultDomainConfig(),
    deployment: defaultDeploymentConfig(),
    features: defaultFeaturesConfig(),
    autoscaler: defaultAutoscalerConfig(),
    gc: defaultGcConfig(),
  };
}
