import { Compile } from 'typebox/compile';
import { parse } from 'yaml';
import { crdSchema, edited, type Path } from '../../crd/schema.spec-support.js';
import { ConfigurationSchema, RevisionSchema, RouteSchema, SERVICE_API_VERSION, SERVICE_KIND, ServiceSchema, type Service } from './index.js';

/** The generated CRD schema of a kind, compiled as JSON Schema: fixtures must pass it too. */
function crdValidator(kind: string): ReturnType<typeof Compile> {
  return Compile(crdSchema(kind));
}

const SERVICE = parse(`
apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: hello
  namespace: default
  labels: { app: hello }
  annotations: { serving.knative.dev/creator: admin }
  generation: 2
  finalizers: [services.serving.knative.dev]
spec:
  template:
    metadata:
      name: hello-v2
      annotations: { autoscaling.knative.dev/min-scale: "1" }
    spec:
      containerConcurrency: 10
      timeoutSeconds: 300
      serviceAccountName: hello-sa
      enableServiceLinks: false
      containers:
        - name: user-container
          image: ghcr.io/knative/helloworld-go:latest
          imagePullPolicy: IfNotPresent
          ports: [{ containerPort: 8080, name: h2c }]
          env:
            - { name: TARGET, value: World }
            - name: TOKEN
              valueFrom: { secretKeyRef: { name: creds, key: token } }
            - name: MODE
              valueFrom: { configMapKeyRef: { name: settings, key: mode, optional: true } }
          envFrom: [{ prefix: CFG_, configMapRef: { name: settings } }]
          resources: { requests: { cpu: 100m, memory: 128Mi }, limits: { memory: 1Gi, cpu: 1 } }
          readinessProbe:
            httpGet: { path: /healthz, port: 8080, httpHeaders: [{ name: X-Probe, value: "yes" }] }
            periodSeconds: 0
            successThreshold: 1
          livenessProbe: { tcpSocket: { port: http }, initialDelaySeconds: 3 }
          startupProbe: { exec: { command: [cat, /tmp/ready] }, failureThreshold: 30 }
          volumeMounts: [{ name: config, mountPath: /etc/config, readOnly: true }]
          securityContext:
            runAsNonRoot: true
            allowPrivilegeEscalation: false
            capabilities: { drop: [ALL] }
            seccompProfile: { type: RuntimeDefault }
          terminationMessagePolicy: FallbackToLogsOnError
        - name: sidecar
          image: busybox
          args: [sleep, infinity]
      volumes:
        - name: config
          configMap: { name: settings, items: [{ key: mode, path: mode.txt }] }
        - name: bundle
          projected:
            sources:
              - secret: { name: creds }
              - serviceAccountToken: { path: token, audience: api }
              - downwardAPI: { items: [{ path: labels, fieldRef: { fieldPath: metadata.labels } }] }
  traffic:
    - { tag: current, revisionName: hello-v1, percent: 90 }
    - { tag: latest, latestRevision: true, percent: 10 }
status:
  observedGeneration: 2
  conditions:
    - { type: ConfigurationsReady, status: "True", lastTransitionTime: "2026-01-01T00:00:00Z" }
    - { type: Ready, status: "True", lastTransitionTime: "2026-01-01T00:00:00Z" }
    - { type: RoutesReady, status: "True", lastTransitionTime: "2026-01-01T00:00:00Z" }
  latestCreatedRevisionName: hello-v2
  latestReadyRevisionName: hello-v2
  url: http://hello.default.svc.cluster.local
  address: { url: http://hello.default.svc.cluster.local }
  traffic:
    - { tag: current, revisionName: hello-v1, latestRevision: false, percent: 90, url: http://current-hello.default.svc.cluster.local }
    - { tag: latest, revisionName: hello-v2, latestRevision: true, percent: 10, url: http://latest-hello.default.svc.cluster.local }
`) as unknown;

