// Pieces every command group uses: the global `--data-dir`, repeatable options, `NAME=value`
// parsing and the "Run '… --help' for usage." hint that kn prints after a usage error.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { defaultDataDir } from '@ebb/image-store';
import type { CliContext } from '../context.js';

/** The folder `ebb up` uses when neither --data-dir nor $EBB_DATA_DIR says otherwise (under the working directory). */
export const LOCAL_DATA_DIR = '.ebb';

/**
 * The data dir for this run: `--data-dir`, else $EBB_DATA_DIR, else `./.ebb` when it exists (what
 * `ebb up` made, so `ebb image add` reaches the cluster it started), else ~/.ebb.
 */
export function dataDirOf(command: Command, ctx: CliContext, exists: (dir: string) => boolean = existsSync): string {
  const given = command.optsWithGlobals<{ dataDir?: string }>().dataDir;
  if (given !== undefined) return path.resolve(ctx.cwd, given);
  const local = path.join(ctx.cwd, LOCAL_DATA_DIR);
  return (ctx.env['EBB_DATA_DIR'] ?? '') === '' && exists(local) ? local : defaultDataDir(ctx.env);
}

/**
 * Commander's parser for a repeatable `NAME=value` option: adds one pair to the map so far. A
 * value without `=` (or with an empty name) is a usage error that commander prints.
 */
export function collectAssignment(pair: string, previous: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const at = pair.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`want NAME=value, got '${pair}'.`);
  return { ...previous, [pair.slice(0, at)]: pair.slice(at + 1) };
}

/** The command's full name, e.g. `ebb image add`. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c !== null; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Makes a usage error end with kn's hint: `Run 'ebb image add --help' for usage.`. */
export function withUsageHint(command: Command): Command {
  return command.showHelpAfterError(`Run '${commandPath(command)} --help' for usage.`);
}

/** A help section of examples: each `[comment, command]` as kn prints them. */
export function examples(rows: readonly (readonly [string, string])[]): string {
  return `\nExamples:\n${rows.map(([comment, line]) => `  # ${comment}\n  ${line}`).join('\n\n')}\n`;
}
