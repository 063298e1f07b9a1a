import Type, { type Static, type TArray, type TBoolean, type TInteger, type TOptional, type TString } from 'typebox';
import { IntOrStringSchema, QuantitySchema, StringMapSchema, TemplateMetaSchema } from './meta.js';

// The PodSpec subset Knative admits (API.md §3, `pkg/apis/serving/fieldmask.go`). Fields that are
// allowed only behind a config-features flag ARE in the schema (validation rejects them when the
// flag is off); fields Knative never allows are not, so a real API server prunes them.

const gated = (flag: string, text: string): string => `${text} This is accessible behind a feature flag - ${flag}.`;
const str = (description: string): TOptional<TString> => Type.Optional(Type.String({ description }));
const int = (description: string): TOptional<TInteger> => Type.Optional(Type.Integer({ description }));
const bool = (description: string): TOptional<TBoolean> => Type.Optional(Type.Boolean({ description }));
const strings = (description: string): TOptional<TArray<TString>> => Type.Optional(Type.Array(Type.String(), { description }));

/** A reference to an object in the same namespace by name (`corev1.LocalObjectReference`). */
export const LocalObjectReferenceSchema = Type.Object(
  { name: Type.Optional(Type.String({ description: 'Name of the referent.', default: '' })) },
  { description: 'A reference to an object in the same namespace.' },
);
/** A {@link LocalObjectReferenceSchema} value. */
export type LocalObjectReference = Static<typeof LocalObjectReferenceSchema>;

const keySelectorProperties = {
  name: Type.Optional(Type.String({ description: 'Name of the referent.', default: '' })),
  key: Type.String({ description: 'The key to select.' }),
  optional: bool('Specify whether the referent or its key must be defined.'),
};

const ObjectFieldSelectorSchema = Type.Object(
  {
    apiVersion: str('Version of the schema the FieldPath is written in terms of, defaults to "v1".'),
    fieldPath: Type.String({ description: 'Path of the field to select in the specified API version.' }),
  },
  { description: 'Selects a field of the pod.' },
);

const ResourceFieldSelectorSchema = Type.Object(
  {
    containerName: str('Container name: required for volumes, optional for env vars.'),
    resource: Type.String({ description: 'Required: resource to select.' }),
    divisor: Type.Optional(QuantitySchema),
  },
  { description: 'Selects a resource of the container.' },
);

/** An environment variable of a container (`corev1.EnvVar`). */
export const EnvVarSchema = Type.Object(
  {
    name: str('Name of the environment variable. Must be a C_IDENTIFIER.'),
    value: str('Variable references $(VAR_NAME) are expanded using the previously defined environment variables.'),
    valueFrom: Type.Optional(
      Type.Object(
        {
          configMapKeyRef: Type.Optional(Type.Object(keySelectorProperties, { description: 'Selects a key of a ConfigMap.' })),
          secretKeyRef: Type.Optional(Type.Object(keySelectorProperties, { description: "Selects a key of a secret in the pod's namespace." })),
          fieldRef: Type.Optional(
            Type.Object(ObjectFieldSelectorSchema.properties, {
              description: gated('kubernetes.podspec-fieldref', 'Selects a field of the pod.'),
            }),
          ),
          resourceFieldRef: Type.Optional(
            Type.Object(ResourceFieldSelectorSchema.properties, {
              description: gated('kubernetes.podspec-fieldref', 'Selects a resource of the container.'),
            }),
          ),
        },
        { description: "Source for the environment variable's value. Cannot be used if value is not empty." },
      ),
    ),
  },
  { description: 'EnvVar represents an environment variable present in a Container.' },
);
/** An {@link EnvVarSchema} value. */
export type EnvVar = Static<typeof EnvVarSchema>;

const envFromRefProperties = {
  name: Type.Optional(Type.String({ description: 'Name of the referent.', default: '' })),
  optional: bool('Specify whether the referent must be defined.'),
};

