// The coordinates of Istio's `networking.istio.io` kinds Ebb writes (net-istio's VirtualServices
// and per-Ingress Gateways, ISTIO.md §2, §3, §5): group, version, kinds and their REST resource
// types, in the same shape as KnativeResources so @ebb/kube can watch and write them.
import type { KnativeResourceType } from '../../core/resources.js';

/** The API group of Istio's traffic-management kinds. */
export const ISTIO_NETWORKING_GROUP = 'networking.istio.io';
/** The version net-istio reads and writes (Istio also serves `v1` and `v1alpha3` with the same schema). */
export const ISTIO_NETWORKING_V1BETA1_VERSION = 'v1beta1';
/** `apiVersion` of the Gateways and VirtualServices Ebb writes. */
export const ISTIO_API_VERSION = 'networking.istio.io/v1beta1';
/** `kind` of a VirtualService. */
export const VIRTUAL_SERVICE_KIND = 'VirtualService';
/** `kind` of an Istio Gateway. */
export const GATEWAY_KIND = 'Gateway';

/** The REST coordinates of Istio's VirtualService and Gateway (assignable to @ebb/kube's `ResourceType`). */
export const IstioResources = {
  virtualService: {
    group: ISTIO_NETWORKING_GROUP,
    version: ISTIO_NETWORKING_V1BETA1_VERSION,
    plural: 'virtualservices',
    kind: VIRTUAL_SERVICE_KIND,
    namespaced: true,
  },
  gateway: { group: ISTIO_NETWORKING_GROUP, version: ISTIO_NETWORKING_V1BETA1_VERSION, plural: 'gateways', kind: GATEWAY_KIND, namespaced: true },
} as const satisfies Record<string, KnativeResourceType>;
