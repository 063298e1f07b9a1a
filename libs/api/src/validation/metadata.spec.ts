import { defaultAutoscalerConfig, defaultDefaultsConfig, defaultFeaturesConfig } from '@ebb/config';
import { Operation, type ValidationContext } from '../core/context.js';
import type { ObjectMeta } from '../core/meta.js';
import { type ServingKind, validateObjectMetadata } from './metadata.js';

const CTX: ValidationContext = {
  defaults: defaultDefaultsConfig(),
  features: defaultFeaturesConfig(),
  autoscaler: defaultAutoscalerConfig(),
  operation: Operation.Create,
};

// VALIDATION.md §0.3 (two spaces after 'my-name',).
const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const TOO_LONG = 'must be no more than 63 characters';
const NOT_HERE = 'autoscaling annotations must be put under "spec.template.metadata.annotations" to work';
const MIN_SCALE = 'autoscaling.knative.dev/min-scale';
const ROLLOUT = 'serving.knative.dev/rollout-duration';
const ROLLOUT_ALIAS = 'serving.knative.dev/rolloutDuration';
const SERVICE_LABEL = 'serving.knative.dev/service';
const CONFIG_LABEL = 'serving.knative.dev/configuration';

/** An owner reference of `kind` named `name`. */
function owner(kind: string, name: string): NonNullable<ObjectMeta['ownerReferences']>[number] {
  return { apiVersion: 'serving.knative.dev/v1', kind, name, uid: 'u-1', controller: true };
}

interface Row {
  readonly name: string;
  readonly kind: ServingKind;
  readonly meta: ObjectMeta | undefined;
  readonly want: string;
}

