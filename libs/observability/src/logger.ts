import { pino, type DestinationStream, type Logger } from 'pino';

/** Log levels accepted by `EBB_LOG_LEVEL`, most severe first. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** The app or tool writing the log; every line carries it as `component`. */
  readonly component: string;
  readonly level: LogLevel;
  /** Where lines go; standard output (synchronously, so nothing is lost at exit) by default. */
  readonly destination?: DestinationStream;
}

/**
 * A JSON-lines logger: `{"level":"info","time":"…","component":"controller","msg":"…"}`.
 * Add fields known for a piece of work with `child`, e.g. {@link forRevision}.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { component: options.component },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** A child logger whose every line carries the revision's `namespace` and `revision`. */
export function forRevision(logger: Logger, namespace: string, revision: string): Logger {
  return logger.child({ namespace, revision });
}
