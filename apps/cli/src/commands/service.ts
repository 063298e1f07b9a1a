// `ebb service`: kn's service commands (create, update, apply, list, describe, delete) with kn's
// flags, defaults and messages (KN.md §1). Flag parsing → spec edits, traffic and columns are
// pure (serving/, output/); the functions here do the API calls and printing.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { randomInt } from 'node:crypto';
import { Command } from 'commander';
import { parse } from 'yaml';
import { isKubeApiError, type ResourceClient } from '@ebb/kube';
import { KnativeResources, LAST_APPLIED_CONFIGURATION_ANNOTATION, ServingLabels, type Revision, type Service } from '@ebb/api';
import { connect, type Cluster } from '../cluster.js';
import { CliError, type CliContext } from '../context.js';
import { describeService } from '../output/describe.js';
import { serviceHeader, serviceRow, sortByName } from '../output/columns.js';
import { formatTable } from '../output/table.js';
import { mergeMeta } from '../serving/last-applied.js';
import { editService, templateChanged, type ServiceEditFlags } from '../serving/service-edits.js';
import { computeTraffic, type TrafficFlags } from '../serving/traffic.js';
import { waitForReady } from '../serving/wait.js';
import { examples } from './shared.js';
import { collectList, failOnWait, printObject, printObjects, progressLine, waitTimes, withNamespace, withOutput, withWait, type WaitFlags } from './options.js';

/** Every flag of create/update/apply. */
interface EditOptions extends ServiceEditFlags, TrafficFlags, WaitFlags {
  readonly filename?: string;
  readonly force?: boolean;
}

/** How many times an update is retried on 409 Conflict. */
const UPDATE_ATTEMPTS = 5;
const CONSONANTS = 'bcdfghjklmnpqrstvwxz';

function randomConsonants(n: number): string {
  return Array.from({ length: n }, () => CONSONANTS[randomInt(CONSONANTS.length)]).join('');
}

function services(cluster: Cluster): ResourceClient<Service> {
  return cluster.client<Service>(KnativeResources.service);
}

/** The API server's answer as kn shows it (a webhook denial verbatim). */
export function apiMessage(error: unknown): never {
  if (isKubeApiError(error)) throw new CliError(error.message);
  throw error;
}

/** A fresh Service, or the one in `-f FILE` (whose name must match). */
async function baseService(name: string, options: EditOptions, ctx: CliContext, namespace: string): Promise<Service> {
  if (options.filename === undefined) {
    if (options.image === undefined) throw new CliError("'service create' requires the image name to run provided with the --image option");
    return { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name, namespace }, spec: { template: { spec: { containers: [{}] } } } };
  }
  const text = options.filename === '-' ? await (ctx.stdin?.() ?? Promise.resolve('')) : await readFile(path.resolve(ctx.cwd, options.filename), 'utf8');
  const service = parse(text) as Service;
  if (service.metadata?.name !== undefined && service.metadata.name !== name) throw new CliError(`provided service name '${name}' doesn't match name from file '${service.metadata.name}'`);
  return { ...service, metadata: { ...service.metadata, name, namespace } };
}

/** Waits (unless --no-wait) and prints kn's closing lines. */
interface Finish extends WaitFlags {
  readonly name: string;
  readonly verb: 'created' | 'updated' | 'applied' | 'replaced';
  /** The latest ready revision before an update, to say "(unchanged)" when it stays. */
  readonly previousLatest?: string;
}

async function finish(ctx: CliContext, cluster: Cluster, options: Finish): Promise<void> {
  const { name, verb } = options;
  if (options.wait === false) {
    ctx.stdout(`Service '${name}' ${verb} in namespace '${cluster.namespace}'.\n`);
    return;
  }
  const { timeoutMs, windowMs } = waitTimes(options);
  const started = ctx.now();
  ctx.stdout('\n');
  const outcome = await waitForReady({ kubeConfig: cluster.kubeConfig, type: KnativeResources.service, namespace: cluster.namespace, name }, { timeoutMs, windowMs, now: ctx.now, onProgress: (message) => ctx.stdout(progressLine(started, ctx.now(), message)) });
  failOnWait(outcome, `service '${name}'`, timeoutMs);
  ctx.stdout(progressLine(started, ctx.now(), 'Ready to serve.'));
  const { latestReadyRevisionName: latest = '', url = '' } = (await services(cluster).get(cluster.namespace, name))?.status ?? {};
  if (options.previousLatest !== undefined && options.previousLatest === latest) ctx.stdout(`\nService '${name}' with latest revision '${latest}' (unchanged) is available at URL:\n${url}\n`);
  else ctx.stdout(`\nService '${name}' ${verb} to latest revision '${latest}' is available at URL:\n${url}\n`);
}

