import { accept, asBool, asInt, asQuantity, checkRules, type FieldTable, finish, keysOf, parseFields, rawValue, type Rule, type ValueParser } from './fields.js';
import type { ConfigData, ConfigResult } from './result.js';
import { executeTemplate } from './template.js';

/** Name of the ConfigMap with the defaults the webhook applies (Knative `pkg/apis/config/defaults.go`). */
export const DEFAULTS_CONFIG_NAME = 'config-defaults';

/** `config-defaults` as typed values; timeouts in seconds as Knative's fields are; quantities as written. */
export interface DefaultsConfig {
  readonly revisionTimeoutSeconds: number;
  readonly maxRevisionTimeoutSeconds: number;
  /** Defaults to `revisionTimeoutSeconds` when the key is absent. */
  readonly revisionResponseStartTimeoutSeconds: number;
  readonly revisionIdleTimeoutSeconds: number;
  readonly revisionCpuRequest: string | undefined;
  readonly revisionMemoryRequest: string | undefined;
  readonly revisionEphemeralStorageRequest: string | undefined;
  readonly revisionCpuLimit: string | undefined;
  readonly revisionMemoryLimit: string | undefined;
  readonly revisionEphemeralStorageLimit: string | undefined;
  readonly containerNameTemplate: string;
  readonly initContainerNameTemplate: string;
  readonly containerConcurrency: number;
  readonly containerConcurrencyMaxLimit: number;
  readonly allowContainerConcurrencyZero: boolean;
  /** Tri-state: `undefined` leaves Kubernetes' own default. */
  readonly enableServiceLinks: boolean | undefined;
}

/** Knative's defaults. */
export function defaultDefaultsConfig(): DefaultsConfig {
  return {
    revisionTimeoutSeconds: 300,
    maxRevisionTimeoutSeconds: 600,
    revisionResponseStartTimeoutSeconds: 300,
    revisionIdleTimeoutSeconds: 0,
    revisionCpuRequest: undefined,
    revisionMemoryRequest: undefined,
    revisionEphemeralStorageRequest: undefined,
    revisionCpuLimit: undefined,
    revisionMemoryLimit: undefined,
    revisionEphemeralStorageLimit: undefined,
    containerNameTemplate: 'user-container',
    initContainerNameTemplate: 'init-container',
    containerConcurrency: 0,
    containerConcurrencyMaxLimit: 1000,
    allowContainerConcurrencyZero: true,
    enableServiceLinks: false,
  };
}

/** "true"/"false" (any case) or anything else meaning "unset" (Knative's `asTriState`). */
const asTriState: ValueParser<boolean | undefined> = (raw) => accept(raw.toLowerCase() === 'true' ? true : raw.toLowerCase() === 'false' ? false : undefined);

const OBJECT_META_FIELDS = [
  'Name', 'GenerateName', 'Namespace', 'SelfLink', 'UID', 'ResourceVersion', 'Generation', 'CreationTimestamp',
  'DeletionTimestamp', 'DeletionGracePeriodSeconds', 'OwnerReferences', 'Finalizers', 'ManagedFields',
];

/** A Go template over the parent's ObjectMeta; checked with a trial run, as Knative does. */
function asNameTemplate(name: string): ValueParser<string> {
  const values = { ...Object.fromEntries(OBJECT_META_FIELDS.map((f) => [f, ''])), Labels: {}, Annotations: {} };
  return (raw) => {
    const run = executeTemplate({ name, text: raw, values, typeName: 'v1.ObjectMeta' });
    return run.ok ? accept(raw) : { ok: false, message: `error executing template: ${run.message}` };
  };
}

const int64 = asInt(64);

