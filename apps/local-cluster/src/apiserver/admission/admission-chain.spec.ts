import { StatusError, type AdmissionAttributes, type JsonObject } from '@ebb/apimachinery';
import { createTestCertificates, startTestWebhook, type TestCertificates, type TestReply, type TestWebhook } from '@ebb/testing';
import { AdmissionChain, type AdmissionSources, type WebhookType } from './admission-chain.js';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64');

/** The reply each path gives, for the request's uid. */
function answer(path: string, uid: string): TestReply {
  const response = (fields: JsonObject): TestReply => ({ body: { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid, ...fields } } });
  const patch = (ops: JsonObject[]): TestReply => response({ allowed: true, patchType: 'JSONPatch', patch: b64(ops) });
  const replies: Record<string, () => TestReply> = {
    '/allow': () => response({ allowed: true }),
    '/label': () => patch([{ op: 'add', path: '/metadata/labels/mutated', value: 'yes' }]),
    '/tier': () => patch([{ op: 'add', path: '/metadata/labels/tier', value: 'web' }]),
    '/noop': () => patch([{ op: 'test', path: '/kind', value: 'Pod' }]),
    '/broken-patch': () => patch([{ op: 'replace', path: '/spec/missing', value: 1 }]),
    '/deny': () => response({ allowed: false, status: { code: 403, reason: 'Forbidden', message: 'no thanks' } }),
    '/deny-plain': () => response({ allowed: false, status: { message: 'owner label required' } }),
    '/warn': () => response({ allowed: true, warnings: ['image uses latest tag'] }),
    '/slow': () => 'never',
  };
  return (replies[path] ?? ((): TestReply => ({ status: 404, body: '' })))();
}

let certs: TestCertificates;
let server: TestWebhook;

beforeAll(async () => {
  certs = await createTestCertificates({ dnsNames: ['hook.demo.svc', 'localhost'] });
  server = await startTestWebhook(certs, (body, path) => {
    const request = (body as { request?: { uid?: string } }).request;
    return answer(path, request?.uid ?? '');
  });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.calls.length = 0;
});

const podRule: JsonObject = { operations: ['CREATE', 'UPDATE', 'DELETE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] };

function hook(name: string, path: string, extra: JsonObject = {}): JsonObject {
  return {
    name,
    clientConfig: { url: `https://127.0.0.1:${server.port}${path}`, caBundle: certs.caBundle },
    rules: [podRule],
    sideEffects: 'None',
    admissionReviewVersions: ['v1'],
    ...extra,
  };
}

function serviceHook(name: string, path: string, extra: JsonObject = {}): JsonObject {
  return hook(name, path, { clientConfig: { service: { namespace: 'demo', name: 'hook', path }, caBundle: certs.caBundle }, ...extra });
}

function sources(configs: Partial<Record<WebhookType, JsonObject[]>>, endpoints = true): AdmissionSources {
  return {
    webhookConfigurations: (type) => configs[type] ?? [],
    namespaceLabels: (ns) => (ns === 'demo' ? { env: 'test' } : undefined),
    resolveService: () => (endpoints ? { host: '127.0.0.1', port: server.port } : undefined),
  };
}

const config = (name: string, webhooks: JsonObject[]): JsonObject => ({ metadata: { name }, webhooks });

const pod: JsonObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'demo', labels: { app: 'web' } }, spec: { containers: [] } };
const create: AdmissionAttributes = {
  operation: 'CREATE',
  group: '',
  version: 'v1',
  resource: 'pods',
  subResource: '',
  kind: { group: '', version: 'v1', kind: 'Pod' },
  name: 'web',
  namespace: 'demo',
  object: pod,
  dryRun: false,
  userInfo: { username: 'alice', groups: ['system:authenticated'] },
};
const remove: AdmissionAttributes = { ...create, operation: 'DELETE', object: undefined, oldObject: pod };

async function failure(run: Promise<unknown>): Promise<{ code: number; reason: string; message: string }> {
  try {
    await run;
  } catch (error) {
    if (error instanceof StatusError) return { code: error.code, reason: error.reason, message: error.message };
    throw error;
  }
  throw new Error('admission passed');
}

