import { defaultAutoscalerConfig, defaultDefaultsConfig, defaultFeaturesConfig } from '@ebb/config';
import { Operation, type ValidationContext } from '../core/context.js';
import type { ObjectMeta } from '../core/meta.js';
import { DiagnosticLevel } from '../errors/field-error.js';
import type { RevisionTemplateSpec } from '../serving/v1/revision.types.js';
import { isQuantity, validateRevisionTemplate } from './template.js';

const ctx: ValidationContext = {
  defaults: defaultDefaultsConfig(),
  features: defaultFeaturesConfig(),
  autoscaler: defaultAutoscalerConfig(),
  operation: Operation.Create,
};
const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const spec = { containers: [{ image: 'ghcr.io/example/hello:1' }] };
const parent: ObjectMeta = { name: 'hello', namespace: 'default' };

/** A template with the given metadata, validated under `parent` as `spec.template`; errors only. */
function render(metadata: ObjectMeta, owner: ObjectMeta = parent): string {
  const template: RevisionTemplateSpec = { metadata, spec };
  return validateRevisionTemplate(template, owner, ctx).viaField('spec', 'template').filter(DiagnosticLevel.Error).render();
}

describe('revision template names (VALIDATION.md §4.2)', () => {
  it.each([
    { name: 'a BYO name must be a DNS-1035 label (rejected)', meta: { name: 'hello-Foo' }, owner: parent, want: `invalid value: not a DNS 1035 label: [${DNS1035}]: spec.template.metadata.name` },
    { name: 'a BYO name must start with "<parent>-" (rejected)', meta: { name: 'other-foo' }, owner: parent, want: 'invalid value: "other-foo" must have prefix "hello-": spec.template.metadata.name' },
    { name: 'the parent name alone is not the prefix (rejected)', meta: { name: 'hello' }, owner: parent, want: 'invalid value: "hello" must have prefix "hello-": spec.template.metadata.name' },
    { name: 'a BYO name with the prefix (accepted)', meta: { name: 'hello-v2' }, owner: parent, want: '' },
    { name: 'no BYO name under a generateName-only parent (rejected)', meta: { name: 'hello-v2' }, owner: { generateName: 'hello-' }, want: 'must not set the field(s): spec.template.metadata.name' },
    { name: 'a parent with both name and generateName allows a BYO name (accepted)', meta: { name: 'hello-v2' }, owner: { name: 'hello', generateName: 'h-' }, want: '' },
    { name: 'generateName must be a DNS-1035 prefix (rejected)', meta: { generateName: 'Hello-' }, owner: parent, want: `invalid value: not a DNS 1035 label prefix: [${DNS1035}]: spec.template.metadata.generateName` },
    { name: 'a bad generateName is reported alone', meta: { generateName: 'Hello-', name: 'x' }, owner: parent, want: `invalid value: not a DNS 1035 label prefix: [${DNS1035}]: spec.template.metadata.generateName` },
    { name: 'a generateName prefix with a trailing dash (accepted)', meta: { generateName: 'hello-' }, owner: parent, want: '' },
  ])('$name', ({ meta, owner, want }) => {
    expect(render(meta, owner)).toBe(want);
  });
});

