// What every controller of the local cluster looks like to the code that runs it.
import type { EventRecorder } from '@ebb/kube';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { InformerFactory } from './informers.js';

/** The read side of one collection: an informer cache (specs pass their own). */
export interface Lister<T> {
  get(name: string, namespace?: string): T | undefined;
  list(namespace?: string): T[];
}

/**
 * Where a controller records Events: an EventRecorder (specs pass their own). `T` is the shape
 * the controller holds objects in (client-node's models, or plain JSON objects).
 */
export interface EventSink<T = Parameters<EventRecorder['record']>[0]> {
  record(object: T, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

/** What a controller is built from. Register informer handlers in the constructor. */
export interface ControllerDeps {
  readonly kubeConfig: KubeConfig;
  readonly informers: InformerFactory;
  readonly events: EventRecorder;
  readonly logger: Logger;
  /** Wall clock (tests pass their own). */
  readonly clock: () => Date;
}

/** A running control loop. `start` is called after the informers have synced. */
export interface Controller {
  start(): Promise<void>;
  /** Stops its work queue; resolves when running work has finished. */
  stop(): Promise<void>;
  /** True when no work is queued or running (tests poll it). */
  idle(): boolean;
}