/** A source of environment variables (`corev1.EnvFromSource`). */
export const EnvFromSourceSchema = Type.Object(
  {
    prefix: str('An optional identifier to prepend to each key.'),
    configMapRef: Type.Optional(Type.Object(envFromRefProperties, { description: 'The ConfigMap to select from.' })),
    secretRef: Type.Optional(Type.Object(envFromRefProperties, { description: 'The Secret to select from.' })),
  },
  { description: 'EnvFromSource represents the source of a set of ConfigMaps or Secrets.' },
);

/** A container port (`corev1.ContainerPort`, Knative subset: no hostIP/hostPort). */
export const ContainerPortSchema = Type.Object(
  {
    containerPort: int('Number of port to expose on the pod\'s IP address. This must be a valid port number, 0 < x < 65536.'),
    name: str('If specified, this must be an IANA_SVC_NAME; "h2c" selects HTTP/2 cleartext for the serving container.'),
    protocol: Type.Optional(Type.String({ description: 'Protocol for port. Must be UDP, TCP, or SCTP.', default: 'TCP' })),
  },
  { description: 'ContainerPort represents a network port in a single container.' },
);
/** A {@link ContainerPortSchema} value. */
export type ContainerPort = Static<typeof ContainerPortSchema>;

/** Compute resources of a container (`corev1.ResourceRequirements`: limits, requests). */
export const ResourceRequirementsSchema = Type.Object(
  {
    limits: Type.Optional(
      Type.Record(Type.String(), QuantitySchema, { description: 'Limits describes the maximum amount of compute resources allowed.' }),
    ),
    requests: Type.Optional(
      Type.Record(Type.String(), QuantitySchema, { description: 'Requests describes the minimum amount of compute resources required.' }),
    ),
  },
  { description: 'Compute Resources required by this container.' },
);

/** A volume mount (`corev1.VolumeMount`). */
export const VolumeMountSchema = Type.Object(
  {
    name: str('This must match the Name of a Volume.'),
    readOnly: bool('Mounted read-only if true, read-write otherwise (false or unspecified).'),
    mountPath: str("Path within the container at which the volume should be mounted. Must not contain ':'."),
    subPath: str("Path within the volume from which the container's volume should be mounted."),
    mountPropagation: str(
      gated('kubernetes.podspec-volumes-mount-propagation', 'Determines how mounts are propagated from the host to container and the other way around.'),
    ),
  },
  { description: 'VolumeMount describes a mounting of a Volume within a container.' },
);

const HTTPHeaderSchema = Type.Object(
  {
    name: Type.String({ description: 'The header field name.' }),
    value: Type.String({ description: 'The header field value.' }),
  },
  { description: 'HTTPHeader describes a custom header to be used in HTTP probes.' },
);

/** A probe (`corev1.Probe`): one handler (exec, httpGet, tcpSocket, grpc) plus timings. */
export const ProbeSchema = Type.Object(
  {
    exec: Type.Optional(
      Type.Object({ command: strings('Command line to execute inside the container.') }, { description: 'Exec specifies the action to take.' }),
    ),
    httpGet: Type.Optional(
      Type.Object(
        {
          host: str('Host name to connect to, defaults to the pod IP.'),
          path: str('Path to access on the HTTP server.'),
          scheme: str('Scheme to use for connecting to the host. Defaults to HTTP.'),
          httpHeaders: Type.Optional(Type.Array(HTTPHeaderSchema, { description: 'Custom headers to set in the request.' })),
          port: Type.Optional(IntOrStringSchema('Name or number of the port to access on the container.')),
        },
        { description: 'HTTPGet specifies the http request to perform.' },
      ),
    ),
    tcpSocket: Type.Optional(
      Type.Object(
        {
          host: str('Optional: Host name to connect to, defaults to the pod IP.'),
          port: Type.Optional(IntOrStringSchema('Number or name of the port to access on the container.')),
        },
        { description: 'TCPSocket specifies an action involving a TCP port.' },
      ),
    ),
    grpc: Type.Optional(
      Type.Object(
        {
          port: int('Port number of the gRPC service.'),
          service: Type.Optional(Type.String({ description: 'Name of the service to place in the gRPC HealthCheckRequest.', default: '' })),
        },
        { description: 'GRPC specifies an action involving a GRPC port.' },
      ),
    ),
    initialDelaySeconds: int('Number of seconds after the container has started before liveness probes are initiated.'),
    timeoutSeconds: int('Number of seconds after which the probe times out.'),
    periodSeconds: int('How often (in seconds) to perform the probe.'),
    successThreshold: int('Minimum consecutive successes for the probe to be considered successful after having failed.'),
    failureThreshold: int('Minimum consecutive failures for the probe to be considered failed after having succeeded.'),
    terminationGracePeriodSeconds: int('Optional duration in seconds the pod needs to terminate gracefully upon probe failure.'),
  },
  { description: 'Probe describes a health check to be performed against a container.' },
);
/** A {@link ProbeSchema} value. */
export type Probe = Static<typeof ProbeSchema>;

