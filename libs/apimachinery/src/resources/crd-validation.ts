// The rules a CustomResourceDefinition itself must pass before it is stored
// (apiextensions-apiserver's validation): its name is `<plural>.<group>`, names and scope are
// set, exactly one version is the storage version, and every version's schema is structural.
import { fieldInvalid, fieldNotSupported, fieldRequired, type FieldCause } from '../field-cause.js';
import type { KubeObject } from '../object.js';
import { checkStructural } from '../schema/structural.js';
import { recordOf } from '../values.js';

function nameCauses(crd: KubeObject, spec: Record<string, unknown>): FieldCause[] {
  const names = recordOf(spec.names);
  const causes: FieldCause[] = [];
  if (typeof spec.group !== 'string' || spec.group === '') causes.push(fieldRequired('spec.group'));
  for (const field of ['plural', 'kind'] as const) {
    if (typeof names[field] !== 'string' || names[field] === '') causes.push(fieldRequired(`spec.names.${field}`));
  }
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  const expected = `${text(names.plural)}.${text(spec.group)}`;
  if (crd.metadata.name !== undefined && crd.metadata.name !== expected) {
    causes.push(fieldInvalid('metadata.name', crd.metadata.name, 'must be spec.names.plural+"."+spec.group'));
  }
  return causes;
}

function versionCauses(spec: Record<string, unknown>): FieldCause[] {
  const versions = Array.isArray(spec.versions) ? spec.versions.map(recordOf) : [];
  if (versions.length === 0) return [fieldInvalid('spec.versions', [], 'must have exactly one version marked as storage version')];
  const causes: FieldCause[] = [];
  if (versions.filter((v) => v.storage === true).length !== 1) {
    causes.push(fieldInvalid('spec.versions', '[]', 'must have exactly one version marked as storage version'));
  }
  versions.forEach((version, index) => {
    if (typeof version.name !== 'string' || version.name === '') causes.push(fieldRequired(`spec.versions[${index}].name`));
    causes.push(...checkStructural(recordOf(version.schema).openAPIV3Schema, `spec.versions[${index}].schema.openAPIV3Schema`));
  });
  return causes;
}

/** The field errors of a CRD; none for a good one. */
export function checkCrd(crd: KubeObject): FieldCause[] {
  const spec = recordOf(crd.spec);
  const scopeCauses = spec.scope === 'Namespaced' || spec.scope === 'Cluster' ? [] : [fieldNotSupported('spec.scope', spec.scope ?? '', ['Cluster', 'Namespaced'])];
  return [...nameCauses(crd, spec), ...scopeCauses, ...versionCauses(spec)];
}
