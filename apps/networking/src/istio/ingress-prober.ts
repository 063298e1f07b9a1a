// Knative's ingress prober (knative/networking `pkg/status/status.go`, ISTIO.md §4) for the Istio
// class: an Ingress is ready once every gateway pod that serves it has answered a probe for its
// current hash. Each target (a gateway pod's address and port, with the URL the probe asks for)
// gets `GET <url>` with `User-Agent: Knative-Ingress-Probe`, `K-Network-Probe: probe` and
// `K-Network-Hash: override` — the probe route of the Ingress' VirtualService matches that header
// and sets it to the hash, which the backend echoes. The TCP connection goes to the pod, not to
// the URL's host; TLS is not verified. A target is retried with backoff (first try after 200 ms,
// then 50 ms doubling to 30 s) until its answer says it serves the hash; when the last target
// is done the Ingress' owner is told (it re-reconciles and then finds it ready). A new hash or a
// new set of targets starts over; the pure verdict and backoff are exported for tests.
import { INGRESS_PROBE_USER_AGENT, KnativeHeaders } from '@ebb/api';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { PROBE_HASH_OVERRIDE } from './resources/probe.js';
import type { ProbeTarget } from './resources/probe-targets.js';

/** What a probe's answer means (knative/networking `status.go`). */
export type ProbeVerdict = 'ready' | 'retry';

/** The delay before the first probe of a target. */
export const FIRST_PROBE_DELAY_MS = 200;
/** The first retry delay. */
export const PROBE_RETRY_START_MS = 50;
/** The longest retry delay (Knative's default `PROBE_MAX_RETRY_DELAY_SECONDS`: 30). */
export const PROBE_RETRY_CAP_MS = 30_000;
/** How long one probe may take. */
export const PROBE_TIMEOUT_MS = 1000;

/** 200 with the hash, 200 without a hash header, or any status but 404/503: ready; else retry. */
export function probeVerdict(status: number, answeredHash: string | undefined, hash: string): ProbeVerdict {
  if (status === 200) return answeredHash === undefined || answeredHash === hash ? 'ready' : 'retry';
  return status === 404 || status === 503 ? 'retry' : 'ready';
}

/** The retry delay after `previous` (undefined: the first retry). */
export function nextRetryDelay(previous: number | undefined): number {
  return previous === undefined ? PROBE_RETRY_START_MS : Math.min(previous * 2, PROBE_RETRY_CAP_MS);
}

/** A stable signature of a target set. */
export function targetsSignature(targets: readonly ProbeTarget[]): string {
  return targets
    .map((t) => `${t.url}@${t.address}:${t.port}`)
    .sort()
    .join(',');
}

/** Sends one probe; resolves with the verdict (a failed connection or a timeout: retry). */
export function sendProbe(target: ProbeTarget, hash: string): Promise<ProbeVerdict> {
  const url = new URL(target.url);
  const https = url.protocol === 'https:';
  // The Host as the URL spells it, port included even when it is the scheme's default (WHATWG's
  // url.host drops it; Go's prober sends it), which is why net-istio matches authority by prefix.
  const headers = { host: `${url.hostname}:${url.port === '' ? (https ? '443' : '80') : url.port}`, 'user-agent': INGRESS_PROBE_USER_AGENT, [KnativeHeaders.Probe]: 'probe', [KnativeHeaders.Hash]: PROBE_HASH_OVERRIDE };
  const options = { host: target.address, port: target.port, path: `${url.pathname}${url.search}`, headers, agent: false, timeout: PROBE_TIMEOUT_MS, ...(https ? { servername: url.hostname, rejectUnauthorized: false } : {}) };
  return new Promise((resolve) => {
    const onResponse = (res: IncomingMessage): void => {
      res.resume();
      const answered = res.headers[KnativeHeaders.Hash.toLowerCase()];
      resolve(probeVerdict(res.statusCode ?? 0, Array.isArray(answered) ? answered[0] : answered, hash));
    };
    const req = https ? httpsRequest(options, onResponse) : httpRequest(options, onResponse);
    req.on('timeout', () => req.destroy(new Error('probe timed out')));
    req.on('error', () => resolve('retry'));
    req.end();
  });
}

/** One Ingress' probing: its hash and targets, and how far it got. */
interface ProbeRun {
  readonly signature: string;
  readonly targets: number;
  pending: number;
  cancelled: boolean;
}

/** How an {@link IngressProber} is wired. */
export interface IngressProberOptions {
  /** Called with the Ingress key and how many targets it had once all of them are done. */
  readonly onReady: (key: string, targets: number) => void;
  /** Sends one probe (default {@link sendProbe}; tests pass their own). */
  readonly send?: (target: ProbeTarget, hash: string) => Promise<ProbeVerdict>;
  readonly firstDelayMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

/** Probes Ingresses' gateway pods and remembers which Ingress hashes are served everywhere. */
export class IngressProber {
  private readonly runs = new Map<string, ProbeRun>();
  private readonly send: (target: ProbeTarget, hash: string) => Promise<ProbeVerdict>;

  constructor(private readonly options: IngressProberOptions) {
    this.send = options.send ?? sendProbe;
  }

  /**
   * Whether every target serves `hash` for the Ingress `key`; starts (or restarts, when the hash or
   * the targets changed) the probing otherwise. No targets: ready at once.
   */
  isReady(key: string, hash: string, targets: readonly ProbeTarget[]): boolean {
    const signature = `${hash}|${targetsSignature(targets)}`;
    const run = this.runs.get(key);
    if (run?.signature === signature) return run.pending === 0;
    if (run !== undefined) run.cancelled = true;
    const fresh: ProbeRun = { signature, targets: targets.length, pending: targets.length, cancelled: false };
    this.runs.set(key, fresh);
    for (const target of targets) void this.probeUntilReady(key, fresh, target, hash);
    return targets.length === 0;
  }

  /** Forgets an Ingress (deleted, or no longer this prober's). */
  cancel(key: string): void {
    const run = this.runs.get(key);
    if (run !== undefined) run.cancelled = true;
    this.runs.delete(key);
  }

  /** Stops every run. */
  close(): void {
    for (const key of [...this.runs.keys()]) this.cancel(key);
  }

  private async probeUntilReady(key: string, run: ProbeRun, target: ProbeTarget, hash: string): Promise<void> {
    await sleep(this.options.firstDelayMs ?? FIRST_PROBE_DELAY_MS);
    let delay: number | undefined;
    while (!run.cancelled && (await this.send(target, hash)) === 'retry') {
      delay = nextRetryDelay(delay);
      await sleep(delay);
    }
    if (run.cancelled) return;
    run.pending -= 1;
    if (run.pending === 0) this.options.onReady(key, run.targets);
  }
}
