import { defaultAutoscalerConfig, defaultDefaultsConfig, defaultFeaturesConfig } from '@ebb/config';
import { Operation, type ValidationContext } from '../core/context.js';
import { DiagnosticLevel } from '../errors/field-error.js';
import type { Configuration } from '../serving/v1/configuration.types.js';
import { validateConfiguration } from './configuration.js';

const base = { defaults: defaultDefaultsConfig(), features: defaultFeaturesConfig(), autoscaler: defaultAutoscalerConfig() };
const create: ValidationContext = { ...base, operation: Operation.Create };
const update = (oldObject: Configuration, subresource?: string): ValidationContext => ({ ...base, operation: Operation.Update, oldObject, ...(subresource === undefined ? {} : { subresource }) });

/** A Configuration named `byo-name` whose template has the given name and image. */
function config(templateName: string | undefined, image: string, annotations?: Record<string, string>): Configuration {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Configuration',
    metadata: { name: 'byo-name', namespace: 'default', ...(annotations === undefined ? {} : { annotations }) },
    spec: { template: { metadata: templateName === undefined ? {} : { name: templateName }, spec: { containers: [{ image }] } } },
  };
}

describe('validateConfiguration (VALIDATION.md §4.1)', () => {
  it.each([
    { name: 'the template is validated with the Configuration as parent (rejected)', cfg: config('other-foo', 'busybox'), ctx: create, want: 'invalid value: "other-foo" must have prefix "byo-name-": spec.template.metadata.name' },
    { name: 'a valid Configuration (accepted)', cfg: config('byo-name-foo', 'busybox'), ctx: create, want: '' },
    {
      name: 'a missing template is validated as an empty one (timeouts still checked)',
      cfg: { ...config(undefined, 'busybox'), spec: { template: { spec: { containers: [{ image: 'busybox' }], timeoutSeconds: 601 } } } },
      ctx: create,
      want: 'expected 0 <= 601 <= 600: spec.template.spec.timeoutSeconds',
    },
    {
      name: 'update: a kept BYO name with a changed template (rejected)',
      cfg: config('byo-name-foo', 'helloworld:foo'),
      ctx: update(config('byo-name-foo', 'helloworld:bar')),
      want: 'Saw the following changes without a name change (-old +new): spec.template.metadata.name\n{*v1.RevisionTemplateSpec}.Spec.PodSpec.Containers[0].Image:\n\t-: "helloworld:bar"\n\t+: "helloworld:foo"\n',
    },
    { name: 'update: a new BYO name with a changed template (accepted)', cfg: config('byo-name-bar', 'helloworld:foo'), ctx: update(config('byo-name-foo', 'helloworld:bar')), want: '' },
    {
      name: 'update: the creator is immutable on a standalone Configuration (rejected)',
      cfg: config(undefined, 'helloworld', { 'serving.knative.dev/creator': 'mallory' }),
      ctx: update(config(undefined, 'busybox', { 'serving.knative.dev/creator': 'alice' })),
      want: 'annotation value is immutable: metadata.annotations.serving.knative.dev/creator',
    },
    {
      name: 'update: creator/lastModifier are not checked on a Service-owned Configuration (accepted)',
      cfg: {
        ...config(undefined, 'helloworld', { 'serving.knative.dev/creator': 'mallory' }),
        metadata: {
          name: 'byo-name', namespace: 'default', annotations: { 'serving.knative.dev/creator': 'mallory' },
          labels: { 'serving.knative.dev/service': 'byo-name' },
          ownerReferences: [{ apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'byo-name', uid: 'u1', controller: true }],
        },
      },
      ctx: update(config(undefined, 'busybox', { 'serving.knative.dev/creator': 'alice' })),
      want: '',
    },
    {
      name: 'a status update skips metadata and spec validation (accepted, §0.2)',
      cfg: { ...config(undefined, 'busybox'), spec: { template: { spec: { containers: [{ image: 'busybox' }], timeoutSeconds: 601 } } } },
      ctx: update({ ...config(undefined, 'busybox'), spec: { template: { spec: { containers: [{ image: 'busybox' }], timeoutSeconds: 601 } } } }, 'status'),
      want: '',
    },
    {
      name: 'a main-resource update still validates the spec (rejected)',
      cfg: { ...config(undefined, 'busybox'), spec: { template: { spec: { containers: [{ image: 'busybox' }], timeoutSeconds: 601 } } } },
      ctx: update({ ...config(undefined, 'busybox'), spec: { template: { spec: { containers: [{ image: 'busybox' }], timeoutSeconds: 601 } } } }),
      want: 'expected 0 <= 601 <= 600: spec.template.spec.timeoutSeconds',
    },
  ])('$name', ({ cfg, ctx, want }) => {
    expect(validateConfiguration(cfg, ctx).filter(DiagnosticLevel.Error).render()).toBe(want);
  });
});
