import { defaultAutoscalerConfig, defaultDefaultsConfig, defaultFeaturesConfig } from '@ebb/config';
import { Operation, type ValidationContext } from '../core/context.js';
import { DiagnosticLevel } from '../errors/field-error.js';
import { pointerToPath, renderDenial, validate } from './index.js';

const base = { defaults: defaultDefaultsConfig(), features: defaultFeaturesConfig(), autoscaler: defaultAutoscalerConfig() };
const create: ValidationContext = { ...base, operation: Operation.Create };
const image = 'ghcr.io/example/hello@sha256:' + 'a'.repeat(64);

/** A Service `hello` with the given spec. */
function service(spec: unknown, metadata: Record<string, unknown> = {}): unknown {
  return { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'hello', namespace: 'default', ...metadata }, spec };
}

/** Error-level diagnostics of `validate` (stock config adds securityContext warnings to every container). */
function errors(object: unknown, ctx: ValidationContext = create): string {
  return validate(object, ctx).filter(DiagnosticLevel.Error).render();
}

const validSplit = service({
  template: { metadata: { name: 'hello-v2', annotations: { 'autoscaling.knative.dev/min-scale': '1' } }, spec: { containers: [{ image }], timeoutSeconds: 60 } },
  traffic: [
    { revisionName: 'hello-v1', percent: 90, tag: 'stable' },
    { latestRevision: true, percent: 10, tag: 'canary' },
    { revisionName: 'hello-v1', percent: 0, tag: 'old' },
  ],
});

const invalid = service({
  template: { spec: { containers: [{ image }], timeoutSeconds: 601, containerConcurrency: 1001 } },
  traffic: [
    { tag: 'a', latestRevision: true, percent: 50 },
    { tag: 'a', revisionName: 'hello-00001', percent: 60, url: 'http://a-hello.default.example.com' },
    { configurationName: 'other', percent: -20 },
  ],
});

describe('validate: whole objects (end to end)', () => {
  it.each([
    { name: 'a Service with a traffic split and tags (accepted)', object: validSplit, want: '' },
    {
      name: 'a Service with several errors, merged and sorted as Knative renders them (rejected)',
      object: invalid,
      want: [
        'Multiple definitions for "a": spec.traffic[0].tag, spec.traffic[1].tag',
        'Traffic targets sum to 90, want 100: spec.traffic',
        'expected 0 <= -20 <= 100: spec.traffic[2].percent',
        'expected 0 <= 1001 <= 1000: spec.template.spec.containerConcurrency',
        'expected 0 <= 601 <= 600: spec.template.spec.timeoutSeconds',
        'must not set the field(s): spec.traffic[1].url, spec.traffic[2].configurationName',
      ].join('\n'),
    },
    {
      name: 'composed rules: template autoscaling annotations (§6) and Service metadata (§1) under their absolute paths (rejected)',
      object: service(
        { template: { metadata: { annotations: { 'autoscaling.knative.dev/min-scale': '-1' } }, spec: { containers: [{ image }] } }, traffic: [{ latestRevision: true, percent: 100 }] },
        { annotations: { 'autoscaling.knative.dev/max-scale': '3' } },
      ),
      want:
        'expected 0 <= -1 <= 2147483647: spec.template.metadata.annotations.autoscaling.knative.dev/min-scale\n' +
        'invalid key name "autoscaling.knative.dev/max-scale": metadata.annotations\n' +
        'autoscaling annotations must be put under "spec.template.metadata.annotations" to work',
    },
    {
      name: 'null members count as absent, as Go decodes them (accepted)',
      object: { ...(validSplit as object), metadata: { name: 'hello', namespace: 'default', creationTimestamp: null, labels: null }, status: null },
      want: '',
    },
    {
      name: 'a Configuration (accepted)',
      object: { apiVersion: 'serving.knative.dev/v1', kind: 'Configuration', metadata: { name: 'hello', namespace: 'default' }, spec: { template: { spec: { containers: [{ image }] } } } },
      want: '',
    },
    {
      name: 'a Configuration with a bad BYO name (rejected)',
      object: { apiVersion: 'serving.knative.dev/v1', kind: 'Configuration', metadata: { name: 'hello', namespace: 'default' }, spec: { template: { metadata: { name: 'bye-1' }, spec: { containers: [{ image }] } } } },
      want: 'invalid value: "bye-1" must have prefix "hello-": spec.template.metadata.name',
    },
    {
      name: 'a Revision (accepted)',
      object: { apiVersion: 'serving.knative.dev/v1', kind: 'Revision', metadata: { name: 'hello-00001', namespace: 'default' }, spec: { containers: [{ image }], containerConcurrency: 10 } },
      want: '',
    },
    {
      name: 'a Revision out of bounds (rejected)',
      object: { apiVersion: 'serving.knative.dev/v1', kind: 'Revision', metadata: { name: 'hello-00001', namespace: 'default' }, spec: { containers: [{ image }], containerConcurrency: 1001 } },
      want: 'expected 0 <= 1001 <= 1000: spec.containerConcurrency',
    },
    {
      name: 'a Route (accepted)',
      object: { apiVersion: 'serving.knative.dev/v1', kind: 'Route', metadata: { name: 'hello', namespace: 'default' }, spec: { traffic: [{ configurationName: 'hello', percent: 100 }] } },
      want: '',
    },
    {
      name: 'a Route without traffic (rejected)',
      object: { apiVersion: 'serving.knative.dev/v1', kind: 'Route', metadata: { name: 'hello', namespace: 'default' }, spec: {} },
      want: 'Traffic targets sum to 0, want 100: spec.traffic',
    },
  ])('$name', ({ object, want }) => {
    expect(errors(object)).toBe(want);
  });
});

