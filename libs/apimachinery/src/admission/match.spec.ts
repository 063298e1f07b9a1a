import type { JsonObject } from '../object.js';
import {
  buildAdmissionReview,
  failedCallingWebhook,
  interpretAdmissionResponse,
  matchingWebhooks,
  orderedWebhooks,
  webhookDenial,
  WebhookResponseError,
  type AdmissionAttributes,
  type SelectorLabels,
} from './match.js';

const podCreate: AdmissionAttributes = {
  operation: 'CREATE',
  group: '',
  version: 'v1',
  resource: 'pods',
  subResource: '',
  kind: { group: '', version: 'v1', kind: 'Pod' },
  name: 'web',
  namespace: 'demo',
  object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'demo', labels: { app: 'web' } } },
  dryRun: false,
  userInfo: { username: 'alice', groups: ['system:authenticated'] },
};

const deploymentScale: AdmissionAttributes = {
  ...podCreate,
  operation: 'UPDATE',
  group: 'apps',
  resource: 'deployments',
  subResource: 'scale',
  kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
  object: { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web', namespace: 'demo' } },
};

const podStatus: AdmissionAttributes = { ...podCreate, operation: 'UPDATE', subResource: 'status' };
const nodeCreate: AdmissionAttributes = {
  ...podCreate,
  resource: 'nodes',
  namespace: '',
  name: 'n1',
  kind: { group: '', version: 'v1', kind: 'Node' },
  object: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } },
};
const namespaceCreate: AdmissionAttributes = {
  ...podCreate,
  resource: 'namespaces',
  namespace: '',
  name: 'team',
  kind: { group: '', version: 'v1', kind: 'Namespace' },
  object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', labels: { env: 'prod' } } },
};
const podDelete: AdmissionAttributes = {
  ...podCreate,
  operation: 'DELETE',
  object: undefined,
  oldObject: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'demo', labels: { app: 'old' } } },
};

function config(name: string, webhooks: JsonObject[]): JsonObject {
  return { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name }, webhooks };
}

function hook(name: string, rule: JsonObject, extra: JsonObject = {}): JsonObject {
  return { name, clientConfig: { url: 'https://127.0.0.1:9443/v' }, rules: [rule], sideEffects: 'None', admissionReviewVersions: ['v1'], ...extra };
}

const allPods: JsonObject = { operations: ['*'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] };

function names(rule: JsonObject, attrs: AdmissionAttributes, extra: JsonObject = {}, labels: SelectorLabels = {}): string[] {
  return matchingWebhooks([config('c', [hook('h.example.com', rule, extra)])], attrs, labels).map((w) => w.name);
}

describe('matchingWebhooks: rules', () => {
  const h = ['h.example.com'];
  it.each<{ name: string; rule: JsonObject; attrs: AdmissionAttributes; want: string[] }>([
    { name: 'exact pod create', rule: { ...allPods, operations: ['CREATE'] }, attrs: podCreate, want: h },
    { name: 'operation UPDATE only, request CREATE', rule: { ...allPods, operations: ['UPDATE'] }, attrs: podCreate, want: [] },
    { name: 'operation *', rule: allPods, attrs: podDelete, want: h },
    { name: 'group apps, request core', rule: { ...allPods, apiGroups: ['apps'] }, attrs: podCreate, want: [] },
    { name: 'group *', rule: { ...allPods, apiGroups: ['*'] }, attrs: podCreate, want: h },
    { name: 'version v2, request v1', rule: { ...allPods, apiVersions: ['v2'] }, attrs: podCreate, want: [] },
    { name: 'version *', rule: { ...allPods, apiVersions: ['*'] }, attrs: podCreate, want: h },
    { name: 'resource services', rule: { ...allPods, resources: ['services'] }, attrs: podCreate, want: [] },
    { name: 'resource * matches a main resource', rule: { ...allPods, resources: ['*'] }, attrs: podCreate, want: h },
    { name: 'resource * skips a subresource', rule: { ...allPods, resources: ['*'] }, attrs: podStatus, want: [] },
    { name: 'pods skips pods/status', rule: allPods, attrs: podStatus, want: [] },
    { name: 'pods/status matches pods/status', rule: { ...allPods, resources: ['pods/status'] }, attrs: podStatus, want: h },
    { name: 'pods/status skips pods', rule: { ...allPods, resources: ['pods/status'] }, attrs: podCreate, want: [] },
    { name: '*/* matches a subresource', rule: { ...allPods, resources: ['*/*'] }, attrs: podStatus, want: h },
    { name: '*/* matches a main resource', rule: { ...allPods, resources: ['*/*'] }, attrs: podCreate, want: h },
    {
      name: '*/scale matches deployments/scale',
      rule: { operations: ['UPDATE'], apiGroups: ['apps'], apiVersions: ['v1'], resources: ['*/scale'] },
      attrs: deploymentScale,
      want: h,
    },
    { name: 'no rules field entries', rule: { operations: [], apiGroups: [], apiVersions: [], resources: [] }, attrs: podCreate, want: [] },
  ])('$name', ({ rule, attrs, want }) => {
    expect(names(rule, attrs)).toEqual(want);
  });
});

