// `ebb apply -f FILE|DIR|-`: kubectl-style create-or-update of every object in YAML (multi-doc)
// through the API, for a small map of known kinds; prints `<kind>.<group>/<name>
// created|configured|unchanged`. `--wait` then waits for each Knative Service to be Ready.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { parseAllDocuments } from 'yaml';
import { isKubeApiError, type KubeObjectLike, type ResourceType } from '@ebb/kube';
import { KnativeResources, LAST_APPLIED_CONFIGURATION_ANNOTATION } from '@ebb/api';
import { connect, type Cluster } from '../cluster.js';
import { CliError, type CliContext } from '../context.js';
import { mergeMeta } from '../serving/last-applied.js';
import { applyKinds, applyTypeOf, qualifiedName } from '../serving/resources.js';
import { waitForReady } from '../serving/wait.js';
import { examples } from './shared.js';
import { failOnWait, waitTimes, withNamespace, withWait, type WaitFlags } from './options.js';

type Manifest = KubeObjectLike & { apiVersion?: string; kind?: string } & Record<string, unknown>;

/** The objects of a YAML/JSON text (multi-document; empty documents and Lists flattened). */
export function parseManifests(text: string, source: string): Manifest[] {
  return parseAllDocuments(text).flatMap((doc) => {
    if (doc.errors.length > 0) throw new CliError(`${source}: ${doc.errors[0]?.message ?? 'invalid YAML'}`);
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) return [];
    const object = value as Manifest;
    return typeof object.kind === 'string' && object.kind.endsWith('List') && Array.isArray(object['items']) ? (object['items'] as Manifest[]) : [object];
  });
}

/** What one object needs: its type and namespace, or a CliError naming what is wrong. */
export function targetOf(object: Manifest, defaultNamespace: string): { type: ResourceType; namespace: string | undefined; name: string } {
  const { apiVersion = '<no apiVersion>', kind = '<no kind>' } = object;
  const type = applyTypeOf(apiVersion, kind);
  if (type === undefined) throw new CliError(`unknown kind ${apiVersion} ${kind}: ebb apply knows ${applyKinds().join(', ')}`);
  const { name = '', namespace = defaultNamespace } = object.metadata ?? {};
  if (name === '') throw new CliError(`${kind} without metadata.name`);
  return { type, namespace: type.namespaced ? namespace : undefined, name };
}

/** The desired object with its last-applied record; `record` is what `unchanged` compares. */
export function withLastApplied(object: Manifest, namespace: string | undefined): { desired: Manifest; record: string } {
  const record = JSON.stringify(object);
  const metadata = { ...object.metadata, ...(namespace === undefined ? {} : { namespace }), annotations: { ...object.metadata?.annotations, [LAST_APPLIED_CONFIGURATION_ANNOTATION]: record } };
  return { desired: { ...object, metadata }, record };
}

/** The current object with the desired one's fields written over it (labels/annotations merged as kubectl does, status kept). */
export function mergeOnto(current: Manifest, desired: Manifest): Manifest {
  const { metadata, ...fields } = desired;
  return { ...current, ...fields, metadata: { ...current.metadata, ...mergeMeta(current.metadata, metadata) }, ...(current['status'] === undefined ? {} : { status: current['status'] }) };
}

async function readSource(ctx: CliContext, file: string): Promise<{ text: string; source: string }[]> {
  if (file === '-') return [{ text: await (ctx.stdin?.() ?? Promise.resolve('')), source: 'stdin' }];
  const full = path.resolve(ctx.cwd, file);
  const info = await stat(full).catch(() => undefined);
  if (info === undefined) throw new CliError(`the path "${file}" does not exist`);
  if (!info.isDirectory()) return [{ text: await readFile(full, 'utf8'), source: file }];
  const names = (await readdir(full)).filter((n) => /\.(ya?ml|json)$/.test(n)).sort();
  return Promise.all(names.map(async (n) => ({ text: await readFile(path.join(full, n), 'utf8'), source: path.join(file, n) })));
}

/** Creates or updates one object; the word kubectl prints. */
async function applyOne(cluster: Cluster, object: Manifest): Promise<'created' | 'configured' | 'unchanged'> {
  const { type, namespace, name } = targetOf(object, cluster.namespace);
  const client = cluster.client<Manifest>(type);
  const { desired, record } = withLastApplied(object, namespace);
  for (let attempt = 1; ; attempt += 1) {
    const current = await client.get(namespace, name);
    if (current === undefined) {
      await client.create(desired);
      return 'created';
    }
    if (current.metadata?.annotations?.[LAST_APPLIED_CONFIGURATION_ANNOTATION] === record) return 'unchanged';
    try {
      await client.update(mergeOnto(current, desired));
      return 'configured';
    } catch (error) {
      if (!isKubeApiError(error, 409) || attempt >= 5) throw error;
    }
  }
}

async function apply(ctx: CliContext, options: WaitFlags & { filename: string }, self: Command): Promise<void> {
  const cluster = connect(self, ctx);
  const objects = (await readSource(ctx, options.filename)).flatMap(({ text, source }) => parseManifests(text, source));
  for (const object of objects) targetOf(object, cluster.namespace);
  const services: string[] = [];
  for (const object of objects) {
    const { type, name } = targetOf(object, cluster.namespace);
    const result = await applyOne(cluster, object).catch((error: unknown) => {
      if (isKubeApiError(error)) throw new CliError(error.message);
      throw error;
    });
    ctx.stdout(`${qualifiedName(type, name)} ${result}\n`);
    if (type === KnativeResources.service) services.push(name);
  }
  if (options.wait !== true) return;
  const { timeoutMs, windowMs } = waitTimes(options);
  for (const name of services) {
    const outcome = await waitForReady({ kubeConfig: cluster.kubeConfig, type: KnativeResources.service, namespace: cluster.namespace, name }, { timeoutMs, windowMs, now: ctx.now, onProgress: () => undefined });
    failOnWait(outcome, `service '${name}'`, timeoutMs);
    ctx.stdout(`service.serving.knative.dev/${name} ready\n`);
  }
}

/** `ebb apply`. */
export function applyCommand(ctx: CliContext): Command {
  return withWait(withNamespace(new Command('apply')), false)
    .description('Create or update the objects of YAML files through the API, as kubectl apply does')
    .requiredOption('-f, --filename <file>', 'a YAML/JSON file (multi-document), a directory of them, or - for stdin')
    .addHelpText('after', `\nKinds: ${applyKinds().join(', ')}.\n`)
    .addHelpText(
      'after',
      examples([
        ['Apply a Knative Service manifest', 'ebb apply -f service.yaml'],
        ['Apply a directory and wait for its Knative Services to be ready', 'ebb apply -f deploy/ --wait'],
        ['Apply from stdin', 'cat service.yaml | ebb apply -f -'],
      ]),
    )
    .action((options: WaitFlags & { filename: string }, self: Command) => apply(ctx, options, self));
}
