import {
  combine,
  CURRENT_FIELD,
  DiagnosticLevel,
  errDisallowedFields,
  errDisallowedUpdateDeprecatedFields,
  errGeneric,
  errInvalidArrayValue,
  errInvalidKeyName,
  errInvalidValue,
  errMissingField,
  errMissingOneOf,
  errMultipleOneOf,
  errOutOfBoundsValue,
  FieldError,
} from './field-error.js';

describe('constructors (VALIDATION.md §0.1 messages)', () => {
  it.each([
    { name: 'missing field', err: errMissingField('image'), text: 'missing field(s): image' },
    { name: 'missing fields, paths sorted', err: errMissingField('foo', 'bar'), text: 'missing field(s): bar, foo' },
    { name: 'disallowed fields', err: errDisallowedFields('spec.traffic[0].url'), text: 'must not set the field(s): spec.traffic[0].url' },
    {
      name: 'disallowed deprecated update',
      err: errDisallowedUpdateDeprecatedFields('spec.x'),
      text: 'must not update deprecated field(s): spec.x',
    },
    { name: 'invalid string value', err: errInvalidValue('abc', 'name'), text: 'invalid value: abc: name' },
    { name: 'invalid integer value', err: errInvalidValue(-1, 'percent'), text: 'invalid value: -1: percent' },
    { name: 'invalid float value', err: errInvalidValue(0.05, 'x'), text: 'invalid value: 0.05: x' },
    { name: 'invalid boolean value', err: errInvalidValue(false, 'latestRevision'), text: 'invalid value: false: latestRevision' },
    {
      name: 'invalid value with details joined by ", "',
      err: errInvalidValue('all', 'drop', 'Must be spelled as', "'ALL'"),
      text: "invalid value: all: drop\nMust be spelled as, 'ALL'",
    },
    {
      name: 'invalid value of a Go []string (DNS label messages)',
      err: errInvalidValue(['not a DNS 1035 label: [must be no more than 63 characters]'], 'name'),
      text: 'invalid value: [not a DNS 1035 label: [must be no more than 63 characters]]: name',
    },
    { name: 'invalid array value', err: errInvalidArrayValue('bad', 'containers', 2), text: 'invalid value: bad: containers[2]' },
    { name: 'generic', err: errGeneric('name or generateName is required', 'name'), text: 'name or generateName is required: name' },
    { name: 'missing one of', err: errMissingOneOf('revisionName', 'configurationName'), text: 'expected exactly one, got neither: configurationName, revisionName' },
    { name: 'multiple one of', err: errMultipleOneOf('revisionName', 'configurationName'), text: 'expected exactly one, got both: configurationName, revisionName' },
    {
      name: 'invalid key name with details',
      err: errInvalidKeyName(
        'autoscaling.knative.dev/min-scale',
        'annotations',
        'autoscaling annotations must be put under "spec.template.metadata.annotations" to work',
      ).viaField('metadata'),
      text: 'invalid key name "autoscaling.knative.dev/min-scale": metadata.annotations\nautoscaling annotations must be put under "spec.template.metadata.annotations" to work',
    },
    { name: 'invalid key name quotes like Go %q', err: errInvalidKeyName('a"b\n', 'x'), text: 'invalid key name "a\\"b\\n": x' },
    {
      name: 'out of bounds, integers',
      err: errOutOfBoundsValue(601, 0, 600, 'timeoutSeconds').viaField('spec').viaField('template').viaField('spec'),
      text: 'expected 0 <= 601 <= 600: spec.template.spec.timeoutSeconds',
    },
    { name: 'out of bounds, floats', err: errOutOfBoundsValue(0.05, 0.1, 100, 'x'), text: 'expected 0.1 <= 0.05 <= 100: x' },
    { name: 'out of bounds, preformatted durations', err: errOutOfBoundsValue('1h0m1s', '6s', '1h0m0s', 'x'), text: 'expected 6s <= 1h0m1s <= 1h0m0s: x' },
  ])('$name', ({ err, text }) => {
    expect(err.render()).toBe(text);
    expect(String(err)).toBe(text);
  });

  it('makes Error-level leaves by default and Warning ones on request', () => {
    expect(errMissingField('a').leaves().map((l) => l.level)).toEqual([DiagnosticLevel.Error]);
    expect(errMissingField('a').asWarning().leaves().map((l) => l.level)).toEqual([DiagnosticLevel.Warning]);
    expect(errMissingField('a').at(DiagnosticLevel.Warning).leaves()[0]?.level).toBe('Warning');
  });
});

