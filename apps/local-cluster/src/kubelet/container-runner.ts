// The effects on one container: start it (resolve its image, build its environment, launch it
// through its runtime, watch its end and give it its termination message, run its probes) and stop it (preStop hook, SIGTERM, then
// SIGKILL after the grace period). The pod worker decides when; this file only does.
import { constants } from 'node:os';
import type { V1Pod, V1Probe } from '@kubernetes/client-node';
import { rfc3339Seconds } from '@ebb/apimachinery';
import { BACKOFF_INITIAL_MS, BACKOFF_MAX_MS, effectiveSecurity, expandCommand, nextBackoff, nonRootViolation, type ContainerStateTerminated, type PodPortMap } from '@ebb/workloads';
import type { ContainerSlot } from './container-slot.js';
import { imageIdOf, launchEnv, memoryLimitBytes, servingPort } from './launch-env.js';
import { podRef, type PodWorkerDeps } from './pod-deps.js';
import type { PodVolumes } from './pod-environment.js';
import type { ProbeKind, ProbeResult, ProbeTarget } from './probes.js';
import { readLogEnd } from './logs/log-reader.js';
import { containerLogFile, ContainerStartError, type ContainerExit, type ContainerLaunch, type ImageResolution, type RunningContainer } from './runtime/runtime.js';
import { fallsBackToLogs, makeTerminationMessage, TERMINATION_MESSAGE_LOG_LIMITS } from './termination-message.js';

/** What starting and stopping a pod's containers needs from its worker. */
export interface RunContext {
  readonly deps: PodWorkerDeps;
  /** The pod, with status.podIP and hostIP already set. */
  readonly pod: V1Pod;
  readonly podIP: string;
  readonly podDir: string;
  readonly volumes: PodVolumes;
  readonly ports: PodPortMap;
  /** Something changed that the status should show now. */
  changed(): void;
  /** A probe failed: stop the run so that the restart policy applies. */
  restart(slot: ContainerSlot, message: string): void;
}

/** A probe result flip of one run. */
interface ProbeEvent {
  readonly slot: ContainerSlot;
  readonly target: ProbeTarget;
  readonly kind: ProbeKind;
  readonly result: ProbeResult;
  readonly message: string;
}

function record(ctx: RunContext, type: 'Normal' | 'Warning', reason: string, message: string): void {
  ctx.deps.events.record(ctx.pod, type, reason, message);
}

/** The terminated state of a run that ended. */
export function terminatedOf(exit: ContainerExit, containerID: string): ContainerStateTerminated {
  const signal = exit.signal === undefined ? undefined : (constants.signals as Record<string, number>)[exit.signal];
  return {
    exitCode: exit.exitCode,
    ...(signal === undefined ? {} : { signal }),
    reason: exit.reason,
    ...(exit.message === undefined ? {} : { message: exit.message }),
    startedAt: rfc3339Seconds(exit.startedAt),
    finishedAt: rfc3339Seconds(exit.finishedAt),
    containerID,
  };
}

/**
 * The exit with the message the kubelet gives it: with FallbackToLogsOnError and an error exit,
 * the end of the run's log (the runtime has closed the log before the exit settles). Never rejects.
 */
export async function withTerminationMessage(ctx: Pick<RunContext, 'podDir'>, slot: ContainerSlot, attempt: number, exit: ContainerExit): Promise<ContainerExit> {
  const policy = slot.spec.terminationMessagePolicy;
  if (!fallsBackToLogs(policy, exit)) return exit;
  const logLines = await readLogEnd(containerLogFile(ctx.podDir, slot.name, attempt), TERMINATION_MESSAGE_LOG_LIMITS);
  const message = makeTerminationMessage({ policy, exit, logLines });
  return message === undefined ? exit : { ...exit, message };
}

/** Moves the previous run's end to lastState (a restart) before a new run. */
function beginRun(slot: ContainerSlot): void {
  if (slot.exit === undefined) return;
  slot.restartCount++;
  slot.backoff = nextBackoff(slot.backoff, Date.parse(slot.exit.finishedAt));
  slot.lastTerminated = slot.exit;
  slot.exit = undefined;
}

