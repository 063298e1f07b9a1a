import {
  SelectorError,
  escapeFieldValue,
  fieldSelectorToString,
  formatLabelSelector,
  labelSelectorFromSpec,
  labelSelectorToString,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  unescapeFieldValue,
  unsupportedFieldSelectorKeys,
} from './selectors.js';
import type { LabelSelectorSpec } from './selectors.js';

const NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const TOO_MANY_SLASHES =
  "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/** The SelectorError message `fn` throws. */
function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof SelectorError) return e.message;
    throw e;
  }
  throw new Error('no SelectorError');
}

describe('parseLabelSelector', () => {
  it.each([
    { name: 'equals', text: 'app=web', requirements: [{ key: 'app', operator: '=', values: ['web'] }] },
    { name: 'double equals', text: 'app==web', requirements: [{ key: 'app', operator: '==', values: ['web'] }] },
    { name: 'not equals', text: 'app!=web', requirements: [{ key: 'app', operator: '!=', values: ['web'] }] },
    { name: 'in, values sorted and deduplicated', text: 'tier in (b,a,b)', requirements: [{ key: 'tier', operator: 'in', values: ['a', 'b'] }] },
    { name: 'notin', text: 'tier notin (x)', requirements: [{ key: 'tier', operator: 'notin', values: ['x'] }] },
    { name: 'exists', text: 'app', requirements: [{ key: 'app', operator: 'exists', values: [] }] },
    { name: 'does not exist', text: '!app', requirements: [{ key: 'app', operator: '!', values: [] }] },
    { name: 'greater than', text: 'n>3', requirements: [{ key: 'n', operator: 'gt', values: ['3'] }] },
    { name: 'less than', text: 'n<3', requirements: [{ key: 'n', operator: 'lt', values: ['3'] }] },
    { name: 'empty exact value', text: 'app=', requirements: [{ key: 'app', operator: '=', values: [''] }] },
    { name: 'empty set', text: 'a in ()', requirements: [{ key: 'a', operator: 'in', values: [''] }] },
    { name: 'empty members', text: 'a in (,x,)', requirements: [{ key: 'a', operator: 'in', values: ['', 'x'] }] },
    { name: 'keyword as a value', text: 'a in (in,notin)', requirements: [{ key: 'a', operator: 'in', values: ['in', 'notin'] }] },
    { name: 'prefixed key', text: 'app.kubernetes.io/name=web', requirements: [{ key: 'app.kubernetes.io/name', operator: '=', values: ['web'] }] },
    {
      name: 'comma-joined with spaces, sorted by key',
      text: ' tier in ( a , b ) , app = web , !gone ',
      requirements: [
        { key: 'app', operator: '=', values: ['web'] },
        { key: 'gone', operator: '!', values: [] },
        { key: 'tier', operator: 'in', values: ['a', 'b'] },
      ],
    },
    { name: 'empty selects everything', text: '', requirements: [] },
    { name: 'blank selects everything', text: '  ', requirements: [] },
  ])('$name: $text', ({ text, requirements }) => {
    expect(parseLabelSelector(text)).toEqual({ requirements, nothing: false });
  });

  it.each([
    { name: 'bad key', text: 'app:monolith', message: `unable to parse requirement: <nil>: Invalid value: "app:monolith": ${NAME_PART}` },
    { name: 'too many slashes', text: 'a/b/c=1', message: `unable to parse requirement: <nil>: Invalid value: "a/b/c": ${TOO_MANY_SLASHES}` },
    { name: 'bad value', text: 'app=a_', message: `unable to parse requirement: values[0][app]: Invalid value: "a_": ${LABEL_VALUE}` },
    { name: 'bad value in a set (sorted index)', text: 'app in (z,-a)', message: `unable to parse requirement: values[0][app]: Invalid value: "-a": ${LABEL_VALUE}` },
    { name: 'non-integer gt', text: 'n>x', message: `unable to parse requirement: values[0]: Invalid value: "x": for 'Gt', 'Lt' operators, the value must be an integer` },
    { name: 'missing operator', text: 'a b', message: "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt" },
    { name: 'in without parentheses', text: 'a in x', message: "unable to parse requirement: found 'x' expected: '('" },
    { name: 'in at the end', text: 'a in', message: "unable to parse requirement: found '' expected: '('" },
    { name: 'unclosed set', text: 'a in (x', message: "unable to parse requirement: found '', expected: ',' or ')'" },
    { name: 'set with an operator', text: 'a in (=)', message: "unable to parse requirement: found '=', expected: ',', ')' or identifier" },
    { name: 'double comma before the end of a set', text: 'a in (x,,)', message: "unable to parse requirement: found ')', expected: ',', or identifier" },
    { name: 'dangling comma in a set', text: 'a in (x,', message: "unable to parse requirement: found '', expected: ',', or identifier" },
    { name: 'operator as a value', text: 'a==(', message: "unable to parse requirement: found '(', expected: identifier" },
    { name: 'bare bang', text: '!', message: "unable to parse requirement: found '', expected: identifier" },
    { name: 'leading comma', text: ',a', message: "found ',', expected: !, identifier, or 'end of string'" },
    { name: 'trailing comma', text: 'a,', message: "found '', expected: identifier after ','" },
    { name: 'double comma', text: 'a,,b', message: "found ',', expected: identifier after ','" },
    { name: 'junk after a requirement', text: 'a=b c', message: "found 'c', expected: ',' or 'end of string'" },
    { name: 'operator after does-not-exist', text: '!a=b', message: "found '=', expected: ',' or 'end of string'" },
  ])('refuses $name ($text)', ({ text, message }) => {
    expect(thrown(() => parseLabelSelector(text))).toBe(message);
  });
});