describe('nesting (viaField / viaIndex / viaKey)', () => {
  it.each([
    { name: 'viaField prefixes', err: errMissingField('image').viaField('spec'), path: 'spec.image' },
    { name: 'viaField with several names', err: errMissingField('image').viaField('spec', 'template'), path: 'spec.template.image' },
    { name: 'viaField with a dotted name', err: errMissingField('image').viaField('spec.template'), path: 'spec.template.image' },
    { name: 'index path joined to the field before', err: errMissingField('[0]').viaField('bar').viaField('foo'), path: 'foo.bar[0]' },
    { name: 'viaIndex then viaField', err: errMissingField('bar').viaIndex(0).viaField('foo'), path: 'foo[0].bar' },
    { name: 'viaField then viaIndex keeps a leading index', err: errMissingField('bar').viaField('foo').viaIndex(0), path: '[0].foo.bar' },
    { name: 'two indexes', err: errMissingField('bar').viaIndex(0).viaIndex(1).viaField('foo'), path: 'foo[1][0].bar' },
    { name: 'viaFieldIndex', err: errMissingField('image').viaFieldIndex('containers', 0).viaField('spec'), path: 'spec.containers[0].image' },
    { name: 'viaKey', err: errMissingField('x').viaKey('k').viaField('m'), path: 'm[k].x' },
    { name: 'viaFieldKey on the current field', err: errInvalidValue('1x', CURRENT_FIELD).viaFieldKey('annotations', 'queue'), path: 'annotations[queue]' },
    { name: 'the current field vanishes', err: errMissingField(CURRENT_FIELD).viaField('spec'), path: 'spec' },
  ])('$name → $path', ({ err, path }) => {
    expect(err.leaves().flatMap((l) => l.paths)).toEqual([path]);
  });

  it('builds a path per leaf of a collection', () => {
    const err = errMissingField('a').also(errDisallowedFields('b')).viaField('spec');
    expect(err.render()).toBe('missing field(s): spec.a\nmust not set the field(s): spec.b');
  });

  it('keeps a leaf without paths path-less', () => {
    expect(errGeneric('boom').viaField('spec').leaves()[0]?.paths).toEqual([]);
    expect(errGeneric('boom').viaField('spec').render()).toBe('boom: ');
  });
});

describe('merging, sorting and rendering', () => {
  it.each([
    {
      name: 'equal message merges paths (traffic tags)',
      err: errGeneric('Multiple definitions for "foo"', 'tag')
        .viaIndex(1)
        .also(errGeneric('Multiple definitions for "foo"', 'tag').viaIndex(0))
        .viaField('traffic')
        .viaField('spec'),
      text: 'Multiple definitions for "foo": spec.traffic[0].tag, spec.traffic[1].tag',
    },
    {
      name: 'one error with two index paths (as validateTrafficList builds it)',
      err: errGeneric('Multiple definitions for "foo"', '[1].tag', '[0].tag').viaField('traffic').viaField('spec'),
      text: 'Multiple definitions for "foo": spec.traffic[0].tag, spec.traffic[1].tag',
    },
    {
      name: 'errors sorted by message',
      err: errMissingField('z').also(errOutOfBoundsValue(2, 0, 1, 'y'), errDisallowedFields('a'), errInvalidValue('v', 'b')),
      text: 'expected 0 <= 2 <= 1: y\ninvalid value: v: b\nmissing field(s): z\nmust not set the field(s): a',
    },
    {
      name: 'equal messages with different details stay apart, sorted by details',
      err: errInvalidValue('x', 'b', 'second').also(errInvalidValue('x', 'a', 'first')),
      text: 'invalid value: x: a\nfirst\ninvalid value: x: b\nsecond',
    },
    {
      name: 'no details sorts before details',
      err: errInvalidValue('x', 'b', 'why').also(errInvalidValue('x', 'a')),
      text: 'invalid value: x: a\ninvalid value: x: b\nwhy',
    },
    {
      name: 'duplicate paths appear once',
      err: errMissingField('a', 'b').also(errMissingField('b', 'a')),
      text: 'missing field(s): a, b',
    },
    {
      name: 'a warning does not merge with an equal error',
      err: errMissingField('b').asWarning().also(errMissingField('a')),
      text: 'missing field(s): a\nmissing field(s): b',
    },
    {
      name: 'nested collections flatten',
      err: errMissingField('a').also(errMissingField('b').also(errMissingField('c').viaField('x'))),
      text: 'missing field(s): a, b, x.c',
    },
  ])('$name', ({ err, text }) => {
    expect(err.render()).toBe(text);
  });
});

