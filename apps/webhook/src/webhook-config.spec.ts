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
          dnsNames: ['webhook.knative-serving.svc', 'webhook.knative-serving.svc.cluster.local', 'localhost'],
          ipAddresses: ['127.0.0.1'],
        },
      },
    });
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
    });
  });

  it.each([
    { name: 'a port that is not a number', env: { EBB_WEBHOOK_PORT: 'https' }, variable: 'EBB_WEBHOOK_PORT' },
    { name: 'a port out of range', env: { EBB_WEBHOOK_PORT: '65536' }, variable: 'EBB_WEBHOOK_PORT' },
    { name: 'a host that is no host', env: { EBB_WEBHOOK_HOST: 'not a host!' }, variable: 'EBB_WEBHOOK_HOST' },
    { name: 'an empty cert folder', env: { EBB_WEBHOOK_CERT_DIR: ' ' }, variable: 'EBB_WEBHOOK_CERT_DIR' },
    { name: 'an upper-case DNS name', env: { EBB_WEBHOOK_DNS_NAMES: 'Webhook.svc' }, variable: 'EBB_WEBHOOK_DNS_NAMES' },
    { name: 'no names at all', env: { EBB_WEBHOOK_DNS_NAMES: ' , ' }, variable: 'EBB_WEBHOOK_DNS_NAMES' },
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