describe('matchesLabels', () => {
  const labels = { app: 'web', tier: 'front', n: '5' };
  it.each([
    { name: 'equals hit', text: 'app=web', matches: true },
    { name: 'equals miss', text: 'app=db', matches: false },
    { name: 'equals on a missing key', text: 'zone=a', matches: false },
    { name: 'double equals', text: 'app==web', matches: true },
    { name: 'not equals hit', text: 'app!=db', matches: true },
    { name: 'not equals miss', text: 'app!=web', matches: false },
    { name: 'not equals on a missing key', text: 'zone!=a', matches: true },
    { name: 'in hit', text: 'tier in (back,front)', matches: true },
    { name: 'in miss', text: 'tier in (back)', matches: false },
    { name: 'in on a missing key', text: 'zone in (a)', matches: false },
    { name: 'notin hit', text: 'tier notin (back)', matches: true },
    { name: 'notin miss', text: 'tier notin (front)', matches: false },
    { name: 'notin on a missing key', text: 'zone notin (a)', matches: true },
    { name: 'exists hit', text: 'app', matches: true },
    { name: 'exists miss', text: 'zone', matches: false },
    { name: 'does not exist hit', text: '!zone', matches: true },
    { name: 'does not exist miss', text: '!app', matches: false },
    { name: 'gt hit', text: 'n>4', matches: true },
    { name: 'gt miss', text: 'n>5', matches: false },
    { name: 'lt hit', text: 'n<6', matches: true },
    { name: 'gt on a non-integer label', text: 'app>1', matches: false },
    { name: 'all must hold', text: 'app=web,tier=back', matches: false },
    { name: 'everything', text: '', matches: true },
  ])('$name: $text → $matches', ({ text, matches }) => {
    expect(matchesLabels(parseLabelSelector(text), labels)).toBe(matches);
  });

  it.each([
    { name: 'no labels, exists', text: 'app', matches: false },
    { name: 'no labels, does not exist', text: '!app', matches: true },
    { name: 'an empty value still needs the label', text: 'app=', matches: false },
  ])('$name', ({ text, matches }) => {
    expect(matchesLabels(parseLabelSelector(text), undefined)).toBe(matches);
  });
});