async function launchOf(ctx: RunContext, slot: ContainerSlot, resolution: ImageResolution): Promise<ContainerLaunch> {
  const { deps, pod } = ctx;
  const own = await deps.environment.resolveContainerEnv(pod, slot.spec, { kubeConfig: deps.kubeConfig, logger: deps.logger, clock: deps.clock });
  const serving = servingPort(pod, ctx.ports);
  const { name: podName, namespace, uid } = podRef(pod);
  const port = serving !== undefined && serving.container === slot.name && !slot.init ? serving.port : undefined;
  // A process sees the host's files, so it is told where its volumes are; a Docker container
  // finds them at their mountPaths, as in any pod (host paths mean nothing inside it).
  const volumes = resolution.runtime.name === 'process' ? ctx.volumes.envFor(slot.spec) : {};
  const env = launchEnv({ own, volumes, podName, podIP: ctx.podIP, apiServer: deps.apiServer, ...(port === undefined ? {} : { port }) });
  const security = effectiveSecurity(pod.spec?.securityContext, slot.spec.securityContext);
  const violation = nonRootViolation(security, `${podName}_${namespace}(${uid})`, slot.name);
  if (violation !== undefined) throw new ContainerStartError('CreateContainerConfigError', violation);
  return {
    podUid: uid,
    podName,
    namespace,
    containerName: slot.name,
    attempt: slot.restartCount,
    image: resolution.image,
    command: expandCommand(slot.spec.command, env),
    args: expandCommand(slot.spec.args, env),
    env,
    workingDir: slot.spec.workingDir,
    mounts: ctx.volumes.mountsFor(slot.spec),
    memoryLimitBytes: memoryLimitBytes(slot.spec),
    security,
    podIP: ctx.podIP,
    podDir: ctx.podDir,
  };
}

function startFailed(ctx: RunContext, slot: ContainerSlot, error: unknown): void {
  const reason = error instanceof ContainerStartError ? error.reason : 'RunContainerError';
  const message = error instanceof Error ? error.message : String(error);
  slot.startFailures++;
  slot.retryAtMs = ctx.deps.clock().getTime() + Math.min(BACKOFF_INITIAL_MS * 2 ** (slot.startFailures - 1), BACKOFF_MAX_MS);
  const pullBackOff = reason === 'ErrImagePull' && slot.startFailures > 1;
  slot.waiting = pullBackOff ? { reason: 'ImagePullBackOff', message: `Back-off pulling image "${slot.spec.image ?? ''}"` } : { reason, message };
  record(ctx, 'Warning', 'Failed', `Error: ${message}`);
  ctx.deps.logger.warn({ pod: ctx.pod.metadata?.name, container: slot.name, reason, err: error }, 'container failed to start');
}

/** Starts one run of the container; a failure becomes its waiting reason and a retry time. */
export async function startSlot(ctx: RunContext, slot: ContainerSlot, onExit: (running: RunningContainer, exit: ContainerExit) => void): Promise<void> {
  beginRun(slot);
  try {
    const resolution = await ctx.deps.resolver.resolve(slot.spec);
    slot.imageID = imageIdOf(resolution.image);
    record(ctx, 'Normal', 'Pulled', `Container image "${slot.spec.image ?? ''}" already present on machine`);
    const launch = await launchOf(ctx, slot, resolution);
    record(ctx, 'Normal', 'Created', `Created container ${slot.name}`);
    const running = await resolution.runtime.start(launch);
    started(ctx, slot, running);
    void running.exited
      .then((exit) => withTerminationMessage(ctx, slot, launch.attempt, exit).catch(() => exit))
      .then((exit) => onExit(running, exit));
  } catch (error) {
    startFailed(ctx, slot, error);
  }
}

function started(ctx: RunContext, slot: ContainerSlot, running: RunningContainer): void {
  slot.running = { container: running, startedAt: rfc3339Seconds(running.startedAt) };
  slot.containerID = running.id;
  slot.waiting = undefined;
  slot.retryAtMs = undefined;
  slot.startFailures = 0;
  slot.killing = false;
  record(ctx, 'Normal', 'Started', `Started container ${slot.name}`);
  const target: ProbeTarget = { pod: ctx.pod, container: slot.spec, podIP: ctx.podIP, running };
  slot.started = slot.init || slot.spec.startupProbe === undefined;
  slot.ready = slot.started && slot.spec.readinessProbe === undefined;
  if (slot.init) return;
  if (slot.spec.startupProbe !== undefined) startProbe(ctx, { slot, target, kind: 'startup' }, slot.spec.startupProbe);
  else startGatedProbes(ctx, slot, target);
}

