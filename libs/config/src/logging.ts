import { finish } from './fields.js';
import type { ConfigData, ConfigProblem, ConfigResult } from './result.js';

/** Name of the logging ConfigMap (knative/pkg `logging/config.go`). */
export const LOGGING_CONFIG_NAME = 'config-logging';

/** Log levels, zap's names (Ebb's pino loggers map dpanic and panic to fatal). */
export const LOGGING_LEVELS = ['debug', 'info', 'warn', 'error', 'dpanic', 'panic', 'fatal'] as const;
/** One of {@link LOGGING_LEVELS}. */
export type LoggingLevel = (typeof LOGGING_LEVELS)[number];

/** Ebb's components that read a `loglevel.<component>` key. */
export const LOGGING_COMPONENTS = ['controller', 'autoscaler', 'activator', 'networking', 'webhook'] as const;

/** `config-logging` as typed values. */
export interface LoggingConfig {
  /** The `level` of `zap-logger-config`: every component's level unless overridden. */
  readonly level: LoggingLevel;
  /** `loglevel.<component>` overrides, by component name. */
  readonly componentLevels: Readonly<Record<string, LoggingLevel>>;
}

/** The key holding zap's JSON logger config; Ebb honours its `level`. */
const ZAP_KEY = 'zap-logger-config';
const LEVEL_PREFIX = 'loglevel.';

/** Every component at info. */
export function defaultLoggingConfig(): LoggingConfig {
  return { level: 'info', componentLevels: Object.fromEntries(LOGGING_COMPONENTS.map((c): [string, LoggingLevel] => [c, 'info'])) };
}

/** Every key `parseLoggingConfig` documents (any `loglevel.<component>` is read). */
export const LOGGING_KEYS: readonly string[] = [ZAP_KEY, ...LOGGING_COMPONENTS.map((c) => `${LEVEL_PREFIX}${c}`)];

/** Whether `parseLoggingConfig` reads `key`. */
export function isLoggingKey(key: string): boolean {
  return key === ZAP_KEY || (key.startsWith(LEVEL_PREFIX) && key.length > LEVEL_PREFIX.length);
}

/** zap's level names, case-insensitive; empty means info. */
function toLevel(raw: string): LoggingLevel | undefined {
  const lower = raw.toLowerCase();
  return lower === '' ? 'info' : LOGGING_LEVELS.find((l) => l === lower);
}

type LevelRead = { readonly level?: LoggingLevel; readonly message?: string };

function readZapLevel(raw: string): LevelRead {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    return { message: `failed to parse ${ZAP_KEY}: ${(error as Error).message}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { message: `${ZAP_KEY} must be a JSON object` };
  const level: unknown = (parsed as Record<string, unknown>).level ?? '';
  const known = typeof level === 'string' ? toLevel(level) : undefined;
  return known === undefined ? { message: `invalid logging level: ${String(level)}` } : { level: known };
}

/** Reads the `loglevel.<component>` overrides over `base`, collecting problems. */
function readComponentLevels(data: ConfigData, base: Readonly<Record<string, LoggingLevel>>, problems: ConfigProblem[]): Record<string, LoggingLevel> {
  const levels: Record<string, LoggingLevel> = { ...base };
  for (const [key, value] of Object.entries(data)) {
    if (!key.startsWith(LEVEL_PREFIX) || !isLoggingKey(key) || value === '') continue;
    const level = toLevel(value);
    if (level === undefined) problems.push({ key, value, message: `invalid logging level: ${value}` });
    else levels[key.slice(LEVEL_PREFIX.length)] = level;
  }
  return levels;
}

/**
 * Parses `config-logging`: `zap-logger-config` (JSON; its `level`) and `loglevel.<component>`
 * overrides; an empty override is skipped, as in Knative. Other keys (and `_example`) are ignored.
 */
export function parseLoggingConfig(data: ConfigData): ConfigResult<LoggingConfig> {
  const defaults = defaultLoggingConfig();
  const problems: ConfigProblem[] = [];
  const zapRaw = Object.hasOwn(data, ZAP_KEY) ? data[ZAP_KEY] : undefined;
  const zap: LevelRead = zapRaw === undefined ? { level: defaults.level } : readZapLevel(zapRaw);
  if (zap.message !== undefined) problems.push({ key: ZAP_KEY, value: zapRaw ?? '', message: zap.message });
  const componentLevels = readComponentLevels(data, defaults.componentLevels, problems);
  return finish({ level: zap.level ?? defaults.level, componentLevels }, problems);
}
