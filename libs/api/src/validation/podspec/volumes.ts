/**
 * Pod volumes (`k8s_validation.go` `ValidateVolumes`, `validateVolume`, `validatePersistentVolumeClaims`,
 * `validateEmptyDirFields`; `fieldmask.go` `VolumeSourceMask`).
 */
import type { Flag } from '@ebb/config';
import type { Volume } from '../../core/podspec.js';
import { validateDns1123Label } from '@ebb/apimachinery';
import { goQuote } from '../../errors/go-format.js';
import { FieldError, errGeneric, errInvalidValue, errMissingField, errMissingOneOf, errMultipleOneOf } from '../../errors/field-error.js';
import { asObject, disallowedFields, flagAllows, flagEnabled, isSet, nameOf, type Features, type JsonObject } from './fields.js';
import { validateItems, validateProjection } from './projected.js';

/** A flag-gated volume source: its key, its flag and its label in "<Label> volume support is disabled". */
interface GatedSource {
  readonly key: string;
  readonly flag: (f: Features) => Flag;
  /** The label of the "support is disabled" message (PVCs have their own message). */
  readonly label?: string;
}

const ALWAYS_SOURCES = ['secret', 'configMap', 'projected'] as const;
const GATED_SOURCES: readonly GatedSource[] = [
  { key: 'emptyDir', flag: (f) => f.podSpecVolumesEmptyDir, label: 'EmptyDir' },
  { key: 'persistentVolumeClaim', flag: (f) => f.podSpecPersistentVolumeClaim },
  { key: 'hostPath', flag: (f) => f.podSpecVolumesHostPath, label: 'HostPath' },
  { key: 'csi', flag: (f) => f.podSpecVolumesCsi, label: 'CSI' },
  { key: 'ephemeral', flag: (f) => f.podSpecVolumesEphemeral, label: 'Ephemeral' },
  { key: 'image', flag: (f) => f.podSpecVolumesImage, label: 'Image' },
];

/** A string field of `o`, or ''. */
function str(o: JsonObject, key: string): string {
  const v = o[key];
  return typeof v === 'string' ? v : '';
}

/** The PVC rules: support must be Enabled, and a writable claim needs persistent-volume-write Enabled. */
function validatePvc(pvc: unknown, features: Features): FieldError {
  if (!isSet(pvc)) return FieldError.empty();
  const claim = str(asObject(pvc), 'claimName');
  let errs = FieldError.empty();
  if (!flagEnabled(features.podSpecPersistentVolumeClaim)) {
    errs = errs.also(errGeneric(`Persistent volume claim support is disabled, but found persistent volume claim ${claim}`));
  }
  if (asObject(pvc)['readOnly'] !== true && !flagEnabled(features.podSpecPersistentVolumeWrite)) {
    errs = errs.also(errGeneric(`Persistent volume write support is disabled, but found persistent volume claim ${claim} that is not read-only`));
  }
  return errs;
}

/** "<Label> volume support is disabled, but found <Label> volume <name>" for labelled sources whose flag is not Enabled. */
function validateGates(v: JsonObject, features: Features): FieldError {
  const off = GATED_SOURCES.filter((s) => s.label !== undefined && isSet(v[s.key]) && !flagEnabled(s.flag(features)));
  const name = str(v, 'name');
  return FieldError.empty().also(...off.map((s) => errGeneric(`${s.label} volume support is disabled, but found ${s.label} volume ${name}`)));
}

/** The volume field mask: name, the always-allowed sources and the gated ones whose flag allows them. */
function validateMask(v: JsonObject, features: Features): FieldError {
  const gated = GATED_SOURCES.filter((s) => flagAllows(s.flag(features))).map((s) => s.key);
  return disallowedFields(v, ['name', ...ALWAYS_SOURCES, ...gated]);
}

/** Whether a quantity is negative (`-1`, `"-1Gi"`). */
function isNegativeQuantity(q: unknown): boolean {
  if (typeof q === 'number') return q < 0;
  return typeof q === 'string' && Number.parseFloat(q) < 0;
}

/** emptyDir: medium "" or Memory, sizeLimit not negative (paths relative to `emptyDir`). */
function validateEmptyDir(dir: unknown): FieldError {
  const o = asObject(dir);
  const medium = str(o, 'medium');
  let errs = FieldError.empty();
  if (medium !== '' && medium !== 'Memory') errs = errs.also(errInvalidValue(medium, 'medium'));
  if (isNegativeQuantity(o['sizeLimit'])) errs = errs.also(errInvalidValue(o['sizeLimit'], 'sizeLimit'));
  return errs;
}

/** The per-source checks of the present sources. */
function validateSources(v: JsonObject): FieldError {
  const secret = isSet(v['secret']) ? validateItems(v['secret']) : FieldError.empty();
  const configMap = isSet(v['configMap']) ? validateItems(v['configMap']) : FieldError.empty();
  const sources = asObject(v['projected'])['sources'];
  const projected = (Array.isArray(sources) ? sources : []).map((p: unknown, i) => validateProjection(p).viaFieldIndex('projected', i));
  const emptyDir = isSet(v['emptyDir']) ? validateEmptyDir(v['emptyDir']).viaField('emptyDir') : FieldError.empty();
  return secret.also(configMap, emptyDir, ...projected);
}

/** Exactly one source; "neither" lists the always-allowed sources plus those whose flag is Enabled. */
function validateOneSource(v: JsonObject, features: Features): FieldError {
  const all = [...ALWAYS_SOURCES, ...GATED_SOURCES.map((s) => s.key)];
  const present = all.filter((key) => isSet(v[key]));
  if (present.length > 1) return errMultipleOneOf(...present);
  if (present.length === 1) return FieldError.empty();
  const enabled = GATED_SOURCES.filter((s) => flagEnabled(s.flag(features))).map((s) => s.key);
  return errMissingOneOf(...ALWAYS_SOURCES, ...enabled);
}

/** The name check. Quirk kept from Knative: a name error REPLACES the gate and mask errors found before it. */
function withNameCheck(before: FieldError, name: string): FieldError {
  if (name === '') return errMissingField('name');
  return validateDns1123Label(name).length > 0 ? errInvalidValue(name, 'name') : before;
}

/** One volume (paths relative to it). */
export function validateVolume(volume: Volume, features: Features): FieldError {
  const v = asObject(volume);
  const before = validatePvc(v['persistentVolumeClaim'], features).also(validateGates(v, features), validateMask(v, features));
  return withNameCheck(before, str(v, 'name')).also(validateSources(v), validateOneSource(v, features));
}

/** The options of {@link validateVolumes}. */
export interface VolumesInput {
  readonly volumes: readonly Volume[];
  /** Names of the volumes some container or init container mounts. */
  readonly mounted: ReadonlySet<string>;
  readonly features: Features;
}

/** The pod's volumes: unique names, each mounted, each valid (paths relative to `volumes`). */
export function validateVolumes(input: VolumesInput): FieldError {
  const seen = new Set<string>();
  const errs = input.volumes.map((volume, i) => {
    const name = nameOf(volume);
    let e = validateVolume(volume, input.features);
    if (seen.has(name)) e = e.also(new FieldError({ message: `duplicate volume name ${goQuote(name)}`, paths: ['name'] }));
    if (!input.mounted.has(name)) e = e.also(new FieldError({ message: `volume with name ${goQuote(name)} not mounted`, paths: ['name'] }));
    seen.add(name);
    return e.viaIndex(i);
  });
  return FieldError.empty().also(...errs);
}
