// `ebb revision` and `ebb route`: kn's list/describe/delete of revisions and list/describe of
// routes (KN.md §2–3). Revision delete refuses a revision a Route's status.traffic still targets.
import { Command } from 'commander';
import { KnativeResources, ServingLabels, type Revision, type Route, type Service } from '@ebb/api';
import { connect, type Cluster } from '../cluster.js';
import { CliError, type CliContext } from '../context.js';
import { revisionHeader, revisionRow, routeHeader, routeRow, sortByName, sortRevisions } from '../output/columns.js';
import { describeRevision, describeRoute } from '../output/describe.js';
import { describeScaling, scalingSummary } from '../output/scaling.js';
import { DEFAULT_DECISION_COUNT, DEFAULT_SYSTEM_NAMESPACE, parseDecisionCount } from '../serving/decisions.js';
import { formatTable } from '../output/table.js';
import { examples } from './shared.js';
import { printObject, printObjects, waitTimes, withNamespace, withOutput, withWait, type WaitFlags } from './options.js';
import { loadScaling } from './scaling-status.js';
import { waitGone } from './service.js';

interface ListOptions {
  readonly service?: string;
  readonly allNamespaces?: boolean;
  readonly headers: boolean;
  readonly output?: string;
}

/** The Service that owns each revision (by namespace/name). */
async function owners(cluster: Cluster, namespace: string | undefined): Promise<Map<string, Service>> {
  const services = await cluster.client<Service>(KnativeResources.service).list(namespace);
  return new Map(services.map((s) => [`${s.metadata?.namespace ?? ''}/${s.metadata?.name ?? ''}`, s]));
}

async function listRevisions(ctx: CliContext, name: string | undefined, options: ListOptions, self: Command): Promise<void> {
  const cluster = connect(self, ctx);
  const all = options.allNamespaces === true;
  const namespace = all ? undefined : cluster.namespace;
  const selector = options.service === undefined ? undefined : `${ServingLabels.Service}=${options.service}`;
  const items = sortRevisions(await cluster.client<Revision>(KnativeResources.revision).list(namespace, selector)).filter((r) => name === undefined || r.metadata?.name === name);
  if (printObjects(ctx, options.output, KnativeResources.revision, items)) return;
  if (items.length === 0) return ctx.stdout('No revisions found.\n');
  const services = await owners(cluster, namespace);
  const ownerOf = (r: Revision): Service | undefined => services.get(`${r.metadata?.namespace ?? ''}/${r.metadata?.labels?.[ServingLabels.Service] ?? ''}`);
  ctx.stdout(formatTable(options.headers ? revisionHeader(all) : undefined, items.map((r) => revisionRow(r, ownerOf(r), ctx.now(), all))));
}

/** The options of `revision describe`. */
interface DescribeRevisionOptions {
  readonly output?: string;
  readonly decisions: string;
  readonly systemNamespace: string;
}

async function describeRevisionCommand(ctx: CliContext, name: string, options: DescribeRevisionOptions, self: Command): Promise<void> {
  const limit = parseDecisionCount(options.decisions);
  const cluster = connect(self, ctx);
  const revision = await cluster.client<Revision>(KnativeResources.revision).get(cluster.namespace, name);
  if (revision === undefined) throw new CliError(`revisions.serving.knative.dev "${name}" not found`);
  const scaling = await loadScaling(cluster, { namespace: cluster.namespace, revision: name, systemNamespace: options.systemNamespace });
  if (options.output !== undefined) return printObject(ctx, options.output, { ...revision, scaling: scalingSummary(scaling, limit) });
  const owner = revision.metadata?.labels?.[ServingLabels.Service];
  const service = owner === undefined ? undefined : await cluster.client<Service>(KnativeResources.service).get(cluster.namespace, owner);
  ctx.stdout(`${describeRevision(revision, service, ctx.now())}${describeScaling(scaling, ctx.now(), limit)}`);
}

/** The routes whose status.traffic sends traffic to (or tags) a revision, as `route (N%)`. */
export function routesTargeting(routes: readonly Route[], revision: string): string[] {
  return routes.flatMap((route) => {
    const targets = (route.status?.traffic ?? []).filter((t) => t.revisionName === revision);
    if (targets.length === 0) return [];
    const percent = targets.reduce((sum, t) => sum + (t.percent ?? 0), 0);
    const tags = targets.map((t) => t.tag ?? '').filter((tag) => tag !== '');
    return [`'${route.metadata?.name ?? ''}' (${percent}%${tags.length > 0 ? `, tag ${tags.join(',')}` : ''})`];
  });
}

async function deleteRevisions(ctx: CliContext, names: readonly string[], options: WaitFlags, self: Command): Promise<void> {
  const cluster = connect(self, ctx);
  const client = cluster.client<Revision>(KnativeResources.revision);
  const routes = await cluster.client<Route>(KnativeResources.route).list(cluster.namespace);
  const failures: string[] = [];
  for (const name of names) {
    const targeting = routesTargeting(routes, name);
    if (targeting.length > 0) {
      failures.push(`revision '${name}' is still a traffic target of route ${targeting.join(', ')}: move its traffic and tags away first (ebb service update SERVICE --traffic … / --untag …)`);
      continue;
    }
    if (!(await client.delete(cluster.namespace, name, { propagationPolicy: 'Background' }))) {
      failures.push(`revisions.serving.knative.dev "${name}" not found`);
      continue;
    }
    if (options.wait === true) await waitGone(ctx, () => client.get(cluster.namespace, name), `revision '${name}'`, waitTimes(options).timeoutMs);
    ctx.stdout(`Revision '${name}' deleted in namespace '${cluster.namespace}'.\n`);
  }
  if (failures.length > 0) throw new CliError(failures.join('\n'));
}

