import jsonPatch from 'fast-json-patch';
import type { AdmissionRequest } from './review.js';
import { admitDefaulting, admitValidation } from './serving-admission.js';

const hello = {
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: { name: 'hello', namespace: 'default' },
  spec: { template: { spec: { containers: [{ image: 'ghcr.io/knative/helloworld-go', env: [{ name: 'TARGET', value: 'Ebb' }] }] } } },
};

const request = (overrides: Partial<AdmissionRequest> = {}): AdmissionRequest => ({
  uid: 'u-1',
  kind: { group: 'serving.knative.dev', version: 'v1', kind: 'Service' },
  operation: 'CREATE',
  username: 'alice@example.com',
  object: hello,
  ...overrides,
});

const patched = (object: unknown, patch: readonly jsonPatch.Operation[]): unknown =>
  jsonPatch.applyPatch(structuredClone(object), structuredClone(patch) as jsonPatch.Operation[]).newDocument;

describe('admitDefaulting', () => {
  it('answers a new Service with the JSON Patch to its defaulted form', () => {
    const verdict = admitDefaulting(request());
    expect(verdict.allowed).toBe(true);
    const patch = verdict.allowed ? (verdict.patch ?? []) : [];
    const result = patched(hello, patch as jsonPatch.Operation[]) as typeof hello & {
      metadata: { annotations: Record<string, string> };
      spec: { template: { spec: { timeoutSeconds: number; containers: { name: string }[] } }; traffic: unknown[] };
    };
    expect(result.metadata.annotations).toEqual({ 'serving.knative.dev/creator': 'alice@example.com', 'serving.knative.dev/lastModifier': 'alice@example.com' });
    expect(result.spec.template.spec.timeoutSeconds).toBe(300);
    expect(result.spec.template.spec.containers[0]?.name).toBe('user-container');
    expect(result.spec.traffic).toEqual([{ latestRevision: true, percent: 100 }]);
  });

  it('is idempotent: a defaulted object gets no patch', () => {
    const first = admitDefaulting(request());
    const defaulted = patched(hello, (first.allowed ? first.patch : []) as jsonPatch.Operation[]);
    expect(admitDefaulting(request({ object: defaulted }))).toEqual({ allowed: true, patch: [] });
  });

  it.each([
    { name: 'a ConfigMap', overrides: { kind: { group: '', version: 'v1', kind: 'ConfigMap' } } },
    { name: 'a DELETE', overrides: { operation: 'DELETE' as const, object: undefined } },
    { name: 'another version', overrides: { kind: { group: 'serving.knative.dev', version: 'v1beta1', kind: 'DomainMapping' } } },
  ])('lets $name through untouched', ({ overrides }) => {
    expect(admitDefaulting(request(overrides))).toEqual({ allowed: true });
  });
});

describe('admitValidation', () => {
  const defaulted = patched(hello, ((v) => (v.allowed ? v.patch : []))(admitDefaulting(request())) as jsonPatch.Operation[]) as typeof hello;

  it('accepts a defaulted Service, passing the insecure-default warnings on', () => {
    const verdict = admitValidation(request({ object: defaulted }));
    expect(verdict.allowed).toBe(true);
    expect(verdict.warnings?.[0]).toMatch(/^Kubernetes default value is insecure, Knative may default this to secure in a future release: /);
  });

  it("denies a Service whose traffic does not add up, with Knative's rendered message", () => {
    const bad = { ...defaulted, spec: { ...defaulted.spec, traffic: [{ latestRevision: true, percent: 90 }] } };
    const verdict = admitValidation(request({ object: bad }));
    expect(verdict).toMatchObject({ allowed: false, message: 'validation failed: Traffic targets sum to 90, want 100: spec.traffic' });
  });

  it('denies an update that changes the template but keeps its BYO revision name', () => {
    const named = { ...defaulted, spec: { ...defaulted.spec, template: { ...defaulted.spec.template, metadata: { name: 'hello-v1' } } } };
    const changed = structuredClone(named);
    changed.spec.template.spec.containers[0]!.image = 'ghcr.io/knative/helloworld-go:v2';
    const verdict = admitValidation(request({ operation: 'UPDATE', object: changed, oldObject: named }));
    expect(verdict.allowed).toBe(false);
    expect(verdict.allowed ? '' : verdict.message).toMatch(/^validation failed: Saw the following changes without a name change \(-old \+new\): spec\.template\.metadata\.name/);
  });

  it('does not validate the spec on a status write', () => {
    const bad = { ...defaulted, spec: { ...defaulted.spec, traffic: [{ latestRevision: true, percent: 90 }] } };
    expect(admitValidation(request({ operation: 'UPDATE', subResource: 'status', object: bad, oldObject: bad })).allowed).toBe(true);
  });
});
