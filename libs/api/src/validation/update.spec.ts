import type { RevisionSpec, RevisionTemplateSpec } from '../serving/v1/revision.types.js';
import { DiffRoot, type CreatorModifierInput, shortDiff, validateCreatorAndModifier, validateRevisionSpecUnchanged, verifyNameChange } from './update.js';

const CREATOR = 'serving.knative.dev/creator';
const MODIFIER = 'serving.knative.dev/lastModifier';

describe('shortDiff (kmp.ShortDiff format)', () => {
  it.each([
    {
      name: 'a changed image in a template (upstream test text)',
      old: { spec: { containers: [{ image: 'helloworld:bar' }] } },
      cur: { spec: { containers: [{ image: 'helloworld:foo' }] } },
      root: DiffRoot.Template,
      want: '{*v1.RevisionTemplateSpec}.Spec.PodSpec.Containers[0].Image:\n\t-: "helloworld:bar"\n\t+: "helloworld:foo"\n',
    },
    {
      name: 'a changed image in a Revision spec (upstream test text)',
      old: { containers: [{ image: 'busybox' }] },
      cur: { containers: [{ image: 'helloworld' }] },
      root: DiffRoot.RevisionSpec,
      want: '{v1.RevisionSpec}.PodSpec.Containers[0].Image:\n\t-: "busybox"\n\t+: "helloworld"\n',
    },
    {
      name: "Knative's own fields are not under PodSpec; a pointer set on both sides is compared through it (*)",
      old: { timeoutSeconds: 300 },
      cur: { timeoutSeconds: 60 },
      root: DiffRoot.RevisionSpec,
      want: '*{v1.RevisionSpec}.TimeoutSeconds:\n\t-: "300"\n\t+: "60"\n',
    },
    {
      name: 'an added annotation is reported by key with only the new side',
      old: { metadata: { name: 'x' } },
      cur: { metadata: { name: 'x', annotations: { a: 'b' } } },
      root: DiffRoot.Template,
      want: '{*v1.RevisionTemplateSpec}.ObjectMeta.Annotations["a"]:\n\t+: "b"\n',
    },
    {
      name: 'an added container is reported whole with its Go type (best effort: Go %+v also prints zero fields)',
      old: { spec: { containers: [{ image: 'app' }] } },
      cur: { spec: { containers: [{ image: 'app' }, { name: 'sidecar', image: 'proxy' }] } },
      root: DiffRoot.Template,
      want: '{*v1.RevisionTemplateSpec}.Spec.PodSpec.Containers[1]:\n\t+: v1.Container: "{Name:sidecar Image:proxy}"\n',
    },
    {
      name: 'an added list element has no old side',
      old: { containers: [{ image: 'app', args: ['a'] }] },
      cur: { containers: [{ image: 'app', args: ['a', 'b'] }] },
      root: DiffRoot.RevisionSpec,
      want: '{v1.RevisionSpec}.PodSpec.Containers[0].Args[1]:\n\t+: "b"\n',
    },
    {
      name: 'an unset pointer field prints <nil>',
      old: {},
      cur: { containerConcurrency: 10 },
      root: DiffRoot.RevisionSpec,
      want: '{v1.RevisionSpec}.ContainerConcurrency:\n\t-: "<nil>"\n\t+: "10"\n',
    },
    { name: 'no difference', old: { containers: [{ image: 'a' }] }, cur: { containers: [{ image: 'a' }] }, root: DiffRoot.RevisionSpec, want: '' },
  ])('$name', ({ old, cur, root, want }) => {
    expect(shortDiff(old, cur, root)).toBe(want);
  });
});