/** `ebb revision …`. */
export function revisionCommand(ctx: CliContext): Command {
  const list = withOutput(withNamespace(new Command('list')), ['json', 'yaml', 'name'])
    .alias('ls')
    .description('List revisions (newest first per service)')
    .argument('[name]', 'only this revision')
    .option('-s, --service <service>', 'only the revisions of this service')
    .option('-A, --all-namespaces', 'list revisions in all namespaces')
    .option('--no-headers', 'print the table without its header row')
    .addHelpText('after', examples([['List the revisions of a service', 'ebb revision list -s hello'], ['All revisions everywhere', 'ebb revision list -A']]))
    .action((name: string | undefined, options: ListOptions, self: Command) => listRevisions(ctx, name, options, self));
  const describe = withOutput(withNamespace(new Command('describe')), ['json', 'yaml'])
    .description('Show the details of a revision, with its scaling: desired and actual scale, activator mode, autoscaler conditions and last decisions')
    .argument('<name>', 'the revision name')
    .option('--decisions <n>', 'how many of the autoscaler\'s last decisions to show, newest first (0: none)', String(DEFAULT_DECISION_COUNT))
    .option('--system-namespace <namespace>', 'the namespace the autoscaler runs in (its decisions are read through the API server\'s pods/proxy)', DEFAULT_SYSTEM_NAMESPACE)
    .addHelpText('after', '\n-o json|yaml prints the Revision with an added top-level "scaling" field (the Scaling section as data).')
    .addHelpText('after', examples([['Describe a revision', 'ebb revision describe hello-00001'], ['Show its last 30 scale decisions', 'ebb revision describe hello-00001 --decisions 30']]))
    .action((name: string, options: DescribeRevisionOptions, self: Command) => describeRevisionCommand(ctx, name, options, self));
  const remove = withWait(withNamespace(new Command('delete')), false)
    .alias('rm')
    .description('Delete revisions (never one a route still sends traffic to)')
    .argument('<name...>', 'the revisions to delete')
    .addHelpText('after', examples([['Delete an old revision', 'ebb revision delete hello-00001']]))
    .action((names: string[], options: WaitFlags, self: Command) => deleteRevisions(ctx, names, options, self));
  const revision = new Command('revision').description('Manage the revisions of Knative services');
  for (const sub of [list, describe, remove]) revision.addCommand(sub);
  return revision;
}

async function listRoutes(ctx: CliContext, name: string | undefined, options: ListOptions, self: Command): Promise<void> {
  const cluster = connect(self, ctx);
  const all = options.allNamespaces === true;
  const items = sortByName(await cluster.client<Route>(KnativeResources.route).list(all ? undefined : cluster.namespace)).filter((r) => name === undefined || r.metadata?.name === name);
  if (printObjects(ctx, options.output, KnativeResources.route, items)) return;
  if (items.length === 0) return ctx.stdout('No routes found.\n');
  ctx.stdout(formatTable(options.headers ? routeHeader(all) : undefined, items.map((r) => routeRow(r, all))));
}

async function describeRouteCommand(ctx: CliContext, name: string, options: { output?: string }, self: Command): Promise<void> {
  const cluster = connect(self, ctx);
  const route = await cluster.client<Route>(KnativeResources.route).get(cluster.namespace, name);
  if (route === undefined) throw new CliError(`routes.serving.knative.dev "${name}" not found`);
  if (options.output !== undefined) return printObject(ctx, options.output, route);
  ctx.stdout(describeRoute(route, ctx.now()));
}

/** `ebb route …`. */
export function routeCommand(ctx: CliContext): Command {
  const list = withOutput(withNamespace(new Command('list')), ['json', 'yaml', 'name'])
    .alias('ls')
    .description('List routes')
    .argument('[name]', 'only this route')
    .option('-A, --all-namespaces', 'list routes in all namespaces')
    .option('--no-headers', 'print the table without its header row')
    .addHelpText('after', examples([['List the routes', 'ebb route list']]))
    .action((name: string | undefined, options: ListOptions, self: Command) => listRoutes(ctx, name, options, self));
  const describe = withOutput(withNamespace(new Command('describe')), ['json', 'yaml'])
    .description('Show the details of a route: URL, service, traffic targets, conditions')
    .argument('<name>', 'the route name')
    .addHelpText('after', examples([['Describe the route of a service', 'ebb route describe hello']]))
    .action((name: string, options: { output?: string }, self: Command) => describeRouteCommand(ctx, name, options, self));
  const route = new Command('route').description('Show the routes of Knative services (routes are managed through the service traffic)');
  for (const sub of [list, describe]) route.addCommand(sub);
  return route;
}