describe('labelSelectorFromSpec', () => {
  it.each<{ name: string; spec: LabelSelectorSpec | null | undefined; labels: Record<string, string>; matches: boolean }>([
    { name: 'null selects nothing', spec: null, labels: { app: 'web' }, matches: false },
    { name: 'undefined selects nothing', spec: undefined, labels: {}, matches: false },
    { name: 'empty selects everything', spec: {}, labels: { app: 'web' }, matches: true },
    { name: 'matchLabels hit', spec: { matchLabels: { app: 'web' } }, labels: { app: 'web', x: 'y' }, matches: true },
    { name: 'matchLabels miss', spec: { matchLabels: { app: 'web' } }, labels: { app: 'db' }, matches: false },
    { name: 'In', spec: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] }, labels: { tier: 'b' }, matches: true },
    { name: 'NotIn', spec: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['a'] }] }, labels: { tier: 'a' }, matches: false },
    { name: 'Exists', spec: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, labels: { tier: '' }, matches: true },
    { name: 'DoesNotExist', spec: { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, labels: { tier: '' }, matches: false },
  ])('$name', ({ spec, labels, matches }) => {
    expect(matchesLabels(labelSelectorFromSpec(spec), labels)).toBe(matches);
  });

  it.each<{ name: string; spec: LabelSelectorSpec; message: string }>([
    { name: 'unknown operator', spec: { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }, message: '"Gt" is not a valid label selector operator' },
    {
      name: 'In without values',
      spec: { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] },
      message: "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    },
    {
      name: 'Exists with values',
      spec: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
      message: 'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist',
    },
    { name: 'bad key', spec: { matchLabels: { 'a b': 'x' } }, message: `key: Invalid value: "a b": ${NAME_PART}` },
    { name: 'bad value', spec: { matchLabels: { app: 'x y' } }, message: `values[0][app]: Invalid value: "x y": ${LABEL_VALUE}` },
    {
      name: 'several errors',
      spec: { matchExpressions: [{ key: 'a b', operator: 'In', values: [] }] },
      message: `[key: Invalid value: "a b": ${NAME_PART}, values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty]`,
    },
  ])('refuses $name', ({ spec, message }) => {
    expect(thrown(() => labelSelectorFromSpec(spec))).toBe(message);
  });
});

describe('formatLabelSelector', () => {
  it.each<{ name: string; spec: LabelSelectorSpec | undefined; text: string }>([
    { name: 'matchLabels', spec: { matchLabels: { app: 'web' } }, text: 'app=web' },
    {
      name: 'labels and expressions, sorted by key, values sorted',
      spec: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }] },
      text: 'app=web,tier in (a,b)',
    },
    {
      name: 'every operator',
      spec: {
        matchLabels: { z: '1' },
        matchExpressions: [
          { key: 'a', operator: 'Exists' },
          { key: 'b', operator: 'DoesNotExist' },
          { key: 'c', operator: 'NotIn', values: ['x'] },
        ],
      },
      text: 'a,!b,c notin (x),z=1',
    },
    { name: 'everything', spec: {}, text: '' },
    { name: 'nil', spec: undefined, text: '' },
  ])('$name → $text', ({ spec, text }) => {
    expect(formatLabelSelector(spec)).toBe(text);
  });

  it.each([
    { name: 'round trip', text: 'tier notin (b,a),app==web,!x,n>1,m<2,k!=v', out: 'app==web,k!=v,m<2,n>1,tier notin (a,b),!x' },
    { name: 'exists', text: 'a', out: 'a' },
  ])('labelSelectorToString: $name', ({ text, out }) => {
    expect(labelSelectorToString(parseLabelSelector(text))).toBe(out);
  });
});

