import type { V1Pod } from '@kubernetes/client-node';
import { imageIdOf, launchEnv, memoryLimitBytes, servingPort } from './launch-env.js';

const apiServer = { host: '127.0.0.1', port: 6443 };

describe('launchEnv', () => {
  it('adds HOSTNAME, the API server, the pod IP and PORT, PORT overriding the container env', () => {
    expect(launchEnv({ own: { PORT: '9999', A: '1' }, volumes: { EBB_VOLUME_DATA: '/d' }, podName: 'web-1', podIP: '127.1.0.7', apiServer, port: 41000 })).toEqual({
      HOSTNAME: 'web-1',
      EBB_POD_IP: '127.1.0.7',
      KUBERNETES_SERVICE_HOST: '127.0.0.1',
      KUBERNETES_SERVICE_PORT: '6443',
      KUBERNETES_SERVICE_PORT_HTTPS: '6443',
      PORT: '41000',
      A: '1',
      EBB_VOLUME_DATA: '/d',
    });
  });

  it('keeps the container PORT when it is not the serving container', () => {
    expect(launchEnv({ own: { PORT: '9999' }, volumes: {}, podName: 'p', podIP: '127.1.0.8', apiServer }).PORT).toBe('9999');
  });
});

const pod = (containers: { name: string; ports?: { containerPort: number; protocol?: string }[] }[]): V1Pod => ({ spec: { containers } });

describe('servingPort', () => {
  it.each([
    ['first container with a port', [{ name: 'sidecar' }, { name: 'app', ports: [{ containerPort: 8080 }, { containerPort: 9090 }] }], { container: 'app', port: 41000 }],
    ['UDP port key', [{ name: 'dns', ports: [{ containerPort: 53, protocol: 'UDP' }] }], { container: 'dns', port: 41002 }],
    ['no ports', [{ name: 'app' }], undefined],
    ['port not mapped', [{ name: 'app', ports: [{ containerPort: 7070 }] }], undefined],
  ])('%s', (_name, containers, expected) => {
    expect(servingPort(pod(containers), { '8080/TCP': 41000, '9090/TCP': 41001, '53/UDP': 41002 })).toEqual(expected);
  });
});

describe('memoryLimitBytes', () => {
  it.each([
    ['128Mi', 134_217_728],
    ['1G', 1_000_000_000],
    ['512', 512],
    ['nonsense', undefined],
    [undefined, undefined],
  ])('%s → %s', (memory, expected) => {
    expect(memoryLimitBytes({ name: 'c', resources: memory === undefined ? {} : { limits: { memory } } })).toBe(expected);
  });
});

describe('imageIdOf', () => {
  it.each([
    [{ kind: 'docker', ref: 'echo:dev', id: 'sha256:abc' } as const, 'sha256:abc'],
    [{ kind: 'host', ref: 'busybox' } as const, 'busybox'],
  ])('%j → %s', (image, expected) => {
    expect(imageIdOf(image)).toBe(expected);
  });
});
