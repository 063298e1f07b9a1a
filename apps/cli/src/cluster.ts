// How a command reaches the cluster, as kn and kubectl find it: `--kubeconfig`, else
// $KUBECONFIG, else `<cwd>/.ebb/kubeconfig` (what `ebb up` writes), else ~/.kube/config; the
// namespace from `-n/--namespace`, else the kubeconfig context's, else `default`. The path
// choice is pure (`kubeconfigPathFor`); `connect` does the file I/O.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubeConfig, ResourceClient, type KubeObjectLike, type ResourceType } from '@ebb/kube';
import { CliError, type CliContext } from './context.js';

/** The options every cluster command shares (global `--kubeconfig`, per-command `-n`). */
export interface ClusterOptions {
  readonly kubeconfig?: string;
  readonly namespace?: string;
}

/** The kubeconfig file to use: the flag, $KUBECONFIG (its first entry), `.ebb/kubeconfig` when it exists, else ~/.kube/config. */
export function kubeconfigPathFor(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string, exists: (file: string) => boolean): string {
  if (flag !== undefined && flag !== '') return path.resolve(cwd, flag);
  const fromEnv = (env['KUBECONFIG'] ?? '').split(path.delimiter).find((entry) => entry !== '');
  if (fromEnv !== undefined) return path.resolve(cwd, fromEnv);
  const local = path.join(cwd, '.ebb', 'kubeconfig');
  if (exists(local)) return local;
  return path.join(env['HOME'] ?? os.homedir(), '.kube', 'config');
}

/** The namespace: the flag, else the current context's, else `default`. */
export function namespaceFor(flag: string | undefined, contextNamespace: string | undefined): string {
  if (flag !== undefined && flag !== '') return flag;
  return contextNamespace !== undefined && contextNamespace !== '' ? contextNamespace : 'default';
}

/** A connection to the cluster for one command. */
export interface Cluster {
  readonly kubeConfig: KubeConfig;
  /** The namespace the command works in. */
  readonly namespace: string;
  /** A typed client of one resource type. */
  client<T extends KubeObjectLike>(type: ResourceType): ResourceClient<T>;
}

/** Loads the kubeconfig for this command (see {@link kubeconfigPathFor}); a missing file is a CliError. */
export function connect(command: Command, ctx: CliContext): Cluster {
  const options = command.optsWithGlobals<ClusterOptions>();
  const file = kubeconfigPathFor(options.kubeconfig, ctx.env, ctx.cwd, existsSync);
  if (!existsSync(file)) throw new CliError(`no kubeconfig at ${file}: start the local cluster with 'ebb up', or pass --kubeconfig`);
  let kubeConfig: KubeConfig;
  try {
    kubeConfig = loadKubeConfig(file);
  } catch (error) {
    throw new CliError(`cannot load kubeconfig ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const current = kubeConfig.getContextObject(kubeConfig.getCurrentContext());
  const namespace = namespaceFor(options.namespace, current?.namespace);
  return { kubeConfig, namespace, client: <T extends KubeObjectLike>(type: ResourceType) => new ResourceClient<T>(kubeConfig, type) };
}
