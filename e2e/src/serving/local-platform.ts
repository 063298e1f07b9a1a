// Ebb on this machine as a user starts it, for the serving e2e suites: `ebb up` in a fresh data
// dir (its own kubeconfig, ports and NATS port), then `ebb …` and the real `kubectl` against it,
// and `ebb down --purge` at the end. One place for what every suite on the local platform needs.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { EBB_CLI_BUNDLE, exampleDir, freePort, kubectl, kubectlOk, type KubectlOptions, type KubectlResult } from '@ebb/testing';

const run = promisify(execFile);

/** A condition as kubectl shows it. */
export interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
}

/** What to start with. */
export interface PlatformOptions {
  /** Deploy the hello example Service (`ebb up` without --no-example). */
  readonly example: boolean;
  /** Example images to add first (`ebb image add <name> examples/<name>`). */
  readonly images: readonly Parameters<typeof exampleDir>[0][];
  /** Routes on the Istio class (`ebb up --istio`, deploy/overlays/local-istio). */
  readonly istio?: boolean;
}

/** A running local platform (see the file comment). */
export class LocalPlatform {
  /** What `ebb up` printed. */
  upOutput = '';

  private constructor(
    readonly dataDir: string,
    /** The gateway's port on 127.0.0.1. */
    readonly port: number,
    /** NATS on 127.0.0.1. */
    readonly natsPort: number,
  ) {}

  /** Starts the platform (about 20 s from built bundles). */
  static async start(options: PlatformOptions): Promise<LocalPlatform> {
    const platform = new LocalPlatform(await mkdtemp(path.join(tmpdir(), 'ebb-up-')), await freePort(), await freePort());
    for (const image of options.images) await platform.ebb(['image', 'add', image, exampleDir(image)]);
    const example = options.example ? [] : ['--no-example'];
    const istio = options.istio === true ? ['--istio'] : [];
    platform.upOutput = await platform.ebb(['up', '--no-build', ...example, ...istio, '--port', String(platform.port), '--nats-port', String(platform.natsPort), '--timeout', '300'], 400_000);
    return platform;
  }

  /** `ebb down --purge` and the data dir removed. */
  async stop(): Promise<void> {
    await this.ebb(['down', '--purge'], 180_000).catch((error: unknown) => console.error(error));
    await rm(this.dataDir, { recursive: true, force: true });
  }

  /** The kubeconfig and kubectl cache of this platform. */
  get cluster(): { kubeconfigPath: string; cacheDir: string } {
    return { kubeconfigPath: path.join(this.dataDir, 'kubeconfig'), cacheDir: path.join(this.dataDir, 'kubectl-cache') };
  }

  /** `ebb <args…>` against this platform; stdout, or the failure with both streams. */
  async ebb(args: readonly string[], timeoutMs = 300_000): Promise<string> {
    try {
      const env = { ...process.env, EBB_DATA_DIR: this.dataDir, KUBECONFIG: path.join(this.dataDir, 'kubeconfig') };
      const { stdout } = await run(process.execPath, [EBB_CLI_BUNDLE, ...args], { cwd: this.dataDir, encoding: 'utf8', timeout: timeoutMs, env });
      return stdout;
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string; message: string };
      throw new Error(`ebb ${args.join(' ')} failed: ${failed.message}\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`);
    }
  }

  /** `kubectl <args…>`, whatever its exit code. */
  kubectl(args: readonly string[], options: KubectlOptions = {}): Promise<KubectlResult> {
    return kubectl(this.cluster, args, { timeoutMs: 120_000, ...options });
  }

  /** `kubectl <args…>` that must succeed; its stdout. */
  async ok(args: readonly string[], options: KubectlOptions = {}): Promise<string> {
    return kubectlOk(this.cluster, args, { timeoutMs: 120_000, ...options });
  }

  /** `kubectl <args…> -o json`, parsed. */
  async json<T>(args: readonly string[]): Promise<T> {
    return JSON.parse(await this.ok([...args, '-o', 'json'])) as T;
  }

  /** The Ready condition of `kind/name` in `default`. */
  async readyCondition(kind: string, name: string): Promise<Condition | undefined> {
    const object = await this.json<{ status?: { conditions?: Condition[] } }>(['get', kind, name, '-n', 'default']);
    return object.status?.conditions?.find((c) => c.type === 'Ready');
  }
}
