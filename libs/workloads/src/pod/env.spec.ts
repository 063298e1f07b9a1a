import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { containerResourceValue, envReferences, expandCommand, expandVariables, isEnvVarName, parseQuantity, podFieldValue, resolveEnv, scaledCeil, type EnvSources } from './env.js';

const pod: V1Pod = {
  metadata: { name: 'web-1', namespace: 'shop', uid: 'u-1', labels: { app: 'web', tier: 'front' }, annotations: { note: 'hi "there"' } },
  spec: { nodeName: 'local', serviceAccountName: 'builder', containers: [{ name: 'app' }, { name: 'side', resources: { limits: { memory: '64Mi' } } }] },
  status: { podIP: '127.0.0.5', podIPs: [{ ip: '127.0.0.5' }], hostIP: '127.0.0.1' },
};

const b64 = (text: string): string => btoa(text);

const sources: EnvSources = {
  configMaps: new Map([
    ['cfg', { data: { MODE: 'prod', 'bad key': 'x', '1ST': 'y', level: '3' } }],
    ['empty', {}],
  ]),
  secrets: new Map([['creds', { data: { PASSWORD: b64('s3cret'), token: 'dMO2aw==' /* UTF-8 "tök" */ } }]]),
};

const allocatable = { cpu: '8', memory: '16Gi' };

function envOf(container: Partial<V1Container>): ReturnType<typeof resolveEnv> {
  return resolveEnv({ pod, container: { name: 'app', ...container }, sources, allocatable });
}

describe('env var expansion', () => {
  const vars: Record<string, string> = { A: 'a', EMPTY: '' };
  it.each([
    ['plain text', 'hello', 'hello'],
    ['a defined variable', 'x-$(A)-y', 'x-a-y'],
    ['an empty variable', '[$(EMPTY)]', '[]'],
    ['an undefined variable stays', '$(NOPE)', '$(NOPE)'],
    ['escaped reference', '$$(A)', '$(A)'],
    ['double dollar', 'a$$b', 'a$b'],
    ['lone dollar', 'cost $5', 'cost $5'],
    ['trailing dollar', 'end$', 'end$'],
    ['unterminated reference', '$(A', '$(A'],
    ['two references', '$(A)$(A)', 'aa'],
  ])('%s', (_name, input, expected) => {
    expect(expandVariables(input, (name) => vars[name])).toBe(expected);
  });
});

describe('command and args expansion', () => {
  const env = { POD_IP: '127.0.0.5', PORT: '8080', EMPTY: '' };
  it.each([
    { name: 'undefined stays undefined (the image decides)', values: undefined, want: undefined },
    { name: 'references to the env', values: ['-a', '$(POD_IP)', '-p', '$(PORT)'], want: ['-a', '127.0.0.5', '-p', '8080'] },
    { name: 'inside a word, and an empty value', values: ['--listen=$(POD_IP):$(PORT)', 'x$(EMPTY)y'], want: ['--listen=127.0.0.5:8080', 'xy'] },
    { name: 'undefined variable kept, $$ escaped, shell syntax untouched', values: ['$(NOPE)', '$$(POD_IP)', '${POD_IP}', '$POD_IP'], want: ['$(NOPE)', '$(POD_IP)', '${POD_IP}', '$POD_IP'] },
    { name: 'no prototype names', values: ['$(toString)', '$(constructor)'], want: ['$(toString)', '$(constructor)'] },
  ])('$name', ({ values, want }) => {
    expect(expandCommand(values, env)).toEqual(want);
  });
});

describe('env var names', () => {
  it.each([
    ['FOO', true],
    ['my.var-1', true],
    ['_x', true],
    ['1ST', false],
    ['bad key', false],
    ['', false],
  ])('%s valid: %s', (name, valid) => {
    expect(isEnvVarName(name)).toBe(valid);
  });
});

