import type { SubjectNames } from '@ebb/pki';
import { baseEnvSpecs, ConfigError, parseEnvironment, toBaseConfig, type BaseConfig } from '@ebb/observability';
import { DEFAULT_WEBHOOK_CONFIGURATIONS } from './cluster/ca-bundle.js';
import { host, makeValidator, port, type ValidatorSpec } from 'envalid';
import { isIP } from 'node:net';
import path from 'node:path';

/** Admin port unless `EBB_ADMIN_PORT` says otherwise. */
export const DEFAULT_ADMIN_PORT = 8085;
/** Where the CA and the serving certificate live unless `EBB_WEBHOOK_CERT_DIR` says otherwise. */
export const DEFAULT_CERT_DIR = '/var/run/ebb/webhook-certs';
/** The namespace of the webhook's Secret and Service unless `EBB_SYSTEM_NAMESPACE` says otherwise. */
export const DEFAULT_SYSTEM_NAMESPACE = 'ebb-system';
/** The webhook's Service (the name the API server dials) unless `EBB_WEBHOOK_SERVICE` says otherwise. */
export const DEFAULT_WEBHOOK_SERVICE = 'webhook';
/** Where a pod finds its service-account token and the cluster CA unless `EBB_SERVICEACCOUNT_DIR` says otherwise. */
export const DEFAULT_SERVICEACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * The names the serving certificate is valid for unless `EBB_WEBHOOK_DNS_NAMES` says otherwise:
 * the API server dials `<service>.<namespace>.svc`; localhost and 127.0.0.1 serve local use.
 */
export function defaultSubjectNames(service: string, namespace: string): string {
  return `${service}.${namespace}.svc,${service}.${namespace}.svc.cluster.local,localhost,127.0.0.1`;
}

/** The names a serving certificate is issued for (defined in @ebb/pki). */
export type { SubjectNames };

/** How the webhook reaches the API server: a kubeconfig file, or in-cluster with its service account. */
export type KubeAccess =
  | { readonly kind: 'kubeconfig'; readonly path: string }
  | { readonly kind: 'in-cluster'; readonly server: string; readonly serviceAccountDir: string };

/** Cluster mode: the certificates live in a Secret and their CA goes into the webhook configurations. */
export interface ClusterCertConfig {
  readonly access: KubeAccess;
  readonly namespace: string;
  readonly secretName: string;
  /** Names of the Mutating/ValidatingWebhookConfigurations whose webhooks get the caBundle. */
  readonly configurations: readonly string[];
}

/** Settings of the HTTPS admission server. */
export interface AdmissionServerConfig {
  readonly host: string;
  readonly port: number;
  /** Absolute path of the folder holding ca.crt, ca.key, tls.crt and tls.key (folder mode). */
  readonly certDir: string;
  readonly subjectNames: SubjectNames;
  /** Set when `EBB_WEBHOOK_CERT_SECRET` is: the certificates live in the cluster instead of the folder. */
  readonly cluster: ClusterCertConfig | undefined;
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

/** Stands for "not set": the names are then derived from the Service and namespace. */
const DERIVED_NAMES: SubjectNames = { dnsNames: [], ipAddresses: [] };

/** A DNS-1123 label (a namespace, Service or Secret name that is one label). */
const dnsLabel = makeValidator<string>((input) => {
  if (input.length > 63 || !DNS_LABEL.test(input)) throw new Error(`"${input}" is not a DNS label (lower case letters, digits and "-", at most 63)`);
  return input;
});

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** An object name (DNS-1123 subdomain); empty means none. */
const optionalName = makeValidator<string>((input) => {
  const name = input.trim();
  if (name !== '' && (name.length > MAX_DNS_NAME || !SUBDOMAIN.test(name))) throw new Error(`"${name}" is not a Kubernetes object name`);
  return name;
});

/** Splits a comma-separated list of object names; throws naming the first bad one. */
export function parseObjectNames(input: string): string[] {
  const names = input.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (names.length === 0) throw new Error('must name at least one object');
  const bad = names.find((name) => name.length > MAX_DNS_NAME || !SUBDOMAIN.test(name));
  if (bad !== undefined) throw new Error(`"${bad}" is not a Kubernetes object name`);
  return names;
}

const objectNames = makeValidator<string[]>(parseObjectNames);

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
  readonly EBB_SYSTEM_NAMESPACE: ValidatorSpec<string>;
  readonly EBB_WEBHOOK_SERVICE: ValidatorSpec<string>;
  readonly EBB_WEBHOOK_CERT_SECRET: ValidatorSpec<string>;
  readonly EBB_WEBHOOK_CONFIGURATIONS: ValidatorSpec<string[]>;
} {
  return {
    EBB_WEBHOOK_PORT: port({ default: 8443, desc: 'Port of the HTTPS admission server.' }),
    EBB_WEBHOOK_HOST: host({ default: '0.0.0.0', desc: 'Address the HTTPS admission server binds to.' }),
    EBB_WEBHOOK_CERT_DIR: directory({ default: DEFAULT_CERT_DIR, desc: 'Folder of the CA and serving certificate (created if missing).' }),
    EBB_WEBHOOK_DNS_NAMES: subjectNames({
      default: DERIVED_NAMES,
      desc: 'Comma-separated DNS names and IP addresses the serving certificate is issued for.',
    }),
    EBB_SYSTEM_NAMESPACE: dnsLabel({ default: DEFAULT_SYSTEM_NAMESPACE, desc: "Namespace of Ebb's components: the webhook's Secret and Service." }),
    EBB_WEBHOOK_SERVICE: dnsLabel({ default: DEFAULT_WEBHOOK_SERVICE, desc: 'Name of the Service the API server calls the webhook through.' }),
    EBB_WEBHOOK_CERT_SECRET: optionalName({ default: '', desc: 'Secret in EBB_SYSTEM_NAMESPACE holding the certificates (cluster mode); empty: the cert folder.' }),
    EBB_WEBHOOK_CONFIGURATIONS: objectNames({
      default: [...DEFAULT_WEBHOOK_CONFIGURATIONS],
      desc: 'Comma-separated webhook configurations whose caBundle the webhook keeps (cluster mode).',
    }),
  };
}

