// Admission as the resource service sees it: one call per step (mutate, then validate) that
// returns the object to go on with. The webhook implementation calls the Mutating and
// Validating webhook configurations stored in the cluster.
import type { KubeObject, ResourceType } from '@ebb/apimachinery';
import type { OperationContext, WriteOptions } from './operations.js';

/** One admission step of one write. */
export interface AdmissionStep {
  readonly resource: ResourceType;
  readonly operation: 'CREATE' | 'UPDATE' | 'DELETE';
  /** The object being written; for DELETE the stored object. */
  readonly object: KubeObject;
  readonly old: KubeObject | undefined;
  readonly options: WriteOptions;
  /** Warnings of the webhooks are appended here. */
  readonly warnings: string[];
  readonly step: 'mutate' | 'validate';
  readonly subresource?: string;
}

/** Runs admission; throws a StatusError when a webhook denies or fails with failurePolicy Fail. */
export interface Admission {
  run(ctx: OperationContext, step: AdmissionStep): Promise<KubeObject>;
}
