import { StatusError } from '@ebb/apimachinery';
import { deleteOptionsOf, includeObjectOf, listQueryOf, writeOptionsOf } from './query.js';

function caught(run: () => unknown): StatusError {
  try {
    run();
  } catch (error) {
    if (error instanceof StatusError) return error;
    throw error;
  }
  throw new Error('expected a StatusError');
}

function q(text: string): URLSearchParams {
  return new URLSearchParams(text);
}

describe('writeOptionsOf', () => {
  it.each([
    { name: 'nothing', query: '', options: { dryRun: false, fieldManager: undefined, fieldValidation: undefined, force: undefined } },
    { name: 'dryRun=All', query: 'dryRun=All', options: { dryRun: true, fieldManager: undefined, fieldValidation: undefined, force: undefined } },
    {
      name: 'kubectl apply --server-side',
      query: 'fieldManager=kubectl&fieldValidation=Strict&force=false',
      options: { dryRun: false, fieldManager: 'kubectl', fieldValidation: 'Strict', force: false },
    },
    { name: 'fieldValidation=Warn', query: 'fieldValidation=Warn', options: { dryRun: false, fieldManager: undefined, fieldValidation: 'Warn', force: undefined } },
    { name: 'fieldValidation=Ignore', query: 'fieldValidation=Ignore', options: { dryRun: false, fieldManager: undefined, fieldValidation: 'Ignore', force: undefined } },
    { name: 'empty fieldValidation', query: 'fieldValidation=', options: { dryRun: false, fieldManager: undefined, fieldValidation: undefined, force: undefined } },
    { name: 'force=true', query: 'force=true', options: { dryRun: false, fieldManager: undefined, fieldValidation: undefined, force: true } },
    { name: 'force=1', query: 'force=1', options: { dryRun: false, fieldManager: undefined, fieldValidation: undefined, force: true } },
    { name: 'bare force', query: 'force', options: { dryRun: false, fieldManager: undefined, fieldValidation: undefined, force: true } },
    // apimachinery's query conversion (runtime Convert_Slice_string_To_bool): only "0" and "false" (any case) are false.
    { name: 'force=True', query: 'force=True', options: { dryRun: false, fieldManager: undefined, fieldValidation: undefined, force: true } },
  ])('$name', ({ query, options }) => {
    expect(writeOptionsOf(q(query))).toEqual(options);
  });

  it.each([
    { name: 'bad dryRun', query: 'dryRun=Yes', message: 'dryRun: Unsupported value: "Yes": supported values: "All"' },
    { name: 'dryRun=All plus a bad one', query: 'dryRun=All&dryRun=Some', message: 'dryRun: Unsupported value: "Some": supported values: "All"' },
    { name: 'bad fieldValidation', query: 'fieldValidation=strict', message: 'fieldValidation: Unsupported value: "strict": supported values: "Ignore", "Strict", "Warn"' },
    { name: 'fieldManager over 128 characters', query: `fieldManager=${'m'.repeat(129)}`, message: 'fieldManager: Too long: may not be more than 128 bytes' },
  ])('$name → 400', ({ query, message }) => {
    const error = caught(() => writeOptionsOf(q(query)));
    expect({ code: error.code, reason: error.reason, message: error.message }).toEqual({ code: 400, reason: 'BadRequest', message });
  });
});

describe('listQueryOf', () => {
  it.each([
    { name: 'nothing', query: '', list: { labelSelector: undefined, fieldSelector: undefined, limit: undefined, continue: undefined } },
    {
      name: 'kubectl get with selectors and chunking',
      query: 'fieldSelector=metadata.name%3Dcm1&labelSelector=app%3Dx%2Ctier%21%3Dy&limit=2',
      list: { labelSelector: 'app=x,tier!=y', fieldSelector: 'metadata.name=cm1', limit: 2, continue: undefined },
    },
    { name: 'continue token', query: 'limit=500&continue=abc', list: { labelSelector: undefined, fieldSelector: undefined, limit: 500, continue: 'abc' } },
    { name: 'limit=0', query: 'limit=0', list: { labelSelector: undefined, fieldSelector: undefined, limit: 0, continue: undefined } },
    { name: 'empty limit', query: 'limit=', list: { labelSelector: undefined, fieldSelector: undefined, limit: undefined, continue: undefined } },
  ])('$name', ({ query, list }) => {
    expect(listQueryOf(q(query))).toEqual(list);
  });

  it.each([
    { name: 'limit not an integer', query: 'limit=ten', message: 'invalid limit parameter: "ten" is not an integer' },
    { name: 'limit fractional', query: 'limit=1.5', message: 'invalid limit parameter: "1.5" is not an integer' },
    { name: 'negative limit', query: 'limit=-1', message: 'limit must be a non-negative integer' },
  ])('$name → 400', ({ query, message }) => {
    const error = caught(() => listQueryOf(q(query)));
    expect({ code: error.code, reason: error.reason, message: error.message }).toEqual({ code: 400, reason: 'BadRequest', message });
  });
});

