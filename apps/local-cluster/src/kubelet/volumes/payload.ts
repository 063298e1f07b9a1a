// What files a pod volume holds (pkg/volume/{configmap,secret,downwardapi,projected}
// `MakePayload`/`collectData`), as plain functions: the ConfigMaps, Secrets and tokens come in
// as parameters, a map of relative path → bytes and mode comes out. The I/O side writes it.
import type { V1KeyToPath, V1Pod, V1Volume, V1VolumeProjection } from '@kubernetes/client-node';
import { fromBase64 } from '@ebb/apimachinery';
import { containerResourceValue, podFieldValue, type ConfigMapContent, type EnvSources, type FieldValue, type NodeAllocatable, type SecretContent } from '@ebb/workloads';

/** One file of a volume. */
export interface FileProjection {
  readonly data: Uint8Array;
  readonly mode: number;
}

/** A volume's files by path relative to the volume's folder. */
export type Payload = ReadonlyMap<string, FileProjection>;

/** The files, or why the volume cannot be set up. */
export type PayloadResult = { readonly ok: true; readonly payload: Payload } | { readonly ok: false; readonly message: string };

/** What volume contents are made of. */
export interface PayloadInputs {
  readonly pod: V1Pod;
  readonly sources: EnvSources;
  /** Issued service-account tokens by {@link tokenKey}. */
  readonly tokens: ReadonlyMap<string, string>;
  readonly allocatable: NodeAllocatable;
}

/** How the kubelet treats a volume. */
export type VolumeKind = 'configMap' | 'secret' | 'downwardAPI' | 'projected' | 'emptyDir' | 'hostPath' | 'other';

/** Kubernetes' default file mode for API-data volumes (0644). */
export const DEFAULT_MODE = 0o644;

const encoder = new TextEncoder();

/** The kind of a volume, by its source field. */
export function volumeKind(volume: V1Volume): VolumeKind {
  const kinds = ['configMap', 'secret', 'downwardAPI', 'projected', 'emptyDir', 'hostPath'] as const;
  return kinds.find((kind) => volume[kind] !== undefined) ?? 'other';
}

/** Volumes whose files come from the API (configMap, secret, downwardAPI, projected); they are mounted read-only. */
export function isApiDataVolume(volume: V1Volume): boolean {
  return ['configMap', 'secret', 'downwardAPI', 'projected'].includes(volumeKind(volume));
}

/** The key of a projected token source in {@link PayloadInputs.tokens}. */
export function tokenKey(volumeName: string, path: string): string {
  return `${volumeName}/${path}`;
}