/** How to reach the cluster from the environment: KUBECONFIG first (its first file), else in-cluster, else none. */
export function kubeAccessOf(env: NodeJS.ProcessEnv): KubeAccess | undefined {
  const value = (name: string, fallback = ''): string => env[name]?.trim() || fallback;
  // A list of files (kubectl merges them) is read from its first entry.
  const kubeconfig = value('KUBECONFIG').split(path.delimiter)[0]?.trim() ?? '';
  if (kubeconfig !== '') return { kind: 'kubeconfig', path: path.resolve(kubeconfig) };
  const host = value('KUBERNETES_SERVICE_HOST');
  if (host === '') return undefined;
  const server = `https://${isIP(host) === 6 ? `[${host}]` : host}:${value('KUBERNETES_SERVICE_PORT', '443')}`;
  return { kind: 'in-cluster', server, serviceAccountDir: value('EBB_SERVICEACCOUNT_DIR', DEFAULT_SERVICEACCOUNT_DIR) };
}

type WebhookEnv = ReturnType<typeof parseEnvironment<ReturnType<typeof webhookEnvSpecs>>>;

function clusterConfigOf(e: WebhookEnv, env: NodeJS.ProcessEnv): ClusterCertConfig | undefined {
  if (e.EBB_WEBHOOK_CERT_SECRET === '') return undefined;
  const access = kubeAccessOf(env);
  if (access === undefined) {
    throw new ConfigError(['EBB_WEBHOOK_CERT_SECRET: the Secret lives in a cluster: set KUBECONFIG, or run in a pod (KUBERNETES_SERVICE_HOST)']);
  }
  return { access, namespace: e.EBB_SYSTEM_NAMESPACE, secretName: e.EBB_WEBHOOK_CERT_SECRET, configurations: e.EBB_WEBHOOK_CONFIGURATIONS };
}

/** Reads the webhook's settings from the environment (throws `ConfigError` naming each bad variable). */
export function parseWebhookConfig(env: NodeJS.ProcessEnv): WebhookConfig {
  const e = parseEnvironment({ ...baseEnvSpecs({ adminPort: DEFAULT_ADMIN_PORT }), ...webhookEnvSpecs() }, env);
  const names = e.EBB_WEBHOOK_DNS_NAMES === DERIVED_NAMES ? parseSubjectNames(defaultSubjectNames(e.EBB_WEBHOOK_SERVICE, e.EBB_SYSTEM_NAMESPACE)) : e.EBB_WEBHOOK_DNS_NAMES;
  return {
    ...toBaseConfig(e),
    admission: { host: e.EBB_WEBHOOK_HOST, port: e.EBB_WEBHOOK_PORT, certDir: e.EBB_WEBHOOK_CERT_DIR, subjectNames: names, cluster: clusterConfigOf(e, env) },
  };
}
