import 'reflect-metadata';
import { Module, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DestinationStream, Logger } from 'pino';
import { ConfigError, type BaseConfig } from './env.js';
import { createLogger } from './logger.js';
import { buildVersion, createMetricsRegistry } from './metrics.js';
import { ObservabilityModule } from './observability.module.js';
import { ReadinessService } from './readiness.service.js';
import { DrainTimer, withTimeout } from './shutdown.js';

/** Exit code of an app whose settings are invalid. */
export const EXIT_CONFIG_ERROR = 2;
/** How long closing modules and connections may take once the drain period is over. */
const CLOSE_TIMEOUT_MS = 10_000;
/** The oldest Node major the apps run on (see ENVIRONMENT.md: Node 24 from npm). */
const MIN_NODE_MAJOR = 24;

/** What an app's `main.ts` hands to {@link runApp}: its name, its settings and its modules. */
export interface AppSpec<C extends BaseConfig> {
  /** The `component` field of every log line, e.g. `controller`. */
  readonly component: string;
  /** Reads and validates the app's settings from the environment; throws {@link ConfigError}. */
  parseConfig(env: NodeJS.ProcessEnv): C;
  /** The app's own module for these settings; the admin surface is added around it. */
  rootModule(config: C): DynamicModule | Type<unknown>;
}

/** A started app. */
export interface RunningApp {
  /** Base URL of the admin server, e.g. `http://127.0.0.1:8081`. */
  readonly adminUrl: string;
  readonly logger: Logger;
  readonly nest: INestApplication;
  /**
   * Graceful stop: `/readyz` turns 503 at once, the app keeps serving for the drain period (or
   * until its registered drain conditions hold, see ReadinessService.registerDrainCondition),
   * then modules and connections close. Calling it again cuts the drain short.
   */
  shutdown(reason: string): Promise<void>;
}

/** Options of {@link startApp} that tests set. */
export interface StartOptions {
  readonly logDestination?: DestinationStream;
}

@Module({})
class AppRootModule {}

function adminUrl(nest: INestApplication, host: string): string {
  const address = (nest.getHttpServer() as Server).address() as AddressInfo;
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${address.port}`;
}

/** Boots an app's Nest container and its admin server; no signal handlers (see {@link runApp}). */
export async function startApp<C extends BaseConfig>(spec: AppSpec<C>, config: C, options: StartOptions = {}): Promise<RunningApp> {
  const logger = createLogger({ component: spec.component, level: config.logLevel, destination: options.logDestination });
  const root: DynamicModule = {
    module: AppRootModule,
    imports: [ObservabilityModule.forRoot({ logger, registry: createMetricsRegistry(spec.component) }), spec.rootModule(config)],
  };
  const nest = await NestFactory.create<NestExpressApplication>(root, { bufferLogs: true, abortOnError: false });
  nest.disable('x-powered-by');
  nest.useLogger(nest.get(NestPinoLogger));
  await nest.listen(config.adminPort, config.adminHost);
  const url = adminUrl(nest, config.adminHost);
  logger.info({ adminUrl: url, version: buildVersion() }, 'started');

  const readiness = nest.get(ReadinessService);
  const drain = new DrainTimer();
  let stopping: Promise<void> | undefined;
  const stop = async (reason: string): Promise<void> => {
    readiness.startDraining(Date.now());
    logger.info({ reason, drainSeconds: config.drainSeconds }, 'draining: /readyz now answers 503');
    const end = await drain.wait(config.drainSeconds * 1000, () => readiness.drainComplete());
    logger.info({ end }, end === 'condition' ? 'drain over: nothing can send new work any more; closing' : 'drain period over: closing');
    await withTimeout(nest.close(), CLOSE_TIMEOUT_MS, 'closing the app');
    logger.info('stopped');
  };
  return {
    adminUrl: url,
    logger,
    nest,
    shutdown: (reason) => {
      if (stopping) drain.cut();
      stopping ??= stop(reason);
      return stopping;
    },
  };
}

/** Fails with a clear message on a Node older than the one the project runs on. */
export function assertNodeVersion(version: string = process.versions.node): void {
  const major = Number(version.split('.')[0]);
  if (major < MIN_NODE_MAJOR) {
    throw new Error(`Ebb needs Node ${MIN_NODE_MAJOR} or newer, this is Node ${version}: run it through npm/npx, which use the node devDependency`);
  }
}

function fatal(component: string, message: string, extra: Record<string, unknown> = {}): void {
  process.stderr.write(`${JSON.stringify({ level: 'fatal', time: new Date().toISOString(), component, ...extra, msg: message })}\n`);
}

/**
 * The whole life of an app process: check Node, read settings (exit 2 naming the variable if
 * one is invalid), start, then on SIGTERM or SIGINT drain and exit 0 (a second signal cuts the
 * drain short). Start-up and shutdown failures exit 1.
 */
export async function runApp<C extends BaseConfig>(spec: AppSpec<C>): Promise<void> {
  let config: C;
  try {
    assertNodeVersion();
    config = spec.parseConfig(process.env);
  } catch (error) {
    fatal(spec.component, (error as Error).message);
    process.exit(error instanceof ConfigError ? EXIT_CONFIG_ERROR : 1);
  }
  let running: RunningApp;
  try {
    running = await startApp(spec, config);
  } catch (error) {
    fatal(spec.component, `start-up failed: ${(error as Error).message}`, { err: { message: (error as Error).message, stack: (error as Error).stack } });
    process.exit(1);
  }
  const onSignal = (signal: NodeJS.Signals): void => {
    running.shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        running.logger.fatal({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('unhandledRejection', (reason) => running.logger.error({ err: reason }, 'unhandled promise rejection'));
}
