import type { SubjectNames } from '@ebb/pki';
import { baseEnvSpecs, parseEnvironment, toBaseConfig, type BaseConfig } from '@ebb/observability';
import { host, makeValidator, port, type ValidatorSpec } from 'envalid';
import { isIP } from 'node:net';
import path from 'node:path';

/** Admin port unless `EBB_ADMIN_PORT` says otherwise. */
export const DEFAULT_ADMIN_PORT = 8085;
/** Where the CA and the serving certificate live unless `EBB_WEBHOOK_CERT_DIR` says otherwise. */
export const DEFAULT_CERT_DIR = '/var/run/ebb/webhook-certs';
/** The names the serving certificate is valid for unless `EBB_WEBHOOK_DNS_NAMES` says otherwise. */
export const DEFAULT_SUBJECT_NAMES = 'webhook.knative-serving.svc,webhook.knative-serving.svc.cluster.local,localhost,127.0.0.1';

/** The names a serving certificate is issued for (defined in @ebb/pki). */
export type { SubjectNames };

/** Settings of the HTTPS admission server. */
export interface AdmissionServerConfig {
  readonly host: string;
  readonly port: number;
  /** Absolute path of the folder holding ca.crt, ca.key, tls.crt and tls.key. */
  readonly certDir: string;
  readonly subjectNames: SubjectNames;
}

/** The webhook's settings: the shared ones plus its HTTPS admission server. */
export interface WebhookConfig extends BaseConfig {
  readonly admission: AdmissionServerConfig;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_DNS_NAME = 253;

function isDnsName(name: string): boolean {
  return name.length <= MAX_DNS_NAME && name.split('.').every((label) => label.length <= 63 && DNS_LABEL.test(label));
}

/** Splits a comma-separated list of DNS names and IP addresses; throws naming the first bad entry. */
export function parseSubjectNames(input: string): SubjectNames {
  const entries = input.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (entries.length === 0) throw new Error('must name at least one DNS name or IP address');
  const bad = entries.find((entry) => isIP(entry) === 0 && !isDnsName(entry));
  if (bad !== undefined) throw new Error(`"${bad}" is neither a DNS name (lower case) nor an IP address`);
  return { dnsNames: entries.filter((e) => isIP(e) === 0), ipAddresses: entries.filter((e) => isIP(e) !== 0) };
}

const subjectNames = makeValidator<SubjectNames>(parseSubjectNames);

const directory = makeValidator<string>((input) => {
  if (input.trim() === '') throw new Error('must be a folder path, got an empty value');
  return path.resolve(input);
});

/** The envalid specs of the webhook's own variables; `desc` is the README's description of each. */
export function webhookEnvSpecs(): {
  readonly EBB_WEBHOOK_PORT: ValidatorSpec<number>;
  readonly EBB_WEBHOOK_HOST: ValidatorSpec<string>;
  readonly EBB_WEBHOOK_CERT_DIR: ValidatorSpec<string>;
  readonly EBB_WEBHOOK_DNS_NAMES: ValidatorSpec<SubjectNames>;
} {
  return {
    EBB_WEBHOOK_PORT: port({ default: 8443, desc: 'Port of the HTTPS admission server.' }),
    EBB_WEBHOOK_HOST: host({ default: '0.0.0.0', desc: 'Address the HTTPS admission server binds to.' }),
    EBB_WEBHOOK_CERT_DIR: directory({ default: DEFAULT_CERT_DIR, desc: 'Folder of the CA and serving certificate (created if missing).' }),
    EBB_WEBHOOK_DNS_NAMES: subjectNames({
      default: parseSubjectNames(DEFAULT_SUBJECT_NAMES),
      desc: 'Comma-separated DNS names and IP addresses the serving certificate is issued for.',
    }),
  };
}

/** Reads the webhook's settings from the environment (throws `ConfigError` naming each bad variable). */
export function parseWebhookConfig(env: NodeJS.ProcessEnv): WebhookConfig {
  const e = parseEnvironment({ ...baseEnvSpecs({ adminPort: DEFAULT_ADMIN_PORT }), ...webhookEnvSpecs() }, env);
  return {
    ...toBaseConfig(e),
    admission: { host: e.EBB_WEBHOOK_HOST, port: e.EBB_WEBHOOK_PORT, certDir: e.EBB_WEBHOOK_CERT_DIR, subjectNames: e.EBB_WEBHOOK_DNS_NAMES },
  };
}