function startGatedProbes(ctx: RunContext, slot: ContainerSlot, target: ProbeTarget): void {
  if (slot.spec.readinessProbe !== undefined) startProbe(ctx, { slot, target, kind: 'readiness' }, slot.spec.readinessProbe);
  if (slot.spec.livenessProbe !== undefined) startProbe(ctx, { slot, target, kind: 'liveness' }, slot.spec.livenessProbe);
}

function startProbe(ctx: RunContext, at: Pick<ProbeEvent, 'slot' | 'target' | 'kind'>, probe: V1Probe): void {
  const handle = ctx.deps.environment.probe(at.kind, probe, at.target, (result, message) => onProbe(ctx, { ...at, result, message }));
  at.slot.probes.push(handle);
  handle.start();
}

const PROBE_NAMES: Record<ProbeKind, string> = { startup: 'Startup', readiness: 'Readiness', liveness: 'Liveness' };

function onProbe(ctx: RunContext, event: ProbeEvent): void {
  const { slot, kind, result } = event;
  if (slot.running?.container !== event.target.running || slot.killing) return;
  if (result === 'failure') record(ctx, 'Warning', 'Unhealthy', `${PROBE_NAMES[kind]} probe failed: ${event.message}`);
  if (kind === 'readiness') {
    slot.ready = result === 'success';
    ctx.changed();
  } else if (kind === 'startup' && result === 'success') {
    slot.started = true;
    slot.ready = slot.spec.readinessProbe === undefined;
    startGatedProbes(ctx, slot, event.target);
    ctx.changed();
  } else if (result === 'failure') {
    ctx.restart(slot, `Container ${slot.name} failed ${kind} probe, will be restarted`);
  }
}

/** Stops the run's probes. */
export function stopProbes(slot: ContainerSlot): void {
  for (const probe of slot.probes.splice(0)) probe.stop();
}

/** Records how a run ended; false when `running` is not the slot's current run. */
export function recordExit(slot: ContainerSlot, running: RunningContainer, exit: ContainerExit): boolean {
  if (slot.running?.container !== running) return false;
  stopProbes(slot);
  slot.running = undefined;
  slot.ready = false;
  slot.started = false;
  slot.killing = false;
  slot.exit = terminatedOf(exit, running.id);
  return true;
}

async function endsWithin(exited: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const ended = await Promise.race([exited.then(() => true), timeout]);
  clearTimeout(timer);
  return ended;
}

export interface KillOptions {
  readonly graceMs: number;
  /** The Killing event's message (none: no event, e.g. when the local cluster itself stops). */
  readonly message?: string;
  /** Run the preStop hook first (pod deletion). */
  readonly preStop: boolean;
}

/** Stops the running container: preStop hook, SIGTERM, SIGKILL once the grace period is over; resolves when it has ended. */
export async function killSlot(ctx: RunContext, slot: ContainerSlot, options: KillOptions): Promise<void> {
  const running = slot.running?.container;
  if (running === undefined) return;
  slot.killing = true;
  slot.ready = false;
  stopProbes(slot);
  if (options.message !== undefined) record(ctx, 'Normal', 'Killing', options.message);
  const deadline = Date.now() + options.graceMs;
  const hook = options.preStop && options.graceMs > 0 ? slot.spec.lifecycle?.preStop : undefined;
  if (hook !== undefined) await ctx.deps.environment.runLifecycleHandler(hook, { pod: ctx.pod, container: slot.spec, podIP: ctx.podIP, running }, options.graceMs);
  running.signal('SIGTERM');
  const remaining = Math.max(deadline - Date.now(), hook === undefined ? 0 : 2000);
  if (!(await endsWithin(running.exited, remaining))) running.signal('SIGKILL');
  await running.exited;
}
