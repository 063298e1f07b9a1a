import { ConfigError } from '@ebb/observability';
import path from 'node:path';
import { parseSubjectNames, parseWebhookConfig } from './webhook-config.js';

describe('parseWebhookConfig', () => {
  it('fills every webhook setting from its default', () => {
    expect(parseWebhookConfig({})).toEqual({
      adminHost: '0.0.0.0',
      adminPort: 8085,
      logLevel: 'info',
      drainSeconds: 10,
      admission: {
        host: '0.0.0.0',
        port: 8443,
        certDir: '/var/run/ebb/webhook-certs',
        subjectNames: {
          dnsNames: ['webhook.ebb-system.svc', 'webhook.ebb-system.svc.cluster.local', 'localhost'],
          ipAddresses: ['127.0.0.1'],
        },
        cluster: undefined,
      },
    });
  });

  it('derives the certificate names from EBB_WEBHOOK_SERVICE and EBB_SYSTEM_NAMESPACE', () => {
    expect(parseWebhookConfig({ EBB_WEBHOOK_SERVICE: 'hooks', EBB_SYSTEM_NAMESPACE: 'platform' }).admission.subjectNames).toEqual({
      dnsNames: ['hooks.platform.svc', 'hooks.platform.svc.cluster.local', 'localhost'],
      ipAddresses: ['127.0.0.1'],
    });
  });

  it.each([
    {
      name: 'the first kubeconfig file, with the default configurations',
      env: { EBB_WEBHOOK_CERT_SECRET: 'webhook-certs', KUBECONFIG: `kube/config${path.delimiter}other/config`, KUBERNETES_SERVICE_HOST: '10.0.0.1' },
      cluster: {
        access: { kind: 'kubeconfig', path: path.resolve('kube/config') },
        namespace: 'ebb-system',
        secretName: 'webhook-certs',
        configurations: ['webhook.serving.knative.dev', 'validation.webhook.serving.knative.dev', 'config.webhook.serving.knative.dev'],
      },
    },
    {
      name: 'in-cluster with the standard service-account folder',
      env: { EBB_WEBHOOK_CERT_SECRET: 'certs', EBB_SYSTEM_NAMESPACE: 'platform', KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '6443' },
      cluster: {
        access: { kind: 'in-cluster', server: 'https://10.0.0.1:6443', serviceAccountDir: '/var/run/secrets/kubernetes.io/serviceaccount' },
        namespace: 'platform',
        secretName: 'certs',
        configurations: ['webhook.serving.knative.dev', 'validation.webhook.serving.knative.dev', 'config.webhook.serving.knative.dev'],
      },
    },
    {
      name: "in-cluster on the local cluster (IPv6 host, EBB_SERVICEACCOUNT_DIR), with named configurations",
      env: { EBB_WEBHOOK_CERT_SECRET: 'certs', KUBERNETES_SERVICE_HOST: '::1', EBB_SERVICEACCOUNT_DIR: '/tmp/sa', EBB_WEBHOOK_CONFIGURATIONS: ' a.example , b ' },
      cluster: { access: { kind: 'in-cluster', server: 'https://[::1]:443', serviceAccountDir: '/tmp/sa' }, namespace: 'ebb-system', secretName: 'certs', configurations: ['a.example', 'b'] },
    },
  ])('reads cluster mode from $name', ({ env, cluster }) => {
    expect(parseWebhookConfig(env).admission.cluster).toEqual(cluster);
  });

  it('refuses a cert Secret without a cluster to keep it in', () => {
    expect(() => parseWebhookConfig({ EBB_WEBHOOK_CERT_SECRET: 'webhook-certs' })).toThrow(
      new ConfigError(['EBB_WEBHOOK_CERT_SECRET: the Secret lives in a cluster: set KUBECONFIG, or run in a pod (KUBERNETES_SERVICE_HOST)']),
    );
  });

  it('reads every webhook variable', () => {
    const config = parseWebhookConfig({
      EBB_WEBHOOK_PORT: '9443',
      EBB_WEBHOOK_HOST: '127.0.0.1',
      EBB_WEBHOOK_CERT_DIR: 'certs',
      EBB_WEBHOOK_DNS_NAMES: ' webhook.ebb.svc , ::1,10.0.0.7',
    });
    expect(config.admission).toEqual({
      host: '127.0.0.1',
      port: 9443,
      certDir: path.resolve('certs'),
      subjectNames: { dnsNames: ['webhook.ebb.svc'], ipAddresses: ['::1', '10.0.0.7'] },
      cluster: undefined,
    });
  });

  it.each([
    { name: 'a port that is not a number', env: { EBB_WEBHOOK_PORT: 'https' }, variable: 'EBB_WEBHOOK_PORT' },
    { name: 'a port out of range', env: { EBB_WEBHOOK_PORT: '65536' }, variable: 'EBB_WEBHOOK_PORT' },
    { name: 'a host that is no host', env: { EBB_WEBHOOK_HOST: 'not a host!' }, variable: 'EBB_WEBHOOK_HOST' },
    { name: 'an empty cert folder', env: { EBB_WEBHOOK_CERT_DIR: ' ' }, variable: 'EBB_WEBHOOK_CERT_DIR' },
    { name: 'an upper-case DNS name', env: { EBB_WEBHOOK_DNS_NAMES: 'Webhook.svc' }, variable: 'EBB_WEBHOOK_DNS_NAMES' },
    { name: 'no names at all', env: { EBB_WEBHOOK_DNS_NAMES: ' , ' }, variable: 'EBB_WEBHOOK_DNS_NAMES' },
    { name: 'a namespace that is no DNS label', env: { EBB_SYSTEM_NAMESPACE: 'Ebb.System' }, variable: 'EBB_SYSTEM_NAMESPACE' },
    { name: 'a Service name that is no DNS label', env: { EBB_WEBHOOK_SERVICE: 'web_hook' }, variable: 'EBB_WEBHOOK_SERVICE' },
    { name: 'a Secret name that is no object name', env: { EBB_WEBHOOK_CERT_SECRET: 'Certs!' }, variable: 'EBB_WEBHOOK_CERT_SECRET' },
    { name: 'an empty list of configurations', env: { EBB_WEBHOOK_CONFIGURATIONS: ',' }, variable: 'EBB_WEBHOOK_CONFIGURATIONS' },
    { name: 'a configuration that is no object name', env: { EBB_WEBHOOK_CONFIGURATIONS: 'ok,Not OK' }, variable: 'EBB_WEBHOOK_CONFIGURATIONS' },
  ])('rejects $name, naming $variable', ({ env, variable }) => {
    expect(() => parseWebhookConfig(env)).toThrow(ConfigError);
    expect(() => parseWebhookConfig(env)).toThrow(new RegExp(`^invalid configuration: ${variable}: `));
  });
});

describe('parseSubjectNames', () => {
  it.each([
    { name: 'DNS names only', input: 'a.b,c', names: { dnsNames: ['a.b', 'c'], ipAddresses: [] } },
    { name: 'IPv4 and IPv6 addresses', input: '127.0.0.1,::1', names: { dnsNames: [], ipAddresses: ['127.0.0.1', '::1'] } },
    { name: 'blank entries dropped', input: 'a,,b, ', names: { dnsNames: ['a', 'b'], ipAddresses: [] } },
  ])('reads $name', ({ input, names }) => {
    expect(parseSubjectNames(input)).toEqual(names);
  });

  it.each([
    { name: 'a label with an underscore', input: 'web_hook.svc', message: '"web_hook.svc" is neither a DNS name (lower case) nor an IP address' },
    { name: 'a label ending in a dash', input: 'webhook-.svc', message: '"webhook-.svc" is neither a DNS name (lower case) nor an IP address' },
    { name: 'an empty list', input: '', message: 'must name at least one DNS name or IP address' },
  ])('refuses $name', ({ input, message }) => {
    expect(() => parseSubjectNames(input)).toThrow(message);
  });
});
