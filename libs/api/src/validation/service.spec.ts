import { defaultAutoscalerConfig, defaultDefaultsConfig, defaultFeaturesConfig } from '@ebb/config';
import { Operation, type ValidationContext } from '../core/context.js';
import { DiagnosticLevel } from '../errors/field-error.js';
import type { TrafficTarget } from '../serving/v1/route.types.js';
import type { Service } from '../serving/v1/service.types.js';
import { validateService, validateServiceSpec } from './service.js';

const base = { defaults: defaultDefaultsConfig(), features: defaultFeaturesConfig(), autoscaler: defaultAutoscalerConfig() };
const create: ValidationContext = { ...base, operation: Operation.Create };
const update = (oldObject: Service, subresource?: string): ValidationContext => ({ ...base, operation: Operation.Update, oldObject, ...(subresource === undefined ? {} : { subresource }) });
const latest: TrafficTarget[] = [{ latestRevision: true, percent: 100 }];

/** A Service `byo-name` with a template name, image, traffic and annotations. */
function service(templateName: string | undefined, image: string, traffic: TrafficTarget[] = latest, annotations?: Record<string, string>): Service {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name: 'byo-name', namespace: 'default', ...(annotations === undefined ? {} : { annotations }) },
    spec: { template: { metadata: templateName === undefined ? {} : { name: templateName }, spec: { containers: [{ image }] } }, traffic },
  };
}

describe('validateService (VALIDATION.md §2)', () => {
  it.each([
    { name: 'a Service with the latest revision at 100% (accepted)', svc: service(undefined, 'busybox'), ctx: create, want: '' },
    { name: 'traffic may not name another configuration (rejected)', svc: service(undefined, 'busybox', [{ configurationName: 'other', percent: 100 }]), ctx: create, want: 'must not set the field(s): spec.traffic[0].configurationName' },
    { name: 'an undefaulted Service without traffic sums to 0 (rejected)', svc: service(undefined, 'busybox', []), ctx: create, want: 'Traffic targets sum to 0, want 100: spec.traffic' },
    { name: 'a BYO revision name must start with the Service name (rejected)', svc: service('hello-v1', 'busybox'), ctx: create, want: 'invalid value: "hello-v1" must have prefix "byo-name-": spec.template.metadata.name' },
    { name: 'a BYO revision name with the prefix (accepted)', svc: service('byo-name-v1', 'busybox', [{ revisionName: 'byo-name-v1', percent: 100 }]), ctx: create, want: '' },
    {
      name: 'update: a kept BYO name with a changed template (rejected, upstream test text)',
      svc: service('byo-name-foo', 'helloworld:foo'),
      ctx: update(service('byo-name-foo', 'helloworld:bar')),
      want: 'Saw the following changes without a name change (-old +new): spec.template.metadata.name\n{*v1.RevisionTemplateSpec}.Spec.PodSpec.Containers[0].Image:\n\t-: "helloworld:bar"\n\t+: "helloworld:foo"\n',
    },
    { name: 'update: traffic may change under a kept BYO name (accepted)', svc: service('byo-name-foo', 'busybox', [{ revisionName: 'byo-name-foo', percent: 100 }]), ctx: update(service('byo-name-foo', 'busybox')), want: '' },
    {
      name: 'update: the creator is immutable (rejected)',
      svc: service(undefined, 'helloworld', latest, { 'serving.knative.dev/creator': 'mallory' }),
      ctx: update(service(undefined, 'busybox', latest, { 'serving.knative.dev/creator': 'alice' })),
      want: 'annotation value is immutable: metadata.annotations.serving.knative.dev/creator',
    },
    {
      name: 'update: lastModifier may not change with an unchanged spec (rejected)',
      svc: service(undefined, 'busybox', latest, { 'serving.knative.dev/lastModifier': 'bob' }),
      ctx: update(service(undefined, 'busybox', latest, { 'serving.knative.dev/lastModifier': 'alice' })),
      want: 'invalid value: bob: metadata.annotations.serving.knative.dev/lastModifier',
    },
    {
      name: 'a status update skips metadata and spec validation (accepted, §0.2)',
      svc: service(undefined, 'busybox', []),
      ctx: update(service(undefined, 'busybox', []), 'status'),
      want: '',
    },
    {
      name: 'a status update still checks creator/lastModifier (rejected, as upstream)',
      svc: service(undefined, 'busybox', latest, { 'serving.knative.dev/creator': 'mallory' }),
      ctx: update(service(undefined, 'busybox', latest, { 'serving.knative.dev/creator': 'alice' }), 'status'),
      want: 'annotation value is immutable: metadata.annotations.serving.knative.dev/creator',
    },
  ])('$name', ({ svc, ctx, want }) => {
    expect(validateService(svc, ctx).filter(DiagnosticLevel.Error).render()).toBe(want);
  });
});

describe('validateServiceSpec', () => {
  it('reports paths relative to the spec', () => {
    const spec = { template: { spec: { containers: [{ image: 'busybox' }], containerConcurrency: 1001 } }, traffic: [{ percent: 100, tag: 'x_y' }] };
    expect(validateServiceSpec(spec, { name: 'hello' }, create).filter(DiagnosticLevel.Error).render()).toBe(
      'expected 0 <= 1001 <= 1000: template.spec.containerConcurrency\n' +
        "invalid value: not a DNS 1035 label: [a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')]: traffic.tag[0]",
    );
  });
  it('accepts a defaulted spec', () => {
    expect(validateServiceSpec({ template: { spec: { containers: [{ image: 'busybox' }] } }, traffic: latest }, { name: 'hello' }, create).filter(DiagnosticLevel.Error).render()).toBe('');
  });
});
