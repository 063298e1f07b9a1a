import { KIND_MESSAGES, MESSAGES, type FieldSchema } from './messages.js';

function referencedMessage(field: FieldSchema): string | undefined {
  if (field.kind.type === 'message') return field.kind.message;
  if (field.kind.type === 'map' && field.kind.value.type === 'message') return field.kind.value.message;
  return undefined;
}

describe('message schemas', () => {
  it.each(Object.entries(MESSAGES).map(([name, schema]) => ({ name, schema })))('$name: referenced messages exist and JSON names are unique', ({ schema }) => {
    const fields = Object.values(schema);
    const missing = fields.map(referencedMessage).filter((name) => name !== undefined && MESSAGES[name] === undefined);
    expect(missing).toEqual([]);
    const names = fields.map((field) => field.json);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(Object.entries(KIND_MESSAGES).map(([kind, message]) => ({ kind, message })))('$kind decodes as $message, which has metadata = 1', ({ message }) => {
    expect(MESSAGES[message]?.[1]).toEqual({ json: 'metadata', kind: { type: 'message', message: 'ObjectMeta' } });
  });

  it.each([
    { name: 'ObjectMeta.labels', message: 'ObjectMeta', number: 11, expected: { json: 'labels', kind: { type: 'map', value: { type: 'string' } } } },
    { name: 'ObjectMeta.managedFields', message: 'ObjectMeta', number: 17, expected: { json: 'managedFields', kind: { type: 'message', message: 'ManagedFieldsEntry' }, repeated: true } },
    { name: 'ConfigMap.binaryData', message: 'ConfigMap', number: 3, expected: { json: 'binaryData', kind: { type: 'map', value: { type: 'bytes' } } } },
    { name: 'DeploymentSpec.replicas', message: 'DeploymentSpec', number: 1, expected: { json: 'replicas', kind: { type: 'int32' }, pointer: true } },
    { name: 'ServicePort.targetPort', message: 'ServicePort', number: 4, expected: { json: 'targetPort', kind: { type: 'intOrString' } } },
    { name: 'ResourceRequirements.limits', message: 'ResourceRequirements', number: 1, expected: { json: 'limits', kind: { type: 'map', value: { type: 'quantity' } } } },
    { name: 'TokenRequestSpec.expirationSeconds', message: 'TokenRequestSpec', number: 4, expected: { json: 'expirationSeconds', kind: { type: 'int64' }, pointer: true } },
  ])('$name', ({ message, number, expected }) => {
    expect(MESSAGES[message]?.[number]).toEqual(expected);
  });
});