const SeccompProfileSchema = Type.Object(
  {
    type: str('Indicates which kind of seccomp profile will be applied: Localhost, RuntimeDefault or Unconfined.'),
    localhostProfile: str('A profile defined in a file on the node should be used.'),
  },
  { description: 'The seccomp options to use.' },
);

/** The container SecurityContext subset Knative admits. */
export const ContainerSecurityContextSchema = Type.Object(
  {
    capabilities: Type.Optional(
      Type.Object(
        {
          add: strings(gated('kubernetes.containerspec-addcapabilities', 'Added capabilities.')),
          drop: strings('Removed capabilities.'),
        },
        { description: 'The capabilities to add/drop when running containers.' },
      ),
    ),
    readOnlyRootFilesystem: bool('Whether this container has a read-only root filesystem.'),
    runAsUser: int('The UID to run the entrypoint of the container process.'),
    runAsGroup: int('The GID to run the entrypoint of the container process.'),
    runAsNonRoot: bool('Indicates that the container must run as a non-root user.'),
    allowPrivilegeEscalation: bool('Controls whether a process can gain more privileges than its parent process.'),
    seccompProfile: Type.Optional(SeccompProfileSchema),
    privileged: bool('Run container in privileged mode. Only false is allowed.'),
  },
  { description: 'SecurityContext defines the security options the container should be run with.' },
);

/** A container (`corev1.Container`, Knative subset). */
export const ContainerSchema = Type.Object(
  {
    name: str('Name of the container specified as a DNS_LABEL; defaulted by Knative when empty.'),
    image: str('Container image name.'),
    command: strings("Entrypoint array. Not executed within a shell. The container image's ENTRYPOINT is used if this is not provided."),
    args: strings("Arguments to the entrypoint. The container image's CMD is used if this is not provided."),
    workingDir: str("Container's working directory."),
    ports: Type.Optional(Type.Array(ContainerPortSchema, { description: 'List of ports to expose from the container.' })),
    env: Type.Optional(Type.Array(EnvVarSchema, { description: 'List of environment variables to set in the container.' })),
    envFrom: Type.Optional(
      Type.Array(EnvFromSourceSchema, { description: 'List of sources to populate environment variables in the container.' }),
    ),
    resources: Type.Optional(ResourceRequirementsSchema),
    volumeMounts: Type.Optional(
      Type.Array(VolumeMountSchema, { description: "Pod volumes to mount into the container's filesystem." }),
    ),
    livenessProbe: Type.Optional(Type.Object(ProbeSchema.properties, { description: 'Periodic probe of container liveness.' })),
    readinessProbe: Type.Optional(Type.Object(ProbeSchema.properties, { description: 'Periodic probe of container service readiness.' })),
    startupProbe: Type.Optional(
      Type.Object(ProbeSchema.properties, { description: 'StartupProbe indicates that the Pod has successfully initialized.' }),
    ),
    securityContext: Type.Optional(ContainerSecurityContextSchema),
    terminationMessagePath: str("Path at which the file to which the container's termination message will be written is mounted."),
    terminationMessagePolicy: str('Indicate how the termination message should be populated: File or FallbackToLogsOnError.'),
    imagePullPolicy: str('Image pull policy. One of Always, Never, IfNotPresent.'),
  },
  { description: 'A single application container that you want to run within a pod.' },
);
/** A {@link ContainerSchema} value. */
export type Container = Static<typeof ContainerSchema>;

