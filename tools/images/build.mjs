#!/usr/bin/env node
// `npm run images`: Ebb's container images, built with the local Docker engine from FROM scratch
// Dockerfiles (there is no registry and no base image to pull here: ENVIRONMENT.md). Nothing is
// pushed. The build contexts are rootfs folders this script assembles:
//   ebb/node-runtime:<tag>  the node binary (/node) with the shared libraries `ldd` lists, the
//                           production npm dependencies (/app/node_modules; maps and type files
//                           left out), a `nonroot` user 65532 and an empty /tmp;
//   ebb/<app>:<tag>         for controller, activator, autoscaler, networking, webhook and
//                           local-cluster: the app's bundle (dist/apps/<app>/main.js) on the runtime,
//                           with EBB_VERSION set to the tag (the apps report it as ebb_build_info);
//                           the local cluster's image also carries the docker CLI (its kubelet
//                           runs pods as containers of the engine whose socket it is given);
//   ebb/nats:<tag>          the machine's nats-server with its libraries, as user 65532.
// Every image runs as non-root and needs no writable root filesystem. The size of each is printed.
// With --example NAME it builds examples/NAME with that example's own Dockerfile instead (what
// examples/build-image.sh runs).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const here = path.join(root, 'tools', 'images');
const APPS = ['controller', 'activator', 'autoscaler', 'networking', 'webhook', 'local-cluster'];
const NONROOT = { uid: 65532, name: 'nonroot' };
/** Where the local cluster's image has the docker CLI (on the image's PATH). */
const DOCKER_CLI = 'usr/local/bin/docker';
const NATS_CANDIDATES = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'];

const HELP = `Usage: npm run images [-- options]   (or: node tools/images/build.mjs [options])

Builds Ebb's images with the local Docker engine (nothing is pulled or pushed):
  ebb/node-runtime:<tag>, ebb/<app>:<tag> for ${APPS.join(', ')}, and ebb/nats:<tag>.
The app bundles must be built first (\`npm run images\` builds them; else \`npm run build\`).

Options:
  --tag <tag>        image tag (default: the version in package.json)
  --only <list>      comma-separated: any of ${[...APPS, 'nats'].join(', ')} (the runtime is built when an app is)
  --node <path>      node binary to put in the images (default: the one running this script)
  --docker <path>    docker CLI for the local-cluster image (default: the one on PATH)
  --nats <path>      nats-server binary (default: the first of ${NATS_CANDIDATES.join(', ')} or on PATH)
  --example <name>   build examples/<name> with its Dockerfile instead; needs --image
  --image <ref>      with --example: the image reference to build (e.g. ebb/echo:dev)
  -h, --help         print this help`;

function fail(message) {
  console.error(`images: ${message}`);
  process.exit(1);
}

function options() {
  try {
    return readOptions();
  } catch (error) {
    return fail(`${error.message} (see --help)`);
  }
}

function readOptions() {
  const { values } = parseArgs({
    options: {
      tag: { type: 'string' },
      only: { type: 'string' },
      node: { type: 'string' },
      nats: { type: 'string' },
      docker: { type: 'string' },
      example: { type: 'string' },
      image: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;
  const only = values.only === undefined ? [...APPS, 'nats'] : values.only.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only.filter((name) => !APPS.includes(name) && name !== 'nats');
  if (unknown.length > 0) fail(`--only: unknown image(s) ${unknown.join(', ')}; known: ${[...APPS, 'nats'].join(', ')}`);
  if (values.example !== undefined && values.image === undefined) fail('--example needs --image <ref>');
  return { tag: values.tag ?? version, only, node: realpathSync(values.node ?? process.execPath), nats: values.nats, docker: values.docker, example: values.example, image: values.image };
}

// ---------------------------------------------------------------------------------------------
// rootfs assembly

/** The shared libraries and the dynamic loader `ldd` lists for a binary (absolute paths). */
function libraries(binary) {
  const ldd = spawnSync('ldd', [binary], { encoding: 'utf8' });
  // A static binary (a Go program such as the docker CLI may be one) needs nothing.
  if (ldd.status !== 0 && /not a dynamic executable/.test(`${ldd.stdout}${ldd.stderr}`)) return [];
  if (ldd.error !== undefined || ldd.status !== 0) fail(`ldd ${binary} failed: ${ldd.error?.message ?? ldd.stderr}`);
  const out = ldd.stdout;
  const found = new Set();
  for (const line of out.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields[1] === '=>' && fields[2]?.startsWith('/')) found.add(fields[2]);
    else if (fields[0]?.startsWith('/')) found.add(fields[0]);
  }
  return [...found];
}

/** Copies `binary` to `<rootfs>/<name>` and its libraries to the same paths inside the rootfs. */
function addBinary(rootfs, binary, name) {
  mkdirSync(path.dirname(path.join(rootfs, name)), { recursive: true });
  copyFileSync(realpathSync(binary), path.join(rootfs, name));
  chmodSync(path.join(rootfs, name), 0o755);
  // Each library goes where the binary looks for it (a symlink on the host becomes the file).
  for (const lib of libraries(binary)) {
    const target = path.join(rootfs, lib);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(realpathSync(lib), target);
  }
}

/** /etc/passwd and /etc/group with root and the `nonroot` user, and an empty world-writable /tmp. */
function addUsers(rootfs) {
  mkdirSync(path.join(rootfs, 'etc'), { recursive: true });
  writeFileSync(path.join(rootfs, 'etc', 'passwd'), `root:x:0:0:root:/root:/sbin/nologin\n${NONROOT.name}:x:${NONROOT.uid}:${NONROOT.uid}:${NONROOT.name}:/home/${NONROOT.name}:/sbin/nologin\n`);
  writeFileSync(path.join(rootfs, 'etc', 'group'), `root:x:0:\n${NONROOT.name}:x:${NONROOT.uid}:\n`);
  mkdirSync(path.join(rootfs, 'tmp'), { recursive: true });
  chmodSync(path.join(rootfs, 'tmp'), 0o1777);
}

/** Files a running app never reads: source maps and type declarations. */
function prune(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) prune(full);
    else if (/\.(map|d\.ts|d\.mts|d\.cts)$/.test(entry.name)) rmSync(full);
  }
}

