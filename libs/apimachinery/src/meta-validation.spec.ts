import { formatCause } from './field-cause.js';
import type { FieldCause } from './field-cause.js';
import { goStringSlice, validateMetaUpdate, validateObjectMeta } from './meta-validation.js';
import type { ObjectMetaRules } from './meta-validation.js';
import type { ObjectMeta, OwnerReference } from './object.js';

const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

const namespacedCreate: ObjectMetaRules = { namespaced: true, nameRule: 'subdomain', creating: true };
const clusterCreate: ObjectMetaRules = { namespaced: false, nameRule: 'label', creating: true };
const serviceCreate: ObjectMetaRules = { namespaced: true, nameRule: 'dns1035', creating: true };

const lines = (causes: FieldCause[]): string[] => causes.map(formatCause);

/** A valid owner reference with some fields replaced. */
function owner(over: Partial<OwnerReference> = {}): OwnerReference {
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'u-1', ...over };
}

describe('validateObjectMeta', () => {
  it.each([
    { name: 'valid namespaced object', meta: { name: 'web', namespace: 'default' }, rules: namespacedCreate, errors: [] },
    { name: 'valid cluster-scoped object', meta: { name: 'team-a' }, rules: clusterCreate, errors: [] },
    { name: 'generateName alone on create', meta: { generateName: 'web-', namespace: 'default' }, rules: namespacedCreate, errors: [] },
    {
      name: 'no name and no generateName',
      meta: { namespace: 'default' },
      rules: namespacedCreate,
      errors: ['metadata.name: Required value: name or generateName is required'],
    },
    {
      name: 'generateName alone on update',
      meta: { generateName: 'web-', namespace: 'default' },
      rules: { ...namespacedCreate, creating: false },
      errors: ['metadata.name: Required value: name or generateName is required'],
    },
    { name: 'bad subdomain name', meta: { name: 'Foo', namespace: 'default' }, rules: namespacedCreate, errors: [`metadata.name: Invalid value: "Foo": ${SUBDOMAIN}`] },
    {
      name: 'over-long name',
      meta: { name: 'a'.repeat(254), namespace: 'default' },
      rules: namespacedCreate,
      errors: [`metadata.name: Invalid value: "${'a'.repeat(254)}": must be no more than 253 characters`],
    },
    { name: 'namespace name with dots', meta: { name: 'a.b' }, rules: clusterCreate, errors: ['metadata.name: Invalid value: "a.b": must not contain dots'] },
    { name: 'service name starting with a digit', meta: { name: '1svc', namespace: 'default' }, rules: serviceCreate, errors: [`metadata.name: Invalid value: "1svc": ${DNS1035}`] },
    { name: 'bad generateName', meta: { generateName: 'Web-', namespace: 'default' }, rules: namespacedCreate, errors: [`metadata.generateName: Invalid value: "Web-": ${SUBDOMAIN}`] },
    { name: 'missing namespace', meta: { name: 'web' }, rules: namespacedCreate, errors: ['metadata.namespace: Required value'] },
    { name: 'bad namespace', meta: { name: 'web', namespace: 'Prod' }, rules: namespacedCreate, errors: [`metadata.namespace: Invalid value: "Prod": ${LABEL}`] },
    { name: 'namespace on a cluster-scoped kind', meta: { name: 'n1', namespace: 'default' }, rules: clusterCreate, errors: ['metadata.namespace: Forbidden: not allowed on this type'] },
    {
      name: 'negative generation',
      meta: { name: 'web', namespace: 'default', generation: -1 },
      rules: namespacedCreate,
      errors: ['metadata.generation: Invalid value: -1: must be greater than or equal to 0'],
    },
    {
      name: 'bad label key',
      meta: { name: 'web', namespace: 'default', labels: { 'app:x': 'y' } },
      rules: namespacedCreate,
      errors: [`metadata.labels: Invalid value: "app:x": ${NAME_PART}`],
    },
    {
      name: 'bad annotation key',
      meta: { name: 'web', namespace: 'default', annotations: { '-x': 'y' } },
      rules: namespacedCreate,
      errors: [`metadata.annotations: Invalid value: "-x": ${NAME_PART}`],
    },
    {
      name: 'bad finalizer',
      meta: { name: 'web', namespace: 'default', finalizers: ['example.com/ok', 'bad finalizer'] },
      rules: namespacedCreate,
      errors: [`metadata.finalizers: Invalid value: "bad finalizer": ${NAME_PART}`],
    },
    {
      name: 'orphan and foregroundDeletion together',
      meta: { name: 'web', namespace: 'default', finalizers: ['orphan', 'foregroundDeletion'] },
      rules: namespacedCreate,
      errors: ['metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set'],
    },
    {
      name: 'several problems at once',
      meta: { name: 'Web', labels: { a: '-' } },
      rules: namespacedCreate,
      errors: [
        `metadata.name: Invalid value: "Web": ${SUBDOMAIN}`,
        'metadata.namespace: Required value',
        "metadata.labels: Invalid value: \"-\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      ],
    },
  ])('$name', ({ meta, rules, errors }) => {
    expect(lines(validateObjectMeta(meta as ObjectMeta, rules))).toEqual(errors);
  });

  it.each([
    { name: 'valid', refs: [owner()], errors: [] },
    {
      name: 'every field missing',
      refs: [owner({ apiVersion: '', kind: '', name: '', uid: '' })],
      errors: [
        'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
        'metadata.ownerReferences.kind: Invalid value: "": must not be empty',
        'metadata.ownerReferences.name: Invalid value: "": must not be empty',
        'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
      ],
    },
    { name: 'group without version', refs: [owner({ apiVersion: 'apps/' })], errors: ['metadata.ownerReferences.apiVersion: Invalid value: "apps/": version must not be empty'] },
    { name: 'Event as owner', refs: [owner({ apiVersion: 'v1', kind: 'Event' })], errors: ['metadata.ownerReferences: Invalid value: "object": /v1, Kind=Event is disallowed from being an owner'] },
    { name: 'one controller', refs: [owner({ controller: true }), owner({ name: 'b', uid: 'u-2', controller: false })], errors: [] },
    {
      name: 'two controllers',
      refs: [owner({ name: 'a', controller: true }), owner({ name: 'b', uid: 'u-2', controller: true })],
      errors: ['metadata.ownerReferences: Invalid value: "object": Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/a and ReplicaSet/b'],
    },
  ])('ownerReferences: $name', ({ refs, errors }) => {
    expect(lines(validateObjectMeta({ name: 'p', namespace: 'default', ownerReferences: refs }, namespacedCreate))).toEqual(errors);
  });
});

describe('validateMetaUpdate', () => {
  const old: ObjectMeta = { name: 'a', namespace: 'default', uid: 'u-1', creationTimestamp: '2024-01-02T03:04:05Z', finalizers: ['example.com/f'] };

  it.each([
    { name: 'nothing changed', next: { ...old }, errors: [] },
    { name: 'labels changed', next: { ...old, labels: { a: 'b' } }, errors: [] },
    { name: 'name changed', next: { ...old, name: 'b' }, errors: ['metadata.name: Invalid value: "b": field is immutable'] },
    { name: 'namespace changed', next: { ...old, namespace: 'other' }, errors: ['metadata.namespace: Invalid value: "other": field is immutable'] },
    { name: 'uid changed', next: { ...old, uid: 'u-2' }, errors: ['metadata.uid: Invalid value: "u-2": field is immutable'] },
    { name: 'uid cleared', next: { ...old, uid: undefined }, errors: ['metadata.uid: Invalid value: "": field is immutable'] },
    {
      name: 'creationTimestamp changed',
      next: { ...old, creationTimestamp: '2025-06-07T08:09:10Z' },
      errors: ['metadata.creationTimestamp: Invalid value: 2025-06-07 08:09:10 +0000 UTC: field is immutable'],
    },
    {
      name: 'creationTimestamp cleared',
      next: { ...old, creationTimestamp: undefined },
      errors: ['metadata.creationTimestamp: Invalid value: 0001-01-01 00:00:00 +0000 UTC: field is immutable'],
    },
    { name: 'new finalizer on a live object', next: { ...old, finalizers: ['example.com/f', 'x'] }, errors: [] },
  ])('$name', ({ next, errors }) => {
    expect(lines(validateMetaUpdate(old, next))).toEqual(errors);
  });

  const terminating: ObjectMeta = { ...old, deletionTimestamp: '2024-02-01T00:00:00Z', deletionGracePeriodSeconds: 0 };

  it.each([
    { name: 'finalizer removed', finalizers: [], errors: [] },
    {
      name: 'finalizer added',
      finalizers: ['example.com/f', 'x'],
      errors: ['metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"x"}'],
    },
    {
      name: 'several added, listed sorted',
      finalizers: ['z', 'example.com/f', 'b'],
      errors: ['metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b", "z"}'],
    },
  ])('terminating object: $name', ({ finalizers, errors }) => {
    const causes = validateMetaUpdate(terminating, { ...terminating, finalizers });
    expect(lines(causes)).toEqual(errors);
    expect(causes.every((c) => c.reason === 'FieldValueForbidden')).toBe(true);
  });
});

describe('goStringSlice', () => {
  it.each([
    { name: 'empty', values: [], text: '[]string{}' },
    { name: 'two', values: ['a', 'b"c'], text: '[]string{"a", "b\\"c"}' },
  ])('$name', ({ values, text }) => {
    expect(goStringSlice(values)).toBe(text);
  });
});