async function create(ctx: CliContext, name: string, options: EditOptions, self: Command): Promise<void> {
  const cluster = connect(self, ctx);
  const base = await baseService(name, options, ctx, cluster.namespace);
  const service = editService(base, options, { mode: 'create', now: ctx.now(), random: randomConsonants });
  const traffic = computeTraffic({ tag: options.tag }, { service, revisions: [], mutation: true, create: true });
  if (traffic !== undefined) (service.spec ??= {}).traffic = traffic;
  const client = services(cluster);
  const existing = await client.get(cluster.namespace, name);
  if (existing !== undefined && options.force !== true) {
    throw new CliError(`cannot create service '${name}' in namespace '${cluster.namespace}' because the service already exists and no --force option was given`);
  }
  const replacing = existing !== undefined;
  if (options.wait !== false) ctx.stdout(`${replacing ? 'Replacing' : 'Creating'} service '${name}' in namespace '${cluster.namespace}':\n`);
  if (replacing) await client.update({ ...service, metadata: { ...service.metadata, resourceVersion: existing.metadata?.resourceVersion } }).catch(apiMessage);
  else await client.create(service).catch(apiMessage);
  await finish(ctx, cluster, { ...options, name, verb: replacing ? 'replaced' : 'created' });
}

async function revisionNames(cluster: Cluster, service: string): Promise<string[]> {
  const revisions = await cluster.client<Revision>(KnativeResources.revision).list(cluster.namespace, `${ServingLabels.Service}=${service}`);
  return revisions.map((r) => r.metadata?.name ?? '');
}

/** The updated Service for the flags, from the current one. */
async function updatedService(ctx: CliContext, cluster: Cluster, current: Service, options: EditOptions): Promise<Service> {
  const service = editService(current, options, { mode: 'update', now: ctx.now(), random: randomConsonants });
  const name = current.metadata?.name ?? '';
  const traffic = computeTraffic(options, { service: current, revisions: await revisionNames(cluster, name), mutation: templateChanged(current, service) });
  if (traffic !== undefined) (service.spec ??= {}).traffic = traffic;
  return service;
}

async function update(ctx: CliContext, name: string, options: EditOptions, self: Command): Promise<void> {
  const cluster = connect(self, ctx);
  const client = services(cluster);
  let previousLatest: string | undefined;
  for (let attempt = 1; ; attempt += 1) {
    const current = await client.get(cluster.namespace, name);
    if (current === undefined) throw new CliError(`services.serving.knative.dev "${name}" not found`);
    previousLatest = current.status?.latestReadyRevisionName;
    const service = await updatedService(ctx, cluster, current, options);
    try {
      if (attempt === 1 && options.wait !== false) ctx.stdout(`Updating Service '${name}' in namespace '${cluster.namespace}':\n`);
      await client.update(service);
      break;
    } catch (error) {
      if (!isKubeApiError(error, 409) || attempt >= UPDATE_ATTEMPTS) apiMessage(error);
    }
  }
  await finish(ctx, cluster, { ...options, name, verb: 'updated', ...(previousLatest === undefined ? {} : { previousLatest }) });
}

/** The last-applied record of a desired Service (what apply compares). */
function lastApplied(service: Service): string {
  return JSON.stringify({ metadata: { name: service.metadata?.name, labels: service.metadata?.labels, annotations: service.metadata?.annotations }, spec: service.spec });
}

async function apply(ctx: CliContext, name: string, options: EditOptions, self: Command): Promise<void> {
  const cluster = connect(self, ctx);
  const desired = editService(await baseService(name, options, ctx, cluster.namespace), options, { mode: 'apply', now: ctx.now(), random: randomConsonants });
  const record = lastApplied(desired);
  const annotated: Service = { ...desired, metadata: { ...desired.metadata, annotations: { ...desired.metadata?.annotations, [LAST_APPLIED_CONFIGURATION_ANNOTATION]: record } } };
  const client = services(cluster);
  const current = await client.get(cluster.namespace, name);
  if (current === undefined) {
    if (options.wait !== false) ctx.stdout(`Creating service '${name}' in namespace '${cluster.namespace}':\n`);
    await client.create(annotated).catch(apiMessage);
    return finish(ctx, cluster, { ...options, name, verb: 'created' });
  }
  if (current.metadata?.annotations?.[LAST_APPLIED_CONFIGURATION_ANNOTATION] === record) {
    ctx.stdout(`No changes to apply to service '${name}' in namespace '${cluster.namespace}'.\n`);
    return;
  }
  await applyOver(ctx, cluster, { current, desired: annotated }, options);
}