/** The production npm dependencies (package-lock.json, no dev dependencies, no install scripts) in `<dir>/node_modules`. */
function addProductionModules(dir) {
  mkdirSync(dir, { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) cpSync(path.join(root, file), path.join(dir, file));
  const npm = spawnSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, encoding: 'utf8' });
  if (npm.status !== 0) fail(`npm ci --omit=dev failed:\n${npm.stdout}${npm.stderr}`);
  for (const file of ['package.json', 'package-lock.json']) rmSync(path.join(dir, file));
  rmSync(path.join(dir, 'node_modules', '.package-lock.json'), { force: true });
  prune(path.join(dir, 'node_modules'));
}

// ---------------------------------------------------------------------------------------------
// docker

function docker(args, input) {
  const result = spawnSync('docker', args, { encoding: 'utf8', input });
  if (result.error !== undefined) fail(`docker: ${result.error.message} (is the Docker engine installed and running? see ENVIRONMENT.md)`);
  if (result.status !== 0) fail(`docker ${args.join(' ')} exited ${result.status}:\n${result.stdout}${result.stderr}`);
  return result.stdout.trim();
}

function sizeOf(ref) {
  return Number(docker(['image', 'inspect', '--format', '{{.Size}}', ref]));
}

/** The id of a local image, or undefined when there is none. */
function imageId(ref) {
  const result = spawnSync('docker', ['image', 'inspect', '--format', '{{.Id}}', ref], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/**
 * Builds `context` (holding its Dockerfile) as `ref`; prints the image and its size. The image
 * `ref` named before is removed when nothing else uses it (else every rebuild would leave a
 * dangling image of about 170 MB behind).
 */
function build(ref, context, buildArgs = {}, what = '') {
  const args = ['build', '--quiet', '-t', ref];
  for (const [key, value] of Object.entries(buildArgs)) args.push('--build-arg', `${key}=${value}`);
  const started = Date.now();
  const previous = imageId(ref);
  docker([...args, context]);
  // Refused (and left alone) while another tag, a child image or a container still uses it.
  if (previous !== undefined && previous !== imageId(ref)) spawnSync('docker', ['image', 'rm', previous], { encoding: 'utf8' });
  console.log(`built ${ref.padEnd(34)} ${(sizeOf(ref) / 1e6).toFixed(0).padStart(5)} MB  ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s${what === '' ? '' : `  ${what}`}`);
}

function context(parent, name, dockerfile) {
  const dir = path.join(parent, name);
  mkdirSync(path.join(dir, 'rootfs'), { recursive: true });
  cpSync(dockerfile, path.join(dir, 'Dockerfile'));
  return dir;
}

function natsBinary(given) {
  if (given !== undefined) return givenBinary('nats', given);
  const found = NATS_CANDIDATES.find((file) => existsSync(file));
  if (found !== undefined) return found;
  const which = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim() !== '') return realpathSync(which.stdout.trim());
  return fail('nats-server not found: run `npm run setup` (it installs Debian\'s nats-server) or pass --nats <path>');
}

// ---------------------------------------------------------------------------------------------
// the images

/** Drops the symbol tables of a copied binary when `strip` is there (node: about 126 MB → 108 MB). */
function stripIfPossible(file) {
  const result = spawnSync('strip', ['--strip-all', file], { encoding: 'utf8' });
  if (result.error === undefined && result.status !== 0) fail(`strip ${file} failed: ${result.stderr}`);
}

function buildRuntime(work, opts) {
  const dir = context(work, 'runtime', path.join(here, 'runtime.Dockerfile'));
  const rootfs = path.join(dir, 'rootfs');
  addBinary(rootfs, opts.node, 'node');
  stripIfPossible(path.join(rootfs, 'node'));
  addUsers(rootfs);
  addProductionModules(path.join(rootfs, 'app'));
  const ref = `ebb/node-runtime:${opts.tag}`;
  build(ref, dir, {}, `node ${execFileSync(opts.node, ['-v'], { encoding: 'utf8' }).trim()}`);
  return ref;
}

function buildApp(work, app, runtime, opts) {
  const bundle = path.join(root, 'dist', 'apps', app, 'main.js');
  if (!existsSync(bundle)) fail(`${path.relative(root, bundle)} is missing: build it first (npm run build, or npm run images which builds them)`);
  const dir = context(work, app, path.join(here, 'app.Dockerfile'));
  mkdirSync(path.join(dir, 'rootfs', 'app'));
  cpSync(bundle, path.join(dir, 'rootfs', 'app', 'main.js'));
  // The local cluster's kubelet runs pods as Docker containers through the docker CLI.
  if (app === 'local-cluster') {
    addBinary(path.join(dir, 'rootfs'), dockerCli(opts.docker), DOCKER_CLI);
    stripIfPossible(path.join(dir, 'rootfs', DOCKER_CLI));
  }
  build(`ebb/${app}:${opts.tag}`, dir, { RUNTIME: runtime, APP: app, VERSION: opts.tag });
}

/** A binary given on the command line, resolved; a clear failure when it is not there. */
function givenBinary(option, given) {
  if (!existsSync(given)) fail(`--${option} ${given}: no such file`);
  return realpathSync(given);
}

/** The docker CLI to put in the local cluster's image: --docker, else the one on PATH. */
function dockerCli(given) {
  if (given !== undefined) return givenBinary('docker', given);
  const which = spawnSync('sh', ['-c', 'command -v docker'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim() !== '') return realpathSync(which.stdout.trim());
  return fail('the docker CLI is not on PATH (the local cluster image carries it): install docker.io or pass --docker <path>');
}

function buildNats(work, opts) {
  const binary = natsBinary(opts.nats);
  const dir = context(work, 'nats', path.join(here, 'nats.Dockerfile'));
  const rootfs = path.join(dir, 'rootfs');
  addBinary(rootfs, binary, 'nats-server');
  addUsers(rootfs);
  mkdirSync(path.join(rootfs, 'data'));
  chmodSync(path.join(rootfs, 'data'), 0o1777);
  build(`ebb/nats:${opts.tag}`, dir, {}, execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim());
}

function buildExample(work, opts) {
  const source = path.join(root, 'examples', opts.example);
  if (!existsSync(path.join(source, 'Dockerfile')) || !statSync(source).isDirectory()) {
    const known = readdirSync(path.join(root, 'examples'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    fail(`examples/${opts.example} has no Dockerfile (examples: ${known.join(', ')})`);
  }
  const dir = context(work, 'example', path.join(source, 'Dockerfile'));
  const rootfs = path.join(dir, 'rootfs');
  addBinary(rootfs, opts.node, 'node');
  stripIfPossible(path.join(rootfs, 'node'));
  cpSync(source, path.join(rootfs, 'app'), { recursive: true, filter: (file) => path.basename(file) !== 'Dockerfile' });
  build(opts.image, dir, {}, `node ${execFileSync(opts.node, ['-v'], { encoding: 'utf8' }).trim()}, example ${opts.example}`);
}

function main() {
  const opts = options();
  const work = mkdtempSync(path.join(tmpdir(), 'ebb-images-'));
  // On every way out, a failure too: fail() ends the process with process.exit, which skips finally blocks.
  process.on('exit', () => rmSync(work, { recursive: true, force: true }));
  if (opts.example !== undefined) return buildExample(work, opts);
  const apps = APPS.filter((app) => opts.only.includes(app));
  if (apps.length > 0) {
    const runtime = buildRuntime(work, opts);
    for (const app of apps) buildApp(work, app, runtime, opts);
  }
  if (opts.only.includes('nats')) buildNats(work, opts);
  return undefined;
}

main();
