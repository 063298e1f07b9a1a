// `GET /api/v1/namespaces/<ns>/pods/<name>/log`: what `kubectl logs` asks. Picks the container
// (refusing as the kubelet does when it is ambiguous, unknown or not started), reads the query
// (container, previous, follow, timestamps, tailLines, sinceSeconds, sinceTime, limitBytes) and
// streams the container's log from the kubelet's log store in the data dir as `text/plain`.
// The RestHandler has already found the pod (404 when missing) and RBAC has checked `pods/log`.
import { badRequest, listOf, recordOf, stringOf, type KubeObject } from '@ebb/apimachinery';
import type { ServerResponse } from 'node:http';
import { logAttempts, readLogs, resolveLogAttempt, type LogReadOptions } from '../kubelet/logs/log-reader.js';
import { timestampMs } from '../kubelet/logs/cri-format.js';
import { podDirectory } from '../kubelet/runtime/runtime.js';

/** The query of a log request, read. */
export interface LogQuery extends LogReadOptions {
  readonly container?: string;
}

function flag(query: URLSearchParams, name: string): boolean | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if (value === '' || value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw badRequest(`invalid ${name} ${JSON.stringify(value)}: must be true or false`);
}

function integer(query: URLSearchParams, name: string, minimum: number): number | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(number)) throw badRequest(`invalid ${name} ${JSON.stringify(value)}: must be an integer`);
  if (number < minimum) throw badRequest(`${name}: Invalid value: ${number}: must be greater than or equal to ${minimum}`);
  return number;
}

function sinceTimeOf(query: URLSearchParams): string | undefined {
  const value = query.get('sinceTime');
  if (value === null) return undefined;
  if (Number.isNaN(timestampMs(value))) throw badRequest(`invalid sinceTime ${JSON.stringify(value)}: must be an RFC3339 time`);
  return value;
}

/** The PodLogOptions of a query; 400 for a malformed one. */
export function logQueryOf(query: URLSearchParams): LogQuery {
  const options: LogQuery = {
    container: query.get('container') ?? undefined,
    previous: flag(query, 'previous'),
    follow: flag(query, 'follow'),
    timestamps: flag(query, 'timestamps'),
    tailLines: integer(query, 'tailLines', 0),
    sinceSeconds: integer(query, 'sinceSeconds', 1),
    sinceTime: sinceTimeOf(query),
    limitBytes: integer(query, 'limitBytes', 1),
  };
  if (options.sinceSeconds !== undefined && options.sinceTime !== undefined) throw badRequest('at most one of `sinceTime` or `sinceSeconds` may be specified');
  return options;
}

function namesOf(list: unknown): string[] {
  return listOf(list).map((container) => stringOf(recordOf(container).name));
}

/** The container a request reads: the one named, or the only one; 400 otherwise. */
export function logContainer(pod: KubeObject, requested: string | undefined): string {
  const spec = recordOf(pod.spec);
  const containers = namesOf(spec.containers);
  const others = [...namesOf(spec.initContainers), ...namesOf(spec.ephemeralContainers)];
  const podName = pod.metadata.name ?? '';
  if (requested === undefined || requested === '') {
    if (containers.length === 1) return containers[0] ?? '';
    const init = others.length === 0 ? '' : ` or one of the init containers: [${others.join(' ')}]`;
    throw badRequest(`a container name must be specified for pod ${podName}, choose one of: [${containers.join(' ')}]${init}`);
  }
  if (!containers.includes(requested) && !others.includes(requested)) throw badRequest(`container ${requested} is not valid for pod ${podName}`);
  return requested;
}

function statusOf(pod: KubeObject, container: string): Record<string, unknown> | undefined {
  const status = recordOf(pod.status);
  const all = [...listOf(status.containerStatuses), ...listOf(status.initContainerStatuses), ...listOf(status.ephemeralContainerStatuses)];
  return all.map(recordOf).find((entry) => entry.name === container);
}

/** Why a container that has no log yet has none (the kubelet's wording), for the 400 answer. */
export function notStartedMessage(pod: KubeObject, container: string): string {
  const names = `${JSON.stringify(container)} in pod ${JSON.stringify(pod.metadata.name ?? '')}`;
  const state = recordOf(statusOf(pod, container)?.state);
  if (state.terminated !== undefined) return `container ${names} is terminated`;
  const reason = stringOf(recordOf(state.waiting).reason) || 'ContainerCreating';
  if (reason === 'ErrImagePull') return `container ${names} is waiting to start: image can't be pulled`;
  if (reason === 'ImagePullBackOff') return `container ${names} is waiting to start: trying and failing to pull image`;
  return `container ${names} is waiting to start: ${reason}`;
}

/** What the log handler needs. */
export interface PodLogHandlerOptions {
  /** The local cluster's data dir (pods' logs are under `<data-dir>/kubelet/pods/<uid>/logs`). */
  readonly dataDir: string;
  /** How often a follower looks for new lines when no file event came (250 ms). */
  readonly pollMs?: number;
}

/** Serves `pods/<name>/log`. */
export class PodLogHandler {
  constructor(private readonly options: PodLogHandlerOptions) {}

  /** Streams the log of `pod`; throws StatusErrors (before anything is written) for the caller to send. */
  async serve(res: ServerResponse, pod: KubeObject, query: URLSearchParams): Promise<void> {
    const options: LogQuery = { ...logQueryOf(query), podName: pod.metadata.name ?? '', pollMs: this.options.pollMs };
    const container = logContainer(pod, options.container);
    const podDir = podDirectory(this.options.dataDir, pod.metadata.uid ?? '');
    if ((await logAttempts(podDir, container)).length === 0) throw badRequest(notStartedMessage(pod, container));
    await resolveLogAttempt(podDir, container, options);
    const abort = new AbortController();
    res.once('close', () => abort.abort());
    res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-cache, private' });
    if (options.follow === true) res.flushHeaders();
    try {
      await readLogs(podDir, container, { ...options, signal: abort.signal }, res);
    } finally {
      res.end();
    }
  }
}

/** For the RestHandler: the handler's entry point, typed loosely enough for a test double. */
export type PodLogs = Pick<PodLogHandler, 'serve'>;
