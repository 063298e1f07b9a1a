// `ebb up` and `ebb down`: the whole platform on this machine. `up` builds the apps (through Nx,
// cached when nothing changed), starts the local cluster (or reuses the one that runs), adds the
// apps and the hello example as local images, applies deploy/overlays/local (local-istio with
// --istio), waits for every component, deploys examples/hello and prints its URL and a curl line.
// `down` stops the cluster and with it every pod, keeping the data unless --purge.
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Command, InvalidArgumentError } from 'commander';
import { ImageStore, processIsAlive } from '@ebb/image-store';
import { loadKubeConfig } from '@ebb/kube';
import { CliError, type CliContext } from '../context.js';
import { clusterAnswers, clusterPaths, freeLocalPort, startCluster, type ClusterPaths } from '../local/cluster.js';
import { findExecutable, runCommand } from '../local/exec.js';
import { applyUntilAccepted, kubectl, localOverlay, waitForPlatform, waitForService, type Kubectl, type Say } from '../local/platform.js';
import { findCheckout, platformImage, PLATFORM_APPS, type Checkout } from '../local/repo.js';
import { readUpState, writeUpState, type UpState } from '../local/state.js';
import { examples, LOCAL_DATA_DIR } from './shared.js';

/** `ebb up`'s options. */
interface UpOptions {
  readonly port: number;
  readonly natsPort: number;
  readonly build: boolean;
  readonly example: boolean;
  readonly timeout: number;
  readonly istio: boolean;
}


function portNumber(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new InvalidArgumentError(`want a port number 1-65535, got '${value}'.`);
  return port;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`want a whole number of seconds, got '${value}'.`);
  return n;
}

/** `--data-dir` (global), else $EBB_DATA_DIR, else `.ebb` under the current directory. */
function upDataDir(command: Command, ctx: CliContext): string {
  const given = command.optsWithGlobals<{ dataDir?: string }>().dataDir ?? ctx.env['EBB_DATA_DIR'];
  return path.resolve(ctx.cwd, given === undefined || given === '' ? LOCAL_DATA_DIR : given);
}

/** kubectl and nats-server must be there; says exactly what to install otherwise. */
function preflight(ctx: CliContext): string {
  const kubectlBinary = findExecutable('kubectl', ctx.env);
  if (kubectlBinary === undefined) throw new CliError('ebb up needs kubectl (v1.32 or newer, with kustomize) on PATH: install it from https://kubernetes.io/docs/tasks/tools/');
  if (findExecutable('nats-server', ctx.env, ['/usr/sbin', '/usr/local/sbin']) === undefined) {
    throw new CliError('ebb up needs nats-server: install it with `sudo apt-get install -y nats-server` (Debian/Ubuntu), or run `npm run setup`');
  }
  return kubectlBinary;
}

async function build(checkout: Checkout, say: Say): Promise<void> {
  say('Building the platform (nx; cached when nothing changed)…');
  const nx = path.join(checkout.root, 'node_modules', '.bin', 'nx');
  const projects = ['local-cluster', ...PLATFORM_APPS].join(',');
  const result = await runCommand(process.execPath, [nx, 'run-many', '-t', 'build', '-p', projects, '--output-style=static'], { cwd: checkout.root, env: { ...process.env, NX_TUI: 'false' } });
  if (result.code !== 0) throw new CliError(`the build failed:\n${result.stdout.slice(-3000)}${result.stderr.slice(-2000)}`);
}

async function requireBundles(checkout: Checkout): Promise<void> {
  for (const app of ['local-cluster', ...PLATFORM_APPS]) {
    await stat(checkout.bundle(app)).catch(() => {
      throw new CliError(`${checkout.bundle(app)} is missing: run \`npx nx run-many -t build\` (or ebb up without --no-build)`);
    });
  }
}

/** Reuses the recorded cluster when it answers, else starts one on the recorded (or a free) API port. */
async function ensureCluster(checkout: Checkout, paths: ClusterPaths, options: UpOptions, ctx: CliContext): Promise<UpState> {
  const previous = await readUpState(paths.dataDir);
  if (previous !== undefined && processIsAlive(previous.pid) && (await clusterAnswers(paths.kubeconfig))) {
    ctx.stdout(`Reusing the local cluster (pid ${previous.pid}, https://127.0.0.1:${previous.apiPort}).\n`);
    return { ...previous, gatewayPort: options.port, natsPort: options.natsPort };
  }
  const apiPort = previous?.apiPort ?? (await freeLocalPort());
  ctx.stdout(`Starting the local cluster on https://127.0.0.1:${apiPort} (data in ${paths.dataDir})…\n`);
  const pid = await startCluster({ bundle: checkout.bundle('local-cluster'), paths, apiPort, env: ctx.env, timeoutMs: 120_000 });
  return { pid, apiPort, gatewayPort: options.port, natsPort: options.natsPort, startedAt: ctx.now().toISOString() };
}

async function addImages(checkout: Checkout, dataDir: string, ctx: CliContext): Promise<void> {
  const store = ImageStore.open(dataDir, { now: ctx.now });
  for (const app of PLATFORM_APPS) await store.add(platformImage(app), path.dirname(checkout.bundle(app)), { entrypoint: [process.execPath, 'main.js'] });
  await store.add('dev.local/hello', checkout.exampleDir);
  ctx.stdout(`Added the local images ${PLATFORM_APPS.map(platformImage).join(', ')} and dev.local/hello.\n`);
}

