import { parse as parseYaml } from 'yaml';
import { EXAMPLE_KEY, finish, firstLine } from './fields.js';
import type { ConfigData, ConfigProblem, ConfigResult } from './result.js';

/** Name of the ConfigMap that maps routes to domains (Knative `pkg/reconciler/route/config/domain.go`). */
export const DOMAIN_CONFIG_NAME = 'config-domain';

/** The domain used when config-domain names none: `svc.` + the cluster domain. */
export const DEFAULT_DOMAIN = 'svc.cluster.local';

/** Which routes a domain serves: those whose labels match `selector` (empty = every route). */
export interface DomainSelector {
  readonly selector: Readonly<Record<string, string>>;
  /** Knative's optional domain `type` (e.g. `wildcard`), kept as written. */
  readonly type?: string;
}

/** `config-domain`: each domain with its selector. */
export interface DomainConfig {
  readonly domains: Readonly<Record<string, DomainSelector>>;
}

/** No domain configured: every route gets {@link DEFAULT_DOMAIN}. */
export function defaultDomainConfig(): DomainConfig {
  return { domains: { [DEFAULT_DOMAIN]: { selector: {} } } };
}

type EntryResult = { readonly ok: true; readonly entry: DomainSelector } | { readonly ok: false; readonly message: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function toEntry(value: unknown): EntryResult {
  if (value === null || value === undefined) return { ok: true, entry: { selector: {} } };
  if (!isObject(value)) return { ok: false, message: 'the value must be a mapping with an optional "selector" of labels' };
  const selector = value.selector ?? {};
  if (!isObject(selector) || !Object.values(selector).every((v) => typeof v === 'string')) {
    return { ok: false, message: 'selector must map label keys to strings' };
  }
  if (value.type !== undefined && typeof value.type !== 'string') return { ok: false, message: 'type must be a string' };
  const entry: DomainSelector = { selector: selector as Record<string, string>, ...(typeof value.type === 'string' ? { type: value.type } : {}) };
  return { ok: true, entry };
}

function readEntry(raw: string): EntryResult {
  try {
    return toEntry(parseYaml(raw));
  } catch (error) {
    return { ok: false, message: firstLine(error) };
  }
}

/**
 * Parses `config-domain`: every key but `_example` is a domain whose value is YAML
 * (`selector: {label: value}`, optional `type`). Without any domain, {@link DEFAULT_DOMAIN} applies.
 */
export function parseDomainConfig(data: ConfigData): ConfigResult<DomainConfig> {
  const domains: Record<string, DomainSelector> = {};
  const problems: ConfigProblem[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (key === EXAMPLE_KEY) continue;
    const read = readEntry(value);
    if (read.ok) domains[key] = read.entry;
    else problems.push({ key, value, message: `failed to parse ${JSON.stringify(key)}: ${read.message}` });
  }
  return finish(Object.keys(domains).length === 0 ? defaultDomainConfig() : { domains }, problems);
}