describe('deleteOptionsOf', () => {
  const none = { propagationPolicy: undefined, gracePeriodSeconds: undefined, preconditions: undefined, dryRun: false };
  it.each([
    { name: 'nothing', query: '', body: undefined, options: none },
    { name: 'body not an object', query: '', body: 'x', options: none },
    {
      name: 'kubectl delete body',
      query: '',
      body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background', gracePeriodSeconds: 0 },
      options: { ...none, propagationPolicy: 'Background', gracePeriodSeconds: 0 },
    },
    { name: 'Foreground in the query', query: 'propagationPolicy=Foreground', body: undefined, options: { ...none, propagationPolicy: 'Foreground' } },
    { name: 'Orphan in the body', query: '', body: { propagationPolicy: 'Orphan' }, options: { ...none, propagationPolicy: 'Orphan' } },
    { name: 'query wins over body: propagation', query: 'propagationPolicy=Orphan', body: { propagationPolicy: 'Foreground' }, options: { ...none, propagationPolicy: 'Orphan' } },
    { name: 'query wins over body: grace', query: 'gracePeriodSeconds=5', body: { gracePeriodSeconds: 30 }, options: { ...none, gracePeriodSeconds: 5 } },
    { name: 'empty propagation', query: 'propagationPolicy=', body: undefined, options: none },
    {
      name: 'preconditions from the body',
      query: '',
      body: { preconditions: { uid: 'u-1', resourceVersion: '12' } },
      options: { ...none, preconditions: { uid: 'u-1', resourceVersion: '12' } },
    },
    { name: 'dryRun in the query', query: 'dryRun=All', body: undefined, options: { ...none, dryRun: true } },
    { name: 'dryRun in the body', query: '', body: { dryRun: ['All'] }, options: { ...none, dryRun: true } },
  ])('$name', ({ query, body, options }) => {
    expect(deleteOptionsOf(q(query), body)).toEqual(options);
  });

  it.each([
    {
      name: 'bad propagation in the query',
      query: 'propagationPolicy=Cascade',
      body: undefined,
      message: 'propagationPolicy: Unsupported value: "Cascade": supported values: "Background", "Foreground", "Orphan"',
    },
    {
      name: 'bad propagation in the body',
      query: '',
      body: { propagationPolicy: 'background' },
      message: 'propagationPolicy: Unsupported value: "background": supported values: "Background", "Foreground", "Orphan"',
    },
    { name: 'grace not an integer', query: 'gracePeriodSeconds=soon', body: undefined, message: 'invalid gracePeriodSeconds parameter: "soon" is not an integer' },
    { name: 'bad dryRun', query: 'dryRun=Some', body: undefined, message: 'dryRun: Unsupported value: "Some": supported values: "All"' },
  ])('$name → 400', ({ query, body, message }) => {
    const error = caught(() => deleteOptionsOf(q(query), body));
    expect({ code: error.code, reason: error.reason, message: error.message }).toEqual({ code: 400, reason: 'BadRequest', message });
  });
});

describe('includeObjectOf', () => {
  it.each([
    { name: 'absent: Metadata', query: '', value: 'Metadata' },
    { name: 'Metadata', query: 'includeObject=Metadata', value: 'Metadata' },
    { name: 'Object', query: 'includeObject=Object', value: 'Object' },
    { name: 'None', query: 'includeObject=None', value: 'None' },
  ])('$name', ({ query, value }) => {
    expect(includeObjectOf(q(query))).toBe(value);
  });
});