async function up(ctx: CliContext, options: UpOptions, self: Command): Promise<void> {
  const say: Say = (line) => ctx.stdout(`${line}\n`);
  const checkout = findCheckout();
  if (checkout === undefined) throw new CliError('ebb up runs from an Ebb checkout (it applies deploy/overlays/local and runs dist/apps/*): run it there');
  const binary = preflight(ctx);
  if (options.build) await build(checkout, say);
  await requireBundles(checkout);
  const paths = clusterPaths(upDataDir(self, ctx));
  const deadline = Date.now() + options.timeout * 1000;
  const state = await ensureCluster(checkout, paths, options, ctx);
  await writeUpState(paths.dataDir, state);
  await addImages(checkout, paths.dataDir, ctx);
  const k: Kubectl = { binary, kubeconfig: paths.kubeconfig, cacheDir: path.join(paths.dataDir, 'kubectl-cache') };
  const overlay = options.istio ? checkout.istioOverlay : checkout.overlay;
  say(`Applying ${path.relative(ctx.cwd, overlay) || overlay} (gateway on 127.0.0.1:${options.port}, NATS on 127.0.0.1:${options.natsPort})…`);
  await applyUntilAccepted(k, await localOverlay(k, overlay, { gateway: options.port, nats: options.natsPort }), say, deadline);
  const kc = loadKubeConfig(paths.kubeconfig);
  await waitForPlatform(kc, say, deadline);
  if (options.example) await deployExample(checkout, k, { port: options.port, deadline }, ctx);
  say(`\nkubectl:  export KUBECONFIG=${paths.kubeconfig}\nstop:     ebb down${paths.dataDir === path.resolve(ctx.cwd, LOCAL_DATA_DIR) ? '' : ` --data-dir ${paths.dataDir}`}`);
}

async function deployExample(checkout: Checkout, k: Kubectl, at: { port: number; deadline: number }, ctx: CliContext): Promise<void> {
  const say: Say = (line) => ctx.stdout(`${line}\n`);
  say('Deploying the example Service hello (examples/hello/service.yaml)…');
  const applied = await kubectl(k, ['apply', '-n', 'default', '-f', checkout.exampleService]);
  if (applied.code !== 0) throw new CliError(`kubectl apply of the example failed: ${applied.stderr.trim()}`);
  const url = await waitForService(loadKubeConfig(k.kubeconfig), { namespace: 'default', name: 'hello' }, say, at.deadline);
  const host = new URL(url).host;
  say(`\nService 'hello' is ready at http://${host}:${at.port}\n\n  curl http://${host}:${at.port}\n  curl -H 'Host: ${host}' http://127.0.0.1:${at.port}`);
}

/** Sends SIGTERM and waits for the exit (the kubelet stops every pod first), SIGKILL after `graceMs`. */
async function stopProcess(pid: number, graceMs: number): Promise<void> {
  process.kill(pid, 'SIGTERM');
  for (const deadline = Date.now() + graceMs; Date.now() < deadline; await sleep(200)) if (!processIsAlive(pid)) return;
  process.kill(pid, 'SIGKILL');
}

async function down(ctx: CliContext, options: { purge: boolean }, self: Command): Promise<void> {
  const dataDir = upDataDir(self, ctx);
  const state = await readUpState(dataDir);
  if (state !== undefined && processIsAlive(state.pid)) {
    ctx.stdout(`Stopping the local cluster (pid ${state.pid}) and its pods…\n`);
    await stopProcess(state.pid, 90_000);
    ctx.stdout('Stopped.\n');
  } else ctx.stdout('No local cluster is running.\n');
  if (!options.purge) return ctx.stdout(`Data kept in ${dataDir} (ebb down --purge removes it).\n`);
  if (state === undefined) throw new CliError(`${dataDir} has no ${'up.json'}: not removing a folder ebb up did not make`);
  await rm(dataDir, { recursive: true, force: true });
  ctx.stdout(`Removed ${dataDir}.\n`);
}

/** `ebb up`. */
export function upCommand(ctx: CliContext): Command {
  return new Command('up')
    .description('Start Ebb on this machine: the local cluster, the platform and the hello example, then print its URL')
    .option('--port <port>', 'port of the gateway on 127.0.0.1 (a LoadBalancer Service)', portNumber, 8080)
    .option('--nats-port <port>', 'port of NATS on 127.0.0.1', portNumber, 4222)
    .option('--no-build', 'use the bundles in dist/ as they are (default: build them with nx first)')
    .option('--no-example', 'do not deploy examples/hello')
    .option('--timeout <seconds>', 'how long to wait for everything to be ready', seconds, 600)
    .option('--istio', "route through Istio's objects: apply deploy/overlays/local-istio (Routes on the Istio class, their VirtualServices served by Ebb's gateway standing in for Istio's)", false)
    .addHelpText(
      'after',
      `\nState lives in --data-dir (default: $EBB_DATA_DIR, else ./${LOCAL_DATA_DIR}): the cluster's objects, local images,\nlogs/, and kubeconfig for kubectl. A second \`ebb up\` reuses the cluster that runs.\n${examples([
        ['Start everything and print the URL of the hello example', 'ebb up'],
        ['Gateway on another port, state elsewhere', 'ebb up --port 9080 --data-dir /tmp/ebb'],
        ['Routes as Istio VirtualServices (networking-istio)', 'ebb up --istio'],
      ])}`,
    )
    .action((options: UpOptions, self: Command) => up(ctx, options, self));
}

/** `ebb down`. */
export function downCommand(ctx: CliContext): Command {
  return new Command('down')
    .description('Stop what `ebb up` started (the local cluster and every pod); keeps the data unless --purge')
    .option('--purge', 'also remove the data dir (objects, images, logs, kubeconfig)', false)
    .addHelpText('after', examples([['Stop, keeping the data', 'ebb down'], ['Stop and forget everything', 'ebb down --purge']]))
    .action((options: { purge: boolean }, self: Command) => down(ctx, options, self));
}
