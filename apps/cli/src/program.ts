// The `ebb` command line: one commander program whose command groups each live in their own
// file under commands/ (issue 7 adds `up`, `service`, … the same way). `run` parses an argv
// in-process and turns every outcome into an exit code: 0, 1 for a failure (`Error: …` on
// stderr, as kn prints it), 2 for a usage error.
import { Command, CommanderError } from 'commander';
import { ImageStoreError } from '@ebb/image-store';
import { applyCommand } from './commands/apply.js';
import { imageCommand } from './commands/image.js';
import { revisionCommand, routeCommand } from './commands/revision.js';
import { serviceCommand } from './commands/service.js';
import { examples, withUsageHint } from './commands/shared.js';
import { downCommand, upCommand } from './commands/up.js';
import { CliError, type CliContext } from './context.js';

/** Exit codes. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** The command groups, in help order. Add one line per group. */
const COMMAND_GROUPS: readonly ((ctx: CliContext) => Command)[] = [
  upCommand,
  downCommand,
  serviceCommand,
  revisionCommand,
  routeCommand,
  applyCommand,
  imageCommand,
];

/** Applies the settings every command shares (output, errors, the usage hint), depth first. */
function configure(command: Command, ctx: CliContext): void {
  command
    .configureOutput({
      writeOut: ctx.stdout,
      writeErr: ctx.stderr,
      outputError: (text, write) => write(text.replace(/^error: /, 'Error: ')),
    })
    .exitOverride();
  withUsageHint(command);
  for (const sub of command.commands) configure(sub, ctx);
}

/** The whole `ebb` program, writing through `ctx`; commander errors are thrown, not exited. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('ebb')
    .description('Ebb: Knative Serving rebuilt in TypeScript, with a local cluster for your machine')
    .option('--data-dir <dir>', 'where Ebb keeps its state: local images, the local cluster (default: $EBB_DATA_DIR, else ./.ebb when it exists — ebb up makes it — else ~/.ebb)')
    .option('--kubeconfig <file>', 'the kubeconfig of the cluster (default: $KUBECONFIG, else ./.ebb/kubeconfig when it exists, else ~/.kube/config)')
    .addHelpText('after', examples([
        ['Run a directory as the image dev.local/hello', 'ebb image add hello examples/hello'],
        ['Deploy it as a Knative service', 'ebb service create hello --image dev.local/hello'],
        ['Apply Knative YAML', 'ebb apply -f service.yaml'],
      ]));
  for (const group of COMMAND_GROUPS) program.addCommand(group(ctx));
  configure(program, ctx);
  return program;
}

/** Commander's outcome as an exit code: help and version are not errors, the rest are usage errors. */
function commanderExitCode(error: CommanderError): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
  return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
}

/** Runs `ebb <argv…>` and returns its exit code; never throws. */
export async function run(argv: readonly string[], ctx: CliContext): Promise<number> {
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExitCode(error);
    const expected = error instanceof CliError || error instanceof ImageStoreError;
    ctx.stderr(`Error: ${expected ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.failed;
  }
}
