// The gateway's Prometheus metrics: requests by status code and their latency. The per-code
// counter children are cached so the hot path does no label hashing.
import { Counter, Histogram, type Registry } from 'prom-client';

/** Requests counted by status code, and a latency histogram. */
export class GatewayMetrics {
  private readonly requests: Counter<'code'>;
  private readonly latency: Histogram;
  private readonly byCode = new Map<number, Counter.Internal>();

  constructor(registry: Registry) {
    this.requests = new Counter({ name: 'ebb_gateway_requests_total', help: 'Requests the gateway answered, by HTTP status code (0: none sent).', labelNames: ['code'], registers: [registry] });
    this.latency = new Histogram({
      name: 'ebb_gateway_request_duration_seconds',
      help: 'Time from a request reaching the gateway to the end of its response.',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    });
  }

  /** Counts one answered request that took `seconds`. */
  observe(code: number, seconds: number): void {
    let child = this.byCode.get(code);
    if (child === undefined) {
      child = this.requests.labels(String(code));
      this.byCode.set(code, child);
    }
    child.inc();
    this.latency.observe(seconds);
  }
}
