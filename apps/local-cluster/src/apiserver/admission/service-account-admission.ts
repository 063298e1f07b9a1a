// Kubernetes' built-in ServiceAccount admission plugin (plugin/pkg/admission/serviceaccount), on
// pod CREATE: an empty `spec.serviceAccountName` becomes `default` (`spec.serviceAccount` mirrors
// it); the account must exist (403 otherwise; for `default`, which the ServiceAccount controller
// creates with each namespace, it looks again for about two seconds first); unless automounting
// is off (the pod's `automountServiceAccountToken`, else the account's), a projected
// `kube-api-access-<5 chars>` volume (token, cluster CA, namespace) is added and mounted read-only
// at /var/run/secrets/kubernetes.io/serviceaccount in every container without a mount there; the
// account's imagePullSecrets are copied when the pod has none. Runs before mutating webhooks.
import { forbidden, generatedName, isPlainObject, type KubeObject, type ResourceType } from '@ebb/apimachinery';
import type { StoreKey } from '../../storage/store.js';

/** The account a pod runs as when it names none. */
export const DEFAULT_SERVICE_ACCOUNT = 'default';
/** Where the token volume is mounted in every container. */
export const SERVICE_ACCOUNT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
/** The prefix of the projected token volume's name. */
export const TOKEN_VOLUME_PREFIX = 'kube-api-access-';
/** The ConfigMap holding the cluster CA in every namespace. */
export const ROOT_CA_CONFIG_MAP = 'kube-root-ca.crt';
/** The bound token's lifetime Kubernetes asks for (warn-only extended tokens: 1 h + 7 s). */
const TOKEN_EXPIRATION_SECONDS = 3607;
/** Pods the kubelet mirrors from static manifests carry this annotation and are not mutated. */
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
/** How often, and how far apart, the `default` account is looked for again before giving up. */
const DEFAULT_ACCOUNT_ATTEMPTS = 10;
const RETRY_INTERVAL_MS = 200;

/** What the plugin reads: stored objects, randomness for the volume name, and a way to wait. */
export interface ServiceAccountAdmissionDeps {
  readonly store: { get(key: StoreKey): KubeObject | undefined };
  readonly random: () => number;
  /** Waits between lookups of the `default` account (tests pass an instant one). */
  readonly sleep?: (ms: number) => Promise<void>;
}

type Json = Record<string, unknown>;

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function isPodCreate(resource: ResourceType): boolean {
  return resource.group === '' && resource.plural === 'pods';
}

/** The name admission errors show: the generateName prefix when the server generated the name, as Kubernetes (which names later) shows it. */
function nameForErrors(pod: KubeObject): string {
  const { name = '', generateName = '' } = pod.metadata;
  return generateName !== '' && name.startsWith(generateName) && name.length === generateName.length + 5 ? generateName : name;
}

async function findAccount(deps: ServiceAccountAdmissionDeps, namespace: string, name: string): Promise<KubeObject | undefined> {
  const attempts = name === DEFAULT_SERVICE_ACCOUNT ? DEFAULT_ACCOUNT_ATTEMPTS : 1;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (attempt > 0) await (deps.sleep ?? wait)(RETRY_INTERVAL_MS);
    const found = deps.store.get({ group: '', resource: 'serviceaccounts', namespace, name });
    if (found !== undefined) return found;
  }
  return undefined;
}

function shouldAutomount(account: KubeObject, spec: Json): boolean {
  if (typeof spec.automountServiceAccountToken === 'boolean') return spec.automountServiceAccountToken;
  if (typeof account.automountServiceAccountToken === 'boolean') return account.automountServiceAccountToken;
  return true;
}

/** The projected volume of the service-account token, CA and namespace. */
export function tokenVolume(name: string): Json {
  return {
    name,
    projected: {
      sources: [
        { serviceAccountToken: { expirationSeconds: TOKEN_EXPIRATION_SECONDS, path: 'token' } },
        { configMap: { name: ROOT_CA_CONFIG_MAP, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
      defaultMode: 420,
    },
  };
}

function records(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isPlainObject) : [];
}

/** Adds the mount to each container lacking one at the mount path; true when any got it. */
function mountIn(containers: Json[], volumeName: string): boolean {
  let mounted = false;
  for (const container of containers) {
    const mounts = records(container.volumeMounts);
    if (mounts.some((m) => m.mountPath === SERVICE_ACCOUNT_MOUNT_PATH)) continue;
    container.volumeMounts = [...mounts, { name: volumeName, readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT_PATH }];
    mounted = true;
  }
  return mounted;
}

/** mountServiceAccountToken: reuses an existing `kube-api-access-*` volume, else adds one if any container needed it. */
function mountToken(spec: Json, random: () => number): void {
  const volumes = records(spec.volumes);
  const existing = volumes.find((v) => typeof v.name === 'string' && v.name.startsWith(TOKEN_VOLUME_PREFIX));
  const volumeName = typeof existing?.name === 'string' ? existing.name : generatedName(TOKEN_VOLUME_PREFIX, random);
  const initMounted = mountIn(records(spec.initContainers), volumeName);
  const mounted = mountIn(records(spec.containers), volumeName);
  if (existing === undefined && (initMounted || mounted)) spec.volumes = [...volumes, tokenVolume(volumeName)];
}

function copyPullSecrets(account: KubeObject, spec: Json): void {
  if (records(spec.imagePullSecrets).length > 0) return;
  const secrets = records(account.imagePullSecrets).map((s) => ({ name: s.name }));
  if (secrets.length > 0) spec.imagePullSecrets = secrets;
}

/** Runs the plugin on a pod being created (other resources pass through unchanged). */
export async function admitServiceAccount(resource: ResourceType, object: KubeObject, deps: ServiceAccountAdmissionDeps): Promise<KubeObject> {
  if (!isPodCreate(resource) || object.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) return object;
  const pod = structuredClone(object);
  const spec: Json = isPlainObject(pod.spec) ? pod.spec : {};
  pod.spec = spec;
  const named = [spec.serviceAccountName, spec.serviceAccount].find((n): n is string => typeof n === 'string' && n !== '');
  const accountName = named ?? DEFAULT_SERVICE_ACCOUNT;
  spec.serviceAccountName = accountName;
  spec.serviceAccount = accountName;
  const namespace = pod.metadata.namespace ?? '';
  const account = await findAccount(deps, namespace, accountName);
  if (account === undefined) {
    throw forbidden(`error looking up service account ${namespace}/${accountName}: serviceaccount "${accountName}" not found`, { resource, name: nameForErrors(pod) });
  }
  if (shouldAutomount(account, spec)) mountToken(spec, deps.random);
  copyPullSecrets(account, spec);
  return pod;
}