const TABLE: FieldTable<DefaultsConfig> = {
  containerNameTemplate: { key: 'container-name-template', parse: asNameTemplate('user-container') },
  initContainerNameTemplate: { key: 'init-container-name-template', parse: asNameTemplate('init-container') },
  allowContainerConcurrencyZero: { key: 'allow-container-concurrency-zero', parse: asBool },
  enableServiceLinks: { key: 'enable-service-links', parse: asTriState },
  revisionTimeoutSeconds: { key: 'revision-timeout-seconds', parse: int64 },
  maxRevisionTimeoutSeconds: { key: 'max-revision-timeout-seconds', parse: int64 },
  revisionResponseStartTimeoutSeconds: { key: 'revision-response-start-timeout-seconds', parse: int64 },
  revisionIdleTimeoutSeconds: { key: 'revision-idle-timeout-seconds', parse: int64 },
  containerConcurrency: { key: 'container-concurrency', parse: int64 },
  containerConcurrencyMaxLimit: { key: 'container-concurrency-max-limit', parse: int64 },
  revisionCpuRequest: { key: 'revision-cpu-request', parse: asQuantity },
  revisionMemoryRequest: { key: 'revision-memory-request', parse: asQuantity },
  revisionEphemeralStorageRequest: { key: 'revision-ephemeral-storage-request', parse: asQuantity },
  revisionCpuLimit: { key: 'revision-cpu-limit', parse: asQuantity },
  revisionMemoryLimit: { key: 'revision-memory-limit', parse: asQuantity },
  revisionEphemeralStorageLimit: { key: 'revision-ephemeral-storage-limit', parse: asQuantity },
};

/** Every key `parseDefaultsConfig` reads. */
export const DEFAULTS_KEYS: readonly string[] = keysOf(TABLE);

const MAX_INT32 = 2147483647;
const when = (bad: boolean, message: string): string | undefined => (bad ? message : undefined);

/** Knative's checks and texts (VALIDATION.md §9). */
const RULES: readonly Rule<DefaultsConfig>[] = [
  {
    key: 'revision-timeout-seconds',
    uses: ['max-revision-timeout-seconds'],
    check: (c) =>
      when(c.revisionTimeoutSeconds > c.maxRevisionTimeoutSeconds, `revision-timeout-seconds (${c.revisionTimeoutSeconds}) cannot be greater than max-revision-timeout-seconds (${c.maxRevisionTimeoutSeconds})`),
  },
  {
    key: 'revision-response-start-timeout-seconds',
    uses: ['revision-timeout-seconds'],
    check: (c) =>
      when(
        c.revisionResponseStartTimeoutSeconds > 0 && c.revisionResponseStartTimeoutSeconds > c.revisionTimeoutSeconds,
        `revision-response-start-timeout-seconds (${c.revisionResponseStartTimeoutSeconds}) cannot be greater than revision-timeout-seconds (${c.revisionTimeoutSeconds})`,
      ),
  },
  {
    key: 'revision-idle-timeout-seconds',
    uses: ['revision-timeout-seconds'],
    check: (c) =>
      when(
        c.revisionIdleTimeoutSeconds > 0 && c.revisionIdleTimeoutSeconds > c.revisionTimeoutSeconds,
        `revision-idle-timeout-seconds (${c.revisionIdleTimeoutSeconds}) cannot be greater than revision-timeout-seconds (${c.revisionTimeoutSeconds})`,
      ),
  },
  {
    key: 'container-concurrency-max-limit',
    check: (c) => when(c.containerConcurrencyMaxLimit < 1, `expected 1 <= ${c.containerConcurrencyMaxLimit} <= ${MAX_INT32}: container-concurrency-max-limit`),
  },
  {
    key: 'container-concurrency',
    uses: ['container-concurrency-max-limit'],
    check: (c) =>
      when(
        c.containerConcurrency < 0 || c.containerConcurrency > c.containerConcurrencyMaxLimit,
        `expected 0 <= ${c.containerConcurrency} <= ${c.containerConcurrencyMaxLimit}: container-concurrency`,
      ),
  },
];

/** Parses `config-defaults` data over the defaults; reports every bad key and broken relation. */
export function parseDefaultsConfig(data: ConfigData): ConfigResult<DefaultsConfig> {
  const base = defaultDefaultsConfig();
  const parsed = parseFields(data, TABLE, base);
  // The response-start timeout follows the revision timeout unless it is set itself.
  const startKey = 'revision-response-start-timeout-seconds';
  const config = rawValue(data, startKey) === undefined ? { ...parsed.config, revisionResponseStartTimeoutSeconds: parsed.config.revisionTimeoutSeconds } : parsed.config;
  const withFollow = { ...parsed, config };
  return finish(config, [...parsed.problems, ...checkRules(data, withFollow, RULES)]);
}