// VALIDATION.md §0.3 (two spaces after 'my-name',).
const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const serviceOwner = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello', uid: 'u1', controller: true };

/** An object of `kind` with the given metadata (namespace `default`) and spec. */
function object(kind: string, metadata: Record<string, unknown>, spec: unknown): unknown {
  return { apiVersion: 'serving.knative.dev/v1', kind, metadata: { namespace: 'default', ...metadata }, spec };
}

const serviceSpec = { template: { spec: { containers: [{ image }] } }, traffic: [{ latestRevision: true, percent: 100 }] };
const configurationSpec = { template: { spec: { containers: [{ image }] } } };
const revisionSpec = { containers: [{ image }] };
const routeSpec = { traffic: [{ configurationName: 'hello', percent: 100 }] };

describe('validate: VALIDATION.md §1 metadata under its absolute paths', () => {
  it.each([
    {
      // The API server has generated the name (a valid DNS-1123 subdomain) before admission sees the object.
      name: 'generateName must be a DNS-1035 label prefix (rejected, returned alone)',
      object: service(serviceSpec, { name: '9lives-x7k2p', generateName: '9lives-' }),
      want: `not a DNS 1035 label prefix: [${DNS1035}]: metadata.generateName`,
    },
    { name: 'generateName as a DNS-1035 label prefix (accepted)', object: service(serviceSpec, { name: 'hello-x7k2p', generateName: 'hello-' }), want: '' },
    { name: 'name must be a DNS-1035 label (rejected)', object: object('Route', { name: 'hello.world' }, routeSpec), want: `not a DNS 1035 label: [${DNS1035}]: metadata.name` },
    { name: 'name or generateName is required (rejected)', object: object('Revision', {}, revisionSpec), want: 'name or generateName is required: metadata.name' },
    {
      name: 'a Configuration with the service label needs the Service ownerReference (rejected)',
      object: object('Configuration', { name: 'hello', labels: { 'serving.knative.dev/service': 'hello' } }, configurationSpec),
      want: 'missing field(s): metadata.labels.serving.knative.dev/service',
    },
    {
      name: 'a Configuration with the service label and the Service ownerReference (accepted)',
      object: object('Configuration', { name: 'hello', labels: { 'serving.knative.dev/service': 'hello' }, ownerReferences: [serviceOwner] }, configurationSpec),
      want: '',
    },
    {
      name: 'a Revision with the configuration label needs the Configuration ownerReference (rejected)',
      object: object('Revision', { name: 'hello-00001', labels: { 'serving.knative.dev/configuration': 'hello' } }, revisionSpec),
      want: 'missing field(s): metadata.labels.serving.knative.dev/configuration',
    },
    {
      name: 'a Revision with an invalid autoscaling annotation (rejected, §6 under metadata.annotations.<key>)',
      object: object('Revision', { name: 'hello-00001', annotations: { 'autoscaling.knative.dev/min-scale': '-1' } }, revisionSpec),
      want: 'expected 0 <= -1 <= 2147483647: metadata.annotations.autoscaling.knative.dev/min-scale',
    },
  ])('$name', ({ object: o, want }) => {
    expect(errors(o)).toBe(want);
  });

  // "Not validated: other labels/annotations with `serving.knative.dev/` prefix, `networking.knative.dev/visibility` label value".
  it.each([
    { name: 'an unknown serving.knative.dev label on a Service (accepted)', object: service(serviceSpec, { labels: { 'serving.knative.dev/foo': 'bar' } }) },
    { name: 'an unknown serving.knative.dev label on a Configuration (accepted)', object: object('Configuration', { name: 'hello', labels: { 'serving.knative.dev/foo': 'bar' } }, configurationSpec) },
    { name: 'an unknown serving.knative.dev label on a Route (accepted)', object: object('Route', { name: 'hello', labels: { 'serving.knative.dev/foo': 'bar' } }, routeSpec) },
    { name: 'an unknown serving.knative.dev label on a Revision (accepted)', object: object('Revision', { name: 'hello-00001', labels: { 'serving.knative.dev/foo': 'bar' } }, revisionSpec) },
    { name: 'any networking.knative.dev/visibility label value on a Service (accepted)', object: service(serviceSpec, { labels: { 'networking.knative.dev/visibility': 'whatever' } }) },
    { name: 'any networking.knative.dev/visibility label value on a Route (accepted)', object: object('Route', { name: 'hello', labels: { 'networking.knative.dev/visibility': 'whatever' } }, routeSpec) },
  ])('$name', ({ object: o }) => {
    expect(errors(o)).toBe('');
  });
});

