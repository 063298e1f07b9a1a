/**
 * Names of child objects (knative/pkg `kmeta/names.go` ChildName) and of Revisions
 * (serving `reconciler/configuration/resources/revision.go`, API.md §5).
 */
import { createHash } from 'node:crypto';

/** Longest name ChildName produces (a DNS-1035 label). */
export const CHILD_NAME_MAX_LENGTH = 63;
/** Length of the md5 hex digest ChildName inserts. */
const MD5_HEX_LENGTH = 32;
/** How much of the parent is kept to fit the hash. */
const HEAD = CHILD_NAME_MAX_LENGTH - MD5_HEX_LENGTH;

/** Lower-case md5 hex digest of `value` (Go `fmt.Sprintf("%x", md5.Sum(...))`). */
function md5Hex(value: string): string {
  return createHash('md5').update(value, 'utf8').digest('hex');
}

/**
 * The ChildName form for a suffix of 31+ characters: `parent[:31] + md5(parent+suffix)`, padded from
 * the suffix, then trailing non-alphanumeric characters dropped (kmeta `makeValidName`).
 */
function hashWhole(parent: string, suffix: string): string {
  const ret = parent.slice(0, HEAD) + md5Hex(parent + suffix);
  const padded = ret + suffix.slice(0, Math.max(0, CHILD_NAME_MAX_LENGTH - ret.length));
  return padded.replace(/[^a-zA-Z0-9]+$/, '');
}

/**
 * `parent + suffix`, or when that exceeds 63 characters, the parent cut to fit and followed by the md5
 * of the parent (kmeta.ChildName): e.g. 63×`f` + `-deploy` → 24×`f` + `105d7597f637e83cc711605ac3ea4957-deploy`.
 */
export function childName(parent: string, suffix: string): string {
  if (parent.length <= CHILD_NAME_MAX_LENGTH - suffix.length) return parent + suffix;
  if (HEAD - suffix.length <= 0) return hashWhole(parent, suffix);
  return parent.slice(0, HEAD - suffix.length) + md5Hex(parent) + suffix;
}

/** The generated Revision suffix for a Configuration generation: `-00001` (Go `-%05d`). */
export function revisionSuffix(generation: number): string {
  const digits = String(Math.abs(generation)).padStart(generation < 0 ? 4 : 5, '0');
  return `-${generation < 0 ? '-' : ''}${digits}`;
}

/** The generated name of the Revision a Configuration makes at `generation`: `hello` at 12 → `hello-00012`. */
export function generatedRevisionName(configurationName: string, generation: number): string {
  return childName(configurationName, revisionSuffix(generation));
}

/** What decides a new Revision's name. */
export interface RevisionNameSource {
  /** The Configuration's `metadata.name`. */
  readonly configurationName: string;
  /** The Configuration's `metadata.generation`. */
  readonly generation: number;
  /** The BYO name, `spec.template.metadata.name`, if any (`generateName` is ignored). */
  readonly templateName?: string | undefined;
}

/** The name of the Revision for a Configuration generation: the BYO template name if set, else generated. */
export function revisionName(source: RevisionNameSource): string {
  const byo = source.templateName ?? '';
  return byo !== '' ? byo : generatedRevisionName(source.configurationName, source.generation);
}

/** The prefix a BYO revision name must start with: `<parent name>-`. */
export function byoRevisionNamePrefix(parentName: string): string {
  return `${parentName}-`;
}

/** Whether a BYO revision name starts with `<parent name>-`, as validation requires. */
export function hasByoRevisionNamePrefix(parentName: string, name: string): boolean {
  return name.startsWith(byoRevisionNamePrefix(parentName));
}

/** The Deployment of a Revision: `<revision>-deployment` (serving `revision/resources/names`). */
export function deploymentName(revision: string): string {
  return childName(revision, '-deployment');
}

/** The private core/v1 Service selecting a Revision's pods, whose EndpointSlices list them: `<revision>-private`. */
export function privateServiceName(revision: string): string {
  return childName(revision, '-private');
}

/** The PodAutoscaler of a Revision: named like the Revision. */
export function podAutoscalerName(revision: string): string {
  return revision;
}
