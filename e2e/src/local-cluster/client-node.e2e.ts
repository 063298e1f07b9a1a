import { ApiException, ApiextensionsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, makeInformer, PatchStrategy, setHeaderOptions, type Informer, type KubernetesObject, type ObjectCache, type V1Pod } from '@kubernetes/client-node';
import { startLocalCluster, waitFor, type LocalCluster } from '@ebb/testing';

/**
 * The local cluster's API server through @kubernetes/client-node: informers on Pods and on a
 * custom kind see every add, update and delete, across a stop and restart of the server (same
 * data folder and port); and 20 concurrent get-modify-update writers on one ConfigMap lose no
 * increment thanks to 409 conflicts and retries.
 */
const NS = 'e2e-client-node';
const GROUP = 'stable.example.com';

let cluster: LocalCluster;

interface Clients {
  readonly core: CoreV1Api;
  readonly custom: CustomObjectsApi;
  readonly config: KubeConfig;
}

/** Fresh clients from the kubeconfig the server wrote (a new connection pool each time). */
function clients(): Clients {
  const config = new KubeConfig();
  config.loadFromFile(cluster.kubeconfigPath);
  return { core: config.makeApiClient(CoreV1Api), custom: config.makeApiClient(CustomObjectsApi), config };
}

/** One observed informer callback. */
interface Seen {
  readonly verb: 'add' | 'update' | 'delete';
  readonly name: string;
  readonly resourceVersion: string;
}

/** An informer that restarts itself after errors (the server being down) until `stop`. */
interface RecordingInformer {
  readonly seen: Seen[];
  readonly errors: unknown[];
  stop(): Promise<void>;
}

async function record<T extends KubernetesObject>(informer: Informer<T> & ObjectCache<T>): Promise<RecordingInformer> {
  const seen: Seen[] = [];
  const errors: unknown[] = [];
  let stopped = false;
  for (const verb of ['add', 'update', 'delete'] as const) {
    informer.on(verb, (object) => seen.push({ verb, name: object.metadata?.name ?? '', resourceVersion: object.metadata?.resourceVersion ?? '' }));
  }
  informer.on('error', (error: unknown) => {
    errors.push(error);
    if (!stopped) setTimeout(() => void (stopped ? undefined : informer.start().catch((e: unknown) => errors.push(e))), 300);
  });
  await informer.start();
  return {
    seen,
    errors,
    stop: async () => {
      stopped = true;
      await informer.stop();
    },
  };
}

function verbsOf(informer: RecordingInformer, name: string): string[] {
  return informer.seen.filter((s) => s.name === name).map((s) => s.verb);
}

async function waitForVerbs(informer: RecordingInformer, expected: Record<string, string[]>, what: string): Promise<void> {
  await waitFor(() => Object.entries(expected).every(([name, verbs]) => verbsOf(informer, name).length >= verbs.length), {
    description: `${what}: ${JSON.stringify(expected)}; seen ${JSON.stringify(informer.seen)}`,
    timeoutMs: 45_000,
  });
  for (const [name, verbs] of Object.entries(expected)) expect({ name, verbs: verbsOf(informer, name) }).toEqual({ name, verbs });
}

/** A pod left to a scheduler that does not exist, so only this suite writes it (no binding, no kubelet status). */
function pod(name: string): V1Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NS }, spec: { schedulerName: 'e2e-none', containers: [{ name: 'app', image: 'nginx:1.27' }] } };
}

function crontab(name: string, replicas: number): Record<string, unknown> {
  return { apiVersion: `${GROUP}/v1`, kind: 'CronTab', metadata: { name, namespace: NS }, spec: { cronSpec: '* * * * *', replicas } };
}

const crontabCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `crontabs.${GROUP}` },
  spec: {
    group: GROUP,
    scope: 'Namespaced',
    names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: { spec: { type: 'object', properties: { cronSpec: { type: 'string' }, replicas: { type: 'integer', minimum: 1, maximum: 10 } } } },
          },
        },
      },
    ],
  },
};

/** The operations the test makes on one kind, through any client. */
interface Kind {
  readonly name: string;
  readonly path: string;
  create(c: Clients, name: string): Promise<unknown>;
  update(c: Clients, name: string): Promise<unknown>;
  remove(c: Clients, name: string): Promise<unknown>;
  informer(c: Clients): Informer<KubernetesObject> & ObjectCache<KubernetesObject>;
}