describe('validateCreatorAndModifier (knative/pkg ValidateCreatorAndModifier)', () => {
  const spec = { template: { spec: { containers: [{ image: 'a' }] } } };
  const changed = { template: { spec: { containers: [{ image: 'b' }] } } };
  it.each<{ name: string; input: CreatorModifierInput; want: string }>([
    {
      name: 'the creator is immutable (rejected)',
      input: { oldSpec: spec, newSpec: changed, oldAnnotations: { [CREATOR]: 'alice' }, newAnnotations: { [CREATOR]: 'mallory' } },
      want: 'annotation value is immutable: metadata.annotations.serving.knative.dev/creator',
    },
    {
      name: 'the creator may not be removed either (rejected)',
      input: { oldSpec: spec, newSpec: changed, oldAnnotations: { [CREATOR]: 'alice' }, newAnnotations: {} },
      want: 'annotation value is immutable: metadata.annotations.serving.knative.dev/creator',
    },
    { name: 'an unchanged creator (accepted)', input: { oldSpec: spec, newSpec: changed, oldAnnotations: { [CREATOR]: 'alice' }, newAnnotations: { [CREATOR]: 'alice' } }, want: '' },
    {
      name: 'lastModifier may not change while the spec is unchanged (rejected)',
      input: { oldSpec: spec, newSpec: spec, oldAnnotations: { [MODIFIER]: 'alice' }, newAnnotations: { [MODIFIER]: 'bob' } },
      want: 'invalid value: bob: metadata.annotations.serving.knative.dev/lastModifier',
    },
    {
      name: 'lastModifier changes with the spec (accepted)',
      input: { oldSpec: spec, newSpec: changed, oldAnnotations: { [MODIFIER]: 'alice' }, newAnnotations: { [MODIFIER]: 'bob' } },
      want: '',
    },
    {
      name: 'no annotations on either side (Go nil map): nothing is checked',
      input: { oldSpec: spec, newSpec: spec, oldAnnotations: undefined, newAnnotations: { [CREATOR]: 'bob' } },
      want: '',
    },
  ])('$name', ({ input, want }) => {
    expect(validateCreatorAndModifier(input).viaField('metadata', 'annotations').render()).toBe(want);
  });
});

describe('verifyNameChange (VALIDATION.md §4.3)', () => {
  const named = (name: string | undefined, image: string): RevisionTemplateSpec => ({
    metadata: name === undefined ? {} : { name },
    spec: { containers: [{ image }] },
  });
  it.each([
    {
      name: 'a kept BYO name with a changed template (rejected)',
      cur: named('byo-name-foo', 'helloworld:foo'),
      old: named('byo-name-foo', 'helloworld:bar'),
      want:
        'Saw the following changes without a name change (-old +new): spec.template.metadata.name\n' +
        '{*v1.RevisionTemplateSpec}.Spec.PodSpec.Containers[0].Image:\n\t-: "helloworld:bar"\n\t+: "helloworld:foo"\n',
    },
    { name: 'a kept BYO name with an unchanged template (accepted)', cur: named('byo-name-foo', 'a'), old: named('byo-name-foo', 'a'), want: '' },
    { name: 'a new name with a changed template (accepted)', cur: named('byo-name-bar', 'b'), old: named('byo-name-foo', 'a'), want: '' },
    { name: 'an unnamed template may change freely (accepted)', cur: named(undefined, 'b'), old: named(undefined, 'a'), want: '' },
  ])('$name', ({ cur, old, want }) => {
    expect(verifyNameChange(cur, old).viaField('spec', 'template').render()).toBe(want);
  });
});

describe('validateRevisionSpecUnchanged (VALIDATION.md §5.1)', () => {
  const spec = (image: string): RevisionSpec => ({ containers: [{ image }] });
  it.each([
    {
      name: 'a changed spec (rejected, upstream test text)',
      cur: spec('helloworld'),
      old: spec('busybox'),
      want: 'Immutable fields changed (-old +new): spec\n{v1.RevisionSpec}.PodSpec.Containers[0].Image:\n\t-: "busybox"\n\t+: "helloworld"\n',
    },
    { name: 'an unchanged spec (accepted)', cur: spec('busybox'), old: spec('busybox'), want: '' },
  ])('$name', ({ cur, old, want }) => {
    expect(validateRevisionSpecUnchanged(cur, old).render()).toBe(want);
  });
});
