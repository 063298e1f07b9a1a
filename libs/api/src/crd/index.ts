/** CRDs from the TypeBox schemas: the structural-schema converter, the builder and the YAML renderer. */
import { makeCrd } from './crd.js';
import { CRD_SOURCES } from './definitions.js';
import type { CustomResourceDefinition } from './types.js';

export { makeCrd, rootSchema } from './crd.js';
export type { CrdSource } from './crd.js';
export { CRD_SOURCES, DUCK_ADDRESSABLE_LABEL, DUCK_PODSPECABLE_LABEL } from './definitions.js';
export { CRD_GENERATE_COMMAND, CRD_YAML_HEADER, crdFileName, renderCrdYaml } from './render.js';
export { UnsupportedSchemaError, toStructural } from './structural.js';
export type { CrdNames, CrdVersion, CustomResourceDefinition, JSONSchemaProps, PrinterColumn } from './types.js';

/** The CustomResourceDefinitions of Service, Configuration, Revision, Route, DomainMapping, PodAutoscaler and Ingress. */
export function makeCrds(): CustomResourceDefinition[] {
  return CRD_SOURCES.map(makeCrd);
}