/** apply on an existing Service: its spec replaced, labels and annotations merged as kubectl apply does. */
async function applyOver(ctx: CliContext, cluster: Cluster, { current, desired }: { current: Service; desired: Service }, options: EditOptions): Promise<void> {
  const name = desired.metadata?.name ?? '';
  if (options.wait !== false) ctx.stdout(`Applying service '${name}' in namespace '${cluster.namespace}':\n`);
  const merged: Service = { ...current, metadata: { ...current.metadata, ...mergeMeta(current.metadata, desired.metadata) }, spec: desired.spec };
  await services(cluster).update(merged).catch(apiMessage);
  const previousLatest = current.status?.latestReadyRevisionName;
  await finish(ctx, cluster, { ...options, name, verb: 'applied', ...(previousLatest === undefined ? {} : { previousLatest }) });
}

interface ListOptions {
  readonly allNamespaces?: boolean;
  readonly headers: boolean;
  readonly output?: string;
}

async function list(ctx: CliContext, name: string | undefined, options: ListOptions, self: Command): Promise<void> {
  const cluster = connect(self, ctx);
  const all = options.allNamespaces === true;
  const items = sortByName(await services(cluster).list(all ? undefined : cluster.namespace)).filter((s) => name === undefined || s.metadata?.name === name);
  if (printObjects(ctx, options.output, KnativeResources.service, items)) return;
  if (items.length === 0) return ctx.stdout('No services found.\n');
  ctx.stdout(formatTable(options.headers ? serviceHeader(all) : undefined, items.map((s) => serviceRow(s, ctx.now(), all))));
}

async function describe(ctx: CliContext, name: string, options: { output?: string }, self: Command): Promise<void> {
  const cluster = connect(self, ctx);
  const service = await services(cluster).get(cluster.namespace, name);
  if (service === undefined) throw new CliError(`services.serving.knative.dev "${name}" not found`);
  if (options.output === 'url') return ctx.stdout(`${service.status?.url ?? ''}\n`);
  if (options.output !== undefined) return printObject(ctx, options.output, service);
  const revisions = await cluster.client<Revision>(KnativeResources.revision).list(cluster.namespace, `${ServingLabels.Service}=${name}`);
  ctx.stdout(describeService(service, revisions, ctx.now()));
}

