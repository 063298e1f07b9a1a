import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ImageStore } from '@ebb/image-store';
import { run } from './program.js';

const NOW = new Date('2026-11-26T03:00:00.000Z');

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('ebb (in-process)', () => {
  let work: string;
  let dataDir: string;
  let clock: Date;

  async function ebb(args: readonly string[], env: NodeJS.ProcessEnv = { EBB_DATA_DIR: dataDir }): Promise<Outcome> {
    let stdout = '';
    let stderr = '';
    const code = await run(args, {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      env,
      cwd: work,
      now: () => clock,
    });
    return { code, stdout, stderr };
  }

  beforeEach(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'ebb-cli-'));
    dataDir = path.join(work, 'data');
    clock = NOW;
    await mkdir(path.join(work, 'app'));
    await writeFile(path.join(work, 'app', 'ebb-image.json'), JSON.stringify({ entrypoint: ['node', 'server.mjs'], env: { TARGET: 'Ebb' } }));
    await mkdir(path.join(work, 'bare'));
  });
  afterEach(async () => {
    await rm(work, { recursive: true, force: true });
  });

  describe('image add', () => {
    it('adds a directory with the entrypoint of its manifest, a bare name meaning dev.local/', async () => {
      expect(await ebb(['image', 'add', 'hello', 'app'])).toEqual({ code: 0, stdout: "Image 'dev.local/hello:latest' added (entrypoint: node server.mjs).\n", stderr: '' });
      await expect(ImageStore.open(dataDir).get('dev.local/hello')).resolves.toEqual({
        ref: 'dev.local/hello:latest',
        dir: path.join(work, 'app'),
        entrypoint: ['node', 'server.mjs'],
        cmd: [],
        env: { TARGET: 'Ebb' },
        addedAt: NOW.toISOString(),
      });
    });

    it('takes the command after --, options before it, and says "updated" when the image existed', async () => {
      await ebb(['image', 'add', 'ko.local/echo:v1', 'bare', '--', 'true']);
      const outcome = await ebb(['image', 'add', '-e', 'A=1', '--env', 'B=x=y', '--working-dir', 'bare/src', 'ko.local/echo:v1', 'bare', '--', 'node', 'echo.mjs', '--name', "it's"]);
      expect(outcome).toEqual({ code: 0, stdout: "Image 'ko.local/echo:v1' updated (entrypoint: node echo.mjs --name 'it'\\''s').\n", stderr: '' });
      const image = await ImageStore.open(dataDir).get('ko.local/echo:v1');
      expect(image).toMatchObject({ entrypoint: ['node', 'echo.mjs', '--name', "it's"], env: { A: '1', B: 'x=y' }, workingDir: path.join(work, 'bare', 'src') });
    });

    it.each([
      { name: 'a non-local image', args: ['docker.io/library/nginx', 'bare', '--', 'x'], stderr: "Error: 'docker.io/library/nginx' is not a local image: only dev.local/ and ko.local/ images can be added; other images come from Docker (docker build -t docker.io/library/nginx …)\n" },
      { name: 'a missing directory', args: ['hello', 'missing', '--', 'x'], stderr: 'Error: directory WORK/missing does not exist\n' },
      { name: 'no entrypoint', args: ['hello', 'bare'], stderr: `Error: image 'dev.local/hello:latest' has no entrypoint: give a command after '--' (ebb image add dev.local/hello WORK/bare -- node server.mjs) or write {"entrypoint": [...]} in WORK/bare/ebb-image.json\n` },
    ])('fails with exit code 1 and changes nothing for $name', async ({ args, stderr }) => {
      const outcome = await ebb(['image', 'add', ...args]);
      expect({ ...outcome, stderr: outcome.stderr.replaceAll(work, 'WORK') }).toEqual({ code: 1, stdout: '', stderr });
      expect(await readdir(work)).toEqual(['app', 'bare']);
    });
  });

  describe('image list', () => {
    beforeEach(async () => {
      await ebb(['image', 'add', 'hello', 'app']);
      clock = new Date(NOW.getTime() + 5 * 60_000);
      await ebb(['image', 'add', 'dev.local/echo:v2', 'bare', '--', 'node', 'server.mjs', '--delay', '10 ms']);
      clock = new Date(NOW.getTime() + 3 * 3600_000);
    });

    it.each([
      {
        name: 'a table, sorted, with ages',
        args: [],
        want: [
          ['IMAGE', 'DIRECTORY', 'ENTRYPOINT', 'ADDED'],
          ['dev.local/echo:v2', 'WORK/bare', "node server.mjs --delay '10 ms'", '175m'],
          ['dev.local/hello:latest', 'WORK/app', 'node server.mjs', '3h'],
          [''],
        ],
      },
      { name: 'names only', args: ['-o', 'name'], want: [['dev.local/echo:v2'], ['dev.local/hello:latest'], ['']] },
    ])('prints $name', async ({ args, want }) => {
      const outcome = await ebb(['image', 'list', ...args]);
      expect(outcome.code).toBe(0);
      // Cells are separated by at least three spaces (formatTable's own spec checks the alignment).
      expect(outcome.stdout.replaceAll(work, 'WORK').split('\n').map((line) => line.split(/ {3,}/))).toEqual(want);
    });

    it('prints the rows alone with --no-headers, through the alias ls', async () => {
      const outcome = await ebb(['image', 'ls', '--no-headers']);
      expect(outcome.stdout.split('\n')[0]).toMatch(/^dev\.local\/echo:v2 /);
      expect(outcome.stdout.split('\n')).toHaveLength(3);
    });

    it('prints JSON with -o json', async () => {
      const outcome = await ebb(['image', 'list', '-o', 'json']);
      expect((JSON.parse(outcome.stdout) as { ref: string }[]).map((image) => image.ref)).toEqual(['dev.local/echo:v2', 'dev.local/hello:latest']);
    });
  });

  it('says when there are no images', async () => {
    expect(await ebb(['image', 'list'])).toEqual({ code: 0, stdout: 'No images found.\n', stderr: '' });
  });

  describe('image remove', () => {
    it('removes images and fails naming the ones it did not find', async () => {
      await ebb(['image', 'add', 'hello', 'app']);
      expect(await ebb(['image', 'remove', 'hello', 'ko.local/nope'])).toEqual({
        code: 1,
        stdout: "Image 'dev.local/hello:latest' removed.\n",
        stderr: "Error: image 'ko.local/nope:latest' not found\n",
      });
      await expect(ImageStore.open(dataDir).list()).resolves.toEqual([]);
    });
  });

  describe('--data-dir', () => {
    it.each([
      { name: 'before the command', args: ['--data-dir', 'elsewhere', 'image', 'add', 'hello', 'app'] },
      { name: 'after the command', args: ['image', 'add', 'hello', 'app', '--data-dir', 'elsewhere'] },
      { name: 'instead of $EBB_DATA_DIR', args: ['image', 'add', '--data-dir=elsewhere', 'hello', 'app'] },
    ])('is honoured $name', async ({ args }) => {
      expect((await ebb(args)).code).toBe(0);
      await expect(ImageStore.open(path.join(work, 'elsewhere')).get('dev.local/hello')).resolves.toBeDefined();
      await expect(ImageStore.open(dataDir).list()).resolves.toEqual([]);
    });

    it('defaults to ~/.ebb without $EBB_DATA_DIR', async () => {
      expect((await ebb(['image', 'add', 'hello', 'app'], { HOME: work })).code).toBe(0);
      await expect(ImageStore.open(path.join(work, '.ebb')).get('dev.local/hello')).resolves.toBeDefined();
    });

    it("defaults to ./.ebb when it exists, the folder ebb up's cluster reads", async () => {
      const home = path.join(work, 'home');
      await mkdir(path.join(work, '.ebb'), { recursive: true });
      expect((await ebb(['image', 'add', 'hello', 'app'], { HOME: home })).code).toBe(0);
      await expect(ImageStore.open(path.join(work, '.ebb')).get('dev.local/hello')).resolves.toBeDefined();
      await expect(ImageStore.open(path.join(home, '.ebb')).list()).resolves.toEqual([]);
    });
  });

  describe('cluster commands without a cluster', () => {
    it.each<{ name: string; args: string[]; env: Record<string, string>; stderr: string }>([
      { name: 'no kubeconfig anywhere', args: ['service', 'list'], env: { HOME: 'WORK/home' }, stderr: "Error: no kubeconfig at WORK/home/.kube/config: start the local cluster with 'ebb up', or pass --kubeconfig\n" },
      { name: 'a missing --kubeconfig', args: ['revision', 'list', '--kubeconfig', 'nope.yaml'], env: {}, stderr: "Error: no kubeconfig at WORK/nope.yaml: start the local cluster with 'ebb up', or pass --kubeconfig\n" },
      { name: 'a missing $KUBECONFIG', args: ['route', 'list'], env: { KUBECONFIG: 'WORK/k' }, stderr: "Error: no kubeconfig at WORK/k: start the local cluster with 'ebb up', or pass --kubeconfig\n" },
    ])('fail with $name', async ({ args, env, stderr }) => {
      const outcome = await ebb(args, Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replace('WORK', work)])));
      expect({ ...outcome, stderr: outcome.stderr.replaceAll(work, 'WORK') }).toEqual({ code: 1, stdout: '', stderr });
    });

    it('refuses a create without --image (with .ebb/kubeconfig found in the working directory)', async () => {
      await mkdir(path.join(work, '.ebb'));
      await writeFile(path.join(work, '.ebb', 'kubeconfig'), 'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:1\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\n    namespace: apps\nusers:\n- name: u\n  user: {}\ncurrent-context: c\n');
      expect(await ebb(['service', 'create', 'hello'], {})).toEqual({ code: 1, stdout: '', stderr: "Error: 'service create' requires the image name to run provided with the --image option\n" });
    });
  });

  describe('usage errors exit 2 with a hint', () => {
    it.each([
      { name: 'a missing argument', args: ['image', 'add', 'hello'], stderr: "Error: missing required argument 'dir'\nRun 'ebb image add --help' for usage.\n" },
      { name: 'an unknown command', args: ['imgae'], stderr: "Error: unknown command 'imgae'\n(Did you mean image?)\nRun 'ebb --help' for usage.\n" },
      { name: 'an unknown option', args: ['image', 'list', '--wide'], stderr: "Error: unknown option '--wide'\nRun 'ebb image list --help' for usage.\n" },
      { name: 'a bad --env', args: ['image', 'add', 'hello', 'app', '-e', 'NOVALUE'], stderr: "Error: option '-e, --env <NAME=value>' argument 'NOVALUE' is invalid. want NAME=value, got 'NOVALUE'.\nRun 'ebb image add --help' for usage.\n" },
      { name: 'a bad --output', args: ['image', 'list', '-o', 'yaml'], stderr: "Error: option '-o, --output <format>' argument 'yaml' is invalid. Allowed choices are json, name.\nRun 'ebb image list --help' for usage.\n" },
    ])('$name', async ({ args, stderr }) => {
      expect(await ebb(args)).toEqual({ code: 2, stdout: '', stderr });
    });

    it('prints the help on stderr when no command is given', async () => {
      const outcome = await ebb(['image']);
      expect(outcome.code).toBe(2);
      expect(outcome.stderr).toContain('Usage: ebb image [options] [command]');
    });
  });

  it.each([
    { args: ['--help'], usage: 'Usage: ebb [options] [command]', example: 'ebb image add hello examples/hello' },
    { args: ['image', '--help'], usage: 'Usage: ebb image [options] [command]', example: 'runs on the local cluster as a process' },
    { args: ['image', 'add', '--help'], usage: 'Usage: ebb image add <name> <dir> [options] [-- <command...>]', example: '  # Add a directory with an explicit entrypoint\n  ebb image add dev.local/api:v2 ./api -- node --enable-source-maps dist/main.js\n' },
    { args: ['image', 'list', '--help'], usage: 'Usage: ebb image list|ls [options]', example: 'ebb image list -o name' },
    { args: ['image', 'help', 'remove'], usage: 'Usage: ebb image remove|rm [options] <name...>', example: 'ebb image remove hello' },
    { args: ['service', 'create', '--help'], usage: 'Usage: ebb service create [options] <name>', example: '  # Create a service that scales between 1 and 5 replicas, without waiting\n  ebb service create api --image dev.local/api --scale 1..5 --no-wait\n' },
    { args: ['service', 'update', '--help'], usage: 'Usage: ebb service update [options] <name>', example: "kn's --lock-to-digest is not offered" },
    { args: ['service', 'apply', '--help'], usage: 'Usage: ebb service apply [options] <name>', example: 'ebb service apply hello --image dev.local/hello --env TARGET=Ebb' },
    { args: ['service', 'list', '--help'], usage: 'Usage: ebb service list|ls [options] [name]', example: 'ebb service list -A -o yaml' },
    { args: ['service', 'describe', '--help'], usage: 'Usage: ebb service describe [options] <name>', example: 'ebb service describe hello -o url' },
    { args: ['service', 'delete', '--help'], usage: 'Usage: ebb service delete|rm [options] [name...]', example: 'ebb service delete --all --wait' },
    { args: ['revision', 'list', '--help'], usage: 'Usage: ebb revision list|ls [options] [name]', example: 'ebb revision list -s hello' },
    { args: ['revision', 'describe', '--help'], usage: 'Usage: ebb revision describe [options] <name>', example: 'ebb revision describe hello-00001' },
    { args: ['revision', 'delete', '--help'], usage: 'Usage: ebb revision delete|rm [options] <name...>', example: 'ebb revision delete hello-00001' },
    { args: ['route', 'list', '--help'], usage: 'Usage: ebb route list|ls [options] [name]', example: 'ebb route list' },
    { args: ['route', 'describe', '--help'], usage: 'Usage: ebb route describe [options] <name>', example: 'ebb route describe hello' },
    { args: ['apply', '--help'], usage: 'Usage: ebb apply [options]', example: 'cat service.yaml | ebb apply -f -' },
  ])('$args prints help with examples on stdout and exits 0', async ({ args, usage, example }) => {
    const outcome = await ebb(args);
    expect(outcome).toMatchObject({ code: 0, stderr: '' });
    expect(outcome.stdout).toContain(usage);
    expect(outcome.stdout).toContain(example);
  });

  it.each([
    { command: 'create', flag: '--scale-window <duration>', text: 'Duration to look back for making' },
    { command: 'update', flag: '--scale-min <n>', text: 'Minimum number of replicas' },
    { command: 'update', flag: '--scale-max <n>', text: 'Maximum number of replicas' },
    { command: 'update', flag: '--scale-target <n>', text: 'Recommendation for what metric value' },
    { command: 'update', flag: '--scale-utilization <percent>', text: 'Percentage of concurrent requests' },
    { command: 'update', flag: '--scale-init <n>', text: 'Initial number of replicas' },
    { command: 'update', flag: '--scale-activation <n>', text: 'Minimum non-zero value' },
    { command: 'update', flag: '--scale <N|MIN..MAX|MIN..|..MAX>', text: 'Set the Minimum and Maximum number of' },
    { command: 'create', flag: '--concurrency-limit <n>', text: 'Hard Limit of concurrent requests' },
  ])('service $command --help documents $flag', async ({ command, flag, text }) => {
    const outcome = await ebb(['service', command, '--help']);
    const flat = outcome.stdout.replace(/\s+/g, ' ');
    expect(flat).toContain(`${flag} ${text}`);
  });

  it('revision describe --help documents --decisions and --system-namespace', async () => {
    const flat = (await ebb(['revision', 'describe', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(flat).toContain('--decisions <n> how many of the autoscaler\'s last decisions to show, newest first (0: none) (default: "10")');
    expect(flat).toContain('--system-namespace <namespace> the namespace the autoscaler runs in');
  });
});
