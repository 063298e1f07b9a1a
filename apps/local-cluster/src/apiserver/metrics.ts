// The API server's Prometheus metrics, named after kube-apiserver's.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The metrics the server updates. */
export interface ApiMetrics {
  readonly requests: Counter<'verb' | 'resource' | 'code'>;
  readonly latency: Histogram<'verb' | 'resource'>;
}

/** Registers the metrics on `registry`; `watchers` and `storageBytes` are read at scrape time. */
export function createApiMetrics(registry: Registry, gauges: { watchers: () => number; storageBytes: () => number }): ApiMetrics {
  const requests = new Counter({
    name: 'apiserver_request_total',
    help: 'API requests by verb, resource and HTTP code.',
    labelNames: ['verb', 'resource', 'code'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'apiserver_request_duration_seconds',
    help: 'API request latency by verb and resource (watches: until the stream is set up).',
    labelNames: ['verb', 'resource'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  new Gauge({
    name: 'apiserver_longrunning_requests',
    help: 'Open watch streams.',
    registers: [registry],
    collect() {
      this.set(gauges.watchers());
    },
  });
  new Gauge({
    name: 'apiserver_storage_size_bytes',
    help: 'Size of the database on disk.',
    registers: [registry],
    collect() {
      this.set(gauges.storageBytes());
    },
  });
  return { requests, latency };
}
