import {
  generateNameSuffix,
  generatedName,
  validateAnnotations,
  validateDns1035Label,
  validateDns1123Label,
  validateDns1123Subdomain,
  validateLabelValue,
  validateLabels,
  validateName,
  validateQualifiedName,
} from './names.js';

const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const TOO_MANY_SLASHES =
  "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('validateDns1123Subdomain', () => {
  it.each([
    { name: 'simple', value: 'web', errors: [] },
    { name: 'dotted', value: 'example.com', errors: [] },
    { name: 'digits first', value: '1-a', errors: [] },
    { name: 'upper case', value: 'Foo', errors: [SUBDOMAIN] },
    { name: 'trailing dash', value: 'web-', errors: [SUBDOMAIN] },
    { name: 'underscore', value: 'a_b', errors: [SUBDOMAIN] },
    { name: 'empty', value: '', errors: [SUBDOMAIN] },
    { name: 'empty label between dots', value: 'a..b', errors: [SUBDOMAIN] },
    { name: '253 characters', value: 'a'.repeat(253), errors: [] },
    { name: '254 characters', value: 'a'.repeat(254), errors: ['must be no more than 253 characters'] },
    { name: 'too long and bad', value: `${'a'.repeat(253)}-`, errors: ['must be no more than 253 characters', SUBDOMAIN] },
  ])('$name', ({ value, errors }) => {
    expect(validateDns1123Subdomain(value)).toEqual(errors);
  });
});

describe('validateDns1123Label', () => {
  it.each([
    { name: 'simple', value: 'my-name', errors: [] },
    { name: 'digits first', value: '123-abc', errors: [] },
    { name: 'dots', value: 'a.b', errors: ['must not contain dots'] },
    { name: 'upper case', value: 'Kube', errors: [LABEL] },
    { name: '63 characters', value: 'a'.repeat(63), errors: [] },
    { name: '64 characters', value: 'a'.repeat(64), errors: ['must be no more than 63 characters'] },
  ])('$name', ({ value, errors }) => {
    expect(validateDns1123Label(value)).toEqual(errors);
  });
});

describe('validateDns1035Label', () => {
  it.each([
    { name: 'simple', value: 'my-svc', errors: [] },
    { name: 'starts with a digit', value: '1svc', errors: [DNS1035] },
    { name: 'dots', value: 'a.b', errors: [DNS1035] },
    { name: '64 characters', value: 'a'.repeat(64), errors: ['must be no more than 63 characters'] },
  ])('$name', ({ value, errors }) => {
    expect(validateDns1035Label(value)).toEqual(errors);
  });
});

describe('validateName', () => {
  it.each([
    { name: 'subdomain rule', rule: 'subdomain' as const, value: 'a.b', prefix: false, errors: [] },
    { name: 'label rule', rule: 'label' as const, value: 'a.b', prefix: false, errors: ['must not contain dots'] },
    { name: 'dns1035 rule', rule: 'dns1035' as const, value: '9a', prefix: false, errors: [DNS1035] },
    { name: 'generateName may end in a dash', rule: 'subdomain' as const, value: 'web-', prefix: true, errors: [] },
    { name: 'a name may not', rule: 'subdomain' as const, value: 'web-', prefix: false, errors: [SUBDOMAIN] },
    { name: 'generateName still checked', rule: 'subdomain' as const, value: 'Web-', prefix: true, errors: [SUBDOMAIN] },
    { name: 'path rule allows colons and capitals', rule: 'path' as const, value: 'system:Discovery', prefix: false, errors: [] },
    { name: 'path rule refuses ..', rule: 'path' as const, value: '..', prefix: false, errors: ["may not be '..'"] },
    { name: 'path rule refuses / and %', rule: 'path' as const, value: 'a/b%c', prefix: false, errors: ["may not contain '/'", "may not contain '%'"] },
    { name: 'path rule prefix may be .', rule: 'path' as const, value: '.', prefix: true, errors: [] },
  ])('$name', ({ rule, value, prefix, errors }) => {
    expect(validateName(rule, value, prefix)).toEqual(errors);
  });
});

describe('validateQualifiedName', () => {
  it.each([
    { name: 'plain', value: 'app', errors: [] },
    { name: 'mixed case', value: 'MyName', errors: [] },
    { name: 'prefixed', value: 'app.kubernetes.io/name', errors: [] },
    { name: 'bad name part', value: 'app:monolith', errors: [NAME_PART] },
    { name: 'empty', value: '', errors: ['name part must be non-empty', NAME_PART] },
    { name: 'empty prefix', value: '/a', errors: ['prefix part must be non-empty'] },
    { name: 'bad prefix', value: 'app.kubernetes_io/name', errors: [`prefix part ${SUBDOMAIN}`] },
    { name: 'two slashes', value: 'a/b/c', errors: [TOO_MANY_SLASHES] },
    { name: '64 character name part', value: 'a'.repeat(64), errors: ['name part must be no more than 63 characters'] },
  ])('$name', ({ value, errors }) => {
    expect(validateQualifiedName(value)).toEqual(errors);
  });
});