describe('matchingWebhooks: scope', () => {
  const any: JsonObject = { operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], resources: ['*'] };
  it.each<{ name: string; scope: string | undefined; attrs: AdmissionAttributes; want: boolean }>([
    { name: 'unset, namespaced request', scope: undefined, attrs: podCreate, want: true },
    { name: '*, cluster request', scope: '*', attrs: nodeCreate, want: true },
    { name: 'Namespaced, namespaced request', scope: 'Namespaced', attrs: podCreate, want: true },
    { name: 'Namespaced, cluster request', scope: 'Namespaced', attrs: nodeCreate, want: false },
    { name: 'Namespaced, a Namespace', scope: 'Namespaced', attrs: namespaceCreate, want: false },
    { name: 'Cluster, cluster request', scope: 'Cluster', attrs: nodeCreate, want: true },
    { name: 'Cluster, namespaced request', scope: 'Cluster', attrs: podCreate, want: false },
    { name: 'Cluster, a Namespace', scope: 'Cluster', attrs: namespaceCreate, want: true },
  ])('$name', ({ scope, attrs, want }) => {
    const rule = scope === undefined ? any : { ...any, scope };
    expect(names(rule, attrs).length === 1).toBe(want);
  });
});

describe('matchingWebhooks: selectors', () => {
  const any: JsonObject = { operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], resources: ['*/*'] };
  const prodNs: JsonObject = { namespaceSelector: { matchLabels: { env: 'prod' } } };
  it.each<{ name: string; extra: JsonObject; attrs: AdmissionAttributes; labels: SelectorLabels; want: boolean }>([
    { name: 'namespaceSelector matches the namespace labels', extra: prodNs, attrs: podCreate, labels: { namespace: { env: 'prod' } }, want: true },
    { name: 'namespaceSelector misses', extra: prodNs, attrs: podCreate, labels: { namespace: { env: 'dev' } }, want: false },
    { name: 'namespaceSelector, namespace labels unknown', extra: prodNs, attrs: podCreate, labels: {}, want: false },
    { name: 'namespaceSelector on a Namespace uses its own labels', extra: prodNs, attrs: namespaceCreate, labels: { namespace: { env: 'dev' } }, want: true },
    { name: 'namespaceSelector never exempts a cluster-scoped object', extra: prodNs, attrs: nodeCreate, labels: {}, want: true },
    {
      name: 'namespaceSelector NotIn',
      extra: { namespaceSelector: { matchExpressions: [{ key: 'runlevel', operator: 'NotIn', values: ['0', '1'] }] } },
      attrs: podCreate,
      labels: { namespace: { runlevel: '0' } },
      want: false,
    },
    { name: 'empty namespaceSelector matches all', extra: { namespaceSelector: {} }, attrs: podCreate, labels: {}, want: true },
    { name: 'objectSelector on the object', extra: { objectSelector: { matchLabels: { app: 'web' } } }, attrs: podCreate, labels: {}, want: true },
    { name: 'objectSelector misses', extra: { objectSelector: { matchLabels: { app: 'db' } } }, attrs: podCreate, labels: {}, want: false },
    { name: 'objectSelector on the oldObject of a DELETE', extra: { objectSelector: { matchLabels: { app: 'old' } } }, attrs: podDelete, labels: {}, want: true },
    {
      name: 'objectSelector with labels given',
      extra: { objectSelector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] } },
      attrs: podCreate,
      labels: { object: { tier: 'a' } },
      want: true,
    },
    {
      name: 'objectSelector DoesNotExist on an unlabelled object',
      extra: { objectSelector: { matchExpressions: [{ key: 'skip', operator: 'DoesNotExist' }] } },
      attrs: deploymentScale,
      labels: {},
      want: true,
    },
  ])('$name', ({ extra, attrs, labels, want }) => {
    expect(names(any, attrs, extra, labels).length === 1).toBe(want);
  });
});

