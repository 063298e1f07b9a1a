import { BUILTIN_RESOURCES, StatusError, type KubeObject, type ResourceType } from '@ebb/apimachinery';
import type { StoreKey } from '../../storage/store.js';
import { admitServiceAccount, SERVICE_ACCOUNT_MOUNT_PATH, tokenVolume } from './service-account-admission.js';

const resourceOf = (plural: string): ResourceType => {
  const found = BUILTIN_RESOURCES.find((r) => r.group === '' && r.plural === plural);
  if (found === undefined) throw new Error(`no ${plural}`);
  return found;
};
const PODS = resourceOf('pods');
const CONFIG_MAPS = resourceOf('configmaps');

/** random() = 0 picks the first letter of the name alphabet five times: `bbbbb`. */
const VOLUME = 'kube-api-access-bbbbb';
const MOUNT = { name: VOLUME, readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT_PATH };

function account(name: string, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: 'shop' }, ...extra };
}

function deps(accounts: KubeObject[]): { store: { get(key: StoreKey): KubeObject | undefined }; random: () => number; sleep: (ms: number) => Promise<void>; lookups: StoreKey[]; sleeps: number[] } {
  const lookups: StoreKey[] = [];
  const sleeps: number[] = [];
  return {
    lookups,
    sleeps,
    random: () => 0,
    sleep: async (ms) => {
      sleeps.push(ms);
      await Promise.resolve();
    },
    store: {
      get: (key) => {
        lookups.push(key);
        return accounts.find((a) => key.resource === 'serviceaccounts' && a.metadata.namespace === key.namespace && a.metadata.name === key.name);
      },
    },
  };
}

function pod(spec: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', ...meta }, spec };
}

const app = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ name: 'app', image: 'dev.local/web', ...extra });