const KeyToPathSchema = Type.Object(
  {
    key: str('The key to project.'),
    path: str('The relative path of the file to map the key to.'),
    mode: int('Optional: mode bits used to set permissions on this file.'),
  },
  { description: 'Maps a string key to a path within a volume.' },
);
const items = Type.Optional(Type.Array(KeyToPathSchema, { description: 'Keys to project into the volume, with their paths.' }));
const defaultMode = int('Optional: mode bits used to set permissions on created files by default.');

const SecretVolumeSourceSchema = Type.Object(
  {
    secretName: str("Name of the secret in the pod's namespace to use."),
    items,
    defaultMode,
    optional: bool('Specify whether the Secret or its keys must be defined.'),
  },
  { description: 'Secret represents a secret that should populate this volume.' },
);
const ConfigMapVolumeSourceSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ description: 'Name of the referent.', default: '' })),
    items,
    defaultMode,
    optional: bool('Specify whether the ConfigMap or its keys must be defined.'),
  },
  { description: 'ConfigMap represents a configMap that should populate this volume.' },
);

const SelectorRequirementSchema = Type.Object(
  {
    key: Type.String({ description: 'The key that the selector applies to.' }),
    operator: Type.String({ description: "Represents a key's relationship to a set of values." }),
    values: strings('An array of string values.'),
  },
  { description: 'A selector requirement: a key, an operator and values.' },
);

const LabelSelectorSchema = Type.Object(
  {
    matchLabels: Type.Optional(StringMapSchema('A map of {key,value} pairs.')),
    matchExpressions: Type.Optional(
      Type.Array(SelectorRequirementSchema, { description: 'A list of label selector requirements. The requirements are ANDed.' }),
    ),
  },
  { description: 'A label query over a set of resources.' },
);

const DownwardAPIFileSchema = Type.Object(
  {
    path: str('Relative path name of the file to be created.'),
    fieldRef: Type.Optional(ObjectFieldSelectorSchema),
    resourceFieldRef: Type.Optional(ResourceFieldSelectorSchema),
    mode: int('Optional: mode bits used to set permissions on this file.'),
  },
  { description: 'Information to create the file containing the pod field.' },
);

const VolumeProjectionSchema = Type.Object(
  {
    secret: Type.Optional(
      Type.Object(
        { name: ConfigMapVolumeSourceSchema.properties.name, items, optional: bool('Specify whether the Secret or its key must be defined.') },
        { description: 'Information about the secret data to project.' },
      ),
    ),
    configMap: Type.Optional(
      Type.Object(
        { name: ConfigMapVolumeSourceSchema.properties.name, items, optional: bool('Specify whether the ConfigMap or its keys must be defined.') },
        { description: 'Information about the configMap data to project.' },
      ),
    ),
    serviceAccountToken: Type.Optional(
      Type.Object(
        {
          audience: str('Intended audience of the token.'),
          expirationSeconds: int('The requested duration of validity of the service account token.'),
          path: str('The path relative to the mount point of the file to project the token into.'),
        },
        { description: 'Information about the serviceAccountToken data to project.' },
      ),
    ),
    downwardAPI: Type.Optional(
      Type.Object(
        { items: Type.Optional(Type.Array(DownwardAPIFileSchema, { description: 'Items is a list of DownwardAPIVolume file.' })) },
        { description: 'Information about the downwardAPI data to project.' },
      ),
    ),
  },
  { description: 'Projection that may be projected along with other supported volume types.' },
);

const PersistentVolumeClaimSpecSchema = Type.Object(
  {
    accessModes: strings('The desired access modes the volume should have.'),
    resources: Type.Optional(ResourceRequirementsSchema),
    storageClassName: str('Name of the StorageClass required by the claim.'),
    volumeMode: str('What type of volume is required by the claim.'),
    selector: Type.Optional(LabelSelectorSchema),
  },
  { description: 'The specification for the PersistentVolumeClaim.' },
);

