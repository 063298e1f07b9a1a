// The resource types a CustomResourceDefinition (apiextensions.k8s.io/v1) serves: one per
// served version, with the CRD's names, scope, subresources, printer columns and schema.
import type { JsonObject } from '../object.js';
import { isPlainObject } from '../object.js';
import { recordOf, stringOf, stringsOf } from '../values.js';
import { ALL_VERBS } from './resource-type.js';
import type { PrinterColumn, ResourceType, ScaleSubresource } from './resource-type.js';
import { CREATION_TIMESTAMP_DESCRIPTION } from './table.js';

type Loose = Record<string, unknown>;

const COLUMN_TYPES: readonly PrinterColumn['type'][] = ['string', 'integer', 'number', 'boolean', 'date'];

/** The AGE column the API server serves for a version that declares no printer columns. */
export const DEFAULT_CRD_COLUMN: PrinterColumn = {
  name: 'Age',
  type: 'date',
  description: CREATION_TIMESTAMP_DESCRIPTION,
  priority: 0,
  jsonPath: '.metadata.creationTimestamp',
};

/** One `additionalPrinterColumns` entry as a column (description defaults as the CRD table convertor's). */
export function printerColumn(definition: unknown): PrinterColumn {
  const d = recordOf(definition);
  const jsonPath = stringOf(d['jsonPath']);
  const type = COLUMN_TYPES.find((t) => t === d['type']) ?? 'string';
  const description = stringOf(d['description']) || `Custom resource definition column (in JSONPath format): ${jsonPath}`;
  const column: PrinterColumn = { name: stringOf(d['name']), type, description, priority: typeof d['priority'] === 'number' ? d['priority'] : 0, jsonPath };
  if (stringOf(d['format']) !== '') column.format = stringOf(d['format']);
  return column;
}

function columnsOf(version: Loose): PrinterColumn[] {
  const declared = Array.isArray(version['additionalPrinterColumns']) ? version['additionalPrinterColumns'] : [];
  return declared.length === 0 ? [DEFAULT_CRD_COLUMN] : declared.map(printerColumn);
}

function scaleOf(subresources: Loose): ScaleSubresource | undefined {
  const scale = subresources['scale'];
  if (!isPlainObject(scale)) return undefined;
  const result: ScaleSubresource = { specReplicasPath: stringOf(scale['specReplicasPath']), statusReplicasPath: stringOf(scale['statusReplicasPath']) };
  if (stringOf(scale['labelSelectorPath']) !== '') result.labelSelectorPath = stringOf(scale['labelSelectorPath']);
  return result;
}

interface CrdNames {
  group: string;
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  categories: string[];
  namespaced: boolean;
}

function namesOf(crd: JsonObject): CrdNames {
  const spec = recordOf(crd['spec']);
  const names = recordOf(spec['names']);
  const kind = stringOf(names['kind']);
  return {
    group: stringOf(spec['group']),
    kind,
    plural: stringOf(names['plural']),
    singular: stringOf(names['singular']) || kind.toLowerCase(),
    shortNames: stringsOf(names['shortNames']),
    categories: stringsOf(names['categories']),
    namespaced: stringOf(spec['scope']) !== 'Cluster',
  };
}

function versionResource(names: CrdNames, version: Loose): ResourceType {
  const subresources = recordOf(version['subresources']);
  const schema = recordOf(version['schema'])['openAPIV3Schema'];
  const resource: ResourceType = {
    ...names,
    shortNames: [...names.shortNames],
    categories: [...names.categories],
    version: stringOf(version['name']),
    verbs: ALL_VERBS,
    statusSubresource: isPlainObject(subresources['status']),
    tracksGeneration: true,
    patchStrategy: 'merge',
    allowCreateOnUpdate: false,
    allowUnconditionalUpdate: false,
    columns: columnsOf(version),
    custom: true,
  };
  const scale = scaleOf(subresources);
  if (scale !== undefined) resource.scale = scale;
  if (isPlainObject(schema)) resource.schema = schema as JsonObject;
  return resource;
}

/** One resource type per served version of the CRD, in the CRD's version order. */
export function resourcesFromCrd(crd: JsonObject): ResourceType[] {
  const names = namesOf(crd);
  const versions = recordOf(crd['spec'])['versions'];
  if (!Array.isArray(versions)) return [];
  return versions.map(recordOf).filter((v) => v['served'] === true).map((v) => versionResource(names, v));
}

/** Whether the CRD's `Established` condition is True (before that its resources answer 404). */
export function crdIsEstablished(crd: JsonObject): boolean {
  const conditions = recordOf(crd['status'])['conditions'];
  if (!Array.isArray(conditions)) return false;
  return conditions.some((c) => recordOf(c)['type'] === 'Established' && recordOf(c)['status'] === 'True');
}
