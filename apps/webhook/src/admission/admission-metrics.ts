import { Counter, Histogram, type Registry } from 'prom-client';

/** How an admission request ended: answered allowed, answered denied, or refused with an HTTP error. */
export const ADMISSION_RESULTS = { allowed: 'allowed', denied: 'denied', error: 'error' } as const;
/** One of {@link ADMISSION_RESULTS}. */
export type AdmissionResult = (typeof ADMISSION_RESULTS)[keyof typeof ADMISSION_RESULTS];

/** One served request, as counted. */
export interface AdmissionSample {
  /** The webhook path, or `other` for a path the webhook does not know. */
  readonly path: string;
  /** `request.kind.kind`, empty when the request did not decode. */
  readonly kind: string;
  /** `request.operation`, empty when the request did not decode. */
  readonly operation: string;
  readonly result: AdmissionResult;
  readonly seconds: number;
}

/** Where the admission server records what it served. */
export interface AdmissionMetrics {
  observe(sample: AdmissionSample): void;
}

/** Registers `ebb_webhook_admission_requests_total` and `ebb_webhook_admission_duration_seconds` on `registry`. */
export function createAdmissionMetrics(registry: Registry): AdmissionMetrics {
  const requests = new Counter({
    name: 'ebb_webhook_admission_requests_total',
    help: 'Admission requests served, by webhook path, object kind, operation and result (allowed, denied or error).',
    labelNames: ['path', 'kind', 'operation', 'result'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'ebb_webhook_admission_duration_seconds',
    help: 'Time to answer an admission request, from its arrival to the end of the response, by webhook path.',
    labelNames: ['path'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return {
    observe: (sample) => {
      requests.inc({ path: sample.path, kind: sample.kind, operation: sample.operation, result: sample.result });
      duration.observe({ path: sample.path }, sample.seconds);
    },
  };
}