describe('ServiceAccount admission', () => {
  it.each([
    {
      name: 'defaults the account to default and mounts the token everywhere',
      accounts: [account('default')],
      spec: { initContainers: [app({ name: 'init' })], containers: [app()] },
      expected: {
        serviceAccountName: 'default',
        serviceAccount: 'default',
        initContainers: [app({ name: 'init', volumeMounts: [MOUNT] })],
        containers: [app({ volumeMounts: [MOUNT] })],
        volumes: [tokenVolume(VOLUME)],
      },
    },
    {
      name: 'a named account; the deprecated field mirrors it',
      accounts: [account('builder')],
      spec: { serviceAccountName: 'builder', containers: [app()] },
      expected: { serviceAccountName: 'builder', serviceAccount: 'builder', containers: [app({ volumeMounts: [MOUNT] })], volumes: [tokenVolume(VOLUME)] },
    },
    {
      name: 'only the deprecated serviceAccount given',
      accounts: [account('old')],
      spec: { serviceAccount: 'old', containers: [app()] },
      expected: { serviceAccountName: 'old', serviceAccount: 'old', containers: [app({ volumeMounts: [MOUNT] })], volumes: [tokenVolume(VOLUME)] },
    },
    {
      name: 'the pod turns automount off',
      accounts: [account('default')],
      spec: { automountServiceAccountToken: false, containers: [app()] },
      expected: { automountServiceAccountToken: false, serviceAccountName: 'default', serviceAccount: 'default', containers: [app()] },
    },
    {
      name: 'the account turns automount off',
      accounts: [account('default', { automountServiceAccountToken: false })],
      spec: { containers: [app()] },
      expected: { serviceAccountName: 'default', serviceAccount: 'default', containers: [app()] },
    },
    {
      name: 'the pod overrides the account turning it off',
      accounts: [account('default', { automountServiceAccountToken: false })],
      spec: { automountServiceAccountToken: true, containers: [app()] },
      expected: { automountServiceAccountToken: true, serviceAccountName: 'default', serviceAccount: 'default', containers: [app({ volumeMounts: [MOUNT] })], volumes: [tokenVolume(VOLUME)] },
    },
    {
      name: 'a container with its own mount at the path keeps it; no volume when none needs it',
      accounts: [account('default')],
      spec: { containers: [app({ volumeMounts: [{ name: 'mine', mountPath: SERVICE_ACCOUNT_MOUNT_PATH }] })], volumes: [{ name: 'mine', emptyDir: {} }] },
      expected: {
        serviceAccountName: 'default',
        serviceAccount: 'default',
        containers: [app({ volumeMounts: [{ name: 'mine', mountPath: SERVICE_ACCOUNT_MOUNT_PATH }] })],
        volumes: [{ name: 'mine', emptyDir: {} }],
      },
    },
    {
      name: 'an existing kube-api-access volume is reused',
      accounts: [account('default')],
      spec: { containers: [app()], volumes: [{ name: 'kube-api-access-x2x9k', emptyDir: {} }] },
      expected: {
        serviceAccountName: 'default',
        serviceAccount: 'default',
        containers: [app({ volumeMounts: [{ ...MOUNT, name: 'kube-api-access-x2x9k' }] })],
        volumes: [{ name: 'kube-api-access-x2x9k', emptyDir: {} }],
      },
    },
    {
      name: "the account's imagePullSecrets are copied when the pod has none",
      accounts: [account('default', { automountServiceAccountToken: false, imagePullSecrets: [{ name: 'regcred' }] })],
      spec: { containers: [app()] },
      expected: { serviceAccountName: 'default', serviceAccount: 'default', containers: [app()], imagePullSecrets: [{ name: 'regcred' }] },
    },
    {
      name: "the pod's own imagePullSecrets win",
      accounts: [account('default', { automountServiceAccountToken: false, imagePullSecrets: [{ name: 'regcred' }] })],
      spec: { containers: [app()], imagePullSecrets: [{ name: 'mine' }] },
      expected: { serviceAccountName: 'default', serviceAccount: 'default', containers: [app()], imagePullSecrets: [{ name: 'mine' }] },
    },
  ])('$name', async ({ accounts, spec, expected }) => {
    const admitted = await admitServiceAccount(PODS, pod(spec), deps(accounts));
    expect(admitted.spec).toEqual(expected);
  });

  it('leaves the input object untouched', async () => {
    const input = pod({ containers: [app()] });
    await admitServiceAccount(PODS, input, deps([account('default')]));
    expect(input.spec).toEqual({ containers: [app()] });
  });

  it.each([
    { name: 'a named account is looked up once', spec: { serviceAccountName: 'builder' }, meta: {}, lookups: 1, message: 'pods "web" is forbidden: error looking up service account shop/builder: serviceaccount "builder" not found' },
    { name: 'default is looked up 10 times (~2 s) before failing', spec: {}, meta: {}, lookups: 10, message: 'pods "web" is forbidden: error looking up service account shop/default: serviceaccount "default" not found' },
    {
      name: 'a generated name is reported as its prefix',
      spec: { serviceAccountName: 'builder' },
      meta: { name: 'web-7c5dd-x2x9k', generateName: 'web-7c5dd-' },
      lookups: 1,
      message: 'pods "web-7c5dd-" is forbidden: error looking up service account shop/builder: serviceaccount "builder" not found',
    },
  ])('403 when the account is missing: $name', async ({ spec, meta, lookups, message }) => {
    const d = deps([]);
    const error = await admitServiceAccount(PODS, pod({ ...spec, containers: [app()] }, meta), d).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatusError);
    expect({ code: (error as StatusError).code, message: (error as StatusError).message, lookups: d.lookups.length, sleeps: d.sleeps.length }).toEqual({
      code: 403,
      message,
      lookups,
      sleeps: lookups - 1,
    });
  });

  it('finds default once the controller has created it during the retries', async () => {
    const accounts: KubeObject[] = [];
    const d = deps(accounts);
    const sleep = d.sleep;
    const admitted = await admitServiceAccount(PODS, pod({ containers: [app()] }), {
      ...d,
      sleep: async (ms) => {
        await sleep(ms);
        if (d.sleeps.length === 3) accounts.push(account('default'));
      },
    });
    expect({ account: (admitted.spec as { serviceAccountName: string }).serviceAccountName, lookups: d.lookups.length }).toEqual({ account: 'default', lookups: 4 });
  });

  it.each([
    { name: 'other resources pass through', resource: CONFIG_MAPS, meta: {} },
    { name: 'mirror pods are not mutated', resource: PODS, meta: { annotations: { 'kubernetes.io/config.mirror': 'x' } } },
  ])('$name', async ({ resource, meta }) => {
    const input = pod({ containers: [app()] }, meta);
    const d = deps([]);
    expect(await admitServiceAccount(resource, input, d)).toBe(input);
    expect(d.lookups).toEqual([]);
  });
});
