// The Ingress hash (`K-Network-Hash`) exactly as Knative computes it (knative/networking
// `pkg/ingress` ComputeHash, ISTIO.md §4 "Hash"): sha256 hex of Go encoding/json of the defaulted
// IngressSpec, then the namespace and name. Byte-for-byte equality matters: Knative's prober, Ebb's
// own gateway and Ebb's Istio translator all compare this value, so one hash serves every class.
import { createHash } from 'node:crypto';
import { HTTPOption, IngressVisibility, type HTTPIngressPath, type Ingress, type IngressBackendSplit, type IngressRule, type IngressSpec } from '@ebb/api';

/** One IngressTLS entry (not exported by @ebb/api as its own type). */
type IngressTLS = NonNullable<IngressSpec['tls']>[number];
/** One member of a Go struct: its JSON name and its encoded value, or undefined when omitted. */
type Member = readonly [name: string, json: string | undefined];

/** A path with a single split whose percent is unset/0 gets 100 (`HTTPIngressPath.SetDefaults`). */
function defaultPath(path: HTTPIngressPath): HTTPIngressPath {
  const [only, ...rest] = path.splits ?? [];
  if (only === undefined || rest.length > 0 || (only.percent ?? 0) !== 0) return path;
  return { ...path, splits: [{ ...only, percent: 100 }] };
}

/** Visibility defaults to ExternalIP; paths are defaulted (`IngressRule.SetDefaults`). */
function defaultRule(rule: IngressRule): IngressRule {
  const visibility = (rule.visibility ?? '') === '' ? IngressVisibility.ExternalIP : rule.visibility;
  if (rule.http?.paths === undefined) return { ...rule, visibility };
  return { ...rule, visibility, http: { ...rule.http, paths: rule.http.paths.map(defaultPath) } };
}

/**
 * The IngressSpec as Knative's `SetDefaults` leaves it (knative/networking `ingress_defaults.go`):
 * every rule's visibility ExternalIP when unset, a lone split with percent 0 set to 100, and
 * `httpOption` Enabled when unset. Pure: a new spec, the input untouched.
 */
export function defaultIngressSpec(spec: IngressSpec | undefined): IngressSpec {
  const src = spec ?? {};
  const rules = src.rules === undefined ? {} : { rules: src.rules.map(defaultRule) };
  return { ...src, ...rules, httpOption: (src.httpOption ?? '') === '' ? HTTPOption.Enabled : src.httpOption };
}

/** Go's escape of one character that may not appear verbatim in encoding/json output (HTML-safe mode). */
function goEscape(ch: string): string {
  const short: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  return short[ch] ?? `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
}

/** A JSON string as Go's json.Marshal writes it: control characters, `<`, `>`, `&`, U+2028 and U+2029 escaped. */
export function goJsonString(value: string): string {
  return `"${value.replace(/["\\\u0000-\u001f<>&\u2028\u2029]/g, goEscape)}"`;
}

/** A Go struct: its non-omitted members in declaration order. */
function struct(members: readonly Member[]): string {
  const present = members.filter((m): m is readonly [string, string] => m[1] !== undefined);
  return `{${present.map(([name, json]) => `${goJsonString(name)}:${json}`).join(',')}}`;
}

/** A string field; `omitEmpty` drops "" (and an absent value). */
function str(value: string | undefined, omitEmpty: boolean): string | undefined {
  return omitEmpty && (value ?? '') === '' ? undefined : goJsonString(value ?? '');
}

/** An `int ,omitempty` field. */
function intOmitEmpty(value: number | undefined): string | undefined {
  return (value ?? 0) === 0 ? undefined : String(value);
}

/** A slice field: absent is Go's nil (`null`, or omitted with omitempty); empty is `[]` (or omitted). */
function slice<T>(value: readonly T[] | undefined, encode: (item: T) => string, omitEmpty: boolean): string | undefined {
  if (value === undefined || value.length === 0) return omitEmpty ? undefined : value === undefined ? 'null' : '[]';
  return `[${value.map(encode).join(',')}]`;
}

/** Go's map key order: byte order of the UTF-8 encodings. */
function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** A `map[string]T ,omitempty` field: keys sorted, omitted when empty. */
function map<T>(value: Readonly<Record<string, T>> | undefined, encode: (item: T) => string): string | undefined {
  const keys = Object.keys(value ?? {}).sort(byUtf8);
  if (value === undefined || keys.length === 0) return undefined;
  return `{${keys.map((k) => `${goJsonString(k)}:${encode(value[k] as T)}`).join(',')}}`;
}

/** An `intstr.IntOrString`: a bare number for ints, a string otherwise (absent is the zero value, `0`). */
function intOrString(value: number | string | undefined): string {
  return typeof value === 'string' ? goJsonString(value) : String(value ?? 0);
}

/** `IngressBackendSplit` (IngressBackend inlined first). */
function encodeSplit(split: IngressBackendSplit): string {
  return struct([
    ['serviceNamespace', str(split.serviceNamespace, false)],
    ['serviceName', str(split.serviceName, false)],
    ['servicePort', intOrString(split.servicePort)],
    ['percent', intOmitEmpty(split.percent)],
    ['appendHeaders', map<string>(split.appendHeaders, goJsonString)],
  ]);
}

/** `HTTPIngressPath`. */
function encodePath(path: HTTPIngressPath): string {
  return struct([
    ['path', str(path.path, true)],
    ['rewriteHost', str(path.rewriteHost, true)],
    ['headers', map(path.headers, (h) => struct([['exact', str(h.exact, false)]]))],
    ['splits', slice(path.splits, encodeSplit, false)],
    ['appendHeaders', map<string>(path.appendHeaders, goJsonString)],
  ]);
}

/** `IngressRule` (`http` is a pointer: omitted when nil). */
function encodeRule(rule: IngressRule): string {
  const http = rule.http === undefined ? undefined : struct([['paths', slice(rule.http.paths, encodePath, false)]]);
  return struct([
    ['hosts', slice(rule.hosts, goJsonString, true)],
    ['visibility', str(rule.visibility, true)],
    ['http', http],
  ]);
}

/** `IngressTLS`. */
function encodeTLS(tls: IngressTLS): string {
  return struct([
    ['hosts', slice(tls.hosts, goJsonString, true)],
    ['secretName', str(tls.secretName, true)],
    ['secretNamespace', str(tls.secretNamespace, true)],
  ]);
}

/** The IngressSpec as Go's `json.Marshal` writes it (as given: not defaulted here). */
export function goJsonIngressSpec(spec: IngressSpec | undefined): string {
  const s = spec ?? {};
  return struct([
    ['tls', slice(s.tls, encodeTLS, true)],
    ['rules', slice(s.rules, encodeRule, true)],
    ['httpOption', str(s.httpOption, true)],
  ]);
}

/**
 * Knative's Ingress hash: sha256 (lower-case hex) of the Go JSON of the defaulted spec followed by the
 * namespace and the name (ComputeHash). Independent of the order fields arrived in.
 */
export function ingressHash(ingress: Ingress): string {
  const text = goJsonIngressSpec(defaultIngressSpec(ingress.spec)) + (ingress.metadata?.namespace ?? '') + (ingress.metadata?.name ?? '');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
