// What a command may touch outside itself, passed in rather than read from globals so that the
// whole program runs in-process in tests: where output goes, the environment, the working
// directory and the clock. `main.ts` builds the real one from `process`.

/** The outside world of one `ebb` run. */
export interface CliContext {
  /** Writes to standard output (text ends with its own newline). */
  readonly stdout: (text: string) => void;
  /** Writes to standard error. */
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /** Relative paths on the command line are resolved against it. */
  readonly cwd: string;
  readonly now: () => Date;
  /** Reads all of standard input (for `-f -`); absent when there is none. */
  readonly stdin?: () => Promise<string>;
}

/** A failure the user can act on: printed as `Error: <message>`, exit code 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}
