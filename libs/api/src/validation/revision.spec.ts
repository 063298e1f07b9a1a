import { defaultAutoscalerConfig, defaultDefaultsConfig, defaultFeaturesConfig, type DefaultsConfig } from '@ebb/config';
import { Operation, type ValidationContext } from '../core/context.js';
import { DiagnosticLevel, type FieldError } from '../errors/field-error.js';
import type { Revision, RevisionSpec } from '../serving/v1/revision.types.js';
import { validateRevision, validateRevisionSpec } from './revision.js';

/** A context from the stock ConfigMaps, with config-defaults overrides. */
function ctxWith(defaults: Partial<DefaultsConfig> = {}, extra: Partial<ValidationContext> = {}): ValidationContext {
  return {
    defaults: { ...defaultDefaultsConfig(), ...defaults },
    features: defaultFeaturesConfig(),
    autoscaler: defaultAutoscalerConfig(),
    operation: Operation.Create,
    ...extra,
  };
}

/** The error-level diagnostics only (stock config also yields securityContext warnings). */
function errors(err: FieldError): string {
  return err.filter(DiagnosticLevel.Error).render();
}

const containers = [{ image: 'ghcr.io/example/hello:1' }];

describe('validateRevisionSpec (VALIDATION.md §5.2)', () => {
  it.each([
    { name: 'timeoutSeconds above max-revision-timeout-seconds (rejected)', spec: { containers, timeoutSeconds: 601 }, defaults: {}, want: 'expected 0 <= 601 <= 600: spec.template.spec.timeoutSeconds' },
    { name: 'negative timeoutSeconds (rejected)', spec: { containers, timeoutSeconds: -1 }, defaults: {}, want: 'expected 0 <= -1 <= 600: spec.template.spec.timeoutSeconds' },
    { name: 'the bound follows config-defaults (rejected)', spec: { containers, timeoutSeconds: 301 }, defaults: { maxRevisionTimeoutSeconds: 300 }, want: 'expected 0 <= 301 <= 300: spec.template.spec.timeoutSeconds' },
    { name: 'timeoutSeconds at the max (accepted)', spec: { containers, timeoutSeconds: 600 }, defaults: {}, want: '' },
    { name: 'timeoutSeconds 0 is not checked (accepted)', spec: { containers, timeoutSeconds: 0 }, defaults: { maxRevisionTimeoutSeconds: 1 }, want: '' },
    { name: 'containerConcurrency above container-concurrency-max-limit (rejected)', spec: { containers, containerConcurrency: 1001 }, defaults: {}, want: 'expected 0 <= 1001 <= 1000: spec.template.spec.containerConcurrency' },
    { name: 'negative containerConcurrency (rejected)', spec: { containers, containerConcurrency: -1 }, defaults: {}, want: 'expected 0 <= -1 <= 1000: spec.template.spec.containerConcurrency' },
    { name: 'containerConcurrency 0 when allow-container-concurrency-zero is false (rejected)', spec: { containers, containerConcurrency: 0 }, defaults: { allowContainerConcurrencyZero: false }, want: 'expected 1 <= 0 <= 1000: spec.template.spec.containerConcurrency' },
    { name: 'the max limit follows config-defaults (rejected)', spec: { containers, containerConcurrency: 51 }, defaults: { containerConcurrencyMaxLimit: 50 }, want: 'expected 0 <= 51 <= 50: spec.template.spec.containerConcurrency' },
    { name: 'containerConcurrency 0 (accepted)', spec: { containers, containerConcurrency: 0 }, defaults: {}, want: '' },
    { name: 'containerConcurrency at the limit (accepted)', spec: { containers, containerConcurrency: 1000 }, defaults: {}, want: '' },
    { name: 'responseStartTimeoutSeconds is not validated at all (accepted)', spec: { containers, responseStartTimeoutSeconds: 999_999 }, defaults: {}, want: '' },
    { name: 'idleTimeoutSeconds is not validated at all (accepted)', spec: { containers, idleTimeoutSeconds: -5 }, defaults: {}, want: '' },
    {
      name: 'both bounds at once',
      spec: { containers, timeoutSeconds: 601, containerConcurrency: 1001 },
      defaults: {},
      want: 'expected 0 <= 1001 <= 1000: spec.template.spec.containerConcurrency\nexpected 0 <= 601 <= 600: spec.template.spec.timeoutSeconds',
    },
  ])('$name', ({ spec, defaults, want }) => {
    expect(errors(validateRevisionSpec(spec as RevisionSpec, ctxWith(defaults)).viaField('spec', 'template', 'spec'))).toBe(want);
  });
});

describe('validateRevision (VALIDATION.md §5.1)', () => {
  const revision = (image: string, extra: Partial<RevisionSpec> = {}): Revision => ({
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Revision',
    metadata: { name: 'hello-00001', namespace: 'default', labels: { team: 'a' } },
    spec: { containers: [{ image }], ...extra },
  });
  it.each([
    { name: 'create: the spec is validated (rejected)', rev: revision('busybox', { timeoutSeconds: 601 }), old: undefined, want: 'expected 0 <= 601 <= 600: spec.timeoutSeconds' },
    { name: 'create: a directly created Revision is admitted (accepted)', rev: revision('busybox'), old: undefined, want: '' },
    {
      name: 'update: the spec is immutable (rejected)',
      rev: revision('helloworld'),
      old: revision('busybox'),
      want: 'Immutable fields changed (-old +new): spec\n{v1.RevisionSpec}.PodSpec.Containers[0].Image:\n\t-: "busybox"\n\t+: "helloworld"\n',
    },
    {
      name: 'update: labels and annotations may change (accepted)',
      rev: { ...revision('busybox'), metadata: { name: 'hello-00001', namespace: 'default', labels: { team: 'b' }, annotations: { note: 'x' } } },
      old: revision('busybox'),
      want: '',
    },
    {
      name: 'a status write is not checked at all (accepted, §0.2)',
      rev: { ...revision('busybox'), metadata: { name: 'Bad_Name' } },
      old: { ...revision('busybox'), metadata: { name: 'Bad_Name' } },
      subresource: 'status',
      want: '',
    },
    {
      name: 'update: the spec is not re-validated, so a config change never blocks an update (accepted)',
      rev: revision('busybox', { timeoutSeconds: 601 }),
      old: revision('busybox', { timeoutSeconds: 601 }),
      want: '',
    },
  ])('$name', ({ rev, old, want, subresource }) => {
    const ctx = ctxWith({}, old === undefined ? {} : { operation: Operation.Update, oldObject: old, ...(subresource === undefined ? {} : { subresource }) });
    expect(errors(validateRevision(rev, ctx))).toBe(want);
  });
});
