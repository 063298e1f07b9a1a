/**
 * Rendering of `container-name-template` / `init-container-name-template` (config-defaults, API.md §2.5):
 * a Go template over the parent's ObjectMeta, evaluated by @ebb/config's template evaluator (the
 * same one that checked the template when the ConfigMap was written).
 */
import { executeTemplate, type TemplateValues } from '@ebb/config';
import { isObject, stringMapOf, type JsonObject } from './json.js';

/** ObjectMeta fields by their Go name, read from the JSON ObjectMeta. */
const STRING_FIELDS: Readonly<Record<string, string>> = {
  Name: 'name',
  GenerateName: 'generateName',
  Namespace: 'namespace',
  UID: 'uid',
  ResourceVersion: 'resourceVersion',
};

function metaValues(meta: JsonObject): TemplateValues {
  const strings = Object.entries(STRING_FIELDS).map(([goName, jsonName]) => [goName, typeof meta[jsonName] === 'string' ? meta[jsonName] : '']);
  const generation = typeof meta['generation'] === 'number' ? String(meta['generation']) : '0';
  return {
    ...Object.fromEntries(strings) as Record<string, string>,
    Generation: generation,
    Labels: stringMapOf(meta['labels']),
    Annotations: stringMapOf(meta['annotations']),
  };
}

/**
 * The template rendered against the parent ObjectMeta (a template without actions is returned
 * as is). A template that does not render gives the empty name, as Knative's defaulting does;
 * config validation refuses such templates when the ConfigMap is written.
 */
export function renderNameTemplate(template: string, parentMeta: unknown): string {
  if (!template.includes('{{')) return template;
  const meta = isObject(parentMeta) ? parentMeta : {};
  const run = executeTemplate({ name: 'container-name-template', text: template, values: metaValues(meta), typeName: 'v1.ObjectMeta' });
  return run.ok ? run.text : '';
}