describe('AdmissionChain.admit', () => {
  it('applies a webhook patch and passes the patched object on', async () => {
    const chain = new AdmissionChain(
      sources({
        mutating: [config('b', [hook('tier.example.com', '/tier', { objectSelector: { matchLabels: { mutated: 'yes' } } })]), config('a', [hook('label.example.com', '/label')])],
      }),
    );
    const result = await chain.admit(create);
    expect(result.object?.metadata.labels).toEqual({ app: 'web', mutated: 'yes', tier: 'web' });
    expect(server.calls.map((c) => c.path)).toEqual(['/label?timeout=10s', '/tier?timeout=10s']);
    expect(pod['metadata']).toEqual({ name: 'web', namespace: 'demo', labels: { app: 'web' } });
  });

  it('sends an AdmissionReview v1 with the uid it checks', async () => {
    const chain = new AdmissionChain(sources({ mutating: [config('a', [hook('allow.example.com', '/allow')])] }), { newUid: () => 'uid-7' });
    await chain.admit(create);
    expect(server.calls[0]?.body).toMatchObject({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: { uid: 'uid-7', operation: 'CREATE', namespace: 'demo', name: 'web', object: pod, oldObject: null, userInfo: { username: 'alice' } },
    });
  });

  it('reinvokes an IfNeeded webhook once when a later webhook changed the object', async () => {
    const chain = new AdmissionChain(
      sources({ mutating: [config('a', [hook('noop.example.com', '/noop', { reinvocationPolicy: 'IfNeeded' }), hook('label.example.com', '/label')])] }),
    );
    await chain.admit(create);
    expect(server.calls.map((c) => c.path)).toEqual(['/noop?timeout=10s', '/label?timeout=10s', '/noop?timeout=10s']);
  });

  it('does not reinvoke a Never webhook', async () => {
    const chain = new AdmissionChain(sources({ mutating: [config('a', [hook('noop.example.com', '/noop'), hook('label.example.com', '/label')])] }));
    await chain.admit(create);
    expect(server.calls.map((c) => c.path)).toEqual(['/noop?timeout=10s', '/label?timeout=10s']);
  });

  it('collects warnings', async () => {
    const chain = new AdmissionChain(sources({ mutating: [config('a', [hook('warn.example.com', '/warn'), hook('label.example.com', '/label')])] }));
    expect((await chain.admit(create)).warnings).toEqual(['image uses latest tag']);
  });

  it('skips webhooks whose namespaceSelector does not match', async () => {
    const chain = new AdmissionChain(sources({ mutating: [config('a', [hook('label.example.com', '/label', { namespaceSelector: { matchLabels: { env: 'prod' } } })])] }));
    expect((await chain.admit(create)).object?.metadata.labels).toEqual({ app: 'web' });
    expect(server.calls).toEqual([]);
  });

  it.each<{ name: string; hooks: () => JsonObject[]; attrs: AdmissionAttributes; endpoints: boolean; want: () => { code: number; reason: string; message: string } }>([
    {
      name: 'a denial with a code',
      hooks: () => [hook('deny.example.com', '/deny')],
      attrs: create,
      endpoints: true,
      want: () => ({ code: 403, reason: 'Forbidden', message: 'admission webhook "deny.example.com" denied the request: no thanks' }),
    },
    {
      name: 'a timeout under failurePolicy Fail',
      hooks: () => [hook('slow.example.com', '/slow', { timeoutSeconds: 1 })],
      attrs: create,
      endpoints: true,
      want: () => ({
        code: 500,
        reason: 'InternalError',
        message: `Internal error occurred: failed calling webhook "slow.example.com": failed to call webhook: Post "https://127.0.0.1:${server.port}/slow?timeout=1s": context deadline exceeded`,
      }),
    },
    {
      name: 'a service without endpoints',
      hooks: () => [serviceHook('svc.example.com', '/label')],
      attrs: create,
      endpoints: false,
      want: () => ({
        code: 500,
        reason: 'InternalError',
        message:
          'Internal error occurred: failed calling webhook "svc.example.com": failed to call webhook: Post "https://hook.demo.svc:443/label?timeout=10s": no endpoints available for service "hook"',
      }),
    },
    {
      name: 'a patch on a DELETE',
      hooks: () => [hook('label.example.com', '/label')],
      attrs: remove,
      endpoints: true,
      want: () => ({
        code: 500,
        reason: 'InternalError',
        message: 'Internal error occurred: admission webhook "label.example.com" attempted to modify the object, which is not supported for this operation',
      }),
    },
    {
      name: 'a patch that does not apply',
      hooks: () => [hook('broken.example.com', '/broken-patch')],
      attrs: create,
      endpoints: true,
      want: () => ({ code: 500, reason: 'InternalError', message: 'Internal error occurred: replace operation does not apply: doc is missing key: /spec/missing: missing value' }),
    },
  ])('fails on $name', async ({ hooks, attrs, endpoints, want }) => {
    const chain = new AdmissionChain(sources({ mutating: [config('a', hooks())] }, endpoints));
    expect(await failure(chain.admit(attrs))).toEqual(want());
  });

  it('reaches a service webhook through its endpoint', async () => {
    const chain = new AdmissionChain(sources({ mutating: [config('a', [serviceHook('svc.example.com', '/label')])] }));
    expect((await chain.admit(create)).object?.metadata.labels).toEqual({ app: 'web', mutated: 'yes' });
    expect(server.calls.map((c) => c.servername)).toEqual(['hook.demo.svc']);
  });

  it('fails open under failurePolicy Ignore and logs', async () => {
    const logged: string[] = [];
    const chain = new AdmissionChain(
      sources({ mutating: [config('a', [hook('slow.example.com', '/slow', { timeoutSeconds: 1, failurePolicy: 'Ignore' }), hook('label.example.com', '/label')])] }),
      { logger: { warn: (message) => logged.push(message) } },
    );
    expect((await chain.admit(create)).object?.metadata.labels).toEqual({ app: 'web', mutated: 'yes' });
    expect(logged).toEqual([
      `Failed calling webhook, failing open slow.example.com: failed calling webhook "slow.example.com": failed to call webhook: Post "https://127.0.0.1:${server.port}/slow?timeout=1s": context deadline exceeded`,
    ]);
  });
});