describe('validateObjectMetadata (VALIDATION.md §1)', () => {
  it.each<Row>([
    // names
    { name: 'name: a DNS-1035 label accepted', kind: 'Service', meta: { name: 'hello' }, want: '' },
    { name: 'name: not a DNS-1035 label rejected', kind: 'Service', meta: { name: 'Hello.World' }, want: `not a DNS 1035 label: [${DNS1035}]: name` },
    { name: 'name: too long rejected', kind: 'Route', meta: { name: 'a'.repeat(64) }, want: `not a DNS 1035 label: [${TOO_LONG}]: name` },
    {
      name: 'name: every apimachinery message is listed',
      kind: 'Configuration',
      meta: { name: `1${'a'.repeat(63)}` },
      want: `not a DNS 1035 label: [${TOO_LONG} ${DNS1035}]: name`,
    },
    { name: 'generateName: a prefix with a trailing dash accepted', kind: 'Revision', meta: { generateName: 'hello-' }, want: '' },
    { name: 'generateName: not a DNS-1035 prefix rejected', kind: 'Service', meta: { generateName: '9lives-' }, want: `not a DNS 1035 label prefix: [${DNS1035}]: generateName` },
    {
      name: 'generateName: its error is returned alone',
      kind: 'Service',
      meta: { generateName: 'Bad-', name: 'Also.Bad' },
      want: `not a DNS 1035 label prefix: [${DNS1035}]: generateName`,
    },
    { name: 'name or generateName: neither rejected', kind: 'Service', meta: {}, want: 'name or generateName is required: name' },
    { name: 'name or generateName: empty strings rejected', kind: 'Route', meta: { name: '', generateName: '' }, want: 'name or generateName is required: name' },
    { name: 'name or generateName: no metadata rejected', kind: 'Revision', meta: undefined, want: 'name or generateName is required: name' },

    // no autoscaling annotations outside revisions
    ...(['Service', 'Configuration', 'Route'] as const).map((kind) => ({
      name: `autoscaling annotations: refused on ${kind}`,
      kind,
      meta: { name: 'x', annotations: { [MIN_SCALE]: '1' } },
      want: `invalid key name "${MIN_SCALE}": annotations\n${NOT_HERE}`,
    })),
    {
      name: 'autoscaling annotations: one error per key',
      kind: 'Service',
      meta: { name: 'x', annotations: { 'autoscaling.knative.dev/window': '60s', 'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev' } },
      want: [
        `invalid key name "autoscaling.knative.dev/class": annotations\n${NOT_HERE}`,
        `invalid key name "autoscaling.knative.dev/window": annotations\n${NOT_HERE}`,
      ].join('\n'),
    },
    {
      name: 'autoscaling annotations: other annotations accepted on a Service',
      kind: 'Service',
      meta: { name: 'x', annotations: { 'serving.knative.dev/anything': 'y', 'autoscaling.internal.knative.dev/x': 'y' } },
      want: '',
    },
    {
      name: 'autoscaling annotations: a plain prefix match, as upstream (no slash needed)',
      kind: 'Configuration',
      meta: { name: 'x', annotations: { 'autoscaling.knative.dev.example/x': 'y' } },
      want: `invalid key name "autoscaling.knative.dev.example/x": annotations\n${NOT_HERE}`,
    },
    { name: 'autoscaling annotations: unrelated keys accepted on a Route', kind: 'Route', meta: { name: 'x', annotations: { 'example.com/a': 'b' } }, want: '' },

    // Revision: §6
    { name: 'revision annotations: validated by §6', kind: 'Revision', meta: { name: 'x', annotations: { [MIN_SCALE]: '-1' } }, want: `expected 0 <= -1 <= 2147483647: annotations.${MIN_SCALE}` },
    { name: 'revision annotations: valid ones accepted', kind: 'Revision', meta: { name: 'x', annotations: { [MIN_SCALE]: '1' } }, want: '' },

    // rollout duration
    { name: 'rollout-duration: not a duration rejected on a Service', kind: 'Service', meta: { name: 'x', annotations: { [ROLLOUT]: '10' } }, want: `invalid value: 10: annotations.${ROLLOUT}` },
    {
      name: 'rollout-duration: sub-second rejected on a Route (legacy key)',
      kind: 'Route',
      meta: { name: 'x', annotations: { [ROLLOUT_ALIAS]: '1500ms' } },
      want: `rollout-duration=1500ms is not at second precision: annotations.${ROLLOUT_ALIAS}`,
    },
    { name: 'rollout-duration: negative rejected', kind: 'Service', meta: { name: 'x', annotations: { [ROLLOUT]: '-5s' } }, want: `rollout-duration=-5s must be positive: annotations.${ROLLOUT}` },
    {
      name: 'rollout-duration: precision is checked before sign',
      kind: 'Service',
      meta: { name: 'x', annotations: { [ROLLOUT]: '-0.5s' } },
      want: `rollout-duration=-0.5s is not at second precision: annotations.${ROLLOUT}`,
    },
    { name: 'rollout-duration: the kebab key wins', kind: 'Route', meta: { name: 'x', annotations: { [ROLLOUT]: '2m', [ROLLOUT_ALIAS]: 'bad' } }, want: '' },
    { name: 'rollout-duration: whole seconds accepted', kind: 'Service', meta: { name: 'x', annotations: { [ROLLOUT]: '120s' } }, want: '' },
    { name: 'rollout-duration: empty value accepted', kind: 'Service', meta: { name: 'x', annotations: { [ROLLOUT]: '' } }, want: '' },
    { name: 'rollout-duration: not checked on a Configuration', kind: 'Configuration', meta: { name: 'x', annotations: { [ROLLOUT]: 'bad' } }, want: '' },
    { name: 'rollout-duration: not checked on a Revision', kind: 'Revision', meta: { name: 'x', annotations: { [ROLLOUT]: 'bad' } }, want: '' },

    // owner labels
    {
      name: 'service label: Configuration without the owning Service rejected',
      kind: 'Configuration',
      meta: { name: 'x', labels: { [SERVICE_LABEL]: 'svc' } },
      want: `missing field(s): labels.${SERVICE_LABEL}`,
    },
    {
      name: 'service label: Route owned by another Service rejected',
      kind: 'Route',
      meta: { name: 'x', labels: { [SERVICE_LABEL]: 'svc' }, ownerReferences: [owner('Service', 'other'), owner('Configuration', 'svc')] },
      want: `missing field(s): labels.${SERVICE_LABEL}`,
    },
    {
      name: 'service label: Configuration owned by that Service accepted',
      kind: 'Configuration',
      meta: { name: 'x', labels: { [SERVICE_LABEL]: 'svc' }, ownerReferences: [owner('Service', 'svc')] },
      want: '',
    },
    { name: 'service label: Route owned by that Service accepted', kind: 'Route', meta: { name: 'x', labels: { [SERVICE_LABEL]: 'svc' }, ownerReferences: [owner('Service', 'svc')] }, want: '' },
    { name: 'service label: not checked on a Service', kind: 'Service', meta: { name: 'x', labels: { [SERVICE_LABEL]: 'svc' } }, want: '' },
    {
      name: 'configuration label: Revision without the owning Configuration rejected',
      kind: 'Revision',
      meta: { name: 'x', labels: { [CONFIG_LABEL]: 'cfg' }, ownerReferences: [owner('Service', 'cfg')] },
      want: `missing field(s): labels.${CONFIG_LABEL}`,
    },
    {
      name: 'configuration label: Revision owned by that Configuration accepted',
      kind: 'Revision',
      meta: { name: 'x', labels: { [CONFIG_LABEL]: 'cfg', [SERVICE_LABEL]: 'svc' }, ownerReferences: [owner('Configuration', 'cfg')] },
      want: '',
    },

    // VALIDATION.md §1 "Not validated": other serving.knative.dev labels, the visibility label value
    ...(['Service', 'Configuration', 'Route', 'Revision'] as const).map((kind) => ({
      name: `unknown serving.knative.dev label: accepted on ${kind}`,
      kind,
      meta: { name: 'x', labels: { 'serving.knative.dev/foo': 'bar' } },
      want: '',
    })),
    ...(['Service', 'Route'] as const).map((kind) => ({
      name: `visibility label: any value accepted on ${kind}`,
      kind,
      meta: { name: 'x', labels: { 'networking.knative.dev/visibility': 'whatever' } },
      want: '',
    })),

    // everything at once
    {
      name: 'all problems are reported together',
      kind: 'Route',
      meta: { name: 'Bad', annotations: { [MIN_SCALE]: '1', [ROLLOUT]: 'x' }, labels: { [SERVICE_LABEL]: 'svc' } },
      want: [
        `invalid key name "${MIN_SCALE}": annotations\n${NOT_HERE}`,
        `invalid value: x: annotations.${ROLLOUT}`,
        `missing field(s): labels.${SERVICE_LABEL}`,
        `not a DNS 1035 label: [${DNS1035}]: name`,
      ].join('\n'),
    },
  ])('$name', ({ kind, meta, want }) => {
    expect(validateObjectMetadata(meta, kind, CTX).render()).toBe(want);
  });

  it('is relative to metadata: the caller prefixes it', () => {
    const err = validateObjectMetadata({ name: 'x', annotations: { [ROLLOUT]: '-1s' } }, 'Service', CTX).viaField('metadata');
    expect(err.render()).toBe(`rollout-duration=-1s must be positive: metadata.annotations.${ROLLOUT}`);
  });
});