/** A pod volume (`corev1.Volume`), Knative's allowed sources plus the flag-gated ones. */
export const VolumeSchema = Type.Object(
  {
    name: str("Volume's name. Must be a DNS_LABEL and unique within the pod."),
    secret: Type.Optional(SecretVolumeSourceSchema),
    configMap: Type.Optional(ConfigMapVolumeSourceSchema),
    projected: Type.Optional(
      Type.Object(
        { sources: Type.Optional(Type.Array(VolumeProjectionSchema, { description: 'List of volume projections.' })), defaultMode },
        { description: 'Items for all in one resources secrets, configmaps, and downward API.' },
      ),
    ),
    emptyDir: Type.Optional(
      Type.Object(
        { medium: str('What type of storage medium should back this directory.'), sizeLimit: Type.Optional(QuantitySchema) },
        { description: gated('kubernetes.podspec-volumes-emptydir', 'A temporary directory that shares a pod\'s lifetime.') },
      ),
    ),
    persistentVolumeClaim: Type.Optional(
      Type.Object(
        {
          claimName: Type.String({ description: 'The name of a PersistentVolumeClaim in the same namespace as the pod.' }),
          readOnly: bool('Will force the ReadOnly setting in VolumeMounts.'),
        },
        { description: gated('kubernetes.podspec-persistent-volume-claim', 'A reference to a PersistentVolumeClaim in the same namespace.') },
      ),
    ),
    hostPath: Type.Optional(
      Type.Object(
        { path: Type.String({ description: 'Path of the directory on the host.' }), type: str('Type for HostPath Volume.') },
        { description: gated('kubernetes.podspec-volumes-hostpath', 'A pre-existing file or directory on the host machine.') },
      ),
    ),
    csi: Type.Optional(
      Type.Object(
        {
          driver: Type.String({ description: 'The name of the CSI driver that handles this volume.' }),
          readOnly: bool('Specifies a read-only configuration for the volume.'),
          fsType: str('Filesystem type to mount.'),
          volumeAttributes: Type.Optional(StringMapSchema('Driver-specific properties that are passed to the CSI driver.')),
          nodePublishSecretRef: Type.Optional(LocalObjectReferenceSchema),
        },
        { description: gated('kubernetes.podspec-volumes-csi', 'Ephemeral storage handled by a CSI driver.') },
      ),
    ),
    ephemeral: Type.Optional(
      Type.Object(
        {
          volumeClaimTemplate: Type.Optional(
            Type.Object(
              { metadata: Type.Optional(TemplateMetaSchema), spec: PersistentVolumeClaimSpecSchema },
              { description: 'Will be used to create a stand-alone PVC to provision the volume.' },
            ),
          ),
        },
        { description: gated('kubernetes.podspec-volumes-ephemeral', 'A volume handled by a cluster storage driver.') },
      ),
    ),
    image: Type.Optional(
      Type.Object(
        {
          reference: str('Image or artifact reference to be used.'),
          pullPolicy: str('Policy for pulling OCI objects: Always, Never or IfNotPresent.'),
        },
        { description: gated('kubernetes.podspec-volumes-image', 'An OCI object (a container image or artifact) pulled and mounted.') },
      ),
    ),
  },
  { description: 'Volume represents a named volume in a pod that may be accessed by any container in the pod.' },
);
/** A {@link VolumeSchema} value. */
export type Volume = Static<typeof VolumeSchema>;

const PodSecurityContextSchema = Type.Object(
  {
    runAsUser: int('The UID to run the entrypoint of the container process.'),
    runAsGroup: int('The GID to run the entrypoint of the container process.'),
    runAsNonRoot: bool('Indicates that the container must run as a non-root user.'),
    fsGroup: int('A special supplemental group that applies to all containers in a pod.'),
    supplementalGroups: Type.Optional(
      Type.Array(Type.Integer(), { description: 'A list of groups applied to the first process run in each container.' }),
    ),
    seccompProfile: Type.Optional(SeccompProfileSchema),
  },
  { description: gated('kubernetes.podspec-securitycontext', 'SecurityContext holds pod-level security attributes and common container settings.') },
);

