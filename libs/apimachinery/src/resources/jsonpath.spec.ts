import type { JsonObject } from '../object.js';
import { evaluateJsonPath, firstJsonPathMatch, formatJsonPathValue, jsonPathText, parseJsonPath } from './jsonpath.js';

const service: JsonObject = {
  metadata: { name: 'hello', labels: { 'app.kubernetes.io/name': 'hello' }, creationTimestamp: '2026-11-26T00:00:00Z' },
  spec: { template: { spec: { containers: [{ name: 'user', image: 'ko://hello' }, { name: 'proxy', image: 'envoy' }] } } },
  status: {
    url: 'http://hello.default.example.com',
    observedGeneration: 3,
    ready: true,
    conditions: [
      { type: 'ConfigurationsReady', status: 'True' },
      { type: 'Ready', status: 'False', reason: 'RevisionMissing' },
      { type: 'RoutesReady', status: 'Unknown' },
    ],
    traffic: [{ revisionName: 'hello-00001', percent: 100 }],
  },
};

describe('parseJsonPath', () => {
  it.each([
    { name: 'fields', path: '.status.url', steps: [{ kind: 'field', name: 'status' }, { kind: 'field', name: 'url' }] },
    { name: 'braces and dollar', path: '{$.status}', steps: [{ kind: 'field', name: 'status' }] },
    { name: 'index', path: '.a[0]', steps: [{ kind: 'field', name: 'a' }, { kind: 'index', index: 0 }] },
    { name: 'negative index', path: '.a[-1]', steps: [{ kind: 'field', name: 'a' }, { kind: 'index', index: -1 }] },
    { name: 'wildcard', path: '.a[*].b', steps: [{ kind: 'field', name: 'a' }, { kind: 'wildcard' }, { kind: 'field', name: 'b' }] },
    { name: 'dot wildcard', path: '.a.*', steps: [{ kind: 'field', name: 'a' }, { kind: 'wildcard' }] },
    { name: 'escaped dot', path: '.labels.app\\.kubernetes\\.io/name', steps: [{ kind: 'field', name: 'labels' }, { kind: 'field', name: 'app.kubernetes.io/name' }] },
    { name: 'bracketed key', path: ".labels['app.kubernetes.io/name']", steps: [{ kind: 'field', name: 'labels' }, { kind: 'field', name: 'app.kubernetes.io/name' }] },
    {
      name: 'escaped dots in a bracketed key (Knative revision columns)',
      path: ".metadata.labels['serving\\.knative\\.dev/configuration']",
      steps: [{ kind: 'field', name: 'metadata' }, { kind: 'field', name: 'labels' }, { kind: 'field', name: 'serving.knative.dev/configuration' }],
    },
    {
      name: 'equality filter',
      path: '.c[?(@.type=="Ready")]',
      steps: [{ kind: 'field', name: 'c' }, { kind: 'filter', path: ['type'], op: '==', value: 'Ready' }],
    },
    {
      name: 'filter with spaces and single quotes',
      path: ".c[?(@.type != 'Ready')]",
      steps: [{ kind: 'field', name: 'c' }, { kind: 'filter', path: ['type'], op: '!=', value: 'Ready' }],
    },
    { name: 'numeric filter', path: '.t[?(@.percent>=50)]', steps: [{ kind: 'field', name: 't' }, { kind: 'filter', path: ['percent'], op: '>=', value: 50 }] },
    { name: 'existence filter', path: '.c[?(@.reason)]', steps: [{ kind: 'field', name: 'c' }, { kind: 'filter', path: ['reason'], op: 'exists' }] },
  ])('$name: $path', ({ path, steps }) => {
    expect(parseJsonPath(path)).toEqual(steps);
  });

  it.each([
    { name: 'recursive descent', path: '..name' },
    { name: 'no leading dot', path: 'status' },
    { name: 'unclosed bracket', path: '.a[0' },
    { name: 'slice', path: '.a[0:2]' },
    { name: 'function filter', path: '.a[?(length(@)>1)]' },
  ])('refuses $name ($path)', ({ path }) => {
    expect(() => parseJsonPath(path)).toThrow(Error);
  });
});

describe('evaluateJsonPath', () => {
  it.each([
    { name: 'a string', path: '.status.url', values: ['http://hello.default.example.com'] },
    { name: 'a missing key', path: '.status.address.url', values: [] },
    { name: 'first item', path: '.spec.template.spec.containers[0].image', values: ['ko://hello'] },
    { name: 'last item', path: '.spec.template.spec.containers[-1].name', values: ['proxy'] },
    { name: 'out of range', path: '.spec.template.spec.containers[5].name', values: [] },
    { name: 'every item', path: '.spec.template.spec.containers[*].name', values: ['user', 'proxy'] },
    { name: 'filter', path: '.status.conditions[?(@.type=="Ready")].status', values: ['False'] },
    { name: 'negated filter', path: '.status.conditions[?(@.type!="Ready")].type', values: ['ConfigurationsReady', 'RoutesReady'] },
    { name: 'existence filter', path: '.status.conditions[?(@.reason)].type', values: ['Ready'] },
    { name: 'numeric filter', path: '.status.traffic[?(@.percent>50)].revisionName', values: ['hello-00001'] },
    { name: 'filter without match', path: '.status.conditions[?(@.type=="Gone")].status', values: [] },
    { name: 'escaped key', path: '.metadata.labels.app\\.kubernetes\\.io/name', values: ['hello'] },
    { name: 'object wildcard', path: '.metadata.labels.*', values: ['hello'] },
  ])('$name: $path', ({ path, values }) => {
    expect(evaluateJsonPath(service, path)).toEqual(values);
  });
});

describe('first match, formatted as kubectl prints it', () => {
  it.each([
    { name: 'string raw', path: '.status.url', text: 'http://hello.default.example.com' },
    { name: 'integer', path: '.status.observedGeneration', text: '3' },
    { name: 'boolean', path: '.status.ready', text: 'true' },
    { name: 'first of many', path: '.spec.template.spec.containers[*].image', text: 'ko://hello' },
    { name: 'object as sorted JSON', path: '.status.traffic[0]', text: '{"percent":100,"revisionName":"hello-00001"}' },
    { name: 'list as JSON', path: '.status.traffic', text: '[{"percent":100,"revisionName":"hello-00001"}]' },
    { name: 'nothing', path: '.status.nothing', text: undefined },
    { name: 'unsupported syntax', path: '..url', text: undefined },
  ])('$name: $path → $text', ({ path, text }) => {
    expect(jsonPathText(service, path)).toBe(text);
  });

  it.each([
    { name: 'fraction', value: 1.5, text: '1.5' },
    { name: 'null', value: null, text: '<no value>' },
    { name: 'nested keys sorted', value: { b: { d: 1, c: 2 }, a: [true] }, text: '{"a":[true],"b":{"c":2,"d":1}}' },
  ])('formats $name as $text', ({ value, text }) => {
    expect(formatJsonPathValue(value)).toBe(text);
  });

  it('returns the raw first value', () => {
    expect(firstJsonPathMatch(service, '.status.conditions[?(@.type=="Ready")]')).toEqual({ type: 'Ready', status: 'False', reason: 'RevisionMissing' });
  });
});
