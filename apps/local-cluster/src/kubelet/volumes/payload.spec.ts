import type { V1Pod, V1Volume } from '@kubernetes/client-node';
import type { EnvSources } from '@ebb/workloads';
import { tokenKey, volumeEnvName, volumeKind, volumePayload, volumeReferences, type PayloadInputs } from './payload.js';

const pod: V1Pod = {
  metadata: { name: 'web-1', namespace: 'shop', uid: 'u-1', labels: { app: 'web' } },
  spec: { containers: [{ name: 'app', resources: { limits: { memory: '32Mi' } } }] },
};

const sources: EnvSources = {
  configMaps: new Map([['cfg', { data: { 'a.txt': 'A', 'b.txt': 'B' }, binaryData: { 'bin.dat': 'AAEC' } }]]),
  secrets: new Map([['creds', { data: { password: 'czNjcmV0' } }]]),
};

const inputs: PayloadInputs = { pod, sources, tokens: new Map([[tokenKey('sa', 'token'), 'jwt-1']]), allocatable: { cpu: '4', memory: '8Gi' } };

/** The payload as { path: [text, mode in octal] } for readable rows. */
function files(volume: V1Volume): Record<string, [string, string]> | string {
  const result = volumePayload(volume, inputs);
  if (!result.ok) return result.message;
  return Object.fromEntries([...result.payload].map(([path, file]) => [path, [Buffer.from(file.data).toString('latin1'), file.mode.toString(8)]]));
}

describe('volume payloads', () => {
  it.each<[string, V1Volume, Record<string, [string, string]> | string]>([
    ['configMap: every key, binaryData decoded, mode 0644', { name: 'v', configMap: { name: 'cfg' } }, { 'a.txt': ['A', '644'], 'b.txt': ['B', '644'], 'bin.dat': ['\x00\x01\x02', '644'] }],
    ['configMap: items with path and mode, defaultMode for the rest', { name: 'v', configMap: { name: 'cfg', defaultMode: 0o600, items: [{ key: 'a.txt', path: 'x/a' }, { key: 'b.txt', path: 'b', mode: 0o400 }] } }, { 'x/a': ['A', '600'], b: ['B', '400'] }],
    ['configMap: missing', { name: 'v', configMap: { name: 'nope' } }, 'configmap "nope" not found'],
    ['configMap: missing but optional', { name: 'v', configMap: { name: 'nope', optional: true } }, {}],
    ['configMap: missing item key', { name: 'v', configMap: { name: 'cfg', items: [{ key: 'zz', path: 'z' }] } }, 'configmap references non-existent config key: zz'],
    ['configMap: missing item key, optional', { name: 'v', configMap: { name: 'cfg', optional: true, items: [{ key: 'zz', path: 'z' }, { key: 'a.txt', path: 'a' }] } }, { a: ['A', '644'] }],
    ['secret: decoded', { name: 'v', secret: { secretName: 'creds' } }, { password: ['s3cret', '644'] }],
    ['secret: missing', { name: 'v', secret: { secretName: 'nope' } }, 'secret "nope" not found'],
    ['secret: missing item key', { name: 'v', secret: { secretName: 'creds', items: [{ key: 'k', path: 'k' }] } }, 'references non-existent secret key: k'],
    [
      'downwardAPI: fields and resources',
      { name: 'v', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'name', fieldRef: { fieldPath: 'metadata.name' }, mode: 0o444 }, { path: 'mem', resourceFieldRef: { containerName: 'app', resource: 'limits.memory', divisor: '1Mi' } }] } },
      { labels: ['app="web"', '644'], name: ['web-1', '444'], mem: ['32', '644'] },
    ],
    ['downwardAPI: unsupported field', { name: 'v', downwardAPI: { items: [{ path: 'x', fieldRef: { fieldPath: 'spec.nope' } }] } }, 'unsupported fieldPath: spec.nope'],
    [
      'projected: token, configMap, secret and downwardAPI with defaultMode',
      {
        name: 'sa',
        projected: {
          defaultMode: 0o640,
          sources: [{ serviceAccountToken: { path: 'token' } }, { configMap: { name: 'cfg', items: [{ key: 'a.txt', path: 'ca.crt' }] } }, { secret: { name: 'creds' } }, { downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } }],
        },
      },
      { token: ['jwt-1', '640'], 'ca.crt': ['A', '640'], password: ['s3cret', '640'], namespace: ['shop', '640'] },
    ],
    ['projected: token not issued', { name: 'other', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }, 'no service account token issued for token'],
    ['projected: optional missing configMap', { name: 'v', projected: { sources: [{ configMap: { name: 'nope', optional: true } }] } }, {}],
    ['emptyDir has no files', { name: 'v', emptyDir: {} }, {}],
  ])('%s', (_name, volume, expected) => {
    expect(files(volume)).toEqual(expected);
  });

  it.each<[V1Volume, string]>([
    [{ name: 'a', configMap: { name: 'x' } }, 'configMap'],
    [{ name: 'a', secret: {} }, 'secret'],
    [{ name: 'a', projected: {} }, 'projected'],
    [{ name: 'a', downwardAPI: {} }, 'downwardAPI'],
    [{ name: 'a', emptyDir: { medium: 'Memory' } }, 'emptyDir'],
    [{ name: 'a', hostPath: { path: '/tmp' } }, 'hostPath'],
    [{ name: 'a', persistentVolumeClaim: { claimName: 'c' } }, 'other'],
  ])('kind of %j is %s', (volume, kind) => {
    expect(volumeKind(volume)).toBe(kind);
  });

  it.each([
    ['data', 'EBB_VOLUME_DATA'],
    ['kube-api-access-x7z', 'EBB_VOLUME_KUBE_API_ACCESS_X7Z'],
    ['my.vol', 'EBB_VOLUME_MY_VOL'],
  ])('env name of %s is %s', (name, expected) => {
    expect(volumeEnvName(name)).toBe(expected);
  });

  it('lists the ConfigMaps and Secrets volumes read, projected ones included', () => {
    const volumes: V1Volume[] = [
      { name: 'a', configMap: { name: 'c1' } },
      { name: 'b', secret: { secretName: 's1' } },
      { name: 'c', projected: { sources: [{ configMap: { name: 'c2' } }, { secret: { name: 's1' } }, { serviceAccountToken: { path: 't' } }] } },
    ];
    expect(volumeReferences(volumes)).toEqual({ configMaps: ['c1', 'c2'], secrets: ['s1'] });
  });
});
