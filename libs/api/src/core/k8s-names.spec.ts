import { isDns1035Label, isDns1123Label, isDns1123Subdomain, isQualifiedName, nameIsDns1035Label, regexError } from './k8s-names.js';

// Exact texts of VALIDATION.md §0.3 (note the two spaces after each example but the last).
const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const QUALIFIED =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const SUBDOMAIN = String.raw`a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
const DNS1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const TOO_LONG_63 = 'must be no more than 63 characters';

describe('isDns1035Label', () => {
  it.each([
    { name: 'a simple name', value: 'hello', msgs: [] },
    { name: 'a generated revision name', value: 'hello-00001', msgs: [] },
    { name: 'exactly 63 characters', value: 'a'.repeat(63), msgs: [] },
    { name: '64 characters', value: 'a'.repeat(64), msgs: [TOO_LONG_63] },
    { name: 'too long and a bad start', value: `1${'a'.repeat(63)}`, msgs: [TOO_LONG_63, DNS1035] },
    { name: 'starts with a digit', value: '1abc', msgs: [DNS1035] },
    { name: 'upper case', value: 'Hello', msgs: [DNS1035] },
    { name: 'a dot', value: 'a.b', msgs: [DNS1035] },
    { name: 'ends with a dash', value: 'abc-', msgs: [DNS1035] },
    { name: 'empty', value: '', msgs: [DNS1035] },
  ])('$name', ({ value, msgs }) => {
    expect(isDns1035Label(value)).toEqual(msgs);
  });
});

describe('nameIsDns1035Label (generateName prefixes)', () => {
  it.each([
    { name: 'a trailing dash is fine for a prefix', value: 'hello-', prefix: true, msgs: [] },
    { name: 'but not for a name', value: 'hello-', prefix: false, msgs: [DNS1035] },
    { name: 'upstream quirk: two characters are dropped, so "a1-" checks "a"', value: 'a1-', prefix: true, msgs: [] },
    { name: 'a bad prefix stays bad', value: '1x-', prefix: true, msgs: [DNS1035] },
  ])('$name', ({ value, prefix, msgs }) => {
    expect(nameIsDns1035Label(value, prefix)).toEqual(msgs);
  });
});

describe('isDns1123Subdomain', () => {
  it.each([
    { name: 'a service account name', value: 'default', msgs: [] },
    { name: 'dotted', value: 'example.com', msgs: [] },
    { name: 'starts with a digit', value: '1abc', msgs: [] },
    { name: 'upper case', value: 'Example', msgs: [SUBDOMAIN] },
    { name: 'empty label', value: 'a..b', msgs: [SUBDOMAIN] },
    { name: '253 characters', value: 'a'.repeat(253), msgs: [] },
    { name: '254 characters', value: 'a'.repeat(254), msgs: ['must be no more than 253 characters'] },
  ])('$name', ({ value, msgs }) => {
    expect(isDns1123Subdomain(value)).toEqual(msgs);
  });
});

describe('isDns1123Label', () => {
  it.each([
    { name: 'may start with a digit', value: '1abc', msgs: [] },
    { name: 'no dots', value: 'a.b', msgs: [DNS1123_LABEL] },
    { name: '64 characters', value: 'a'.repeat(64), msgs: [TOO_LONG_63] },
  ])('$name', ({ value, msgs }) => {
    expect(isDns1123Label(value)).toEqual(msgs);
  });
});

describe('isQualifiedName', () => {
  it.each([
    { name: 'a revision name', value: 'hello-00001', msgs: [] },
    { name: 'mixed case, underscore and dot', value: 'My_Name.v1', msgs: [] },
    { name: 'with a prefix', value: 'example.com/MyName', msgs: [] },
    { name: 'starts with a dash', value: '-abc', msgs: [QUALIFIED] },
    { name: 'empty', value: '', msgs: ['name part must be non-empty', QUALIFIED] },
    { name: 'too long', value: 'a'.repeat(64), msgs: ['name part must be no more than 63 characters'] },
    { name: 'empty prefix', value: '/abc', msgs: ['prefix part must be non-empty'] },
    { name: 'bad prefix', value: 'Example.com/abc', msgs: [`prefix part ${SUBDOMAIN}`] },
    {
      name: 'two slashes',
      value: 'a/b/c',
      msgs: [
        `a qualified name ${QUALIFIED.replace('name part ', '')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
      ],
    },
  ])('$name', ({ value, msgs }) => {
    expect(isQualifiedName(value)).toEqual(msgs);
  });
});

describe('regexError', () => {
  it.each([
    { name: 'no example', examples: [], text: "msg (regex used for validation is 'x')" },
    { name: 'one example', examples: ['a'], text: "msg (e.g. 'a', regex used for validation is 'x')" },
    { name: 'two examples', examples: ['a', 'b'], text: "msg (e.g. 'a',  or 'b', regex used for validation is 'x')" },
  ])('$name', ({ examples, text }) => {
    expect(regexError('msg', 'x', ...examples)).toBe(text);
  });
});
