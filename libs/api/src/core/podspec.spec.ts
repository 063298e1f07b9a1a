import { Compile } from 'typebox/compile';
import { parse } from 'yaml';
import { makeCrds, type JSONSchemaProps } from '../crd/index.js';
import { ContainerSchema, PodSpecSchema, VolumeSchema } from './podspec.js';

/** Every feature-gated PodSpec field of API.md §3 in use at once (validation, not the schema, gates them). */
const GATED_POD_SPEC = parse(`
serviceAccountName: runner
automountServiceAccountToken: false
imagePullSecrets: [{ name: regcred }]
enableServiceLinks: false
affinity:
  nodeAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      nodeSelectorTerms: [{ matchExpressions: [{ key: zone, operator: In, values: [a, b] }] }]
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm: { topologyKey: kubernetes.io/hostname, labelSelector: { matchLabels: { app: hello } } }
topologySpreadConstraints:
  - { maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, labelSelector: { matchLabels: { app: hello } } }
hostAliases: [{ ip: 10.0.0.1, hostnames: [db.local] }]
nodeSelector: { disktype: ssd }
runtimeClassName: gvisor
tolerations: [{ key: dedicated, operator: Equal, value: serving, effect: NoSchedule, tolerationSeconds: 60 }]
securityContext: { runAsUser: 1000, runAsGroup: 1000, runAsNonRoot: true, fsGroup: 2000, supplementalGroups: [3000], seccompProfile: { type: RuntimeDefault } }
shareProcessNamespace: true
priorityClassName: high
schedulerName: custom
dnsPolicy: ClusterFirst
dnsConfig: { nameservers: [1.1.1.1], searches: [svc.cluster.local], options: [{ name: ndots, value: "2" }] }
hostIPC: false
hostPID: false
hostNetwork: false
initContainers:
  - { name: setup, image: busybox, command: [sh, -c, "echo hi"] }
containers:
  - image: ghcr.io/knative/helloworld-go
    env:
      - name: POD_NAME
        valueFrom: { fieldRef: { fieldPath: metadata.name } }
      - name: MEM
        valueFrom: { resourceFieldRef: { resource: limits.memory, divisor: 1Mi } }
    volumeMounts:
      - { name: scratch, mountPath: /scratch, mountPropagation: HostToContainer }
      - { name: data, mountPath: /data, subPath: app }
    securityContext: { capabilities: { add: [NET_BIND_SERVICE], drop: [ALL] }, privileged: false, readOnlyRootFilesystem: true }
volumes:
  - { name: scratch, emptyDir: { medium: Memory, sizeLimit: 64Mi } }
  - { name: data, persistentVolumeClaim: { claimName: data, readOnly: false } }
  - { name: host, hostPath: { path: /var/log, type: Directory } }
  - { name: inline, csi: { driver: secrets-store.csi.k8s.io, readOnly: true, volumeAttributes: { provider: vault } } }
  - name: eph
    ephemeral:
      volumeClaimTemplate:
        metadata: { labels: { type: scratch } }
        spec: { accessModes: [ReadWriteOnce], storageClassName: fast, resources: { requests: { storage: 1Gi } } }
  - { name: model, image: { reference: "ghcr.io/models/llm:1", pullPolicy: IfNotPresent } }
  - { name: secret, secret: { secretName: creds, defaultMode: 420, optional: true } }
`) as unknown;

/** The Revision CRD's `spec` schema (an inlined PodSpec). */
function revisionSpecSchema(): JSONSchemaProps {
  const crd = makeCrds().find((c) => c.spec.names.kind === 'Revision');
  const spec = crd?.spec.versions[0]?.schema.openAPIV3Schema.properties?.spec;
  if (spec === undefined) throw new Error('no Revision CRD spec');
  return spec;
}

/** The CRD schema node at a dotted path below the Revision spec (`[]` steps into array items). */
function at(path: string): JSONSchemaProps | undefined {
  let node: JSONSchemaProps | undefined = revisionSpecSchema();
  for (const step of path.split('.')) {
    const items: boolean = step.endsWith('[]');
    node = node?.properties?.[items ? step.slice(0, -2) : step];
    if (items) node = node?.items;
  }
  return node;
}

