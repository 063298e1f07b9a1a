// Table tests of the request's revision, the probe check and the activator's own answer bodies.
import { bufferFullBody, isActivatorProbe, MISSING_REVISION_BODY, requestRevision, revisionGoneBody, unknownRevisionBody } from './request-revision.js';

describe('requestRevision', () => {
  it.each([
    { name: 'both headers', headers: { 'knative-serving-namespace': 'default', 'knative-serving-revision': 'hello-00001' }, want: { ok: true, namespace: 'default', revision: 'hello-00001' } },
    { name: 'values are trimmed', headers: { 'knative-serving-namespace': ' default ', 'knative-serving-revision': 'hello-00001 ' }, want: { ok: true, namespace: 'default', revision: 'hello-00001' } },
    { name: 'no namespace', headers: { 'knative-serving-revision': 'hello-00001' }, want: { ok: false, body: MISSING_REVISION_BODY } },
    { name: 'an empty revision', headers: { 'knative-serving-namespace': 'default', 'knative-serving-revision': '' }, want: { ok: false, body: MISSING_REVISION_BODY } },
    { name: 'no headers', headers: {}, want: { ok: false, body: 'the activator needs the Knative-Serving-Namespace and Knative-Serving-Revision headers naming the revision' } },
  ])('$name', ({ headers, want }) => {
    expect(requestRevision(headers)).toEqual(want);
  });
});

describe('isActivatorProbe', () => {
  it.each([
    { name: 'K-Network-Probe: activator', headers: { 'k-network-probe': 'activator' }, want: true },
    { name: 'another probe value', headers: { 'k-network-probe': 'queue' }, want: false },
    { name: 'no probe header', headers: {}, want: false },
  ])('$name', ({ headers, want }) => {
    expect(isActivatorProbe(headers)).toBe(want);
  });
});

describe('answer bodies', () => {
  it.each([
    { name: 'unknown revision', body: unknownRevisionBody('ns', 'r-1'), want: 'revision "ns/r-1" not found' },
    { name: 'buffer full', body: bufferFullBody('ns', 'r-1', 3), want: 'activator buffer for revision "ns/r-1" is full (3 requests waiting)' },
    { name: 'revision deleted', body: revisionGoneBody('ns', 'r-1'), want: 'revision "ns/r-1" was deleted while the request waited' },
  ])('$name', ({ body, want }) => {
    expect(body).toBe(want);
  });
});
