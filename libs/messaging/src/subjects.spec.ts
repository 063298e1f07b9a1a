import { escapeToken, InvalidNameError, parseRevisionKey, parseSubject, revisionKey, subjects, unescapeToken } from './subjects.js';

describe('escapeToken', () => {
  it.each([
    { name: 'a DNS label stays as it is', input: 'hello-00001', token: 'hello-00001' },
    { name: 'upper case and underscore stay', input: 'My_Rev', token: 'My_Rev' },
    { name: 'a dot cannot add a token', input: 'a.b', token: 'a=2Eb' },
    { name: 'a star cannot be a wildcard', input: '*', token: '=2A' },
    { name: 'a gt cannot be a wildcard', input: '>', token: '=3E' },
    { name: 'white space is escaped', input: 'a b\tc\n', token: 'a=20b=09c=0A' },
    { name: 'the escape character escapes itself', input: 'a=2E', token: 'a=3D2E' },
    { name: 'non-ASCII is escaped byte by byte', input: 'é', token: '=C3=A9' },
  ])('$name: $input → $token', ({ input, token }) => {
    expect(escapeToken(input)).toBe(token);
    expect(token).toMatch(/^[A-Za-z0-9_=-]+$/);
    expect(unescapeToken(token)).toBe(input);
  });

  it('rejects an empty name', () => {
    expect(() => escapeToken('')).toThrow(InvalidNameError);
  });

  it.each(['a.b', 'a b', '=', '=4', '=zz', '*', '', '=FF'])('unescapeToken refuses %j, which escapeToken never makes', (token) => {
    expect(unescapeToken(token)).toBeUndefined();
  });
});

describe('subjects', () => {
  it.each([
    { name: 'metrics', build: subjects.metrics, subject: 'ebb.v1.metrics.default.hello-00001' },
    { name: 'poke', build: subjects.poke, subject: 'ebb.v1.poke.default.hello-00001' },
    { name: 'decisions', build: subjects.decisions, subject: 'ebb.v1.decisions.default.hello-00001' },
  ])('$name subject of a revision', ({ name, build, subject }) => {
    expect(build('default', 'hello-00001')).toBe(subject);
    expect(parseSubject(subject)).toEqual({ channel: name, namespace: 'default', revision: 'hello-00001' });
  });

  it.each([
    { ns: 'a.b', rev: 'c' },
    { ns: '*', rev: '>' },
    { ns: 'x', rev: 'y z' },
    { ns: 'ns', rev: 'rev.>' },
  ])('keeps $ns / $rev to exactly two tokens with no wildcard', ({ ns, rev }) => {
    const subject = subjects.metrics(ns, rev);
    const tokens = subject.split('.');
    expect(tokens).toHaveLength(5);
    expect(subject).not.toMatch(/[*>\s]/);
    expect(parseSubject(subject)).toEqual({ channel: 'metrics', namespace: ns, revision: rev });
  });

  it('offers one wildcard per channel matching every revision', () => {
    expect([subjects.allMetrics, subjects.allPokes, subjects.allDecisions]).toEqual([
      'ebb.v1.metrics.*.*',
      'ebb.v1.poke.*.*',
      'ebb.v1.decisions.*.*',
    ]);
  });

  it.each(['ebb.v1.metrics.default', 'ebb.v2.metrics.a.b', 'ebb.v1.other.a.b', 'ebb.v1.metrics.a.b.c', 'ebb.v1.metrics.a=ZZ.b'])(
    'parseSubject refuses %s',
    (subject) => {
      expect(parseSubject(subject)).toBeUndefined();
    },
  );
});

describe('revisionKey', () => {
  it('is <ns>.<revision> and reads back', () => {
    expect(revisionKey('default', 'hello-00001')).toBe('default.hello-00001');
    expect(parseRevisionKey(revisionKey('a.b', 'c d'))).toEqual({ namespace: 'a.b', revision: 'c d' });
  });

  it('stays within the characters a KV key allows', () => {
    expect(revisionKey('ns*', '>.x y')).toMatch(/^[-/_=.a-zA-Z0-9]+$/);
  });

  it.each(['one', 'a.b.c', 'a.=G0'])('parseRevisionKey refuses %s', (key) => {
    expect(parseRevisionKey(key)).toBeUndefined();
  });
});