const NodeSelectorTermSchema = Type.Object(
  {
    matchExpressions: Type.Optional(Type.Array(SelectorRequirementSchema, { description: "A list of node selector requirements by node's labels." })),
    matchFields: Type.Optional(Type.Array(SelectorRequirementSchema, { description: "A list of node selector requirements by node's fields." })),
  },
  { description: 'A null or empty node selector term matches no objects.' },
);

const PodAffinityTermSchema = Type.Object(
  {
    labelSelector: Type.Optional(LabelSelectorSchema),
    namespaceSelector: Type.Optional(LabelSelectorSchema),
    namespaces: strings('A static list of namespace names that the term applies to.'),
    topologyKey: Type.String({ description: 'Co-located pods share a node whose value of this label key matches.' }),
  },
  { description: 'Defines a set of pods that this pod should be co-located (affinity) or not co-located (anti-affinity) with.' },
);

const podAffinityProperties = {
  requiredDuringSchedulingIgnoredDuringExecution: Type.Optional(
    Type.Array(PodAffinityTermSchema, { description: 'Hard requirements at scheduling time.' }),
  ),
  preferredDuringSchedulingIgnoredDuringExecution: Type.Optional(
    Type.Array(
      Type.Object({ weight: Type.Integer({ description: 'Weight, 1-100.' }), podAffinityTerm: PodAffinityTermSchema }),
      { description: 'Soft preferences at scheduling time.' },
    ),
  ),
};

const AffinitySchema = Type.Object(
  {
    nodeAffinity: Type.Optional(
      Type.Object(
        {
          requiredDuringSchedulingIgnoredDuringExecution: Type.Optional(
            Type.Object(
              { nodeSelectorTerms: Type.Array(NodeSelectorTermSchema, { description: 'A list of node selector terms. The terms are ORed.' }) },
              { description: 'Hard requirements at scheduling time.' },
            ),
          ),
          preferredDuringSchedulingIgnoredDuringExecution: Type.Optional(
            Type.Array(
              Type.Object({ weight: Type.Integer({ description: 'Weight, 1-100.' }), preference: NodeSelectorTermSchema }),
              { description: 'Soft preferences at scheduling time.' },
            ),
          ),
        },
        { description: 'Describes node affinity scheduling rules for the pod.' },
      ),
    ),
    podAffinity: Type.Optional(Type.Object(podAffinityProperties, { description: 'Describes pod affinity scheduling rules.' })),
    podAntiAffinity: Type.Optional(Type.Object(podAffinityProperties, { description: 'Describes pod anti-affinity scheduling rules.' })),
  },
  { description: gated('kubernetes.podspec-affinity', "If specified, the pod's scheduling constraints.") },
);

const TolerationSchema = Type.Object(
  {
    key: str('The taint key that the toleration applies to.'),
    operator: str('Exists or Equal. Defaults to Equal.'),
    value: str('The taint value the toleration matches to.'),
    effect: str('The taint effect to match: NoSchedule, PreferNoSchedule or NoExecute.'),
    tolerationSeconds: int('The period of time the toleration tolerates the taint (NoExecute only).'),
  },
  { description: 'The pod this Toleration is attached to tolerates any taint that matches the triple <key,value,effect>.' },
);

const TopologySpreadConstraintSchema = Type.Object(
  {
    maxSkew: Type.Integer({ description: 'The degree to which pods may be unevenly distributed.' }),
    topologyKey: Type.String({ description: 'The key of node labels.' }),
    whenUnsatisfiable: Type.String({ description: 'DoNotSchedule or ScheduleAnyway.' }),
    labelSelector: Type.Optional(LabelSelectorSchema),
    minDomains: int('The minimum number of eligible domains.'),
    nodeAffinityPolicy: str('Honor or Ignore.'),
    nodeTaintsPolicy: str('Honor or Ignore.'),
    matchLabelKeys: strings('Pod label keys to select the pods over which spreading will be calculated.'),
  },
  { description: 'How to spread matching pods among the given topology.' },
);

