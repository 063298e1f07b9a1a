/** CRDs from the TypeBox schemas: the structural-schema converter, the builder and the YAML renderer. */
import { makeCrd } from './crd.js';
import { CRD_SOURCES } from './definitions.js';
import { ISTIO_CRD_SOURCES } from './istio-definitions.js';
import type { CustomResourceDefinition } from './types.js';

export { crdVersions, makeCrd, rootSchema } from './crd.js';
export type { CrdSource } from './crd.js';
export { CRD_SOURCES, DUCK_ADDRESSABLE_LABEL, DUCK_PODSPECABLE_LABEL } from './definitions.js';
export { ISTIO_CRD_SOURCES, ISTIO_SERVED_VERSIONS, ISTIO_STORAGE_VERSION } from './istio-definitions.js';
export { CRD_GENERATE_COMMAND, CRD_YAML_HEADER, crdFileName, renderCrdYaml } from './render.js';
export { UnsupportedSchemaError, toStructural } from './structural.js';
export type { CrdNames, CrdVersion, CustomResourceDefinition, JSONSchemaProps, PrinterColumn } from './types.js';

/** The CustomResourceDefinitions of Service, Configuration, Revision, Route, DomainMapping, PodAutoscaler and Ingress. */
export function makeCrds(): CustomResourceDefinition[] {
  return CRD_SOURCES.map(makeCrd);
}

/** The CustomResourceDefinitions of Istio's Gateway and VirtualService, for clusters without Istio. */
export function makeIstioCrds(): CustomResourceDefinition[] {
  return ISTIO_CRD_SOURCES.map(makeCrd);
}

/**
 * Files of a CRD folder that are not generated and that the generator leaves alone: a folder may be
 * a kustomize component (`deploy/components/istio/crds`, which overlays/local-istio includes).
 */
export const CRD_FOLDER_HAND_WRITTEN: readonly string[] = ['kustomization.yaml'];

/** A folder of generated CRD files (one `<plural>.<group>.yaml` each, besides {@link CRD_FOLDER_HAND_WRITTEN}) and the CRDs it holds. */
export interface CrdFolder {
  /** The folder, relative to the repository root. */
  readonly dir: string;
  /** Builds the CRDs the folder holds, exactly. */
  readonly make: () => CustomResourceDefinition[];
}

/**
 * Where `tools/crds/generate.mjs` writes the CRDs and the drift spec compares them: Ebb's own kinds
 * in the base, Istio's under the istio component (applied only where Istio is not installed).
 */
export const CRD_FOLDERS: readonly CrdFolder[] = [
  { dir: 'deploy/base/crds', make: makeCrds },
  { dir: 'deploy/components/istio/crds', make: makeIstioCrds },
];