describe('parseFieldSelector', () => {
  it.each([
    { name: 'equals', text: 'metadata.name=web', requirements: [{ field: 'metadata.name', operator: '=', value: 'web' }] },
    { name: 'double equals', text: 'metadata.name==web', requirements: [{ field: 'metadata.name', operator: '==', value: 'web' }] },
    { name: 'not equals', text: 'status.phase!=Running', requirements: [{ field: 'status.phase', operator: '!=', value: 'Running' }] },
    { name: 'empty value', text: 'spec.nodeName=', requirements: [{ field: 'spec.nodeName', operator: '=', value: '' }] },
    {
      name: 'comma-joined, sorted',
      text: 'involvedObject.name=d1,involvedObject.kind=Deployment',
      requirements: [
        { field: 'involvedObject.kind', operator: '=', value: 'Deployment' },
        { field: 'involvedObject.name', operator: '=', value: 'd1' },
      ],
    },
    { name: 'escaped comma', text: 'a=x\\,y', requirements: [{ field: 'a', operator: '=', value: 'x,y' }] },
    { name: 'escaped equals', text: 'a=x\\=y', requirements: [{ field: 'a', operator: '=', value: 'x=y' }] },
    { name: 'escaped backslash', text: 'a=x\\\\y', requirements: [{ field: 'a', operator: '=', value: 'x\\y' }] },
    { name: 'empty terms skipped', text: 'a=1,,', requirements: [{ field: 'a', operator: '=', value: '1' }] },
    { name: 'empty', text: '', requirements: [] },
  ])('$name: $text', ({ text, requirements }) => {
    expect(parseFieldSelector(text)).toEqual({ requirements });
  });

  it.each([
    { name: 'no operator', text: 'metadata.name', message: "invalid selector: 'metadata.name'; can't understand 'metadata.name'" },
    { name: 'one bad term', text: 'a=1,b', message: "invalid selector: 'a=1,b'; can't understand 'b'" },
    { name: 'bare equals in the value', text: 'a=b=c', message: 'invalid field selector: unescaped character in value: 61' },
    { name: 'triple equals', text: 'a!==b', message: 'invalid field selector: unescaped character in value: 61' },
    { name: 'unknown escape', text: 'a=b\\x', message: 'invalid field selector: invalid escape sequence: \\x' },
    { name: 'trailing backslash', text: 'a=b\\', message: 'invalid field selector: invalid escape sequence: \\' },
  ])('refuses $name ($text)', ({ text, message }) => {
    expect(thrown(() => parseFieldSelector(text))).toBe(message);
  });
});

describe('matchesFields', () => {
  const fields = { 'metadata.name': 'web', 'metadata.namespace': 'default', 'status.phase': 'Running' };
  it.each([
    { name: 'equals hit', text: 'metadata.name=web', matches: true },
    { name: 'equals miss', text: 'metadata.name=db', matches: false },
    { name: 'double equals', text: 'metadata.name==web', matches: true },
    { name: 'not equals hit', text: 'status.phase!=Pending', matches: true },
    { name: 'not equals miss', text: 'status.phase!=Running', matches: false },
    { name: 'missing field reads as empty', text: 'spec.nodeName=', matches: true },
    { name: 'missing field not equal to a value', text: 'spec.nodeName!=n1', matches: true },
    { name: 'all must hold', text: 'metadata.name=web,metadata.namespace=kube-system', matches: false },
    { name: 'everything', text: '', matches: true },
  ])('$name: $text → $matches', ({ text, matches }) => {
    expect(matchesFields(parseFieldSelector(text), fields)).toBe(matches);
  });
});

describe('field selector helpers', () => {
  it.each([
    { name: 'all allowed', text: 'metadata.name=a,metadata.namespace=b', unsupported: [] },
    { name: 'one unknown', text: 'metadata.name=a,spec.foo=b', unsupported: ['spec.foo'] },
    { name: 'repeats once', text: 'spec.foo=a,spec.foo!=b', unsupported: ['spec.foo'] },
  ])('unsupportedFieldSelectorKeys: $name', ({ text, unsupported }) => {
    expect(unsupportedFieldSelectorKeys(parseFieldSelector(text), ['metadata.name', 'metadata.namespace'])).toEqual(unsupported);
  });

  it.each([
    { name: 'plain', value: 'web', escaped: 'web' },
    { name: 'specials', value: 'a,b=c\\d', escaped: 'a\\,b\\=c\\\\d' },
  ])('escape round trip: $name', ({ value, escaped }) => {
    expect(escapeFieldValue(value)).toBe(escaped);
    expect(unescapeFieldValue(escaped)).toBe(value);
  });

  it.each([
    { name: 'double equals prints as equals', text: 'b==1,a!=x\\,y', out: 'a!=x\\,y,b=1' },
    { name: 'empty', text: '', out: '' },
  ])('fieldSelectorToString: $name', ({ text, out }) => {
    expect(fieldSelectorToString(parseFieldSelector(text))).toBe(out);
  });
});
