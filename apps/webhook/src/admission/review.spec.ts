import { decodeAdmissionReview, encodeAdmissionReview } from './review.js';

const request = { uid: 'u-1', kind: { group: '', version: 'v1', kind: 'ConfigMap' }, operation: 'CREATE', name: 'config-gc', namespace: 'ebb-system' };
const review = (changes: Record<string, unknown> = {}, requestChanges: Record<string, unknown> = {}): Record<string, unknown> => ({
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  request: { ...request, ...requestChanges },
  ...changes,
});

describe('decodeAdmissionReview', () => {
  it('reads the request of a v1 AdmissionReview', () => {
    const object = { metadata: { name: 'config-gc' }, data: {} };
    expect(decodeAdmissionReview(review({}, { object, extra: 1 }))).toEqual({
      ok: true,
      request: { ...request, object, oldObject: undefined },
    });
  });

  it('reads the requesting user and the subresource', () => {
    const decoded = decodeAdmissionReview(review({}, { userInfo: { username: 'alice@example.com', groups: ['dev'] }, subResource: 'status' }));
    expect(decoded.ok && { username: decoded.request.username, subResource: decoded.request.subResource }).toEqual({
      username: 'alice@example.com',
      subResource: 'status',
    });
  });

  it('leaves out a name that is not a string', () => {
    const decoded = decodeAdmissionReview(review({}, { name: 7 }));
    expect(decoded.ok && decoded.request.name).toBeUndefined();
  });

  it.each([
    { name: 'null', body: null, reason: 'the body must be a JSON object (an AdmissionReview), got null' },
    { name: 'an array', body: [], reason: 'the body must be a JSON object (an AdmissionReview), got an array' },
    { name: 'a string', body: 'review', reason: 'the body must be a JSON object (an AdmissionReview), got "review"' },
    { name: 'v1beta1', body: review({ apiVersion: 'admission.k8s.io/v1beta1' }), reason: 'apiVersion must be "admission.k8s.io/v1", got "admission.k8s.io/v1beta1"' },
    { name: 'no apiVersion', body: review({ apiVersion: undefined }), reason: 'apiVersion must be "admission.k8s.io/v1", got nothing' },
    { name: 'another kind', body: review({ kind: 'ConfigMap' }), reason: 'kind must be "AdmissionReview", got "ConfigMap"' },
    { name: 'no request', body: review({ request: undefined }), reason: 'request is missing: the AdmissionReview carries no request' },
    { name: 'a request that is a string', body: review({ request: 'x' }), reason: 'request is missing: the AdmissionReview carries no request' },
    { name: 'no uid', body: review({}, { uid: undefined }), reason: 'request.uid is missing' },
    { name: 'an empty uid', body: review({}, { uid: '' }), reason: 'request.uid is missing' },
    { name: 'a kind without group', body: review({}, { kind: { version: 'v1', kind: 'ConfigMap' } }), reason: 'request.kind must be an object with string group, version and kind' },
    { name: 'an unknown operation', body: review({}, { operation: 'PATCH' }), reason: 'request.operation must be one of CREATE, UPDATE, DELETE, CONNECT, got "PATCH"' },
  ])('refuses $name', ({ body, reason }) => {
    expect(decodeAdmissionReview(body)).toEqual({ ok: false, reason });
  });
});

describe('encodeAdmissionReview', () => {
  it.each([
    {
      name: 'an allowed request',
      verdict: { allowed: true } as const,
      response: { uid: 'u-1', allowed: true },
    },
    {
      name: 'a denied request, with a BadRequest status',
      verdict: { allowed: false, message: 'validation failed: nope' } as const,
      response: { uid: 'u-1', allowed: false, status: { status: 'Failure', code: 400, reason: 'BadRequest', message: 'validation failed: nope' } },
    },
    {
      name: 'an allowed request with a patch and warnings',
      verdict: { allowed: true, patch: [{ op: 'add', path: '/spec/traffic', value: [] }], warnings: ['careful'] } as const,
      response: {
        uid: 'u-1',
        allowed: true,
        patchType: 'JSONPatch',
        patch: Buffer.from('[{"op":"add","path":"/spec/traffic","value":[]}]').toString('base64'),
        warnings: ['careful'],
      },
    },
    {
      name: 'an allowed request with an empty patch, as no patch',
      verdict: { allowed: true, patch: [], warnings: [] } as const,
      response: { uid: 'u-1', allowed: true },
    },
  ])('answers $name', ({ verdict, response }) => {
    expect(encodeAdmissionReview('u-1', verdict)).toEqual({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response });
  });
});