const pods: Kind = {
  name: 'Pods',
  path: `/api/v1/namespaces/${NS}/pods`,
  create: (c, name) => c.core.createNamespacedPod({ namespace: NS, body: pod(name) }),
  update: async (c, name) => {
    const current = await c.core.readNamespacedPod({ name, namespace: NS });
    current.metadata = { ...current.metadata, labels: { ...current.metadata?.labels, touched: 'yes' } };
    return c.core.replaceNamespacedPod({ name, namespace: NS, body: current });
  },
  remove: (c, name) => c.core.deleteNamespacedPod({ name, namespace: NS, gracePeriodSeconds: 0 }),
  informer: (c) => makeInformer<KubernetesObject>(c.config, `/api/v1/namespaces/${NS}/pods`, () => c.core.listNamespacedPod({ namespace: NS })),
};

const crontabs: Kind = {
  name: 'CronTabs (a custom kind)',
  path: `/apis/${GROUP}/v1/namespaces/${NS}/crontabs`,
  create: (c, name) => c.custom.createNamespacedCustomObject({ group: GROUP, version: 'v1', namespace: NS, plural: 'crontabs', body: crontab(name, 1) }),
  update: (c, name) =>
    c.custom.patchNamespacedCustomObject({ group: GROUP, version: 'v1', namespace: NS, plural: 'crontabs', name, body: { spec: { replicas: 3 } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch)),
  remove: (c, name) => c.custom.deleteNamespacedCustomObject({ group: GROUP, version: 'v1', namespace: NS, plural: 'crontabs', name }),
  informer: (c) =>
    makeInformer<KubernetesObject>(
      c.config,
      `/apis/${GROUP}/v1/namespaces/${NS}/crontabs`,
      () => c.custom.listNamespacedCustomObject({ group: GROUP, version: 'v1', namespace: NS, plural: 'crontabs' }) as Promise<{ items: KubernetesObject[]; metadata?: { resourceVersion?: string } }>,
    ),
};

beforeAll(async () => {
  cluster = await startLocalCluster();
  const c = clients();
  await c.core.createNamespace({ body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } });
  await c.config.makeApiClient(ApiextensionsV1Api).createCustomResourceDefinition({ body: crontabCrd });
  await waitFor(async () => Array.isArray(((await c.custom.listNamespacedCustomObject({ group: GROUP, version: 'v1', namespace: NS, plural: 'crontabs' })) as { items?: unknown }).items), {
    description: 'the CronTab kind to be served',
    timeoutMs: 20_000,
  });
}, 60_000);

afterAll(async () => {
  await cluster?.dispose();
});

describe('informers', () => {
  it.each([{ kind: pods }, { kind: crontabs }])(
    'on $kind.name see every add, update and delete, before and after a server restart',
    async ({ kind }) => {
      const before = clients();
      const informer = await record(kind.informer(before));
      try {
        await kind.create(before, 'first');
        await kind.update(before, 'first');
        await kind.create(before, 'second');
        await kind.remove(before, 'first');
        await waitForVerbs(informer, { first: ['add', 'update', 'delete'], second: ['add'] }, 'changes before the restart');

        expect(await cluster.stop()).toEqual({ code: 0, signal: null });
        cluster = await cluster.restart();
        const after = clients();
        await kind.create(after, 'third');
        await kind.update(after, 'second');
        await kind.remove(after, 'second');
        await kind.create(after, 'fourth');
        await waitForVerbs(informer, { first: ['add', 'update', 'delete'], second: ['add', 'update', 'delete'], third: ['add'], fourth: ['add'] }, 'changes after the restart');

        await kind.update(after, 'third');
        await kind.remove(after, 'fourth');
        await waitForVerbs(informer, { second: ['add', 'update', 'delete'], third: ['add', 'update'], fourth: ['add', 'delete'] }, 'changes once reconnected');
      } finally {
        await informer.stop();
      }
    },
    150_000,
  );
});

describe('optimistic concurrency', () => {
  it('20 concurrent get-modify-update writers retrying on 409 end with exactly the sum of their increments', async () => {
    const c = clients();
    await c.core.createNamespacedConfigMap({ namespace: NS, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'counter', namespace: NS }, data: { count: '0' } } });
    const increment = async (): Promise<void> => {
      for (let attempt = 0; attempt < 500; attempt++) {
        const current = await c.core.readNamespacedConfigMap({ name: 'counter', namespace: NS });
        current.data = { count: String(Number(current.data?.['count'] ?? '0') + 1) };
        try {
          await c.core.replaceNamespacedConfigMap({ name: 'counter', namespace: NS, body: current });
          return;
        } catch (error) {
          if (!(error instanceof ApiException) || error.code !== 409) throw error;
        }
      }
      throw new Error('no update got through in 500 attempts');
    };
    const writer = async (): Promise<void> => {
      for (let i = 0; i < 5; i++) await increment();
    };
    await Promise.all(Array.from({ length: 20 }, writer));
    const final = await c.core.readNamespacedConfigMap({ name: 'counter', namespace: NS });
    expect(final.data).toEqual({ count: '100' });
  }, 120_000);
});
