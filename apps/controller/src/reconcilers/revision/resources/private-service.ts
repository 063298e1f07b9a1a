// The private core/v1 Service of a Revision: it selects the Revision's pods, so its EndpointSlices
// list the ready pod endpoints the networking gateway forwards to (Knative's SKS private service,
// without the activator's public twin). Pure.
import { privateServiceName, ProtocolType, ServingLabels, type Revision } from '@ebb/api';
import type { V1Service } from '@kubernetes/client-node';
import { nameOf, uidOf } from '../../shared/meta.js';
import { protocolType, revisionOwnerReference, userPort } from './meta.js';

/** The port the private Service exposes (targets the user port). */
export const PRIVATE_SERVICE_PORT = 80;
/** The appProtocol that tells the gateway to speak HTTP/2 cleartext. */
export const H2C_APP_PROTOCOL = 'kubernetes.io/h2c';

/** The private Service of `revision`: `<revision>-private`, selecting pods by revisionUID. */
export function makePrivateService(revision: Revision): V1Service {
  const name = nameOf(revision);
  const h2c = protocolType(revision) === ProtocolType.H2C;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: privateServiceName(name),
      namespace: revision.metadata?.namespace,
      labels: { ...revision.metadata?.labels, [ServingLabels.Revision]: name },
      ownerReferences: [revisionOwnerReference(revision)],
    },
    spec: {
      selector: { [ServingLabels.RevisionUID]: uidOf(revision) },
      ports: [
        {
          name: h2c ? 'h2c' : 'http',
          port: PRIVATE_SERVICE_PORT,
          targetPort: userPort(revision),
          ...(h2c ? { appProtocol: H2C_APP_PROTOCOL } : {}),
        },
      ],
    },
  };
}