describe('PodSpec subset (API.md §3)', () => {
  it('accepts a PodSpec that uses every feature-gated field', () => {
    expect([...Compile(PodSpecSchema).Errors(GATED_POD_SPEC)]).toEqual([]);
  });

  // "PodSpec always allowed" and "PodSpec behind a flag" of §3, plus the container, probe,
  // security context, volume and env sub-fields it lists: all must be in the CRD schema.
  it.each([
    ...['serviceAccountName', 'containers', 'volumes', 'imagePullSecrets', 'enableServiceLinks', 'automountServiceAccountToken'],
    ...['affinity', 'topologySpreadConstraints', 'hostAliases', 'nodeSelector', 'runtimeClassName', 'tolerations', 'securityContext'],
    ...['shareProcessNamespace', 'priorityClassName', 'schedulerName', 'initContainers', 'dnsPolicy', 'dnsConfig', 'hostIPC', 'hostPID', 'hostNetwork'],
    ...['name', 'args', 'command', 'env', 'workingDir', 'envFrom', 'image', 'imagePullPolicy', 'livenessProbe', 'ports'].map((f) => `containers[].${f}`),
    ...['readinessProbe', 'resources', 'securityContext', 'startupProbe', 'terminationMessagePath', 'terminationMessagePolicy', 'volumeMounts'].map((f) => `containers[].${f}`),
    ...['containerPort', 'name', 'protocol'].map((f) => `containers[].ports[].${f}`),
    ...['name', 'value', 'valueFrom.configMapKeyRef', 'valueFrom.secretKeyRef', 'valueFrom.fieldRef', 'valueFrom.resourceFieldRef'].map((f) => `containers[].env[].${f}`),
    ...['prefix', 'configMapRef', 'secretRef'].map((f) => `containers[].envFrom[].${f}`),
    'containers[].resources.limits',
    'containers[].resources.requests',
    ...['exec', 'httpGet', 'tcpSocket', 'grpc', 'initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold'].map((f) => `containers[].readinessProbe.${f}`),
    ...['failureThreshold', 'terminationGracePeriodSeconds'].map((f) => `containers[].readinessProbe.${f}`),
    ...['host', 'path', 'scheme', 'httpHeaders', 'port'].map((f) => `containers[].livenessProbe.httpGet.${f}`),
    'containers[].startupProbe.tcpSocket.host',
    'containers[].startupProbe.tcpSocket.port',
    'containers[].readinessProbe.grpc.port',
    'containers[].readinessProbe.grpc.service',
    ...['capabilities.drop', 'capabilities.add', 'readOnlyRootFilesystem', 'runAsUser', 'runAsGroup', 'runAsNonRoot'].map((f) => `containers[].securityContext.${f}`),
    ...['allowPrivilegeEscalation', 'seccompProfile', 'privileged'].map((f) => `containers[].securityContext.${f}`),
    ...['runAsUser', 'runAsGroup', 'runAsNonRoot', 'fsGroup', 'supplementalGroups', 'seccompProfile'].map((f) => `securityContext.${f}`),
    ...['secret', 'configMap', 'projected', 'emptyDir', 'persistentVolumeClaim', 'hostPath', 'csi', 'ephemeral', 'image'].map((f) => `volumes[].${f}`),
    ...['secret', 'configMap', 'serviceAccountToken', 'downwardAPI'].map((f) => `volumes[].projected.sources[].${f}`),
    ...['name', 'readOnly', 'mountPath', 'subPath', 'mountPropagation'].map((f) => `containers[].volumeMounts[].${f}`),
  ])('the Revision CRD has spec.%s', (path) => {
    expect(at(path)).toBeDefined();
  });

  // §3 "Never" and the disallowed container fields: not in the schema, so a real API server prunes them.
  it.each([
    'restartPolicy', 'terminationGracePeriodSeconds', 'activeDeadlineSeconds', 'nodeName', 'hostname', 'subdomain', 'priority', 'readinessGates',
    'containers[].lifecycle', 'containers[].stdin', 'containers[].stdinOnce', 'containers[].tty', 'containers[].volumeDevices',
    'containers[].ports[].hostIP', 'containers[].ports[].hostPort',
  ])('the Revision CRD has no spec.%s', (path) => {
    expect(at(path)).toBeUndefined();
  });

  it('defaults ports[].protocol to TCP and grpc.service to "" like the upstream CRD (API.md §2.1)', () => {
    expect(at('containers[].ports[].protocol')?.default).toBe('TCP');
    expect(at('containers[].readinessProbe.grpc.service')?.default).toBe('');
  });

  it.each([
    { name: 'supplementalGroups of strings', value: { securityContext: { supplementalGroups: ['3000'] } }, schema: PodSpecSchema },
    { name: 'tolerations not an array', value: { tolerations: { key: 'a' } }, schema: PodSpecSchema },
    { name: 'nodeSelector values not strings', value: { nodeSelector: { ssd: true } }, schema: PodSpecSchema },
    { name: 'hostNetwork a string', value: { hostNetwork: 'true' }, schema: PodSpecSchema },
    { name: 'a topology spread constraint without topologyKey', value: { topologySpreadConstraints: [{ maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule' }] }, schema: PodSpecSchema },
    { name: 'an emptyDir sizeLimit that is a boolean', value: { name: 'v', emptyDir: { sizeLimit: true } }, schema: VolumeSchema },
    { name: 'a configMap item path that is a number', value: { name: 'v', configMap: { items: [{ key: 'k', path: 1 }] } }, schema: VolumeSchema },
    { name: 'command a string', value: { image: 'x', command: 'sh -c' }, schema: ContainerSchema },
    { name: 'a secretKeyRef without a key', value: { env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's' } } }] }, schema: ContainerSchema },
    { name: 'a probe periodSeconds that is a float', value: { readinessProbe: { periodSeconds: 0.5 } }, schema: ContainerSchema },
  ])('rejects $name', ({ value, schema }) => {
    expect(Compile(schema).Check(value)).toBe(false);
  });
});