const HostAliasSchema = Type.Object(
  { ip: str('IP address of the host file entry.'), hostnames: strings('Hostnames for the above IP address.') },
  { description: "An entry in the pod's hosts file." },
);

const PodDNSConfigSchema = Type.Object(
  {
    nameservers: strings('A list of DNS name server IP addresses.'),
    searches: strings('A list of DNS search domains for host-name lookup.'),
    options: Type.Optional(
      Type.Array(Type.Object({ name: str('Required.'), value: str('Value of the option.') }), { description: 'A list of DNS resolver options.' }),
    ),
  },
  { description: gated('kubernetes.podspec-dnsconfig', 'Specifies the DNS parameters of a pod.') },
);

/** The properties of the PodSpec subset (inlined into `RevisionSpec`). */
export const podSpecProperties = {
  serviceAccountName: str('Name of the ServiceAccount to use to run this pod.'),
  automountServiceAccountToken: bool('Whether a service account token should be automatically mounted. Only false is allowed.'),
  containers: Type.Optional(
    Type.Array(ContainerSchema, { description: 'List of containers belonging to the pod.' }),
  ),
  initContainers: Type.Optional(
    Type.Array(ContainerSchema, { description: gated('kubernetes.podspec-init-containers', 'List of initialization containers belonging to the pod.') }),
  ),
  volumes: Type.Optional(Type.Array(VolumeSchema, { description: 'List of volumes that can be mounted by containers belonging to the pod.' })),
  imagePullSecrets: Type.Optional(
    Type.Array(LocalObjectReferenceSchema, { description: 'References to secrets for pulling any of the images used by this PodSpec.' }),
  ),
  enableServiceLinks: bool("Indicates whether information about services should be injected into pod's environment variables."),
  affinity: Type.Optional(AffinitySchema),
  topologySpreadConstraints: Type.Optional(
    Type.Array(TopologySpreadConstraintSchema, {
      description: gated('kubernetes.podspec-topologyspreadconstraints', 'How a group of pods ought to spread across topology domains.'),
    }),
  ),
  hostAliases: Type.Optional(
    Type.Array(HostAliasSchema, { description: gated('kubernetes.podspec-hostaliases', "Hosts and IPs injected into the pod's hosts file.") }),
  ),
  nodeSelector: Type.Optional(
    StringMapSchema(gated('kubernetes.podspec-nodeselector', "A selector which must be true for the pod to fit on a node.")),
  ),
  runtimeClassName: str(gated('kubernetes.podspec-runtimeclassname', 'Refers to a RuntimeClass object in the node.k8s.io group.')),
  tolerations: Type.Optional(
    Type.Array(TolerationSchema, { description: gated('kubernetes.podspec-tolerations', "If specified, the pod's tolerations.") }),
  ),
  securityContext: Type.Optional(PodSecurityContextSchema),
  shareProcessNamespace: bool(gated('kubernetes.podspec-shareprocessnamespace', 'Share a single process namespace between all of the containers in a pod.')),
  priorityClassName: str(gated('kubernetes.podspec-priorityclassname', 'Indicates the pod\'s priority.')),
  schedulerName: str(gated('kubernetes.podspec-schedulername', 'The pod will be dispatched by the specified scheduler.')),
  dnsPolicy: str(gated('kubernetes.podspec-dnspolicy', 'Set DNS policy for the pod.')),
  dnsConfig: Type.Optional(PodDNSConfigSchema),
  hostIPC: bool(gated('kubernetes.podspec-hostipc', "Use the host's ipc namespace.")),
  hostPID: bool(gated('kubernetes.podspec-hostpid', "Use the host's pid namespace.")),
  hostNetwork: bool(gated('kubernetes.podspec-hostnetwork', "Host networking requested for this pod.")),
};

/** The PodSpec subset a Knative Revision may set (API.md §3), feature-gated fields included. */
export const PodSpecSchema = Type.Object(podSpecProperties, {
  description: 'The subset of the Kubernetes PodSpec a Knative Revision may set.',
});
/** A {@link PodSpecSchema} value. */
export type PodSpec = Static<typeof PodSpecSchema>;