describe('AdmissionChain.validate', () => {
  it('passes when every webhook allows, with their warnings', async () => {
    const chain = new AdmissionChain(sources({ validating: [config('a', [hook('allow.example.com', '/allow'), hook('warn.example.com', '/warn')])] }));
    expect(await chain.validate(create)).toEqual({ warnings: ['image uses latest tag'] });
    expect(server.calls.map((c) => c.path).sort()).toEqual(['/allow?timeout=10s', '/warn?timeout=10s']);
  });

  it('calls the webhooks in parallel', async () => {
    const chain = new AdmissionChain(
      sources({ validating: [config('a', [hook('slow1.example.com', '/slow', { timeoutSeconds: 1, failurePolicy: 'Ignore' }), hook('slow2.example.com', '/slow', { timeoutSeconds: 1, failurePolicy: 'Ignore' })])] }),
    );
    const started = performance.now();
    await chain.validate(create);
    expect(performance.now() - started).toBeLessThan(1900);
    expect(server.calls).toHaveLength(2);
  });

  it.each<{ name: string; hooks: () => JsonObject[]; want: () => { code: number; reason: string; message: string } }>([
    {
      name: 'a denial without a code (400)',
      hooks: () => [hook('allow.example.com', '/allow'), hook('owner.example.com', '/deny-plain')],
      want: () => ({ code: 400, reason: '', message: 'admission webhook "owner.example.com" denied the request: owner label required' }),
    },
    {
      name: 'two denials: the first webhook in order',
      hooks: () => [hook('owner.example.com', '/deny-plain'), hook('deny.example.com', '/deny')],
      want: () => ({ code: 400, reason: '', message: 'admission webhook "owner.example.com" denied the request: owner label required' }),
    },
    {
      name: 'a validating webhook that patches',
      hooks: () => [hook('label.example.com', '/label')],
      want: () => ({
        code: 500,
        reason: 'InternalError',
        message: 'Internal error occurred: failed calling webhook "label.example.com": received invalid webhook response: validating webhook may not return response.patch',
      }),
    },
  ])('fails on $name', async ({ hooks, want }) => {
    const chain = new AdmissionChain(sources({ validating: [config('a', hooks())] }));
    expect(await failure(chain.validate(create))).toEqual(want());
  });

  it('ignores a failing webhook under failurePolicy Ignore', async () => {
    const chain = new AdmissionChain(sources({ validating: [config('a', [hook('svc.example.com', '/allow', { failurePolicy: 'Ignore', clientConfig: { service: { namespace: 'demo', name: 'gone' } } })])] }, false));
    expect(await chain.validate(create)).toEqual({ warnings: [] });
  });
});
