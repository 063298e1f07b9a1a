// Kubernetes' name rules (staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go),
// label and annotation checks (pkg/apis/meta/v1/validation, pkg/api/validation/objectmeta.go)
// and generateName (staging/src/k8s.io/apiserver/pkg/storage/names/generate.go), with
// Kubernetes' message texts. Validators return the messages; callers wrap them as field causes.
import { fieldInvalid } from './field-cause.js';
import type { FieldCause } from './field-cause.js';

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;

const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1035_LABEL_RE = new RegExp(`^${DNS1035_LABEL_FMT}$`);
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);

const DNS1123_LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1035_LABEL_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** Longest DNS-1123 subdomain. */
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
/** Longest DNS-1123 / DNS-1035 label, qualified-name name part and label value. */
export const DNS_LABEL_MAX_LENGTH = 63;
/** Most bytes all annotations (keys plus values) may take. */
export const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * 1024;
/** The characters generateName suffixes are drawn from (no vowels, no confusable digits). */
export const GENERATE_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
/** Length of a generateName suffix. */
export const GENERATE_NAME_SUFFIX_LENGTH = 5;
/** A generateName prefix is cut to this many characters before the suffix is appended. */
export const MAX_GENERATED_NAME_PREFIX_LENGTH = DNS_LABEL_MAX_LENGTH - GENERATE_NAME_SUFFIX_LENGTH;

/**
 * Which name rule a kind uses: DNS-1123 subdomain (most), DNS-1123 label (Namespace), DNS-1035
 * label (Service), path segment (RBAC kinds: `system:discovery` is a valid ClusterRole name).
 */
export type NameRule = 'subdomain' | 'label' | 'dns1035' | 'path';

/** Go's RegexError: `<msg> (e.g. 'a',  or 'b', regex used for validation is '<fmt>')` (double spaces included). */
function regexError(msg: string, fmt: string, examples: readonly string[]): string {
  const shown = examples.map((e, i) => `${i > 0 ? ' or ' : ''}'${e}', `).join('');
  return `${msg} (e.g. ${shown}regex used for validation is '${fmt}')`;
}

const UTF8 = new TextEncoder();

/** Go's `len(s)`: the UTF-8 byte length. */
function byteLength(s: string): number {
  return UTF8.encode(s).length;
}

/** `must be no more than <n> characters`. */
function maxLenError(max: number): string {
  return `must be no more than ${max} characters`;
}

/** IsDNS1123Subdomain's messages (empty when valid). */
export function validateDns1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) errs.push(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, ['example.com']));
  return errs;
}

/** IsDNS1123Label's messages (a valid subdomain with dots gets `must not contain dots`). */
export function validateDns1123Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS_LABEL_MAX_LENGTH));
  if (DNS1123_LABEL_RE.test(value)) return errs;
  errs.push(DNS1123_SUBDOMAIN_RE.test(value) ? 'must not contain dots' : regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, ['my-name', '123-abc']));
  return errs;
}

/** IsDNS1035Label's messages. */
export function validateDns1035Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS_LABEL_MAX_LENGTH));
  if (!DNS1035_LABEL_RE.test(value)) errs.push(regexError(DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, ['my-name', 'abc-123']));
  return errs;
}

/** IsValidPathSegmentName (IsValidPathSegmentPrefix for a `prefix`): not `.` or `..`, no `/` or `%`. */
export function validatePathSegmentName(value: string, prefix = false): string[] {
  if (!prefix && (value === '.' || value === '..')) return [`may not be '${value}'`];
  return ['/', '%'].filter((c) => value.includes(c)).map((c) => `may not contain '${c}'`);
}

/** Go's maskTrailingDash: a generateName prefix may end in `-` (its last two characters become `a`). */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

/** The messages of a name under `rule`; `prefix` for a generateName (a trailing `-` is allowed). */
export function validateName(rule: NameRule, value: string, prefix = false): string[] {
  if (rule === 'path') return validatePathSegmentName(value, prefix);
  const name = prefix ? maskTrailingDash(value) : value;
  if (rule === 'label') return validateDns1123Label(name);
  if (rule === 'dns1035') return validateDns1035Label(name);
  return validateDns1123Subdomain(name);
}

/** IsQualifiedName's messages: `[<dns-subdomain prefix>/]<name>`, e.g. `app.kubernetes.io/name`. */
export function validateQualifiedName(value: string): string[] {
  const parts = value.split('/');
  if (parts.length > 2) {
    const msg = regexError(`a qualified name ${QUALIFIED_NAME_MSG}`, QUALIFIED_NAME_FMT, ['MyName', 'my.name', '123-abc']);
    return [`${msg} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  const name = parts.length === 2 ? (parts[1] ?? '') : value;
  const errs = parts.length === 2 ? prefixErrors(parts[0] ?? '') : [];
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (byteLength(name) > DNS_LABEL_MAX_LENGTH) errs.push(`name part ${maxLenError(DNS_LABEL_MAX_LENGTH)}`);
  if (!QUALIFIED_NAME_RE.test(name)) errs.push(`name part ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, ['MyName', 'my.name', '123-abc'])}`);
  return errs;
}

/** The prefix part of a qualified name: a DNS-1123 subdomain. */
function prefixErrors(prefix: string): string[] {
  if (prefix.length === 0) return ['prefix part must be non-empty'];
  return validateDns1123Subdomain(prefix).map((m) => `prefix part ${m}`);
}

/** IsValidLabelValue's messages: at most 63 characters, empty or alphanumeric at both ends. */
export function validateLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS_LABEL_MAX_LENGTH));
  if (!LABEL_VALUE_RE.test(value)) errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, ['MyValue', 'my_value', '12345']));
  return errs;
}

/** ValidateLabels: keys are qualified names, values label values; causes name `fieldPath` itself (as Kubernetes does). */
export function validateLabels(labels: Readonly<Record<string, string>> | undefined, fieldPath: string): FieldCause[] {
  const causes: FieldCause[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    for (const msg of validateQualifiedName(key)) causes.push(fieldInvalid(fieldPath, key, msg));
    for (const msg of validateLabelValue(value)) causes.push(fieldInvalid(fieldPath, value, msg));
  }
  return causes;
}

/** ValidateAnnotations: keys are qualified names (case ignored); keys plus values at most 256 KiB. */
export function validateAnnotations(annotations: Readonly<Record<string, string>> | undefined, fieldPath: string): FieldCause[] {
  const causes: FieldCause[] = [];
  let total = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    for (const msg of validateQualifiedName(key.toLowerCase())) causes.push(fieldInvalid(fieldPath, key, msg));
    total += byteLength(key) + byteLength(value);
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) {
    causes.push({ reason: 'FieldValueTooLong', field: fieldPath, message: `Too long: must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT_BYTES} bytes` });
  }
  return causes;
}

/** Five characters from {@link GENERATE_NAME_ALPHABET}; `random` returns a number in [0, 1). */
export function generateNameSuffix(random: () => number): string {
  let suffix = '';
  for (let i = 0; i < GENERATE_NAME_SUFFIX_LENGTH; i++) {
    const index = Math.min(Math.floor(random() * GENERATE_NAME_ALPHABET.length), GENERATE_NAME_ALPHABET.length - 1);
    suffix += GENERATE_NAME_ALPHABET.charAt(Math.max(index, 0));
  }
  return suffix;
}

/** A name from a generateName: the prefix cut to 58 characters, then a random 5-character suffix. */
export function generatedName(prefix: string, random: () => number): string {
  return prefix.slice(0, MAX_GENERATED_NAME_PREFIX_LENGTH) + generateNameSuffix(random);
}
