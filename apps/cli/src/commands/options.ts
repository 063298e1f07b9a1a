// Options the cluster commands share (namespace, output format, waiting) and the helpers that
// print objects as kn does: `-o json|yaml|name`, "No services found.", wait progress lines.
import { Option, type Command } from 'commander';
import { stringify } from 'yaml';
import type { ResourceType } from '@ebb/kube';
import { CliError, type CliContext } from '../context.js';
import { qualifiedName } from '../serving/resources.js';
import type { WaitOutcome } from '../serving/wait.js';

/** Commander's parser for a repeatable option collected into a list. */
export function collectList(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Adds `-n/--namespace`. */
export function withNamespace(command: Command): Command {
  return command.option('-n, --namespace <namespace>', "the namespace (default: the kubeconfig context's, else 'default')");
}

/** Adds `-o/--output` with these formats. */
export function withOutput(command: Command, formats: readonly string[]): Command {
  return command.addOption(new Option('-o, --output <format>', `print as ${formats.join(', ')}`).choices(formats));
}

/** The wait options of create/update/apply (`--wait` by default) or delete (`--no-wait` by default). */
export function withWait(command: Command, waitByDefault: boolean): Command {
  const wait = waitByDefault
    ? command.option('--wait', 'wait until the service is ready (default)').option('--no-wait', 'do not wait for the service to be ready')
    : command.option('--wait', 'wait until the object is gone (default: do not wait)').option('--no-wait', 'do not wait (default)');
  return wait.option('--wait-timeout <seconds>', 'seconds to wait before giving up', '600').option('--wait-window <seconds>', 'seconds a Ready=False may last before the wait fails', '2');
}

/** The parsed wait options. */
export interface WaitFlags {
  readonly wait?: boolean;
  readonly waitTimeout: string;
  readonly waitWindow: string;
}

/** --wait-timeout / --wait-window in ms (non-negative integers). */
export function waitTimes(flags: WaitFlags): { timeoutMs: number; windowMs: number } {
  const seconds = (text: string, flag: string): number => {
    if (!/^\d+$/.test(text)) throw new CliError(`invalid --${flag} '${text}': want a number of seconds`);
    return Number(text) * 1000;
  };
  return { timeoutMs: seconds(flags.waitTimeout, 'wait-timeout'), windowMs: seconds(flags.waitWindow, 'wait-window') };
}

/** Prints objects as a List in JSON or YAML, or their `kind.group/name`; false when the format is a table. */
export function printObjects(ctx: CliContext, output: string | undefined, type: ResourceType, items: readonly { metadata?: { name?: string } }[]): boolean {
  if (output === undefined) return false;
  if (output === 'name') {
    ctx.stdout(items.map((item) => `${qualifiedName(type, item.metadata?.name ?? '')}\n`).join(''));
    return true;
  }
  const apiVersion = type.group === '' ? type.version : `${type.group}/${type.version}`;
  const list = { apiVersion, kind: `${type.kind}List`, items: items.map((item) => ({ apiVersion, kind: type.kind, ...item })) };
  printObject(ctx, output, list);
  return true;
}

/** Prints one object as JSON or YAML. */
export function printObject(ctx: CliContext, output: string, object: unknown): void {
  ctx.stdout(output === 'yaml' ? stringify(object) : `${JSON.stringify(object, null, 2)}\n`);
}

/** A wait progress line as kn prints it: seconds since the start, then the message. */
export function progressLine(startedAt: Date, now: Date, message: string): string {
  return `${((now.getTime() - startedAt.getTime()) / 1000).toFixed(3).padStart(7)}s ${message}\n`;
}

/** Throws the failure of a wait as kn words it. */
export function failOnWait(outcome: WaitOutcome, what: string, timeoutMs: number): void {
  if (outcome.ready) return;
  if (outcome.timedOut) throw new CliError(`timeout: ${what} not ready after ${timeoutMs / 1000} seconds`);
  throw new CliError(outcome.error);
}