/** Waits until an object is gone (polling once per 200 ms), or fails after the timeout. */
export async function waitGone(ctx: CliContext, get: () => Promise<unknown>, what: string, timeoutMs: number): Promise<void> {
  const deadline = ctx.now().getTime() + timeoutMs;
  while ((await get()) !== undefined) {
    if (ctx.now().getTime() >= deadline) throw new CliError(`timeout: ${what} not deleted after ${timeoutMs / 1000} seconds`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function remove(ctx: CliContext, names: readonly string[], options: WaitFlags & { all?: boolean }, self: Command): Promise<void> {
  const cluster = connect(self, ctx);
  const client = services(cluster);
  if (options.all === true && names.length > 0) throw new CliError("'service delete' with --all takes no service names");
  if (options.all !== true && names.length === 0) throw new CliError("'service delete' requires the service name(s)");
  const targets = options.all === true ? (await client.list(cluster.namespace)).map((s) => s.metadata?.name ?? '') : names;
  const failures: string[] = [];
  for (const name of targets) {
    if (!(await client.delete(cluster.namespace, name, { propagationPolicy: 'Background' }))) {
      failures.push(`services.serving.knative.dev "${name}" not found`);
      continue;
    }
    if (options.wait === true) await waitGone(ctx, () => client.get(cluster.namespace, name), `service '${name}'`, waitTimes(options).timeoutMs);
    ctx.stdout(`Service '${name}' successfully deleted in namespace '${cluster.namespace}'.\n`);
  }
  if (failures.length > 0) throw new CliError(failures.join('\n'));
}

/** The create/update/apply flags (kn's configuration-edit flags). */
function withEditFlags(command: Command, mode: 'create' | 'update' | 'apply'): Command {
  const c = command
    .option('--image <image>', 'image to run')
    .option('-e, --env <NAME=value>', 'environment variable (repeatable; NAME- removes it)', collectList)
    .option('--env-from <cm:NAME|secret:NAME>', 'add all keys of a ConfigMap or Secret as environment (repeatable; a trailing - removes)', collectList)
    .option('-p, --port <[NAME:]PORT>', 'the container port (NAME e.g. h2c)')
    .option('--cmd <command>', 'the container command (repeatable, one word each)', collectList)
    .option('--arg <arg>', 'a container argument (repeatable)', collectList)
    .option('--concurrency-limit <n>', 'Hard Limit of concurrent requests to be processed by a single replica (spec.template.spec.containerConcurrency; 0 = no limit)')
    .option('--timeout <seconds>', 'request timeout (timeoutSeconds; default 300 when not given: the server default)')
    .option(
      '--scale <N|MIN..MAX|MIN..|..MAX>',
      'Set the Minimum and Maximum number of replicas: --scale 5 (scale-min = 5, scale-max = 5), --scale 1..5 (scale-min = 1, scale-max = 5), --scale 1.. (scale-min = 1, scale-max unchanged) or --scale ..5 (scale-min unchanged, scale-max = 5)',
    )
    .option('--scale-min <n>', 'Minimum number of replicas (autoscaling.knative.dev/min-scale)')
    .option('--scale-max <n>', 'Maximum number of replicas (autoscaling.knative.dev/max-scale)')
    .option('--scale-init <n>', 'Initial number of replicas with which a service starts. Can be 0 or a positive integer (autoscaling.knative.dev/initial-scale)')
    .option('--scale-activation <n>', 'Minimum non-zero value that a service should scale to (autoscaling.knative.dev/activation-scale)')
    .option(
      '--scale-target <n>',
      'Recommendation for what metric value the PodAutoscaler should attempt to maintain; use with --scale-metric to name the metric (default concurrency). Defaults to --concurrency-limit when given (autoscaling.knative.dev/target)',
    )
    .option('--scale-metric <metric>', 'Set the name of the metric the PodAutoscaler should scale on: concurrency (the default) or rps (autoscaling.knative.dev/metric)')
    .option('--scale-utilization <percent>', 'Percentage of concurrent requests utilization before scaling up (autoscaling.knative.dev/target-utilization-percentage; the server default 70 applies when not given)')
    .option(
      '--scale-window <duration>',
      'Duration to look back for making auto-scaling decisions, 6s to 1h, e.g. 10s. The service is scaled to zero if no request was received during that time (autoscaling.knative.dev/window)',
    )
    .option('-a, --annotation <key=value>', 'annotation of the service and its revisions; autoscaling.knative.dev/* keys go to revisions only (repeatable; key- removes)', collectList)
    .option('--annotation-service <key=value>', 'annotation of the service only (repeatable; key- removes)', collectList)
    .option('--annotation-revision <key=value>', 'annotation of the revision template only (repeatable; key- removes)', collectList)
    .option('-l, --label <key=value>', 'label of the service and its revisions (repeatable; key- removes)', collectList)
    .option('--label-service <key=value>', 'label of the service only (repeatable; key- removes)', collectList)
    .option('--label-revision <key=value>', 'label of the revision template only (repeatable; key- removes)', collectList)
    .option('--revision-name <template>', 'revision name; may use {{.Service}}, {{.Generation}}, {{.Random N}}; prefixed with "<service>-" when it is not (default: server-generated)')
    .option('--request <cpu=…,memory=…>', 'resource requests (repeatable; memory- removes)', collectList)
    .option('--limit <cpu=…,memory=…>', 'resource limits (repeatable; memory- removes)', collectList)
    .option('--service-account <name>', 'the service account of the pods ("" clears it)')
    .option('--pull-policy <policy>', 'image pull policy: Always, Never or IfNotPresent')
    .option('--cluster-local', 'make the service reachable only inside the cluster (label networking.knative.dev/visibility=cluster-local)')
    .option('--no-cluster-local', 'remove the cluster-local visibility label');
  if (mode !== 'apply') c.option('--tag <revision=tag>', 'tag a revision (or @latest); repeatable or comma-separated', collectList);
  if (mode !== 'update') c.option('-f, --filename <file>', 'start from the Service in this YAML or JSON file (- for stdin); the flags then modify it');
  if (mode === 'create') c.option('--force', 'replace the service if it exists');
  return withWait(withNamespace(c), true);
}

function createCommand(ctx: CliContext): Command {
  return withEditFlags(new Command('create'), 'create')
    .description('Create a service')
    .argument('<name>', 'the service name')
    .addHelpText(
      'after',
      examples([
        ['Create a service from a local image and wait until it is ready', 'ebb service create hello --image dev.local/hello --env TARGET=Ebb'],
        ['Create a service that scales between 1 and 5 replicas, without waiting', 'ebb service create api --image dev.local/api --scale 1..5 --no-wait'],
        ['Create a service with a port name for HTTP/2 and a revision name', "ebb service create grpc --image dev.local/grpc -p h2c:8080 --revision-name '{{.Service}}-v1'"],
        ['Replace an existing service', 'ebb service create hello --image dev.local/hello:v2 --force'],
      ]),
    )
    .action((name: string, options: EditOptions, self: Command) => create(ctx, name, options, self));
}

function updateCommand(ctx: CliContext): Command {
  return withEditFlags(new Command('update'), 'update')
    .description('Update a service (every change of the template creates a new revision)')
    .argument('<name>', 'the service name')
    .option('--traffic <ref=percent>', 'traffic split: revision, tag or @latest = percent (repeatable or comma-separated; a remainder below 100 goes to the one revision left out)', collectList)
    .option('--untag <tag>', 'remove a tag (repeatable or comma-separated)', collectList)
    .addHelpText('after', '\nkn\'s --lock-to-digest is not offered: images are not pinned to digests.\n')
    .addHelpText(
      'after',
      examples([
        ['Set an environment variable (a new revision)', 'ebb service update hello --env TARGET=World'],
        ['Split traffic between the latest revision and an older one', 'ebb service update hello --traffic @latest=90 --traffic hello-00001=10'],
        ['Tag a revision and send it 10 %', 'ebb service update hello --tag hello-00001=old --traffic old=10,@latest=90'],
        ['Remove a tag', 'ebb service update hello --untag old'],
        ['Keep 1 to 10 replicas, each aiming at 50 concurrent requests and accepting at most 100', 'ebb service update hello --scale 1..10 --scale-target 50 --concurrency-limit 100'],
      ]),
    )
    .action((name: string, options: EditOptions, self: Command) => update(ctx, name, options, self));
}

function applyCommand(ctx: CliContext): Command {
  return withEditFlags(new Command('apply'), 'apply')
    .description('Create or update a service declaratively (give every option each time; nothing happens when nothing changed)')
    .argument('<name>', 'the service name')
    .addHelpText('after', examples([['Apply a service from flags', 'ebb service apply hello --image dev.local/hello --env TARGET=Ebb']]))
    .action((name: string, options: EditOptions, self: Command) => apply(ctx, name, options, self));
}

function listCommand(ctx: CliContext): Command {
  return withOutput(withNamespace(new Command('list')), ['json', 'yaml', 'name'])
    .alias('ls')
    .description('List services')
    .argument('[name]', 'only this service')
    .option('-A, --all-namespaces', 'list services in all namespaces')
    .option('--no-headers', 'print the table without its header row')
    .addHelpText('after', examples([['List the services of the current namespace', 'ebb service list'], ['List the services of every namespace as YAML', 'ebb service list -A -o yaml']]))
    .action((name: string | undefined, options: ListOptions, self: Command) => list(ctx, name, options, self));
}

function describeCommand(ctx: CliContext): Command {
  return withOutput(withNamespace(new Command('describe')), ['json', 'yaml', 'url'])
    .description('Show the details of a service')
    .argument('<name>', 'the service name')
    .addHelpText('after', examples([['Describe a service', 'ebb service describe hello'], ['Print only its URL', 'ebb service describe hello -o url']]))
    .action((name: string, options: { output?: string }, self: Command) => describe(ctx, name, options, self));
}

function deleteCommand(ctx: CliContext): Command {
  return withWait(withNamespace(new Command('delete')), false)
    .alias('rm')
    .description('Delete services')
    .argument('[name...]', 'the services to delete')
    .option('--all', 'delete every service of the namespace')
    .addHelpText('after', examples([['Delete a service', 'ebb service delete hello'], ['Delete every service and wait until they are gone', 'ebb service delete --all --wait']]))
    .action((names: string[], options: WaitFlags & { all?: boolean }, self: Command) => remove(ctx, names, options, self));
}

/** `ebb service …`. */
export function serviceCommand(ctx: CliContext): Command {
  const service = new Command('service').alias('ksvc').description('Manage Knative services');
  for (const sub of [createCommand(ctx), updateCommand(ctx), applyCommand(ctx), listCommand(ctx), describeCommand(ctx), deleteCommand(ctx)]) service.addCommand(sub);
  return service;
}