describe('validate: dispatch and shape', () => {
  it.each([
    { name: 'an unhandled kind of the group (rejected)', object: { apiVersion: 'serving.knative.dev/v1', kind: 'DomainMapping' }, want: 'unhandled kind: serving.knative.dev/v1, Kind=DomainMapping: apiVersion, kind' },
    { name: 'another version (rejected)', object: { apiVersion: 'serving.knative.dev/v1beta1', kind: 'Service' }, want: 'unhandled kind: serving.knative.dev/v1beta1, Kind=Service: apiVersion, kind' },
    { name: 'a core kind (rejected)', object: { apiVersion: 'v1', kind: 'Pod' }, want: 'unhandled kind: /v1, Kind=Pod: apiVersion, kind' },
    { name: 'an inherited member is not a kind (rejected)', object: { apiVersion: 'serving.knative.dev/v1', kind: 'toString' }, want: 'unhandled kind: serving.knative.dev/v1, Kind=toString: apiVersion, kind' },
    { name: 'not an object (rejected)', object: 'hello', want: 'failed to decode: expected an object: ' },
    {
      name: 'a field of the wrong type is reported at its path (rejected)',
      object: service({ template: { spec: { containers: [{ image }] } }, traffic: [{ latestRevision: true, percent: '100' }] }),
      want: 'failed to decode: must be integer: spec.traffic[0].percent',
    },
    {
      name: 'shape errors are reported alone, rules are not run',
      object: service({ template: { spec: { containers: [{ image }], timeoutSeconds: 601 } }, traffic: [{ latestRevision: 'yes', percent: 100 }] }),
      want: 'failed to decode: must be boolean: spec.traffic[0].latestRevision',
    },
  ])('$name', ({ object, want }) => {
    expect(errors(object)).toBe(want);
  });

  it('never denies a DELETE', () => {
    expect(validate(invalid, { ...create, operation: Operation.Delete }).render()).toBe('');
  });

  it.each([
    { name: 'array indexes', pointer: '/spec/traffic/0/percent', want: 'spec.traffic[0].percent' },
    { name: 'escaped slashes in keys', pointer: '/metadata/annotations/a~1b', want: 'metadata.annotations.a/b' },
    { name: 'the root', pointer: '', want: '' },
  ])('pointerToPath: $name', ({ pointer, want }) => {
    expect(pointerToPath(pointer)).toBe(want);
  });
});

