import { isJsonObject } from '@ebb/api';
import { renderConfigProblems, validateConfigMap, type ConfigMapCheck, type ConfigProblem } from '@ebb/config';
import type { AdmissionRequest, AdmissionVerdict } from './review.js';

/**
 * The config webhook (Knative's `config.webhook.serving.knative.dev`, path `/config-validation`):
 * writes to Ebb's ConfigMaps are parsed as the components parse them, and a write that does not
 * parse is denied with `validation failed: <problems>`. This file is the only one that calls
 * `@ebb/config`.
 */

/** How ConfigMaps are checked and problems worded; `@ebb/config` in production, fakes in tests. */
export interface ConfigMapRules {
  validate(name: string, data: Readonly<Record<string, string>>): ConfigMapCheck;
  render(name: string, problems: readonly ConfigProblem[]): string;
}

/** The rules of `@ebb/config`. */
export const EBB_CONFIG_RULES: ConfigMapRules = { validate: validateConfigMap, render: renderConfigProblems };

/** Prefix of every denial, as Knative's webhooks word it. */
export const DENIAL_PREFIX = 'validation failed: ';

type Decoded = { readonly name: string; readonly data: Readonly<Record<string, string>> } | { readonly problem: string };

const isObject = isJsonObject;

function decodeConfigMap(object: unknown): Decoded {
  if (!isObject(object)) return { problem: 'cannot decode incoming new object: it is not a JSON object' };
  const metadata = isObject(object['metadata']) ? object['metadata'] : {};
  const name = typeof metadata['name'] === 'string' ? metadata['name'] : '';
  const data = object['data'] ?? {};
  if (!isObject(data)) return { problem: 'cannot decode incoming new object: data must be an object of strings' };
  const notString = Object.keys(data).find((key) => typeof data[key] !== 'string');
  if (notString !== undefined) return { problem: `cannot decode incoming new object: data.${notString} must be a string` };
  return { name, data: data as Readonly<Record<string, string>> };
}

/** Admits a write to a ConfigMap: DELETE and CONNECT pass, unknown ConfigMaps pass, a ConfigMap of Ebb's must parse. */
export function admitConfigMap(request: AdmissionRequest, rules: ConfigMapRules = EBB_CONFIG_RULES): AdmissionVerdict {
  if (request.operation !== 'CREATE' && request.operation !== 'UPDATE') return { allowed: true };
  const { group, version, kind } = request.kind;
  if (group !== '' || version !== 'v1' || kind !== 'ConfigMap') {
    return { allowed: false, message: `${DENIAL_PREFIX}unhandled kind: ${group}/${version}, Kind=${kind}` };
  }
  const decoded = decodeConfigMap(request.object);
  if ('problem' in decoded) return { allowed: false, message: `${DENIAL_PREFIX}${decoded.problem}` };
  const check = rules.validate(decoded.name, decoded.data);
  if (!check.known || check.problems.length === 0) return { allowed: true };
  return { allowed: false, message: `${DENIAL_PREFIX}${rules.render(decoded.name, check.problems)}` };
}