describe('matchingWebhooks: order, defaults and exemptions', () => {
  const any: JsonObject = { operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], resources: ['*'] };
  it('sorts configurations by name and keeps webhook order', () => {
    const configs = [config('b', [hook('b1', any), hook('b0', any)]), config('a', [hook('a1', any)])];
    expect(matchingWebhooks(configs, podCreate, {}).map((w) => `${w.configurationName}/${w.name}`)).toEqual(['a/a1', 'b/b1', 'b/b0']);
  });

  it('applies the defaults', () => {
    const [webhook] = orderedWebhooks([config('c', [{ name: 'x', clientConfig: { service: { namespace: 'ns', name: 'svc' } }, rules: [any] }])]);
    expect(webhook).toMatchObject({
      failurePolicy: 'Fail',
      timeoutSeconds: 10,
      reinvocationPolicy: 'Never',
      matchPolicy: 'Equivalent',
      clientConfig: { service: { namespace: 'ns', name: 'svc', path: '', port: 443 } },
    });
  });

  it.each<{ name: string; kind: string }>([
    { name: 'a ValidatingWebhookConfiguration', kind: 'ValidatingWebhookConfiguration' },
    { name: 'a MutatingWebhookConfiguration', kind: 'MutatingWebhookConfiguration' },
  ])('never calls webhooks for $name', ({ kind }) => {
    const attrs: AdmissionAttributes = {
      ...nodeCreate,
      group: 'admissionregistration.k8s.io',
      resource: kind.toLowerCase() + 's',
      kind: { group: 'admissionregistration.k8s.io', version: 'v1', kind },
    };
    expect(names(any, attrs)).toEqual([]);
  });
});

describe('buildAdmissionReview', () => {
  it('builds an AdmissionReview v1 request', () => {
    expect(buildAdmissionReview({ ...podDelete, dryRun: true, options: { apiVersion: 'meta.k8s.io/v1', kind: 'DeleteOptions' } }, 'u-1')).toEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: {
        uid: 'u-1',
        kind: { group: '', version: 'v1', kind: 'Pod' },
        resource: { group: '', version: 'v1', resource: 'pods' },
        requestKind: { group: '', version: 'v1', kind: 'Pod' },
        requestResource: { group: '', version: 'v1', resource: 'pods' },
        name: 'web',
        namespace: 'demo',
        operation: 'DELETE',
        userInfo: { username: 'alice', groups: ['system:authenticated'] },
        object: null,
        oldObject: podDelete.oldObject,
        dryRun: true,
        options: { apiVersion: 'meta.k8s.io/v1', kind: 'DeleteOptions' },
      },
    });
  });

  it.each<{ name: string; attrs: AdmissionAttributes; field: string; want: unknown }>([
    { name: 'subResource of a scale', attrs: deploymentScale, field: 'subResource', want: 'scale' },
    { name: 'requestSubResource of a scale', attrs: deploymentScale, field: 'requestSubResource', want: 'scale' },
    { name: 'kind of a scale', attrs: deploymentScale, field: 'kind', want: { group: 'autoscaling', version: 'v1', kind: 'Scale' } },
    { name: 'namespace of a Namespace is its name', attrs: namespaceCreate, field: 'namespace', want: 'team' },
    { name: 'no namespace for a Node', attrs: nodeCreate, field: 'namespace', want: undefined },
    { name: 'oldObject of a CREATE', attrs: podCreate, field: 'oldObject', want: null },
  ])('$name', ({ attrs, field, want }) => {
    const request = buildAdmissionReview(attrs, 'u')['request'] as JsonObject;
    expect(request[field]).toEqual(want);
  });
});

const b64 = (text: string): string => btoa(text);
const review = (response: JsonObject): JsonObject => ({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'u-1', ...response } });

