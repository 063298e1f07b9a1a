// The CRD sources of Istio's Gateway and VirtualService, for clusters without Istio (Ebb's
// networking-istio writes these kinds; deploy/components/istio ships their CRDs). Shaped like
// Istio's own CRDs: names, categories, printer columns, and the versions Istio serves — v1,
// v1alpha3 and v1beta1 with one schema, v1 stored (since Istio 1.27, istio/api#3498).
import { GatewaySchema, IstioResources, VirtualServiceSchema } from '../istio/v1beta1/index.js';
import type { CrdSource } from './crd.js';
import type { PrinterColumn } from './types.js';

/** The versions Istio serves for its networking kinds, all with the same schema. */
export const ISTIO_SERVED_VERSIONS: readonly string[] = ['v1', 'v1alpha3', 'v1beta1'];
/** The version Istio stores its networking kinds in. */
export const ISTIO_STORAGE_VERSION = 'v1';

const ISTIO_CATEGORIES = ['istio-io', 'networking-istio-io'];

const AGE: PrinterColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
};

/** The CRD sources of Istio's networking kinds Ebb writes, in a stable order. */
export const ISTIO_CRD_SOURCES: readonly CrdSource[] = [
  {
    ...IstioResources.gateway,
    singular: 'gateway',
    shortNames: ['gw'],
    categories: ISTIO_CATEGORIES,
    labels: {},
    // Istio's Gateway CRD declares no columns: kubectl prints NAME and AGE.
    printerColumns: [],
    schema: GatewaySchema,
    extraVersions: ISTIO_SERVED_VERSIONS,
    storageVersion: ISTIO_STORAGE_VERSION,
  },
  {
    ...IstioResources.virtualService,
    singular: 'virtualservice',
    shortNames: ['vs'],
    categories: ISTIO_CATEGORIES,
    labels: {},
    printerColumns: [
      { name: 'Gateways', type: 'string', jsonPath: '.spec.gateways', description: 'The names of gateways and sidecars that should apply these routes' },
      { name: 'Hosts', type: 'string', jsonPath: '.spec.hosts', description: 'The destination hosts to which traffic is being sent' },
      AGE,
    ],
    schema: VirtualServiceSchema,
    extraVersions: ISTIO_SERVED_VERSIONS,
    storageVersion: ISTIO_STORAGE_VERSION,
  },
];
