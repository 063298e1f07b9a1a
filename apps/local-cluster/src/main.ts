// The local cluster's entry point: `node dist/apps/local-cluster/main.js --data-dir <dir>`.
import { assertNodeVersion, createLogger } from '@ebb/observability';
import { startCluster } from './cluster.js';
import { parseOptions, UsageError, USAGE } from './options.js';

/** Exit code of a bad command line (as the apps' bad configuration). */
const EXIT_USAGE = 2;
/** How long closing may take before the process exits anyway. */
const CLOSE_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  assertNodeVersion();
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`local-cluster: ${error.message}\n\n${USAGE}\n`);
    process.exit(EXIT_USAGE);
  }
  if (options === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const logger = createLogger({ component: 'local-cluster', level: options.logLevel });
  const cluster = await startCluster(options, logger);
  logger.info({ url: cluster.url, kubeconfig: cluster.kubeconfigPath, dataDir: options.dataDir }, 'ready');
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: closing watches and the store');
    setTimeout(() => process.exit(1), CLOSE_TIMEOUT_MS).unref();
    cluster.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'close failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`local-cluster: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
