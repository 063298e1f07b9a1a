/**
 * A container's volumeMounts (`k8s_validation.go` `validateVolumeMounts`).
 */
import type { Volume } from '../../core/podspec.js';
import { goQuote } from '../../errors/go-format.js';
import { FieldError, errInvalidValue, errMissingField } from '../../errors/field-error.js';
import { asObject, disallowedFields, flagAllows, isSet, type Features, type JsonObject } from './fields.js';

/** Mount paths (after cleaning) a container may not mount over. */
export const RESERVED_PATHS: readonly string[] = ['/', '/dev', '/dev/log'];
const MOUNT_FIELDS = ['name', 'readOnly', 'mountPath', 'subPath'] as const;
const PROPAGATION_MODES: readonly unknown[] = ['None', 'HostToContainer'];

/** One step of `path.Clean`: `..` pops a real element, or stays when it cannot (kept only in relative paths). */
function cleanStep(out: string[], part: string, rooted: boolean): void {
  if (part === '' || part === '.') return;
  if (part !== '..') out.push(part);
  else if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
  else if (!rooted) out.push('..');
}

/** Go's `path.Clean`: the shortest equivalent slash path (`//dev//` → `/dev`, `a/../b` → `b`). */
export function cleanPath(path: string): string {
  const rooted = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) cleanStep(out, part, rooted);
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** The options of {@link validateVolumeMounts}. */
export interface VolumeMountsInput {
  readonly mounts: unknown;
  /** The pod's volumes by name. */
  readonly volumes: ReadonlyMap<string, Volume>;
  readonly features: Features;
}

/** The field mask, with `mountPropagation` (None/HostToContainer) when its flag allows it. */
function validateMountFields(m: JsonObject, features: Features): FieldError {
  if (!flagAllows(features.podSpecVolumesMountPropagation)) return disallowedFields(m, MOUNT_FIELDS);
  const mode = m['mountPropagation'];
  const bad = isSet(mode) && !PROPAGATION_MODES.includes(mode) ? errInvalidValue(mode, 'mountPropagation') : FieldError.empty();
  return disallowedFields(m, [...MOUNT_FIELDS, 'mountPropagation']).also(bad);
}

/** The mountPath rules: required, not reserved, absolute, unique within the container. */
function validateMountPath(path: string, seen: ReadonlySet<string>): FieldError {
  const clean = cleanPath(path);
  if (path === '') return errMissingField('mountPath');
  if (RESERVED_PATHS.includes(clean)) return new FieldError({ message: `mountPath ${goQuote(clean)} is a reserved path`, paths: ['mountPath'] });
  if (!path.startsWith('/')) return errInvalidValue(path, 'mountPath');
  return seen.has(clean) ? errInvalidValue(`${goQuote(path)} must be unique`, 'mountPath') : FieldError.empty();
}

/** The read-only rules: mounts of anything but emptyDir/PVC/ephemeral must be read-only; so must mounts of read-only PVCs. */
function validateReadOnly(m: JsonObject, volume: Volume | undefined): FieldError {
  const v = asObject(volume);
  const readOnly = m['readOnly'] === true;
  const writable = isSet(v['emptyDir']) || isSet(v['persistentVolumeClaim']) || isSet(v['ephemeral']);
  if (!writable && !readOnly) return new FieldError({ message: 'volume mount should be readOnly for this type of volume', paths: ['readOnly'] });
  const pvcReadOnly = asObject(v['persistentVolumeClaim'])['readOnly'] === true;
  if (pvcReadOnly && !readOnly) return new FieldError({ message: 'volume is readOnly but volume mount is not', paths: ['readOnly'] });
  return FieldError.empty();
}

/** A container's volumeMounts (paths relative to `volumeMounts`). */
export function validateVolumeMounts(input: VolumeMountsInput): FieldError {
  const mounts = Array.isArray(input.mounts) ? (input.mounts as unknown[]) : [];
  const seen = new Set<string>();
  const errs = mounts.map((mount, j) => {
    const m = asObject(mount);
    const name = typeof m['name'] === 'string' ? m['name'] : '';
    const path = typeof m['mountPath'] === 'string' ? m['mountPath'] : '';
    const volume = input.volumes.get(name);
    const missing = volume === undefined ? new FieldError({ message: 'volumeMount has no matching volume', paths: ['name'] }) : FieldError.empty();
    const e = validateMountFields(m, input.features).also(missing, validateMountPath(path, seen), validateReadOnly(m, volume));
    seen.add(cleanPath(path));
    return e.viaIndex(j);
  });
  return FieldError.empty().also(...errs);
}
