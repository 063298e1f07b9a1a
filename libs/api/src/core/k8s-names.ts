/**
 * Kubernetes name checks (k8s apimachinery `pkg/util/validation/validation.go`). Each returns the
 * list of apimachinery's messages, empty when the value is valid, for validators to wrap in a
 * field error (e.g. `not a DNS 1035 label: [<msgs>]`).
 */

/** Longest DNS-1035 label (and so the longest Knative object name). */
export const DNS1035_LABEL_MAX_LENGTH = 63;
/** Longest DNS-1123 label. */
export const DNS1123_LABEL_MAX_LENGTH = 63;
/** Longest DNS-1123 subdomain (the API server's own limit for `metadata.name`). */
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
/** Longest name part of a qualified name. */
export const QUALIFIED_NAME_MAX_LENGTH = 63;

const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL_ERR =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_ERR =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_ERR =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_ERR = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** Whether all of `value` matches the Go regular expression source `fmt`. */
function matchesAll(fmt: string, value: string): boolean {
  return new RegExp(`^(?:${fmt})$`).test(value);
}

/** Length in bytes, as Go's `len` counts it. */
function byteLength(value: string): number {
  return new TextEncoder().encode(value).length;
}

/** apimachinery `MaxLenError`: `must be no more than <n> characters`. */
export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/** apimachinery `EmptyError`: `must be non-empty`. */
export function emptyError(): string {
  return 'must be non-empty';
}

/** apimachinery `RegexError`: `<msg> (e.g. 'a',  or 'b', regex used for validation is '<fmt>')` (double spaces included). */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  const eg = examples.map((e) => `'${e}', `).join(' or ');
  return `${msg} (e.g. ${eg}regex used for validation is '${fmt}')`;
}

/** A length check plus a pattern check, as most apimachinery validators are built. */
function check(value: string, max: number, pattern: () => string | undefined): string[] {
  const errs: string[] = [];
  if (byteLength(value) > max) errs.push(maxLenError(max));
  const bad = pattern();
  if (bad !== undefined) errs.push(bad);
  return errs;
}

/** apimachinery `IsDNS1035Label`: ≤63 chars, lower-case alphanumerics and '-', starting with a letter. */
export function isDns1035Label(value: string): string[] {
  return check(value, DNS1035_LABEL_MAX_LENGTH, () =>
    matchesAll(DNS1035_LABEL_FMT, value) ? undefined : regexError(DNS1035_LABEL_ERR, DNS1035_LABEL_FMT, 'my-name', 'abc-123'),
  );
}

/** apimachinery `IsDNS1123Label`: ≤63 chars, lower-case alphanumerics and '-', alphanumeric at both ends. */
export function isDns1123Label(value: string): string[] {
  return check(value, DNS1123_LABEL_MAX_LENGTH, () =>
    matchesAll(DNS1123_LABEL_FMT, value) ? undefined : regexError(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, 'my-name', '123-abc'),
  );
}

/** apimachinery `IsDNS1123Subdomain`: ≤253 chars, dot-separated DNS-1123 labels. */
export function isDns1123Subdomain(value: string): string[] {
  return check(value, DNS1123_SUBDOMAIN_MAX_LENGTH, () =>
    matchesAll(DNS1123_SUBDOMAIN_FMT, value) ? undefined : regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, 'example.com'),
  );
}

/** The messages about the optional `<prefix>/` of a qualified name. */
function prefixErrors(prefix: string): string[] {
  if (prefix.length === 0) return [`prefix part ${emptyError()}`];
  return isDns1123Subdomain(prefix).map((m) => `prefix part ${m}`);
}

/** The messages about the name part of a qualified name. */
function namePartErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length === 0) errs.push(`name part ${emptyError()}`);
  else if (byteLength(name) > QUALIFIED_NAME_MAX_LENGTH) errs.push(`name part ${maxLenError(QUALIFIED_NAME_MAX_LENGTH)}`);
  if (!matchesAll(QUALIFIED_NAME_FMT, name)) errs.push(`name part ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

/** apimachinery `IsQualifiedName`: `[<DNS-1123 subdomain>/]<name>`, the name ≤63 alphanumerics, '-', '_', '.'. */
export function isQualifiedName(value: string): string[] {
  const parts = value.split('/');
  const [first = '', second] = parts;
  if (parts.length > 2) {
    const rx = regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc');
    return [`a qualified name ${rx} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (second === undefined) return namePartErrors(first);
  return [...prefixErrors(first), ...namePartErrors(second)];
}

/**
 * apimachinery `maskTrailingDash`: a trailing '-' of a name prefix (generateName) is allowed. Upstream
 * drops the last two characters and appends 'a'; reproduced verbatim so the same names validate.
 */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

/** apimachinery `NameIsDNS1035Label`: {@link isDns1035Label}, allowing a trailing '-' when `prefix` (generateName). */
export function nameIsDns1035Label(name: string, prefix: boolean): string[] {
  return isDns1035Label(prefix ? maskTrailingDash(name) : name);
}