describe('revision template annotations (VALIDATION.md §4.2)', () => {
  const annotated = (annotations: Record<string, string>): string => render({ annotations });
  it.each<{ name: string; anns: Record<string, string>; want: string }>([
    { name: 'networking.knative.dev/visibility is not a template annotation (rejected)', anns: { 'networking.knative.dev/visibility': 'cluster-local' }, want: 'invalid key name "networking.knative.dev/visibility": spec.template.metadata.annotations' },
    { name: 'an unknown networking annotation (rejected)', anns: { 'networking.knative.dev/foo': 'x' }, want: 'invalid key name "networking.knative.dev/foo": spec.template.metadata.annotations' },
    {
      name: 'the allowed networking annotations (accepted)',
      anns: {
        'networking.knative.dev/ingress.class': 'x', 'networking.knative.dev/ingress-class': 'x', 'networking.knative.dev/certificate.class': 'x',
        'networking.knative.dev/certificate-class': 'x', 'networking.knative.dev/disableAutoTLS': 'true', 'networking.knative.dev/disable-auto-tls': 'true',
        'networking.knative.dev/disable-external-domain-tls': 'true', 'networking.knative.dev/httpOption': 'redirected', 'networking.knative.dev/http-protocol': 'redirected',
      },
      want: '',
    },
    { name: 'other groups are free (accepted)', anns: { 'example.com/anything': 'x', 'networking.internal.knative.dev/x': 'y' }, want: '' },
    // VALIDATION.md writes `annotations[<key>]`, but knative/pkg flatten splits on '.' and glues only `[..]` segments, so ViaKey renders `annotations.[<dotted key>]`.
    {
      name: 'queue resource percentage must be a float (rejected; upstream path flattening splits the dotted key)',
      anns: { 'queue.sidecar.serving.knative.dev/resource-percentage': 'lots' },
      want: 'invalid value: lots: spec.template.metadata.annotations.[queue.sidecar.serving.knative.dev/resource-percentage]',
    },
    {
      name: 'queue resource percentage in [0.1, 100] (rejected)',
      anns: { 'queue.sidecar.serving.knative.dev/resourcePercentage': '0.05' },
      want: 'expected 0.1 <= 0.05 <= 100: spec.template.metadata.annotations.[queue.sidecar.serving.knative.dev/resourcePercentage]',
    },
    { name: 'queue resource percentage in range (accepted, with a warning only)', anns: { 'queue.sidecar.serving.knative.dev/resource-percentage': '20' }, want: '' },
    {
      name: 'queue resources must be quantities (rejected)',
      anns: { 'queue.sidecar.serving.knative.dev/cpu-resource-request': '1 core', 'queue.sidecar.serving.knative.dev/memory-resource-limit': 'lots' },
      want:
        'invalid value: 1 core: spec.template.metadata.annotations.[queue.sidecar.serving.knative.dev/cpu-resource-request]\n' +
        'invalid value: lots: spec.template.metadata.annotations.[queue.sidecar.serving.knative.dev/memory-resource-limit]',
    },
    {
      name: 'queue resources as quantities (accepted)',
      anns: { 'queue.sidecar.serving.knative.dev/cpu-resource-request': '250m', 'queue.sidecar.serving.knative.dev/memory-resource-limit': '1Gi', 'queue.sidecar.serving.knative.dev/ephemeral-storage-resource-limit': '1e3' },
      want: '',
    },
    { name: 'progress-deadline must be a Go duration (rejected)', anns: { 'serving.knative.dev/progress-deadline': '10 minutes' }, want: 'invalid value: 10 minutes: spec.template.metadata.annotations.serving.knative.dev/progress-deadline' },
    { name: 'progress-deadline in whole seconds (rejected)', anns: { 'serving.knative.dev/progress-deadline': '1500ms' }, want: 'progress-deadline=1500ms is not at second precision: spec.template.metadata.annotations.serving.knative.dev/progress-deadline' },
    { name: 'progress-deadline not negative (rejected)', anns: { 'serving.knative.dev/progress-deadline': '-10s' }, want: 'progress-deadline=-10s must be positive: spec.template.metadata.annotations.serving.knative.dev/progress-deadline' },
    { name: 'progress-deadline a whole-second duration (accepted)', anns: { 'serving.knative.dev/progress-deadline': '10m' }, want: '' },
  ])('$name', ({ anns, want }) => {
    expect(annotated(anns)).toBe(want);
  });

  it('warns about the deprecated queue resource percentage annotation', () => {
    const template = { metadata: { annotations: { 'queue.sidecar.serving.knative.dev/resource-percentage': '20' } }, spec };
    const warnings = validateRevisionTemplate(template, parent, ctx).viaField('spec', 'template').filter(DiagnosticLevel.Warning);
    // With stock config every container also gets the securityContext warning (VALIDATION.md §0.2).
    expect(warnings.render()).toBe(
      'Kubernetes default value is insecure, Knative may default this to secure in a future release: ' +
        'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation, spec.template.spec.containers[0].securityContext.capabilities, ' +
        'spec.template.spec.containers[0].securityContext.runAsNonRoot, spec.template.spec.containers[0].securityContext.seccompProfile\n' +
        'Queue proxy resource percentage annotation is deprecated: spec.template.metadata.annotations.queue.sidecar.serving.knative.dev/resource-percentage',
    );
  });
});

describe('revision template spec', () => {
  it('is validated as a RevisionSpec under spec.template.spec', () => {
    const template = { spec: { ...spec, timeoutSeconds: 601 } };
    expect(validateRevisionTemplate(template, parent, ctx).viaField('spec', 'template').filter(DiagnosticLevel.Error).render()).toBe(
      'expected 0 <= 601 <= 600: spec.template.spec.timeoutSeconds',
    );
  });
});

describe('isQuantity (resource.ParseQuantity syntax)', () => {
  it.each([
    { name: 'milli', value: '250m', want: true },
    { name: 'binary SI', value: '1Gi', want: true },
    { name: 'decimal exponent', value: '1e3', want: true },
    { name: 'a fraction', value: '0.5', want: true },
    { name: 'a word', value: 'lots', want: false },
    { name: 'a space', value: '1 Gi', want: false },
    { name: 'empty', value: '', want: false },
  ])('$name', ({ value, want }) => {
    expect(isQuantity(value)).toBe(want);
  });
});