describe('resolveEnv', () => {
  it.each<[string, Partial<V1Container>, Record<string, string>]>([
    ['literal values with expansion against earlier ones', { env: [{ name: 'A', value: 'a' }, { name: 'B', value: '$(A)-$(C)' }, { name: 'C', value: 'c' }] }, { A: 'a', B: 'a-$(C)', C: 'c' }],
    ['envFrom ConfigMap skips invalid keys', { envFrom: [{ configMapRef: { name: 'cfg' } }] }, { MODE: 'prod', level: '3' }],
    ['envFrom with prefix makes keys valid', { envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'P_' }] }, { P_MODE: 'prod', P_level: '3', P_1ST: 'y' }],
    ['envFrom Secret is decoded', { envFrom: [{ secretRef: { name: 'creds' } }] }, { PASSWORD: 's3cret', token: 'tök' }],
    ['env overrides envFrom and can expand it', { envFrom: [{ configMapRef: { name: 'cfg' } }], env: [{ name: 'MODE', value: 'dev-$(level)' }] }, { MODE: 'dev-3', level: '3' }],
    ['missing optional envFrom is skipped', { envFrom: [{ configMapRef: { name: 'nope', optional: true } }, { secretRef: { name: 'nope', optional: true } }] }, {}],
    ['configMapKeyRef and secretKeyRef', { env: [{ name: 'M', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'MODE' } } }, { name: 'P', valueFrom: { secretKeyRef: { name: 'creds', key: 'PASSWORD' } } }] }, { M: 'prod', P: 's3cret' }],
    ['optional missing key or object leaves the variable unset', { env: [{ name: 'M', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'NOPE', optional: true } } }, { name: 'S', valueFrom: { secretKeyRef: { name: 'nope', key: 'k', optional: true } } }] }, {}],
    [
      'downward API fields',
      {
        env: [
          { name: 'NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          { name: 'URL', value: 'http://$(IP):8080' },
        ],
      },
      { NAME: 'web-1', NS: 'shop', IP: '127.0.0.5', URL: 'http://127.0.0.5:8080' },
    ],
    ['resource field with divisor', { env: [{ name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } }] }, { MEM: '16384' }],
    ['value from nothing is empty', { env: [{ name: 'E' }] }, { E: '' }],
  ])('%s', (_name, container, expected) => {
    expect(envOf(container)).toEqual(expect.objectContaining({ ok: true, env: expected }));
  });

  it.each<[string, Partial<V1Container>, string]>([
    ['missing envFrom ConfigMap', { envFrom: [{ configMapRef: { name: 'nope' } }] }, 'configmap "nope" not found'],
    ['missing envFrom Secret', { envFrom: [{ secretRef: { name: 'nope' } }] }, 'secret "nope" not found'],
    ['missing ConfigMap of a key ref', { env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k' } } }] }, 'configmap "nope" not found'],
    ['missing ConfigMap key', { env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } }] }, "couldn't find key k in ConfigMap shop/cfg"],
    ['missing Secret', { env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'nope', key: 'k' } } }] }, 'secret "nope" not found'],
    ['missing Secret key', { env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'creds', key: 'k' } } }] }, "couldn't find key k in Secret shop/creds"],
    ['unsupported field', { env: [{ name: 'X', valueFrom: { fieldRef: { fieldPath: 'spec.hostname' } } }] }, 'unsupported fieldPath: spec.hostname'],
  ])('fails: %s', (_name, container, message) => {
    expect(envOf(container)).toEqual({ ok: false, message });
  });

  it('warns about skipped envFrom keys with the kubelet event text', () => {
    expect(envOf({ envFrom: [{ configMapRef: { name: 'cfg' } }] })).toEqual(
      expect.objectContaining({ warnings: ['Keys [1ST, bad key] from the EnvFrom configMap shop/cfg were skipped since they are considered invalid environment variable names.'] }),
    );
  });

  it('lists the referenced ConfigMaps and Secrets once each', () => {
    const container: V1Container = {
      name: 'app',
      envFrom: [{ configMapRef: { name: 'a' } }, { secretRef: { name: 's' } }],
      env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'a', key: 'k' } } }, { name: 'Y', valueFrom: { configMapKeyRef: { name: 'b', key: 'k' } } }, { name: 'Z', valueFrom: { secretKeyRef: { name: 't', key: 'k' } } }],
    };
    expect(envReferences(container)).toEqual({ configMaps: ['a', 'b'], secrets: ['s', 't'] });
  });
});

describe('pod fields', () => {
  const dual: V1Pod = { ...pod, status: { podIP: '127.0.0.5', podIPs: [{ ip: '127.0.0.5' }, { ip: '::1' }], hostIPs: [{ ip: '127.0.0.1' }, { ip: '::1' }] } };
  it.each([
    ['metadata.uid', pod, 'u-1'],
    ["metadata.labels['app']", pod, 'web'],
    ["metadata.labels['missing']", pod, ''],
    ["metadata.annotations['note']", pod, 'hi "there"'],
    ['metadata.labels', pod, 'app="web"\ntier="front"'],
    ['metadata.annotations', pod, 'note="hi \\"there\\""'],
    ['spec.nodeName', pod, 'local'],
    ['spec.serviceAccountName', pod, 'builder'],
    ['status.hostIP', pod, '127.0.0.1'],
    ['status.hostIPs', dual, '127.0.0.1,::1'],
    ['status.podIPs', dual, '127.0.0.5,::1'],
    ['status.podIP', { metadata: {}, status: { podIP: '127.0.0.9' } }, '127.0.0.9'],
    ['status.podIP', { metadata: {} }, ''],
  ])('%s', (fieldPath, from, expected) => {
    expect(podFieldValue(from, { fieldPath })).toEqual({ ok: true, value: expected });
  });
});

describe('resource fields', () => {
  const container: V1Container = { name: 'app', resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '250m' } } };
  it.each([
    ['limits.cpu', undefined, undefined, '1'],
    ['limits.cpu', '1m', undefined, '500'],
    ['requests.cpu', '1m', undefined, '250'],
    ['requests.memory', undefined, undefined, '134217728'],
    ['limits.memory', '1Mi', undefined, '128'],
    ['limits.memory', '1M', undefined, '135'],
    ['limits.memory', '1Mi', 'side', '64'],
    ['limits.cpu', undefined, 'side', '8'],
  ])('%s divisor %s container %s', (resource, divisor, containerName, expected) => {
    expect(containerResourceValue(pod, container, { resource, divisor, containerName }, allocatable)).toEqual({ ok: true, value: expected });
  });

  it('refuses an unsupported resource', () => {
    expect(containerResourceValue(pod, container, { resource: 'limits.gpu' }, allocatable)).toEqual({ ok: false, message: 'unsupported container resource : limits.gpu' });
  });
});

describe('quantities', () => {
  it.each([
    ['100m', 3, 100n],
    ['0.1', 3, 100n],
    ['1.5', 0, 2n],
    ['1Ki', 0, 1024n],
    ['1.5Gi', 0, 1610612736n],
    ['2e3', 0, 2000n],
    ['1n', 3, 1n],
    ['12M', 0, 12000000n],
  ])('%s × 10^%d rounds up to %s', (text, scale, expected) => {
    const quantity = parseQuantity(text);
    expect(quantity && scaledCeil(quantity, scale)).toBe(expected);
  });

  it.each(['', 'abc', '1Xi', '1.2.3'])('%j is not a quantity', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});
