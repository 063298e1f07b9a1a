/** A node of a CRD `openAPIV3Schema` (the structural subset Ebb emits; apiextensions.k8s.io/v1 `JSONSchemaProps`). */
export interface JSONSchemaProps {
  description?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  required?: string[];
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: JSONSchemaProps;
  items?: JSONSchemaProps;
  /** Only on int-or-string nodes: `[{type: integer}, {type: string}]`. */
  anyOf?: JSONSchemaProps[];
  default?: unknown;
  'x-kubernetes-preserve-unknown-fields'?: true;
  'x-kubernetes-int-or-string'?: true;
}

/** A column `kubectl get` prints for a custom resource. */
export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description?: string;
  priority?: number;
}

/** The names of a custom resource kind (`CustomResourceDefinitionNames`). */
export interface CrdNames {
  kind: string;
  plural: string;
  singular: string;
  shortNames?: string[];
  categories?: string[];
}

/** One version of a CRD (`CustomResourceDefinitionVersion`). */
export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  subresources: { status: Record<string, never> };
  schema: { openAPIV3Schema: JSONSchemaProps };
  additionalPrinterColumns: PrinterColumn[];
}

/** An `apiextensions.k8s.io/v1` CustomResourceDefinition, as Ebb generates it. */
export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string; labels?: Record<string, string> };
  spec: {
    group: string;
    names: CrdNames;
    scope: 'Namespaced' | 'Cluster';
    versions: CrdVersion[];
  };
}
