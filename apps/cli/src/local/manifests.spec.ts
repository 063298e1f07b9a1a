import { parseAllDocuments } from 'yaml';
import { adaptLocalOverlay, ManifestError } from './manifests.js';

const overlay = `apiVersion: v1
kind: Service
metadata:
  name: networking
  namespace: ebb-system
spec:
  type: LoadBalancer
  ports:
    - name: http
      port: 8080
      targetPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: nats
  namespace: ebb-system
spec:
  type: LoadBalancer
  ports:
    - name: client
      port: 4222
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: controller
  namespace: ebb-system
spec:
  template:
    spec:
      containers:
        - name: controller
          env:
            - name: EBB_NATS_URL
              value: nats://127.0.0.1:4222
            - name: OTHER
              value: kept
`;

function objects(text: string): Record<string, unknown>[] {
  return parseAllDocuments(text).map((doc) => doc.toJS() as Record<string, unknown>);
}

describe('adaptLocalOverlay', () => {
  it('puts the gateway and NATS ports into the Services and every EBB_NATS_URL', () => {
    const [gateway, nats, controller] = objects(adaptLocalOverlay(overlay, { gateway: 9080, nats: 14222 }));
    expect(gateway).toMatchObject({ spec: { ports: [{ name: 'http', port: 9080, targetPort: 8080 }] } });
    expect(nats).toMatchObject({ spec: { ports: [{ name: 'client', port: 14222 }] } });
    expect(controller).toMatchObject({
      spec: { template: { spec: { containers: [{ env: [{ name: 'EBB_NATS_URL', value: 'nats://127.0.0.1:14222' }, { name: 'OTHER', value: 'kept' }] }] } } },
    });
  });

  it.each([
    { name: 'no gateway Service', text: overlay.replace('name: networking', 'name: other'), message: 'the local overlay has no Service ebb-system/networking with a port' },
    { name: 'no NATS Service', text: overlay.replace('name: nats', 'name: other'), message: 'the local overlay has no Service ebb-system/nats with a port' },
  ])('refuses an overlay with $name', ({ text, message }) => {
    expect(() => adaptLocalOverlay(text, { gateway: 1, nats: 2 })).toThrow(new ManifestError(message));
  });
});