const CONFIGURATION = parse(`
apiVersion: serving.knative.dev/v1
kind: Configuration
metadata:
  name: hello
  namespace: default
  labels: { serving.knative.dev/service: hello }
  ownerReferences:
    - { apiVersion: serving.knative.dev/v1, kind: Service, name: hello, uid: 1c6e0f9a, controller: true, blockOwnerDeletion: true }
spec:
  template:
    spec:
      containers: [{ image: ghcr.io/knative/helloworld-go }]
status:
  observedGeneration: 1
  conditions: [{ type: Ready, status: Unknown, reason: RevisionMissing, message: "Configuration \\"hello\\" is waiting for a Revision to become ready." }]
  latestCreatedRevisionName: hello-00001
`) as unknown;

const REVISION = parse(`
apiVersion: serving.knative.dev/v1
kind: Revision
metadata:
  name: hello-00001
  namespace: default
  labels: { serving.knative.dev/configuration: hello, serving.knative.dev/configurationGeneration: "1" }
spec:
  containerConcurrency: 0
  timeoutSeconds: 300
  responseStartTimeoutSeconds: 300
  idleTimeoutSeconds: 0
  enableServiceLinks: false
  containers:
    - name: user-container
      image: ghcr.io/knative/helloworld-go
      resources: {}
      readinessProbe: { tcpSocket: { port: 0 }, successThreshold: 1 }
      livenessProbe: { grpc: { port: 8080, service: "" } }
status:
  observedGeneration: 1
  conditions:
    - { type: Active, status: "True", severity: Info }
    - { type: Ready, status: "True" }
  logUrl: http://logs.example.com/?rev=0e1f
  containerStatuses: [{ name: user-container, imageDigest: "ghcr.io/knative/helloworld-go@sha256:0123abcd" }]
  actualReplicas: 1
  desiredReplicas: 1
`) as unknown;

const ROUTE = parse(`
apiVersion: serving.knative.dev/v1
kind: Route
metadata: { name: hello, namespace: default }
spec:
  traffic:
    - { configurationName: hello, latestRevision: true, percent: 50 }
    - { revisionName: hello-00001, latestRevision: false, percent: 50, tag: old }
status:
  url: http://hello.default.svc.cluster.local
  address: { url: http://hello.default.svc.cluster.local }
  traffic:
    - { revisionName: hello-00002, latestRevision: true, percent: 50 }
    - { revisionName: hello-00001, latestRevision: false, percent: 50, tag: old, url: http://old-hello.default.svc.cluster.local }
`) as unknown;

const KINDS = [
  { name: 'Service', schema: ServiceSchema, fixture: SERVICE },
  { name: 'Configuration', schema: ConfigurationSchema, fixture: CONFIGURATION },
  { name: 'Revision', schema: RevisionSchema, fixture: REVISION },
  { name: 'Route', schema: RouteSchema, fixture: ROUTE },
];

