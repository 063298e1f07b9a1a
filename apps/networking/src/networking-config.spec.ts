import { ConfigError } from '@ebb/observability';
import { parseNetworkingConfig, type NetworkingConfig } from './networking-config.js';

describe('parseNetworkingConfig', () => {
  it.each<{ name: string; env: NodeJS.ProcessEnv; want: Omit<NetworkingConfig, 'kubeConfig' | 'identity'> }>([
    {
      name: 'defaults',
      env: { HOSTNAME: 'gw-1' },
      want: {
        adminHost: '0.0.0.0',
        adminPort: 8084,
        logLevel: 'info',
        drainSeconds: 10,
        natsServers: ['nats://127.0.0.1:4222'],
        gateway: { host: '0.0.0.0', port: 8080, service: 'networking', systemNamespace: 'ebb-system', activatorService: 'activator', instance: 'gw-1', podIp: '', istioGateways: [] },
        istioIngress: false,
      },
    },
    {
      name: 'everything set',
      env: { EBB_GATEWAY_HOST: '127.0.0.1', EBB_GATEWAY_PORT: '9090', EBB_GATEWAY_SERVICE: 'gw', EBB_SYSTEM_NAMESPACE: 'sys', EBB_ACTIVATOR_SERVICE: 'act', EBB_DRAIN_SECONDS: '2', HOSTNAME: 'gw-2', POD_IP: '10.1.2.3', EBB_ISTIO_INGRESS: 'true', EBB_GATEWAY_ISTIO_GATEWAYS: ' knative-serving/knative-ingress-gateway,,knative-serving/knative-local-gateway,knative-serving/knative-ingress-gateway' },
      want: {
        adminHost: '0.0.0.0',
        adminPort: 8084,
        logLevel: 'info',
        drainSeconds: 2,
        natsServers: ['nats://127.0.0.1:4222'],
        gateway: { host: '127.0.0.1', port: 9090, service: 'gw', systemNamespace: 'sys', activatorService: 'act', instance: 'gw-2', podIp: '10.1.2.3', istioGateways: ['knative-serving/knative-ingress-gateway', 'knative-serving/knative-local-gateway'] },
        istioIngress: true,
      },
    },
  ])('$name', ({ env, want }) => {
    const { kubeConfig, identity, ...rest } = parseNetworkingConfig(env);
    expect(rest).toEqual(want);
    expect(kubeConfig).toBeDefined();
    expect(identity).toMatch(/_[0-9a-f-]{36}$/);
  });

  it('refuses a bad gateway port, naming the variable', () => {
    expect(() => parseNetworkingConfig({ EBB_GATEWAY_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => parseNetworkingConfig({ EBB_GATEWAY_PORT: 'eighty' })).toThrow(/EBB_GATEWAY_PORT/);
  });

  it.each([
    { name: 'no namespace', value: 'knative-ingress-gateway' },
    { name: 'upper case', value: 'knative-serving/Knative-Ingress-Gateway' },
    { name: 'two slashes', value: 'a/b/c' },
    { name: 'the mesh pseudo-gateway', value: 'mesh' },
  ])('refuses an Istio Gateway name with $name, naming the variable and the name', ({ value }) => {
    expect(() => parseNetworkingConfig({ EBB_GATEWAY_ISTIO_GATEWAYS: `knative-serving/ok,${value}` })).toThrow(new RegExp(`EBB_GATEWAY_ISTIO_GATEWAYS: "${value}" is not a qualified Gateway name`));
  });

  it('reads an empty EBB_GATEWAY_ISTIO_GATEWAYS as off', () => {
    expect(parseNetworkingConfig({ EBB_GATEWAY_ISTIO_GATEWAYS: '' }).gateway.istioGateways).toEqual([]);
  });
});
