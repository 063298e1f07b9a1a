import { asChoice, type FieldDef, type FieldTable, keysOf, parseWith } from './fields.js';
import type { ConfigData, ConfigResult } from './result.js';

/** Name of the feature-flag ConfigMap (Knative `pkg/apis/config/features.go`). */
export const FEATURES_CONFIG_NAME = 'config-features';

/** A feature flag's state. `Allowed` lets the field mask pass a field; some checks need `Enabled`. */
export const Flag = { Enabled: 'Enabled', Disabled: 'Disabled', Allowed: 'Allowed' } as const;
/** One of {@link Flag}. */
export type Flag = (typeof Flag)[keyof typeof Flag];

/** States of `secure-pod-defaults`. */
export const SecurePodDefaults = { Disabled: 'Disabled', AllowRootBounded: 'AllowRootBounded', Enabled: 'Enabled' } as const;
/** One of {@link SecurePodDefaults}. */
export type SecurePodDefaults = (typeof SecurePodDefaults)[keyof typeof SecurePodDefaults];

/** `config-features` as typed flags. */
export interface FeaturesConfig {
  readonly multiContainer: Flag;
  readonly multiContainerProbing: Flag;
  readonly podSpecAffinity: Flag;
  readonly podSpecTopologySpreadConstraints: Flag;
  readonly podSpecHostAliases: Flag;
  readonly podSpecFieldRef: Flag;
  readonly podSpecNodeSelector: Flag;
  readonly podSpecRuntimeClassName: Flag;
  readonly podSpecSecurityContext: Flag;
  readonly podSpecShareProcessNamespace: Flag;
  readonly podSpecHostIpc: Flag;
  readonly podSpecHostPid: Flag;
  readonly podSpecHostNetwork: Flag;
  readonly podSpecPriorityClassName: Flag;
  readonly podSpecSchedulerName: Flag;
  readonly containerSpecAddCapabilities: Flag;
  readonly podSpecTolerations: Flag;
  readonly podSpecVolumesEmptyDir: Flag;
  readonly podSpecVolumesHostPath: Flag;
  readonly podSpecVolumesCsi: Flag;
  readonly podSpecVolumesEphemeral: Flag;
  readonly podSpecVolumesImage: Flag;
  readonly podSpecVolumesMountPropagation: Flag;
  readonly podSpecPersistentVolumeClaim: Flag;
  readonly podSpecPersistentVolumeWrite: Flag;
  readonly podSpecInitContainers: Flag;
  readonly podSpecDnsPolicy: Flag;
  readonly podSpecDnsConfig: Flag;
  readonly queueProxyMountPodInfo: Flag;
  readonly queueProxyResourceDefaults: Flag;
  readonly securePodDefaults: SecurePodDefaults;
  readonly tagHeaderBasedRouting: Flag;
  readonly autodetectHttp2: Flag;
}

type FlagField = Exclude<keyof FeaturesConfig, 'securePodDefaults'>;

/** Each flag's key; all default to Disabled except the two marked. */
const FLAG_KEYS: Readonly<Record<FlagField, string>> = {
  multiContainer: 'multi-container',
  multiContainerProbing: 'multi-container-probing',
  podSpecAffinity: 'kubernetes.podspec-affinity',
  podSpecTopologySpreadConstraints: 'kubernetes.podspec-topologyspreadconstraints',
  podSpecHostAliases: 'kubernetes.podspec-hostaliases',
  podSpecFieldRef: 'kubernetes.podspec-fieldref',
  podSpecNodeSelector: 'kubernetes.podspec-nodeselector',
  podSpecRuntimeClassName: 'kubernetes.podspec-runtimeclassname',
  podSpecSecurityContext: 'kubernetes.podspec-securitycontext',
  podSpecShareProcessNamespace: 'kubernetes.podspec-shareprocessnamespace',
  podSpecHostIpc: 'kubernetes.podspec-hostipc',
  podSpecHostPid: 'kubernetes.podspec-hostpid',
  podSpecHostNetwork: 'kubernetes.podspec-hostnetwork',
  podSpecPriorityClassName: 'kubernetes.podspec-priorityclassname',
  podSpecSchedulerName: 'kubernetes.podspec-schedulername',
  containerSpecAddCapabilities: 'kubernetes.containerspec-addcapabilities',
  podSpecTolerations: 'kubernetes.podspec-tolerations',
  podSpecVolumesEmptyDir: 'kubernetes.podspec-volumes-emptydir',
  podSpecVolumesHostPath: 'kubernetes.podspec-volumes-hostpath',
  podSpecVolumesCsi: 'kubernetes.podspec-volumes-csi',
  podSpecVolumesEphemeral: 'kubernetes.podspec-volumes-ephemeral',
  podSpecVolumesImage: 'kubernetes.podspec-volumes-image',
  podSpecVolumesMountPropagation: 'kubernetes.podspec-volumes-mount-propagation',
  podSpecPersistentVolumeClaim: 'kubernetes.podspec-persistent-volume-claim',
  podSpecPersistentVolumeWrite: 'kubernetes.podspec-persistent-volume-write',
  podSpecInitContainers: 'kubernetes.podspec-init-containers',
  podSpecDnsPolicy: 'kubernetes.podspec-dnspolicy',
  podSpecDnsConfig: 'kubernetes.podspec-dnsconfig',
  queueProxyMountPodInfo: 'queueproxy.mount-podinfo',
  queueProxyResourceDefaults: 'queueproxy.resource-defaults',
  tagHeaderBasedRouting: 'tag-header-based-routing',
  autodetectHttp2: 'autodetect-http2',
};

const ENABLED_BY_DEFAULT: ReadonlySet<FlagField> = new Set<FlagField>(['multiContainer', 'podSpecVolumesEmptyDir']);
const FLAG_FIELDS = Object.keys(FLAG_KEYS) as FlagField[];

/** Knative's defaults: everything Disabled but multi-container and emptyDir volumes. */
export function defaultFeaturesConfig(): FeaturesConfig {
  const flags = Object.fromEntries(FLAG_FIELDS.map((field) => [field, ENABLED_BY_DEFAULT.has(field) ? Flag.Enabled : Flag.Disabled]));
  return { ...(flags as Record<FlagField, Flag>), securePodDefaults: SecurePodDefaults.Disabled };
}

const asFlag = asChoice<Flag>(Object.values(Flag));

const FLAG_TABLE = Object.fromEntries(FLAG_FIELDS.map((field) => [field, { key: FLAG_KEYS[field], parse: asFlag }])) as Record<FlagField, FieldDef<Flag>>;

const TABLE: FieldTable<FeaturesConfig> = {
  ...FLAG_TABLE,
  securePodDefaults: { key: 'secure-pod-defaults', parse: asChoice<SecurePodDefaults>(Object.values(SecurePodDefaults)) },
};

/** Every key `parseFeaturesConfig` reads. */
export const FEATURES_KEYS: readonly string[] = keysOf(TABLE);

/**
 * Parses `config-features` data over the defaults. Values are matched case-insensitively; an
 * unknown value keeps the default, as in Knative, so this map never fails to parse.
 */
export function parseFeaturesConfig(data: ConfigData): ConfigResult<FeaturesConfig> {
  return parseWith(data, { table: TABLE, rules: [], defaults: defaultFeaturesConfig() });
}
