// Probes and lifecycle hooks, as the kubelet's prober (pkg/kubelet/prober) and lifecycle handler
// runner do them: httpGet (200–399 is success), tcpSocket (a connect), exec (exit 0), each
// bounded by timeoutSeconds and run every periodSeconds after initialDelaySeconds. The pod's
// processes listen on mapped host ports, so a probe's port goes through `effectivePort`. The
// threshold logic is pure (@ebb/workloads probe-state); this file does the I/O and the timing.
import { request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect, isIPv6 } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IntOrString, V1Container, V1ExecAction, V1HTTPGetAction, V1LifecycleHandler, V1Pod, V1Probe, V1TCPSocketAction } from '@kubernetes/client-node';
import { effectivePort, initialProbeState, nextProbeState, probeTimings, type ProbeKind, type ProbeResult, type ProbeState, type ProbeTimings } from '@ebb/workloads';
import type { Logger } from 'pino';
import { VERSION_INFO } from '../apiserver/version.js';
import type { RunningContainer } from './runtime/runtime.js';
import { errorMessage } from './volumes/api.js';

export type { ProbeKind, ProbeResult } from '@ebb/workloads';

/** What a probe or hook acts on. */
export interface ProbeTarget {
  readonly pod: V1Pod;
  readonly container: V1Container;
  readonly podIP: string;
  readonly running: RunningContainer;
}

/** The outcome of one probe attempt or hook run. */
export interface CheckResult {
  readonly ok: boolean;
  /** Why it failed (Kubernetes' wording), or the exec output. */
  readonly message: string;
}

/** The failure message of a gRPC probe: the local cluster has no gRPC health client. */
export const GRPC_UNSUPPORTED = 'gRPC probes are not supported by the local cluster';

/** The kubelet's probe User-Agent. */
const USER_AGENT = `kube-probe/${VERSION_INFO.major}.${VERSION_INFO.minor}`;

/** What a {@link ProbeWorker} runs and whom it tells. */
export interface ProbeWorkerSpec {
  readonly kind: ProbeKind;
  readonly probe: V1Probe;
  readonly target: ProbeTarget;
  /** Called when the result flips (after the thresholds), with a message for a failure (`HTTP probe failed with statuscode: 500`). */
  readonly onChange: (result: ProbeResult, message: string) => void;
  readonly logger: Logger;
  /** How long one of the probe's "seconds" is, in ms (1000; tests shrink it). */
  readonly secondMs?: number;
}

/** Runs one probe of one running container on its schedule (initialDelaySeconds, periodSeconds, timeoutSeconds, thresholds). */
export class ProbeWorker {
  #state: ProbeState;
  readonly #timings: ProbeTimings;
  #timer: NodeJS.Timeout | undefined;
  #active = false;
  #warnedGrpc = false;

  readonly kind: ProbeKind;
  readonly probe: V1Probe;
  readonly target: ProbeTarget;
  readonly onChange: ProbeWorkerSpec['onChange'];
  readonly logger: Logger;
  readonly secondMs: number;

  constructor(spec: ProbeWorkerSpec) {
    ({ kind: this.kind, probe: this.probe, target: this.target, onChange: this.onChange, logger: this.logger } = spec);
    this.secondMs = spec.secondMs ?? 1000;
    this.#state = initialProbeState(spec.kind);
    this.#timings = probeTimings(spec.probe);
  }

  /** `unknown` before the first result (startup), `failure` for readiness, `success` for liveness. */
  get result(): ProbeResult {
    return this.#state.result;
  }

