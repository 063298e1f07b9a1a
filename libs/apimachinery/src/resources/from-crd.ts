// The resource types a CustomResourceDefinition (apiextensions.k8s.io/v1) serves: one per
// served version, with the CRD's names, scope, subresources, printer columns and schema.
import type { JsonObject } from '../object.js';
import { isPlainObject } from '../object.js';
import { ALL_VERBS } from './resource-type.js';
import type { PrinterColumn, ResourceType, ScaleSubresource } from './resource-type.js';
import { CREATION_TIMESTAMP_DESCRIPTION } from './table.js';

type Loose = Record<string, unknown>;

function rec(value: unknown): Loose {
  return isPlainObject(value) ? value : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

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
  const d = rec(definition);
  const jsonPath = str(d['jsonPath']);
  const type = COLUMN_TYPES.find((t) => t === d['type']) ?? 'string';
  const description = str(d['description']) || `Custom resource definition column (in JSONPath format): ${jsonPath}`;
  const column: PrinterColumn = { name: str(d['name']), type, description, priority: typeof d['priority'] === 'number' ? d['priority'] : 0, jsonPath };
  if (str(d['format']) !== '') column.format = str(d['format']);
  return column;
}

function columnsOf(version: Loose): PrinterColumn[] {
  const declared = Array.isArray(version['additionalPrinterColumns']) ? version['additionalPrinterColumns'] : [];
  return declared.length === 0 ? [DEFAULT_CRD_COLUMN] : declared.map(printerColumn);
}

function scaleOf(subresources: Loose): ScaleSubresource | undefined {
  const scale = subresources['scale'];
  if (!isPlainObject(scale)) return undefined;
  const result: ScaleSubresource = { specReplicasPath: str(scale['specReplicasPath']), statusReplicasPath: str(scale['statusReplicasPath']) };
  if (str(scale['labelSelectorPath']) !== '') result.labelSelectorPath = str(scale['labelSelectorPath']);
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
  const spec = rec(crd['spec']);
  const names = rec(spec['names']);
  const kind = str(names['kind']);
  return {
    group: str(spec['group']),
    kind,
    plural: str(names['plural']),
    singular: str(names['singular']) || kind.toLowerCase(),
    shortNames: strings(names['shortNames']),
    categories: strings(names['categories']),
    namespaced: str(spec['scope']) !== 'Cluster',
  };
}

function versionResource(names: CrdNames, version: Loose): ResourceType {
  const subresources = rec(version['subresources']);
  const schema = rec(version['schema'])['openAPIV3Schema'];
  const resource: ResourceType = {
    ...names,
    shortNames: [...names.shortNames],
    categories: [...names.categories],
    version: str(version['name']),
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
  const versions = rec(crd['spec'])['versions'];
  if (!Array.isArray(versions)) return [];
  return versions.map(rec).filter((v) => v['served'] === true).map((v) => versionResource(names, v));
}

/** Whether the CRD's `Established` condition is True (before that its resources answer 404). */
export function crdIsEstablished(crd: JsonObject): boolean {
  const conditions = rec(crd['status'])['conditions'];
  if (!Array.isArray(conditions)) return false;
  return conditions.some((c) => rec(c)['type'] === 'Established' && rec(c)['status'] === 'True');
}
