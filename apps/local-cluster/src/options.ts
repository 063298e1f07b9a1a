// Command-line options of the local cluster, parsed with Node's own `util.parseArgs`.
import { isIP } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LOG_LEVELS, type LogLevel } from '@ebb/observability';

/** What `--help` prints. */
export const USAGE = `Usage: local-cluster --data-dir <dir> [options]

A single-machine Kubernetes API server for Ebb (HTTPS, bearer tokens, kubectl-compatible).

Options:
  --data-dir <dir>        where objects, certificates, tokens and the kubeconfig live (required)
  --port <port>           HTTPS port (default 6443; 0 picks a free one)
  --host <address>        address to listen on (default 127.0.0.1)
  --watch-history <n>     changes kept for watches to resume from (default 20000)
  --docker <auto|never>   run a pod whose image the Docker engine has as a container with host
                          networking when the engine answers (auto, the default), or never
  --insecure-anonymous    accept requests without a token as system:anonymous (tests only)
  --log-level <level>     ${LOG_LEVELS.join('|')} (default info)
  -h, --help              print this help

On start it writes <data-dir>/kubeconfig (server URL, CA, admin token) before /readyz answers,
then runs the Deployment, ReplicaSet, EndpointSlice and ServiceAccount controllers, a scheduler
and the kubelet of node "local", which runs pods as processes (or Docker containers). Local
images (dev.local/…, ko.local/…) come from <data-dir>/images: see \`ebb image add --help\`.`;

/** Parsed options. */
export interface ClusterOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  readonly watchHistory: number;
  readonly insecureAnonymous: boolean;
  readonly logLevel: LogLevel;
  /** Whether the kubelet may run pods as Docker containers. */
  readonly docker: 'auto' | 'never';
}

/** A bad command line; `main` prints it with the usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${text}"`);
  return value;
}

function logLevel(text: string): LogLevel {
  if (!(LOG_LEVELS as readonly string[]).includes(text)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got "${text}"`);
  return text as LogLevel;
}

function dockerMode(text: string): 'auto' | 'never' {
  if (text !== 'auto' && text !== 'never') throw new UsageError(`--docker must be auto or never, got "${text}"`);
  return text;
}

function hostAddress(text: string): string {
  if (isIP(text) === 0 && text !== 'localhost') throw new UsageError(`--host must be an IP address or localhost, got "${text}"`);
  return text;
}

/** Reads the command line; `undefined` when help was asked for. Throws {@link UsageError}. */
export function parseOptions(argv: readonly string[]): ClusterOptions | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string', default: '6443' },
        host: { type: 'string', default: '127.0.0.1' },
        'watch-history': { type: 'string', default: '20000' },
        'insecure-anonymous': { type: 'boolean', default: false },
        docker: { type: 'string', default: 'auto' },
        'log-level': { type: 'string', default: 'info' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.help) return undefined;
  if (parsed['data-dir'] === undefined || parsed['data-dir'] === '') throw new UsageError('--data-dir is required');
  return {
    dataDir: path.resolve(parsed['data-dir']),
    port: integer('port', parsed.port, 0, 65535),
    host: hostAddress(parsed.host),
    watchHistory: integer('watch-history', parsed['watch-history'], 100, 10_000_000),
    insecureAnonymous: parsed['insecure-anonymous'],
    logLevel: logLevel(parsed['log-level']),
    docker: dockerMode(parsed.docker),
  };
}