describe('serving.knative.dev/v1 schemas', () => {
  it.each(KINDS)('the TypeBox schema and the CRD schema accept a realistic $name', ({ name, schema, fixture }) => {
    expect([...Compile(schema).Errors(fixture)]).toEqual([]);
    expect([...crdValidator(name).Errors(fixture)]).toEqual([]);
  });

  it('the static Service type describes what the schema accepts', () => {
    const svc: Service = {
      apiVersion: SERVICE_API_VERSION,
      kind: SERVICE_KIND,
      metadata: { name: 'hello', namespace: 'default' },
      spec: {
        template: { spec: { containers: [{ image: 'ghcr.io/knative/helloworld-go', ports: [{ containerPort: 8080 }] }] } },
        traffic: [{ latestRevision: true, percent: 100 }],
      },
      status: { conditions: [{ type: 'Ready', status: 'Unknown' }], observedGeneration: 1 },
    };
    expect(Compile(ServiceSchema).Check(svc)).toBe(true);
    expect(svc.spec?.template?.spec?.containers?.[0]?.ports?.[0]?.containerPort).toBe(8080);
  });

  it.each(KINDS)('a $name may be empty (metadata, spec and status are optional)', ({ name, schema }) => {
    expect(Compile(schema).Check({})).toBe(true);
    expect(crdValidator(name).Check({})).toBe(true);
  });

  const serviceRejects: { name: string; path: Path; value: unknown; crdRejects: boolean }[] = [
    { name: 'containers not an array', path: ['spec', 'template', 'spec', 'containers'], value: { image: 'x' }, crdRejects: true },
    { name: 'containerPort a string', path: ['spec', 'template', 'spec', 'containers', 0, 'ports', 0, 'containerPort'], value: '8080', crdRejects: true },
    { name: 'traffic percent not an integer', path: ['spec', 'traffic', 0, 'percent'], value: 12.5, crdRejects: true },
    { name: 'traffic percent a string', path: ['spec', 'traffic', 0, 'percent'], value: '90', crdRejects: true },
    { name: 'latestRevision a string', path: ['spec', 'traffic', 1, 'latestRevision'], value: 'true', crdRejects: true },
    { name: 'env not an array', path: ['spec', 'template', 'spec', 'containers', 0, 'env'], value: { TARGET: 'World' }, crdRejects: true },
    { name: 'timeoutSeconds a string', path: ['spec', 'template', 'spec', 'timeoutSeconds'], value: '300', crdRejects: true },
    { name: 'a template label that is not a string', path: ['spec', 'template', 'metadata', 'labels'], value: { tier: 1 }, crdRejects: false },
    { name: 'a resource limit that is an object', path: ['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits', 'cpu'], value: { m: 1 }, crdRejects: true },
    { name: 'a probe port that is a boolean', path: ['spec', 'template', 'spec', 'containers', 0, 'livenessProbe', 'tcpSocket', 'port'], value: true, crdRejects: true },
    { name: 'condition status not True/False/Unknown', path: ['status', 'conditions', 0, 'status'], value: 'Maybe', crdRejects: true },
    { name: 'observedGeneration a string', path: ['status', 'observedGeneration'], value: '2', crdRejects: true },
    { name: 'status.address not an object', path: ['status', 'address'], value: 'http://hello', crdRejects: true },
    { name: 'metadata.labels values not strings', path: ['metadata', 'labels'], value: { app: 1 }, crdRejects: false },
    { name: 'a kind other than Service', path: ['kind'], value: 'Route', crdRejects: false },
  ];

  it.each(serviceRejects)('a Service with $name is rejected', ({ path, value, crdRejects }) => {
    const bad = edited(SERVICE, path, value);
    expect(Compile(ServiceSchema).Check(bad)).toBe(false);
    // The CRD leaves metadata to the API server and preserves template metadata unchecked.
    expect(crdValidator('Service').Check(bad)).toBe(!crdRejects);
  });

  it.each([
    { name: 'Revision containerStatuses not an array', schema: RevisionSchema, fixture: REVISION, path: ['status', 'containerStatuses'], value: {} },
    { name: 'Revision actualReplicas a float', schema: RevisionSchema, fixture: REVISION, path: ['status', 'actualReplicas'], value: 1.5 },
    { name: 'Revision grpc port a string', schema: RevisionSchema, fixture: REVISION, path: ['spec', 'containers', 0, 'livenessProbe', 'grpc', 'port'], value: 'grpc' },
    { name: 'Route traffic not an array', schema: RouteSchema, fixture: ROUTE, path: ['spec', 'traffic'], value: { percent: 100 } },
    { name: 'Route status url a number', schema: RouteSchema, fixture: ROUTE, path: ['status', 'url'], value: 42 },
    { name: 'Configuration template not an object', schema: ConfigurationSchema, fixture: CONFIGURATION, path: ['spec', 'template'], value: [] },
    { name: 'Configuration latestCreatedRevisionName a number', schema: ConfigurationSchema, fixture: CONFIGURATION, path: ['status', 'latestCreatedRevisionName'], value: 1 },
  ])('$name is rejected', ({ schema, fixture, path, value }) => {
    const bad = edited(fixture, path, value);
    expect(Compile(schema).Check(bad)).toBe(false);
  });
});
