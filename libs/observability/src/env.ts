import { cleanEnv, host, makeValidator, port, str, type ValidatorSpec } from 'envalid';
import { LOG_LEVELS, type LogLevel } from './logger.js';

/** An invalid setting: the message names the variable. Apps exit with code 2 on it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
  }
}

/** A whole number, one or more (counts, depths, intervals in ms). */
export const positiveInteger = makeValidator<number>((input) => {
  const value = Number(input);
  if (input.trim() === '' || !Number.isInteger(value) || value < 1) throw new Error(`must be a whole number, one or more, got "${input}"`);
  return value;
});

/** A whole or fractional number of seconds, zero or more. */
export const seconds = makeValidator<number>((input) => {
  const value = Number(input);
  if (input.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new Error(`must be a number of seconds, zero or more, got "${input}"`);
  }
  return value;
});

/** Parses `env` against envalid `specs`; every bad or missing variable is named in one {@link ConfigError}. */
export function parseEnvironment<S extends Record<string, ValidatorSpec<unknown>>>(
  specs: S,
  env: NodeJS.ProcessEnv,
): { readonly [K in keyof S]: S[K] extends ValidatorSpec<infer T> ? T : never } {
  return cleanEnv(env, specs, {
    reporter: ({ errors }) => {
      const problems = Object.entries(errors).map(([key, error]) => `${key}: ${(error as Error).message}`);
      if (problems.length > 0) throw new ConfigError(problems.sort());
    },
  }) as { readonly [K in keyof S]: S[K] extends ValidatorSpec<infer T> ? T : never };
}

/** Settings every Ebb app reads. */
export interface BaseConfig {
  readonly adminHost: string;
  readonly adminPort: number;
  readonly logLevel: LogLevel;
  readonly drainSeconds: number;
}

/** Defaults that differ between apps. */
export interface BaseDefaults {
  readonly adminPort: number;
}

/** The envalid specs of {@link BaseConfig}; `desc` is the README's description of each variable. */
export function baseEnvSpecs(defaults: BaseDefaults): {
  readonly EBB_ADMIN_PORT: ValidatorSpec<number>;
  readonly EBB_ADMIN_HOST: ValidatorSpec<string>;
  readonly EBB_LOG_LEVEL: ValidatorSpec<LogLevel>;
  readonly EBB_DRAIN_SECONDS: ValidatorSpec<number>;
} {
  return {
    EBB_ADMIN_PORT: port({ default: defaults.adminPort, desc: 'Port of the admin HTTP server (/healthz, /readyz, /metrics).' }),
    EBB_ADMIN_HOST: host({ default: '0.0.0.0', desc: 'Address the admin HTTP server binds to.' }),
    EBB_LOG_LEVEL: str<LogLevel>({ choices: LOG_LEVELS, default: 'info', desc: 'Least severe level logged.' }),
    EBB_DRAIN_SECONDS: seconds({ default: 10, desc: 'After SIGTERM: seconds to keep serving with /readyz at 503 before stopping.' }),
  };
}

/** The parsed variables of {@link baseEnvSpecs}. */
export interface BaseEnv {
  readonly EBB_ADMIN_HOST: string;
  readonly EBB_ADMIN_PORT: number;
  readonly EBB_LOG_LEVEL: LogLevel;
  readonly EBB_DRAIN_SECONDS: number;
}

/** Maps the parsed base variables (of a larger parsed set, too) to {@link BaseConfig}. */
export function toBaseConfig(e: BaseEnv): BaseConfig {
  return { adminHost: e.EBB_ADMIN_HOST, adminPort: e.EBB_ADMIN_PORT, logLevel: e.EBB_LOG_LEVEL, drainSeconds: e.EBB_DRAIN_SECONDS };
}

/** Reads {@link BaseConfig} from the environment (throws {@link ConfigError}). */
export function parseBaseConfig(env: NodeJS.ProcessEnv, defaults: BaseDefaults): BaseConfig {
  return toBaseConfig(parseEnvironment(baseEnvSpecs(defaults), env));
}