describe('also / combine / filter', () => {
  it('starts empty and renders nothing', () => {
    const empty = FieldError.empty();
    expect(empty.isEmpty()).toBe(true);
    expect(empty.render()).toBe('');
    expect(empty.viaField('spec').isEmpty()).toBe(true);
  });

  it('lets validators accumulate with undefined in between', () => {
    let errs = FieldError.empty();
    errs = errs.also(undefined);
    errs = errs.also(errMissingField('a'), undefined, errMissingField('b'));
    expect(errs.isEmpty()).toBe(false);
    expect(errs.render()).toBe('missing field(s): a, b');
  });

  it.each([
    { name: 'both undefined', a: undefined, b: undefined, text: undefined },
    { name: 'left only', a: errMissingField('a'), b: undefined, text: 'missing field(s): a' },
    { name: 'right only', a: undefined, b: errMissingField('b'), text: 'missing field(s): b' },
    { name: 'both', a: errMissingField('a'), b: errMissingField('b'), text: 'missing field(s): a, b' },
    { name: 'empty ones count as nothing', a: FieldError.empty(), b: FieldError.empty(), text: undefined },
  ])('combine: $name', ({ a, b, text }) => {
    expect(combine(a, b)?.render()).toBe(text);
  });

  it.each([
    { name: 'errors', level: DiagnosticLevel.Error, text: 'missing field(s): a' },
    { name: 'warnings', level: DiagnosticLevel.Warning, text: 'must not set the field(s): w' },
  ])('filter keeps only the $name', ({ level, text }) => {
    const errs = errMissingField('a').also(errDisallowedFields('w').asWarning());
    expect(errs.filter(level).render()).toBe(text);
  });

  it('filter of a level that is absent is empty', () => {
    expect(errMissingField('a').filter(DiagnosticLevel.Warning).isEmpty()).toBe(true);
  });

  it('never mutates its inputs', () => {
    const leaf = errMissingField('a');
    const other = errMissingField('b');
    const all = leaf.also(other).viaField('spec').asWarning();
    expect(leaf.render()).toBe('missing field(s): a');
    expect(other.leaves()[0]?.level).toBe('Error');
    expect(all.render()).toBe('missing field(s): spec.a, spec.b');
    expect(Object.isFrozen(leaf)).toBe(true);
    expect(Object.isFrozen(leaf.paths)).toBe(true);
  });

  it('exposes Knative-shaped fields on a leaf and on a collection', () => {
    const leaf = errInvalidValue('v', 'p', 'd');
    expect({ message: leaf.message, paths: leaf.paths, details: leaf.details, level: leaf.level }).toEqual({
      message: 'invalid value: v',
      paths: ['p'],
      details: 'd',
      level: 'Error',
    });
    const both = leaf.also(errMissingField('q'));
    expect(both.message).toBe('');
    expect(both.errors).toHaveLength(2);
  });
});
