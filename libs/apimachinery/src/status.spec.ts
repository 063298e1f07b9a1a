import { fieldInvalid, fieldRequired } from './field-cause.js';
import {
  OBJECT_MODIFIED,
  StatusError,
  aggregateMessages,
  alreadyExists,
  badRequest,
  conflict,
  expired,
  forbidden,
  gone,
  internal,
  invalid,
  isStatusError,
  methodNotAllowed,
  notFound,
  requestEntityTooLarge,
  resourceNotServed,
  successStatus,
  timeout,
  tooManyRequests,
  unauthorized,
  unsupportedMediaType,
} from './status.js';

const pods = { plural: 'pods', group: '' };
const deployments = { plural: 'deployments', group: 'apps' };

describe('Status constructors', () => {
  it.each([
    { name: 'core NotFound', make: () => notFound(pods, 'x'), code: 404, reason: 'NotFound', message: 'pods "x" not found' },
    { name: 'grouped NotFound', make: () => notFound(deployments, 'x'), code: 404, reason: 'NotFound', message: 'deployments.apps "x" not found' },
    { name: 'NotFound for a path not served', make: () => resourceNotServed(), code: 404, reason: 'NotFound', message: 'the server could not find the requested resource' },
    { name: 'AlreadyExists', make: () => alreadyExists(deployments, 'web'), code: 409, reason: 'AlreadyExists', message: 'deployments.apps "web" already exists' },
    {
      name: 'Conflict on a stale resourceVersion',
      make: () => conflict(deployments, 'web', OBJECT_MODIFIED),
      code: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    },
    { name: 'core Conflict', make: () => conflict({ plural: 'configmaps', group: '' }, 'x', 'why'), code: 409, reason: 'Conflict', message: 'Operation cannot be fulfilled on configmaps "x": why' },
    { name: 'BadRequest', make: () => badRequest('resourceVersionMatch is forbidden unless resourceVersion is provided'), code: 400, reason: 'BadRequest', message: 'resourceVersionMatch is forbidden unless resourceVersion is provided' },
    { name: 'Unauthorized', make: () => unauthorized(), code: 401, reason: 'Unauthorized', message: 'Unauthorized' },
    { name: 'Forbidden as given', make: () => forbidden('nope'), code: 403, reason: 'Forbidden', message: 'nope' },
    {
      name: 'Forbidden on an object',
      make: () => forbidden('this namespace may not be deleted', { resource: { plural: 'namespaces', group: '' }, name: 'default' }),
      code: 403,
      reason: 'Forbidden',
      message: 'namespaces "default" is forbidden: this namespace may not be deleted',
    },
    { name: 'MethodNotAllowed', make: () => methodNotAllowed('not allowed'), code: 405, reason: 'MethodNotAllowed', message: 'not allowed' },
    { name: 'Expired', make: () => expired('too old resource version: 5 (10)'), code: 410, reason: 'Expired', message: 'too old resource version: 5 (10)' },
    { name: 'Gone', make: () => gone('gone away'), code: 410, reason: 'Gone', message: 'gone away' },
    {
      name: 'UnsupportedMediaType',
      make: () => unsupportedMediaType('the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml'),
      code: 415,
      reason: 'UnsupportedMediaType',
      message: 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    },
    { name: 'RequestEntityTooLarge', make: () => requestEntityTooLarge('limit is 3145728'), code: 413, reason: 'RequestEntityTooLarge', message: 'Request entity too large: limit is 3145728' },
    { name: 'TooManyRequests', make: () => tooManyRequests(), code: 429, reason: 'TooManyRequests', message: 'Too many requests, please try again later.' },
    { name: 'InternalError', make: () => internal('boom'), code: 500, reason: 'InternalError', message: 'Internal error occurred: boom' },
    { name: 'Timeout', make: () => timeout('request did not complete within 60s'), code: 504, reason: 'Timeout', message: 'Timeout: request did not complete within 60s' },
  ])('$name → $code $reason', ({ make, code, reason, message }) => {
    const e = make();
    expect(e).toBeInstanceOf(StatusError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('StatusError');
    expect({ code: e.code, reason: e.reason, message: e.message }).toEqual({ code, reason, message });
    expect(e.toStatus()).toMatchObject({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
  });
});

describe('Invalid', () => {
  it.each([
    {
      name: 'one cause, core kind',
      init: { kind: 'ConfigMap', group: '', name: 'err-invalid', causes: [fieldInvalid('data.x', 'x', 'bad')] },
      message: 'ConfigMap "err-invalid" is invalid: data.x: Invalid value: "x": bad',
    },
    {
      name: 'two causes, grouped kind',
      init: {
        kind: 'Deployment',
        group: 'apps',
        name: 'web',
        causes: [fieldRequired('spec.selector'), fieldInvalid('spec.replicas', -1, 'must be greater than or equal to 0')],
      },
      message: 'Deployment.apps "web" is invalid: [spec.selector: Required value, spec.replicas: Invalid value: -1: must be greater than or equal to 0]',
    },
    {
      name: 'duplicate causes collapse',
      init: { kind: 'Pod', group: '', name: 'p', causes: [fieldRequired('spec.containers'), fieldRequired('spec.containers')] },
      message: 'Pod "p" is invalid: spec.containers: Required value',
    },
    { name: 'no causes', init: { kind: 'Pod', group: '', name: 'p', causes: [] }, message: 'Pod "p" is invalid' },
  ])('$name', ({ init, message }) => {
    const e = invalid(init);
    expect(e.code).toBe(422);
    expect(e.reason).toBe('Invalid');
    expect(e.message).toBe(message);
  });

  it('writes the Status body with Kind, group and causes in Go field order', () => {
    const e = invalid({ kind: 'Deployment', group: 'apps', name: 'web', causes: [fieldInvalid('metadata.name', 'Web', 'bad')] });
    const body = e.toStatus();
    expect(JSON.stringify(body)).toBe(
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Deployment.apps \\"web\\" is invalid: metadata.name: Invalid value: \\"Web\\": bad",' +
        '"reason":"Invalid","details":{"name":"web","group":"apps","kind":"Deployment","causes":[{"reason":"FieldValueInvalid","message":"Invalid value: \\"Web\\": bad","field":"metadata.name"}]},"code":422}',
    );
  });
});

describe('toStatus', () => {
  it.each([
    {
      name: 'NotFound of a core resource leaves out the empty group, as Go omitempty does',
      error: () => notFound({ plural: 'configmaps', group: '' }, 'x'),
      json: '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"configmaps \\"x\\" not found","reason":"NotFound","details":{"name":"x","kind":"configmaps"},"code":404}',
    },
    {
      name: 'NotFound of a grouped resource',
      error: () => notFound(deployments, 'web'),
      json: '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"deployments.apps \\"web\\" not found","reason":"NotFound","details":{"name":"web","group":"apps","kind":"deployments"},"code":404}',
    },
    {
      name: 'Expired has no details',
      error: () => expired('too old resource version: 5 (10)'),
      json: '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 5 (10)","reason":"Expired","code":410}',
    },
    {
      name: 'InternalError carries its message as a bare cause',
      error: () => internal('boom'),
      json: '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Internal error occurred: boom","reason":"InternalError","details":{"causes":[{"message":"boom"}]},"code":500}',
    },
    {
      name: 'TooManyRequests carries retryAfterSeconds',
      error: () => tooManyRequests('slow down', 3),
      json: '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"slow down","reason":"TooManyRequests","details":{"retryAfterSeconds":3},"code":429}',
    },
  ])('$name', ({ error, json }) => {
    expect(JSON.stringify(error().toStatus())).toBe(json);
  });
});

describe('successStatus', () => {
  it('is the Success Status of a delete: no message, reason or code', () => {
    expect(JSON.stringify(successStatus({ name: 'web', group: 'apps', kind: 'deployments', uid: 'u-1' }))).toBe(
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","details":{"name":"web","group":"apps","kind":"deployments","uid":"u-1"}}',
    );
  });
});

describe('isStatusError', () => {
  it.each([
    { name: 'a StatusError', value: notFound(pods, 'x'), expected: true },
    { name: 'a plain Error', value: new Error('x'), expected: false },
    { name: 'a look-alike object', value: { code: 404, reason: 'NotFound' }, expected: false },
    { name: 'undefined', value: undefined, expected: false },
  ])('$name → $expected', ({ value, expected }) => {
    expect(isStatusError(value)).toBe(expected);
  });
});

describe('aggregateMessages', () => {
  it.each([
    { name: 'one', messages: ['a'], text: 'a' },
    { name: 'two', messages: ['a', 'b'], text: '[a, b]' },
    { name: 'repeats dropped', messages: ['a', 'b', 'a'], text: '[a, b]' },
    { name: 'all the same', messages: ['a', 'a'], text: 'a' },
  ])('$name', ({ messages, text }) => {
    expect(aggregateMessages(messages)).toBe(text);
  });
});