describe('interpretAdmissionResponse', () => {
  const addLabel = [{ op: 'add', path: '/metadata/labels/mutated', value: 'yes' }];
  it.each<{ name: string; response: JsonObject; want: unknown }>([
    { name: 'allowed, nothing else', response: { allowed: true }, want: { allowed: true, warnings: [] } },
    {
      name: 'allowed with a JSON patch',
      response: { allowed: true, patchType: 'JSONPatch', patch: b64(JSON.stringify(addLabel)) },
      want: { allowed: true, patch: addLabel, warnings: [] },
    },
    { name: 'allowed with an empty patch', response: { allowed: true, patchType: 'JSONPatch', patch: b64('[]') }, want: { allowed: true, warnings: [] } },
    { name: 'allowed with warnings', response: { allowed: true, warnings: ['w1', 'w2'] }, want: { allowed: true, warnings: ['w1', 'w2'] } },
    {
      name: 'denied with a code and message',
      response: { allowed: false, status: { code: 403, reason: 'Forbidden', message: 'no thanks' } },
      want: { allowed: false, warnings: [], status: { code: 403, reason: 'Forbidden', message: 'admission webhook "h.example.com" denied the request: no thanks' } },
    },
    {
      name: 'denied without a code',
      response: { allowed: false, status: { message: 'owner label required' } },
      want: { allowed: false, warnings: [], status: { code: 400, reason: '', message: 'admission webhook "h.example.com" denied the request: owner label required' } },
    },
    {
      name: 'denied with a code below 400',
      response: { allowed: false, status: { code: 200, message: 'nope' } },
      want: { allowed: false, warnings: [], status: { code: 400, reason: '', message: 'admission webhook "h.example.com" denied the request: nope' } },
    },
    {
      name: 'denied with only a reason',
      response: { allowed: false, status: { reason: 'Because' } },
      want: { allowed: false, warnings: [], status: { code: 400, reason: 'Because', message: 'admission webhook "h.example.com" denied the request: Because' } },
    },
    {
      name: 'denied without a status',
      response: { allowed: false, warnings: ['careful'] },
      want: { allowed: false, warnings: ['careful'], status: { code: 400, reason: '', message: 'admission webhook "h.example.com" denied the request without explanation' } },
    },
  ])('$name', ({ response, want }) => {
    expect(interpretAdmissionResponse(review(response), 'h.example.com', { uid: 'u-1' })).toEqual(want);
  });

  it.each<{ name: string; body: unknown; mutating: boolean; message: string }>([
    { name: 'no response', body: { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }, mutating: true, message: 'received invalid webhook response: webhook response was absent' },
    { name: 'not an object', body: 'ok', mutating: true, message: 'received invalid webhook response: webhook response was absent' },
    {
      name: 'a wrong uid',
      body: review({ uid: 'other', allowed: true }),
      mutating: true,
      message: 'received invalid webhook response: expected response.uid="u-1", got "other"',
    },
    {
      name: 'a v1beta1 review',
      body: { apiVersion: 'admission.k8s.io/v1beta1', kind: 'AdmissionReview', response: { uid: 'u-1', allowed: true } },
      mutating: true,
      message: 'received invalid webhook response: expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got admission.k8s.io/v1beta1, Kind=AdmissionReview',
    },
    {
      name: 'a patch from a validating webhook',
      body: review({ allowed: true, patchType: 'JSONPatch', patch: b64('[]') }),
      mutating: false,
      message: 'received invalid webhook response: validating webhook may not return response.patch',
    },
    {
      name: 'a patch without a type',
      body: review({ allowed: true, patch: b64('[]') }),
      mutating: true,
      message: 'received invalid webhook response: webhook returned response.patch but not response.patchType',
    },
    {
      name: 'a type without a patch',
      body: review({ allowed: true, patchType: 'JSONPatch' }),
      mutating: true,
      message: 'received invalid webhook response: webhook returned response.patchType but not response.patch',
    },
    { name: 'a merge patch', body: review({ allowed: true, patchType: 'MergePatch', patch: b64('{}') }), mutating: true, message: 'unsupported patch type "MergePatch"' },
    {
      name: 'a patch that is no array',
      body: review({ allowed: true, patchType: 'JSONPatch', patch: b64('{"op":"add"}') }),
      mutating: true,
      message: 'received invalid webhook response: response.patch is not a JSON Patch array of operations',
    },
  ])('refuses $name', ({ body, mutating, message }) => {
    expect(() => interpretAdmissionResponse(body, 'h.example.com', { uid: 'u-1', mutating })).toThrow(new WebhookResponseError(message));
  });

  it('decodes a UTF-8 patch value', () => {
    const ops = [{ op: 'add', path: '/metadata/annotations/note', value: 'grüße' }];
    const bytes = new TextEncoder().encode(JSON.stringify(ops));
    const patch = btoa(String.fromCharCode(...bytes));
    expect(interpretAdmissionResponse(review({ allowed: true, patchType: 'JSONPatch', patch }), 'h', {})).toEqual({ allowed: true, patch: ops, warnings: [] });
  });
});

describe('texts', () => {
  it.each<{ name: string; got: string; want: string }>([
    {
      name: 'a failed call',
      got: failedCallingWebhook('h.example.com', 'failed to call webhook: Post "https://svc.ns.svc:443/v?timeout=10s": context deadline exceeded'),
      want: 'failed calling webhook "h.example.com": failed to call webhook: Post "https://svc.ns.svc:443/v?timeout=10s": context deadline exceeded',
    },
    { name: 'a denial with details kept', got: JSON.stringify(webhookDenial('d', { code: 422, message: 'm', details: { name: 'x' } })), want: '{"code":422,"reason":"","message":"admission webhook \\"d\\" denied the request: m","details":{"name":"x"}}' },
  ])('$name', ({ got, want }) => {
    expect(got).toBe(want);
  });
});
