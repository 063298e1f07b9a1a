import { stringify } from 'yaml';
import type { CustomResourceDefinition } from './types.js';

/** The command that regenerates the CRD folders of `CRD_FOLDERS` (quoted in the header and in the drift test). */
export const CRD_GENERATE_COMMAND = 'npx node tools/crds/generate.mjs';

/** The header comment of every generated CRD file. */
export const CRD_YAML_HEADER = [
  '# Generated from the TypeBox schemas in libs/api/src by libs/api/src/crd (makeCrds).',
  `# Do not edit: change the schemas and run \`${CRD_GENERATE_COMMAND}\`.`,
].join('\n');

/** The file name of a generated CRD (`deploy/base/crds/`, `deploy/components/istio/crds/`): `<plural>.<group>.yaml`. */
export function crdFileName(crd: CustomResourceDefinition): string {
  return `${crd.metadata.name}.yaml`;
}

/** Renders a CRD as YAML: the header, then the object in its construction order, no line folding. */
export function renderCrdYaml(crd: CustomResourceDefinition): string {
  return `${CRD_YAML_HEADER}\n${stringify(crd, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
