// The platform on the local cluster: the local overlay applied with kubectl (retried while the
// API server or the webhook is still coming up), then every Deployment in ebb-system waited for
// until Available, then the example Service applied and waited for until Ready — each wait
// printing what it is waiting for whenever that changes.
import { setTimeout as sleep } from 'node:timers/promises';
import type { KubeConfig, V1Deployment } from '@kubernetes/client-node';
import { KubeResources, ResourceClient, type KubeObjectLike } from '@ebb/kube';
import { KnativeResources } from '@ebb/api';
import { CliError } from '../context.js';
import { adaptLocalOverlay, PLATFORM, type LocalPorts } from './manifests.js';
import { runCommand } from './exec.js';

/** How kubectl is run against the local cluster. */
export interface Kubectl {
  readonly binary: string;
  readonly kubeconfig: string;
  readonly cacheDir: string;
}

/** Runs kubectl with the local cluster's kubeconfig and its own discovery cache. */
export async function kubectl(k: Kubectl, args: readonly string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCommand(k.binary, ['--kubeconfig', k.kubeconfig, '--cache-dir', k.cacheDir, ...args], input === undefined ? {} : { input });
}

/** Progress lines go here. */
export type Say = (line: string) => void;

/** Retries `kubectl apply -f -` of `yaml` until it succeeds or the deadline passes. */
export async function applyUntilAccepted(k: Kubectl, yaml: string, say: Say, deadline: number): Promise<void> {
  let lastError = '';
  for (;;) {
    const result = await kubectl(k, ['apply', '-f', '-'], yaml);
    if (result.code === 0) return;
    const error = result.stderr.trim().split('\n')[0] ?? '';
    if (error !== lastError) say(`  kubectl apply failed, retrying: ${error}`);
    lastError = error;
    if (Date.now() > deadline) throw new CliError(`kubectl apply kept failing: ${result.stderr.trim()}`);
    await sleep(1000);
  }
}

/** `kubectl kustomize <overlay>` with `ports` put in. */
export async function localOverlay(k: Kubectl, overlay: string, ports: LocalPorts): Promise<string> {
  const built = await runCommand(k.binary, ['kustomize', overlay]);
  if (built.code !== 0) throw new CliError(`kubectl kustomize ${overlay} failed: ${built.stderr.trim()}`);
  return adaptLocalOverlay(built.stdout, ports);
}

/** A count that may be absent (0 then). */
function count(value: number | undefined, absent = 0): number {
  return value ?? absent;
}

/** `name ready/wanted` of a Deployment, and whether it is rolled out and Available. */
function deploymentProgress(d: V1Deployment): { done: boolean; text: string } {
  const wanted = count(d.spec?.replicas, 1);
  const available = count(d.status?.availableReplicas);
  const rolledOut = count(d.status?.observedGeneration) >= count(d.metadata?.generation) && count(d.status?.updatedReplicas) >= wanted;
  return { done: rolledOut && available >= wanted, text: `${d.metadata?.name ?? ''} ${available}/${wanted}` };
}

/** Waits until every Deployment in ebb-system is Available, printing the counts when they change. */
export async function waitForPlatform(kc: KubeConfig, say: Say, deadline: number): Promise<void> {
  const client = new ResourceClient<V1Deployment>(kc, KubeResources.deployment);
  let last = '';
  for (;;) {
    const progress = (await client.list(PLATFORM.namespace).catch(() => [])).map(deploymentProgress);
    const line = progress.map((p) => p.text).join(', ');
    if (line !== last && line !== '') say(`  waiting for ${PLATFORM.namespace}: ${line}`);
    last = line;
    if (progress.length > 0 && progress.every((p) => p.done)) return;
    if (Date.now() > deadline) throw new CliError(`the platform did not become available in time (${line}); see kubectl -n ${PLATFORM.namespace} get pods`);
    await sleep(500);
  }
}

/** A Knative Service as far as waiting reads it. */
interface ServiceView extends KubeObjectLike {
  status?: { observedGeneration?: number; url?: string; conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

/** The Ready condition when the status is for the current generation. */
function readyOf(service: ServiceView | undefined): { status: string; reason: string; message: string } | undefined {
  const status = service?.status;
  if (status?.observedGeneration !== service?.metadata?.generation) return undefined;
  const ready = status?.conditions?.find((c) => c.type === 'Ready');
  return ready === undefined ? undefined : { reason: '', message: '', ...ready };
}

/** What to print while waiting. */
function waitingLine(ready: ReturnType<typeof readyOf>): string {
  if (ready === undefined) return 'waiting for the controller';
  return ready.message === '' ? ready.reason : ready.message;
}

function urlOf(service: ServiceView | undefined): string {
  return service?.status?.url ?? '';
}

/** Waits until the Knative Service is Ready and returns its URL; fails on Ready=False. */
export async function waitForService(kc: KubeConfig, ref: { namespace: string; name: string }, say: Say, deadline: number): Promise<string> {
  const client = new ResourceClient<ServiceView>(kc, KnativeResources.service);
  let last = '';
  for (;;) {
    const service = await client.get(ref.namespace, ref.name).catch(() => undefined);
    const ready = readyOf(service);
    if (ready?.status === 'True') return urlOf(service);
    if (ready?.status === 'False') throw new CliError(`Service '${ref.name}' failed: ${ready.reason}: ${ready.message}`);
    const line = waitingLine(ready);
    if (line !== last) say(`  ${ref.name}: ${line}`);
    last = line;
    if (Date.now() > deadline) throw new CliError(`Service '${ref.name}' did not become ready in time (${line})`);
    await sleep(250);
  }
}