  /** Starts probing: the first attempt right after initialDelaySeconds, then every periodSeconds. */
  start(): void {
    if (this.#active || this.#state.done) return;
    this.#active = true;
    this.#schedule(this.#timings.initialDelaySeconds * this.secondMs);
  }

  /** Stops probing; an attempt in flight is ignored. */
  stop(): void {
    this.#active = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(delayMs: number): void {
    if (!this.#active) return;
    this.#timer = setTimeout(() => void this.#attempt(), delayMs);
  }

  async #attempt(): Promise<void> {
    const startedAt = Date.now();
    this.#warnOnceForGrpc();
    const check = await runProbeAction(this.probe, this.target, this.#timings.timeoutSeconds * this.secondMs);
    if (!this.#active) return;
    this.#apply(check);
    if (this.#state.done) {
      this.#active = false;
      return;
    }
    this.#schedule(Math.max(0, this.#timings.periodSeconds * this.secondMs - (Date.now() - startedAt)));
  }

  #apply(check: CheckResult): void {
    const previous = this.#state.result;
    this.#state = nextProbeState(this.kind, this.#state, check.ok ? 'success' : 'failure', this.#timings);
    if (this.#state.result === previous) return;
    this.logger.debug({ pod: this.target.pod.metadata?.name, container: this.target.container.name, probe: this.kind, result: this.#state.result, message: check.message }, 'probe result changed');
    try {
      this.onChange(this.#state.result, check.ok ? '' : check.message);
    } catch (error) {
      this.logger.error({ err: error, probe: this.kind }, 'probe result handler failed');
    }
  }

  #warnOnceForGrpc(): void {
    if (!this.probe.grpc || this.#warnedGrpc) return;
    this.#warnedGrpc = true;
    this.logger.warn({ pod: this.target.pod.metadata?.name, container: this.target.container.name, probe: this.kind }, GRPC_UNSUPPORTED);
  }
}

/** One attempt of a probe's handler (httpGet, tcpSocket, exec; grpc fails), bounded by `timeoutMs`. */
export async function runProbeAction(probe: Pick<V1Probe, 'httpGet' | 'tcpSocket' | 'exec' | 'grpc'>, target: ProbeTarget, timeoutMs: number): Promise<CheckResult> {
  try {
    if (probe.httpGet) return await httpGetCheck(probe.httpGet, target, timeoutMs);
    if (probe.tcpSocket) return await tcpSocketCheck(probe.tcpSocket, target, timeoutMs);
    if (probe.exec) return await execCheck(probe.exec, target, timeoutMs);
  } catch (error) {
    return { ok: false, message: errorMessage(error) };
  }
  if (probe.grpc) return { ok: false, message: GRPC_UNSUPPORTED };
  return { ok: false, message: `missing probe handler for ${target.container.name}` };
}

/** Runs a lifecycle handler (preStop/postStart: httpGet, exec, sleep); resolves when it is done or after `timeoutMs`, never rejects. */
export async function runLifecycleHandler(handler: V1LifecycleHandler, target: ProbeTarget, timeoutMs: number, logger?: Logger): Promise<void> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const timedOut = new Promise<CheckResult>((resolve) => controller.signal.addEventListener('abort', () => resolve({ ok: false, message: `hook did not finish within ${timeoutMs}ms` }), { once: true }));
  try {
    const check = await Promise.race([lifecycleAction(handler, target, timeoutMs, controller.signal), timedOut]);
    if (!check.ok) logger?.warn({ pod: target.pod.metadata?.name, container: target.container.name, message: check.message }, 'lifecycle hook failed');
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

async function lifecycleAction(handler: V1LifecycleHandler, target: ProbeTarget, timeoutMs: number, signal: AbortSignal): Promise<CheckResult> {
  try {
    if (handler.exec) return await execCheck(handler.exec, target, timeoutMs);
    if (handler.httpGet) return await httpGetCheck(handler.httpGet, target, timeoutMs);
    if (handler.sleep) await sleep(handler.sleep.seconds * 1000, undefined, { signal });
    return { ok: true, message: '' };
  } catch (error) {
    return { ok: false, message: errorMessage(error) };
  }
}

/**
 * The port a probe reaches (kubelet `extractPort`): a number, or the name of one of the
 * container's ports (else a number written as a string), mapped to where the pod really listens.
 */
export function resolveProbePort(port: IntOrString, target: Pick<ProbeTarget, 'pod' | 'container'>): number | { error: string } {
  const named = typeof port === 'string' ? target.container.ports?.find((p) => p.name === port) : undefined;
  const number = named ? named.containerPort : Number(port);
  if (!Number.isInteger(number) || number < 1 || number > 65535) return { error: `invalid port number: ${String(port)}` };
  return effectivePort({ metadata: { annotations: target.pod.metadata?.annotations } }, number, named?.protocol ?? 'TCP');
}

function joinHostPort(host: string, port: number): string {
  return isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The URL an httpGet action requests (kubelet `formatURL`). */
export function probeUrl(action: V1HTTPGetAction, host: string, port: number): URL {
  const scheme = (action.scheme ?? 'HTTP').toLowerCase() === 'https' ? 'https' : 'http';
  return new URL(action.path || '/', `${scheme}://${joinHostPort(host, port)}`);
}

/** An httpGet probe: success for a 200–399 answer within the timeout (redirects are not followed: a 3xx is a success). */
export async function httpGetCheck(action: V1HTTPGetAction, target: ProbeTarget, timeoutMs: number): Promise<CheckResult> {
  const port = resolveProbePort(action.port, target);
  if (typeof port !== 'number') return { ok: false, message: port.error };
  const url = probeUrl(action, action.host || target.podIP, port);
  const headers: Record<string, string> = { 'User-Agent': USER_AGENT, Accept: '*/*', Connection: 'close' };
  for (const header of action.httpHeaders ?? []) headers[header.name] = header.value;
  const options: RequestOptions & { rejectUnauthorized: boolean } = { method: 'GET', headers, agent: false, rejectUnauthorized: false };
  try {
    const code = await statusOf(url, options, timeoutMs);
    return code >= 200 && code < 400 ? { ok: true, message: '' } : { ok: false, message: `HTTP probe failed with statuscode: ${code}` };
  } catch (error) {
    return { ok: false, message: `Get "${url.href}": ${errorMessage(error)}` };
  }
}

/** The status code of a GET, or an error (the timeout's reads like Go's client's). */
function statusOf(url: URL, options: RequestOptions, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request: ClientRequest = send(url, options, (response: IncomingMessage) => {
      clearTimeout(timer);
      resolve(response.statusCode ?? 0);
      response.destroy();
    });
    const timer = setTimeout(() => request.destroy(new Error('context deadline exceeded (Client.Timeout exceeded while awaiting headers)')), timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end();
  });
}

/** A tcpSocket probe: success when a connection opens within the timeout. */
export function tcpSocketCheck(action: V1TCPSocketAction, target: ProbeTarget, timeoutMs: number): Promise<CheckResult> {
  const port = resolveProbePort(action.port, target);
  if (typeof port !== 'number') return Promise.resolve({ ok: false, message: port.error });
  const host = action.host || target.podIP;
  const address = joinHostPort(host, port);
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (check: CheckResult): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(check);
    };
    const timer = setTimeout(() => finish({ ok: false, message: `dial tcp ${address}: i/o timeout` }), timeoutMs);
    socket.once('connect', () => finish({ ok: true, message: '' }));
    socket.once('error', (error) => finish({ ok: false, message: `dial tcp ${address}: ${error.message}` }));
  });
}

/** An exec probe: success for exit code 0; the output is the message. */
export async function execCheck(action: V1ExecAction, target: ProbeTarget, timeoutMs: number): Promise<CheckResult> {
  const argv = action.command ?? [];
  if (argv.length === 0) return { ok: false, message: 'exec probe has no command' };
  try {
    const result = await target.running.exec(argv, timeoutMs);
    if (result.timedOut) return { ok: false, message: `command ${JSON.stringify(argv.join(' '))} timed out` };
    return { ok: result.exitCode === 0, message: result.output };
  } catch (error) {
    return { ok: false, message: errorMessage(error) };
  }
}