describe('renderDenial (VALIDATION.md §0.2)', () => {
  it('prefixes the rendered errors with "validation failed: "', () => {
    const object = service({ template: { spec: { containers: [{ image }] } }, traffic: [{ latestRevision: true, percent: 50 }] });
    expect(renderDenial(validate(object, create))).toBe('validation failed: Traffic targets sum to 50, want 100: spec.traffic');
  });
  it('leaves warnings out of the denial', () => {
    const object = service({ template: { metadata: { annotations: { 'queue.sidecar.serving.knative.dev/resource-percentage': '200' } }, spec: { containers: [{ image }] } }, traffic: [{ latestRevision: true, percent: 100 }] });
    expect(renderDenial(validate(object, create))).toBe(
      'validation failed: expected 0.1 <= 200 <= 100: spec.template.metadata.annotations.[queue.sidecar.serving.knative.dev/resource-percentage]',
    );
  });
});

describe('VALIDATION.md §8: runtime problems are not validation errors', () => {
  it.each([
    {
      name: 'traffic to a revision or configuration that does not exist (accepted; Route AllTrafficAssigned=False at runtime)',
      object: { apiVersion: 'serving.knative.dev/v1', kind: 'Route', metadata: { name: 'r', namespace: 'default' }, spec: { traffic: [{ revisionName: 'nope-00042', percent: 50 }, { configurationName: 'nope', percent: 50 }] } },
    },
    {
      name: 'a BYO revision name another configuration already uses (accepted; RevisionFailed / RevisionNameTaken at runtime)',
      object: service({ template: { metadata: { name: 'hello-taken' }, spec: { containers: [{ image }] } }, traffic: [{ latestRevision: true, percent: 100 }] }),
    },
    {
      name: 'an image that does not exist (accepted; ContainerMissing at runtime)',
      object: service({ template: { spec: { containers: [{ image: 'registry.invalid/does/not/exist:never' }] } }, traffic: [{ latestRevision: true, percent: 100 }] }),
    },
    {
      name: "a Service-owned Route referencing another service's revision (accepted; RevisionNotOwned at runtime)",
      object: {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Route',
        metadata: {
          name: 'hello', namespace: 'default', labels: { 'serving.knative.dev/service': 'hello' },
          ownerReferences: [{ apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello', uid: 'u1', controller: true }],
        },
        spec: { traffic: [{ revisionName: 'other-00001', percent: 100 }] },
      },
    },
    {
      name: 'secrets and config maps referenced in env and volumes are not looked up (accepted)',
      object: service({
        template: {
          spec: {
            containers: [{
              image,
              env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'missing-secret', key: 'token' } } }],
              volumeMounts: [{ name: 'cfg', mountPath: '/etc/cfg', readOnly: true }],
            }],
            volumes: [{ name: 'cfg', configMap: { name: 'missing-config' } }],
          },
        },
        traffic: [{ latestRevision: true, percent: 100 }],
      }),
    },
  ])('$name', ({ object }) => {
    expect(errors(object)).toBe('');
  });
});