/** `EBB_VOLUME_<NAME>`: the volume name upper-cased, every non-alphanumeric character → `_`. */
export function volumeEnvName(volumeName: string): string {
  return `EBB_VOLUME_${volumeName.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** The ConfigMaps and Secrets the volumes read. */
export function volumeReferences(volumes: readonly V1Volume[]): { configMaps: string[]; secrets: string[] } {
  const projections = volumes.flatMap((volume) => volume.projected?.sources ?? []);
  const names = (list: (string | undefined)[]): string[] => [...new Set(list.filter((name): name is string => name !== undefined && name !== ''))];
  return {
    configMaps: names([...volumes.map((v) => v.configMap?.name), ...projections.map((p) => p.configMap?.name)]),
    secrets: names([...volumes.map((v) => v.secret?.secretName), ...projections.map((p) => p.secret?.name)]),
  };
}

/** The files of an API-data volume (an empty payload for any other kind). */
export function volumePayload(volume: V1Volume, inputs: PayloadInputs): PayloadResult {
  const files = new Map<string, FileProjection>();
  const error = collectVolume(volume, inputs, files);
  return error === undefined ? { ok: true, payload: files } : { ok: false, message: error };
}

/** Adds the volume's files to `files`; returns an error message when one is missing. */
function collectVolume(volume: V1Volume, inputs: PayloadInputs, files: Map<string, FileProjection>): string | undefined {
  if (volume.configMap) return addConfigMap(files, keyedSource(volume.configMap.name, volume.configMap), inputs.sources);
  if (volume.secret) return addSecret(files, keyedSource(volume.secret.secretName, volume.secret), inputs.sources);
  if (volume.downwardAPI) return addDownwardApi(files, volume.downwardAPI.items ?? [], volume.downwardAPI.defaultMode ?? DEFAULT_MODE, inputs);
  if (volume.projected) return addProjected(files, volume, inputs);
  return undefined;
}

interface KeyedSource {
  readonly name: string;
  readonly items?: V1KeyToPath[];
  readonly defaultMode: number;
  readonly optional?: boolean;
}

function keyedSource(name: string | undefined, source: { items?: V1KeyToPath[]; defaultMode?: number; optional?: boolean }): KeyedSource {
  return { name: name ?? '', items: source.items, defaultMode: source.defaultMode ?? DEFAULT_MODE, optional: source.optional };
}

function addConfigMap(files: Map<string, FileProjection>, source: KeyedSource, sources: EnvSources): string | undefined {
  const configMap = sources.configMaps.get(source.name);
  if (!configMap) return source.optional === true ? undefined : `configmap "${source.name}" not found`;
  return addKeys(files, source, configMapBytes(configMap), 'configmap references non-existent config key');
}

function addSecret(files: Map<string, FileProjection>, source: KeyedSource, sources: EnvSources): string | undefined {
  const secret = sources.secrets.get(source.name);
  if (!secret) return source.optional === true ? undefined : `secret "${source.name}" not found`;
  return addKeys(files, source, secretBytes(secret), 'references non-existent secret key');
}

/** A ConfigMap's keys as bytes (`data` as UTF-8, `binaryData` decoded). */
function configMapBytes(configMap: ConfigMapContent): Map<string, Uint8Array> {
  const text = Object.entries(configMap.data ?? {}).map(([key, value]): [string, Uint8Array] => [key, encoder.encode(value)]);
  const binary = Object.entries(configMap.binaryData ?? {}).map(([key, value]): [string, Uint8Array] => [key, fromBase64(value)]);
  return new Map([...text, ...binary]);
}

function secretBytes(secret: SecretContent): Map<string, Uint8Array> {
  return new Map(Object.entries(secret.data ?? {}).map(([key, value]): [string, Uint8Array] => [key, fromBase64(value)]));
}

/** Every key as a file, or only the `items` (path and mode each); a missing item key fails unless optional. */
function addKeys(files: Map<string, FileProjection>, source: KeyedSource, data: ReadonlyMap<string, Uint8Array>, missingKey: string): string | undefined {
  if (!source.items || source.items.length === 0) {
    for (const [key, bytes] of data) files.set(key, { data: bytes, mode: source.defaultMode });
    return undefined;
  }
  for (const item of source.items) {
    const bytes = data.get(item.key);
    if (bytes !== undefined) files.set(item.path, { data: bytes, mode: item.mode ?? source.defaultMode });
    else if (source.optional !== true) return `${missingKey}: ${item.key}`;
  }
  return undefined;
}

interface DownwardItem {
  readonly path: string;
  readonly mode?: number;
  readonly fieldRef?: { fieldPath: string };
  readonly resourceFieldRef?: { resource: string; containerName?: string; divisor?: string };
}

function addDownwardApi(files: Map<string, FileProjection>, items: readonly DownwardItem[], defaultMode: number, inputs: PayloadInputs): string | undefined {
  for (const item of items) {
    const value = downwardValue(item, inputs);
    if (!value.ok) return value.message;
    files.set(item.path, { data: encoder.encode(value.value), mode: item.mode ?? defaultMode });
  }
  return undefined;
}

function downwardValue(item: DownwardItem, inputs: PayloadInputs): FieldValue {
  if (item.fieldRef) return podFieldValue(inputs.pod, item.fieldRef);
  const selector = item.resourceFieldRef;
  if (!selector) return { ok: false, message: `downwardAPI item ${item.path} has neither fieldRef nor resourceFieldRef` };
  const container = inputs.pod.spec?.containers.find((c) => c.name === selector.containerName);
  if (!container) return { ok: false, message: `container ${selector.containerName ?? ''} not found in pod` };
  return containerResourceValue(inputs.pod, container, selector, inputs.allocatable);
}

function addProjected(files: Map<string, FileProjection>, volume: V1Volume, inputs: PayloadInputs): string | undefined {
  const defaultMode = volume.projected?.defaultMode ?? DEFAULT_MODE;
  for (const source of volume.projected?.sources ?? []) {
    const error = addProjection(files, source, { volumeName: volume.name, defaultMode, inputs });
    if (error !== undefined) return error;
  }
  return undefined;
}

interface ProjectionContext {
  readonly volumeName: string;
  readonly defaultMode: number;
  readonly inputs: PayloadInputs;
}

function addProjection(files: Map<string, FileProjection>, source: V1VolumeProjection, context: ProjectionContext): string | undefined {
  const { defaultMode, inputs } = context;
  if (source.configMap) return addConfigMap(files, { ...source.configMap, name: source.configMap.name ?? '', defaultMode }, inputs.sources);
  if (source.secret) return addSecret(files, { ...source.secret, name: source.secret.name ?? '', defaultMode }, inputs.sources);
  if (source.downwardAPI) return addDownwardApi(files, source.downwardAPI.items ?? [], defaultMode, inputs);
  if (source.serviceAccountToken) {
    const token = inputs.tokens.get(tokenKey(context.volumeName, source.serviceAccountToken.path));
    if (token === undefined) return `no service account token issued for ${source.serviceAccountToken.path}`;
    files.set(source.serviceAccountToken.path, { data: encoder.encode(token), mode: defaultMode });
  }
  return undefined;
}
