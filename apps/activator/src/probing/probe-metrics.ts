// The Prometheus counter of the activator's probes of not-ready pods, by result. The two
// children are made once so a probe result does no label hashing.
import { Counter, type Registry } from 'prom-client';

/** Counts probe results. */
export class ProbeMetrics {
  private readonly ok: Counter.Internal;
  private readonly fail: Counter.Internal;

  constructor(registry: Registry) {
    const probes = new Counter({
      name: 'ebb_activator_probes_total',
      help: 'Probes the activator sent to not-ready pods of revisions with requests, by result.',
      labelNames: ['result'],
      registers: [registry],
    });
    this.ok = probes.labels('ok');
    this.fail = probes.labels('fail');
  }

  /** Counts one probe result. */
  result(ok: boolean): void {
    (ok ? this.ok : this.fail).inc();
  }
}