describe('validateLabelValue', () => {
  it.each([
    { name: 'empty', value: '', errors: [] },
    { name: 'plain', value: 'my_value', errors: [] },
    { name: 'ends in a dash', value: 'a-', errors: [LABEL_VALUE] },
    { name: 'space', value: 'a b', errors: [LABEL_VALUE] },
    { name: '64 characters', value: 'a'.repeat(64), errors: ['must be no more than 63 characters'] },
  ])('$name', ({ value, errors }) => {
    expect(validateLabelValue(value)).toEqual(errors);
  });
});

describe('validateLabels', () => {
  it.each<{ name: string; labels: Record<string, string> | undefined; messages: string[] }>([
    { name: 'none', labels: undefined, messages: [] },
    { name: 'valid', labels: { app: 'web', 'app.kubernetes.io/name': '' }, messages: [] },
    { name: 'bad key', labels: { 'a b': 'x' }, messages: [`metadata.labels: Invalid value: "a b": ${NAME_PART}`] },
    { name: 'bad value', labels: { app: '-x' }, messages: [`metadata.labels: Invalid value: "-x": ${LABEL_VALUE}`] },
    {
      name: 'long value',
      labels: { app: 'a'.repeat(64) },
      messages: [`metadata.labels: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`],
    },
  ])('$name', ({ labels, messages }) => {
    const causes = validateLabels(labels, 'metadata.labels');
    expect(causes.map((c) => `${c.field}: ${c.message}`)).toEqual(messages);
    expect(causes.every((c) => c.reason === 'FieldValueInvalid')).toBe(true);
  });
});

describe('validateAnnotations', () => {
  it.each<{ name: string; annotations: Record<string, string> | undefined; messages: string[] }>([
    { name: 'none', annotations: undefined, messages: [] },
    { name: 'upper case keys are fine', annotations: { 'Example.COM/Note': 'x' }, messages: [] },
    { name: 'bad key', annotations: { 'a/b/c': 'x' }, messages: [`metadata.annotations: Invalid value: "a/b/c": ${TOO_MANY_SLASHES}`] },
    { name: 'exactly 256 KiB', annotations: { a: 'x'.repeat(262_143) }, messages: [] },
    { name: 'over 256 KiB', annotations: { a: 'x'.repeat(262_144) }, messages: ['metadata.annotations: Too long: must have at most 262144 bytes'] },
    { name: 'counted in UTF-8 bytes', annotations: { a: 'é'.repeat(131_072) }, messages: ['metadata.annotations: Too long: must have at most 262144 bytes'] },
  ])('$name', ({ annotations, messages }) => {
    expect(validateAnnotations(annotations, 'metadata.annotations').map((c) => `${c.field}: ${c.message}`)).toEqual(messages);
  });

  it('reports the size with reason FieldValueTooLong', () => {
    expect(validateAnnotations({ a: 'x'.repeat(262_144) }, 'metadata.annotations')).toEqual([
      { reason: 'FieldValueTooLong', field: 'metadata.annotations', message: 'Too long: must have at most 262144 bytes' },
    ]);
  });
});

/** A deterministic `random` stepping through the given values. */
function sequence(values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
}

describe('generateName', () => {
  it.each([
    { name: 'all first', values: [0], suffix: 'bbbbb' },
    { name: 'all last', values: [0.9999], suffix: '99999' },
    { name: 'spread', values: [0, 0.2, 0.4, 0.6, 0.8], suffix: 'bhnv4' },
  ])('suffix: $name → $suffix', ({ values, suffix }) => {
    expect(generateNameSuffix(sequence(values))).toBe(suffix);
  });

  it.each([
    { name: 'short prefix', prefix: 'web-7c5ddbdf54-', name_: 'web-7c5ddbdf54-bbbbb' },
    { name: 'prefix cut to 58', prefix: `${'a'.repeat(60)}-`, name_: `${'a'.repeat(58)}bbbbb` },
  ])('name: $name', ({ prefix, name_ }) => {
    const generated = generatedName(prefix, () => 0);
    expect(generated).toBe(name_);
    expect(generated.length).toBeLessThanOrEqual(63);
  });
});
