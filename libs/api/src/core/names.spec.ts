import { createHash } from 'node:crypto';
import {
  byoRevisionNamePrefix,
  childName,
  generatedRevisionName,
  hasByoRevisionNamePrefix,
  revisionName,
  revisionSuffix,
} from './names.js';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

describe('childName (kmeta.ChildName)', () => {
  it.each([
    { name: 'short names concatenate', parent: 'asdf', suffix: '-deployment', want: 'asdf-deployment' },
    {
      name: 'too long: parent cut, md5 of the parent inserted (knative test row)',
      parent: 'f'.repeat(63),
      suffix: '-deployment',
      want: 'ffffffffffffffffffff105d7597f637e83cc711605ac3ea4957-deployment',
    },
    {
      name: 'too long with a shorter suffix (knative test row)',
      parent: 'f'.repeat(63),
      suffix: '-deploy',
      want: 'ffffffffffffffffffffffff105d7597f637e83cc711605ac3ea4957-deploy',
    },
    { name: 'exactly 63 characters stay', parent: 'a'.repeat(57), suffix: '-00001', want: `${'a'.repeat(57)}-00001` },
    {
      name: 'one over 63 is hashed',
      parent: 'a'.repeat(58),
      suffix: '-00001',
      want: `${'a'.repeat(25)}${md5('a'.repeat(58))}-00001`,
    },
    {
      name: 'a suffix of 31+ characters hashes parent and suffix together',
      parent: 'p'.repeat(40),
      suffix: `-${'s'.repeat(30)}`,
      want: `${'p'.repeat(31)}${md5(`${'p'.repeat(40)}-${'s'.repeat(30)}`)}`,
    },
    {
      name: 'a long suffix with a short parent pads from the suffix and trims a trailing dash',
      parent: 'ab',
      suffix: `-x${'-'.repeat(60)}`,
      want: `ab${md5(`ab-x${'-'.repeat(60)}`)}-x`,
    },
    {
      name: 'a long suffix padding ends in any non-alphanumerics, all trimmed (makeValidName)',
      parent: 'ab',
      suffix: `-x${'.-_'.repeat(20)}`,
      want: `ab${md5(`ab-x${'.-_'.repeat(20)}`)}-x`,
    },
    { name: 'an Ingress VS name that fits', parent: 'a'.repeat(55), suffix: '-ingress', want: `${'a'.repeat(55)}-ingress` },
    {
      name: 'a long Ingress VS name (ISTIO.md §3.2): parent[:63-8-32] + md5(parent) + suffix',
      parent: 'a'.repeat(56),
      suffix: '-ingress',
      want: `${'a'.repeat(23)}${md5('a'.repeat(56))}-ingress`,
    },
    {
      name: 'a long mesh VS name',
      parent: `long-${'b'.repeat(60)}`,
      suffix: '-mesh',
      want: `long-${'b'.repeat(21)}${md5(`long-${'b'.repeat(60)}`)}-mesh`,
    },
  ])('$name', ({ parent, suffix, want }) => {
    const got = childName(parent, suffix);
    expect(got).toBe(want);
    expect(got.length).toBeLessThanOrEqual(63);
  });
});

describe('revision names (API.md §5)', () => {
  it.each([
    { name: 'generation 1', generation: 1, suffix: '-00001' },
    { name: 'generation 12', generation: 12, suffix: '-00012' },
    { name: 'five digits', generation: 99999, suffix: '-99999' },
    { name: 'more than five digits are kept', generation: 123456, suffix: '-123456' },
  ])('suffix for $name', ({ generation, suffix }) => {
    expect(revisionSuffix(generation)).toBe(suffix);
  });

  it.each([
    { name: 'hello at generation 1', config: 'hello', generation: 1, want: 'hello-00001' },
    { name: 'hello at generation 12', config: 'hello', generation: 12, want: 'hello-00012' },
    {
      name: 'a 60-character configuration is shortened with its md5',
      config: 'c'.repeat(60),
      generation: 3,
      want: `${'c'.repeat(25)}${md5('c'.repeat(60))}-00003`,
    },
  ])('generated: $name', ({ config, generation, want }) => {
    expect(generatedRevisionName(config, generation)).toBe(want);
  });

  it.each([
    { name: 'no template name → generated', templateName: undefined, want: 'hello-00002' },
    { name: 'empty template name → generated', templateName: '', want: 'hello-00002' },
    { name: 'BYO name used verbatim', templateName: 'hello-blue', want: 'hello-blue' },
  ])('revisionName: $name', ({ templateName, want }) => {
    expect(revisionName({ configurationName: 'hello', generation: 2, templateName })).toBe(want);
  });

  it.each([
    { name: 'prefixed', parent: 'hello', revision: 'hello-v1', ok: true },
    { name: 'no dash', parent: 'hello', revision: 'hellov1', ok: false },
    { name: 'other parent', parent: 'hello', revision: 'world-v1', ok: false },
  ])('BYO prefix: $name', ({ parent, revision, ok }) => {
    expect(byoRevisionNamePrefix(parent)).toBe(`${parent}-`);
    expect(hasByoRevisionNamePrefix(parent, revision)).toBe(ok);
  });
});
