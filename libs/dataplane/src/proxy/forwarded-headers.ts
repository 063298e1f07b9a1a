// The pure header work of a forwarding hop: drop hop-by-hop headers (RFC 9110 §7.6.1, plus the
// ones a `Connection` header names), append the client to `X-Forwarded-For`, set
// `X-Forwarded-Proto` and `X-Forwarded-Host` when absent, and synthesize RFC 7239 `Forwarded`
// from them when absent, the way Knative's queue-proxy does (API.md §10): `for=<ip>;host=<h>;proto=<p>`
// for the first hop, `, for=<ip>` for each further one, IPv6 quoted as `"[addr]"`.
// `forwardRequestRawHeaders` does the same on a raw header list (`IncomingMessage.rawHeaders`,
// which `http.request` takes as is): the proxy's hot path, with no header object built.
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/** Headers that describe one connection, never forwarded as they are. */
export const HOP_BY_HOP_HEADERS: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Who sent the request to this hop and how. */
export interface ClientInfo {
  /** The peer address of the client connection (`socket.remoteAddress`). */
  readonly address: string;
  /** The scheme the client used. */
  readonly proto: 'http' | 'https';
}

/** What {@link forwardRequestHeaders} adds. */
export interface ForwardHeaderOptions {
  /** Headers set on the forwarded request, replacing any the client sent (Ingress appendHeaders). */
  readonly set?: Readonly<Record<string, string>>;
  /** Keep `Connection` and `Upgrade` (a WebSocket handshake). */
  readonly keepUpgrade?: boolean;
  /** Replace the Host (Ingress rewriteHost). */
  readonly host?: string;
}

const IPV4_MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** A peer address as a client address: IPv4-mapped IPv6 (`::ffff:1.2.3.4`) becomes `1.2.3.4`. */
export function clientAddress(address: string | undefined): string {
  if (address === undefined) return '';
  if (!address.startsWith('::ffff:') && !address.startsWith('::FFFF:')) return address;
  const mapped = IPV4_MAPPED.exec(address);
  return mapped?.[1] ?? address;
}

/** A `for=` / node value of RFC 7239: IPv6 as `"[addr]"`, anything else as is. */
export function forwardedNode(address: string): string {
  return address.includes(':') ? `"[${address}]"` : address;
}

/** `Forwarded` from the X-Forwarded-For chain, host and proto: the first hop carries host and proto. */
export function makeForwarded(forwardedFor: readonly string[], host: string | undefined, proto: string | undefined): string {
  return forwardedFor
    .map((address, i) => {
      let element = `for=${forwardedNode(address)}`;
      if (i === 0 && host !== undefined && host !== '') element += `;host=${host}`;
      if (i === 0 && proto !== undefined && proto !== '') element += `;proto=${proto}`;
      return element;
    })
    .join(', ');
}

/** The header names a `Connection` header lists (lower case), besides the standard hop-by-hop ones. */
function connectionTokens(connection: string | string[] | undefined): Set<string> | undefined {
  if (connection === undefined || connection === 'keep-alive' || connection === 'close') return undefined;
  const list = Array.isArray(connection) ? connection.join(',') : connection;
  return new Set(list.split(',').map((t) => t.trim().toLowerCase()).filter((t) => t !== ''));
}

/** The first value of a header. */
function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Copies the end-to-end headers (for an upgrade: `Connection` and `Upgrade` too). */
function endToEnd(incoming: IncomingHttpHeaders, keepUpgrade: boolean): OutgoingHttpHeaders {
  const named = connectionTokens(incoming.connection);
  const out: OutgoingHttpHeaders = {};
  for (const name in incoming) {
    const upgradeHeader = keepUpgrade && (name === 'connection' || name === 'upgrade');
    if (!upgradeHeader && (HOP_BY_HOP_HEADERS.has(name) || named?.has(name) === true)) continue;
    out[name] = incoming[name];
  }
  return out;
}

/**
 * The headers of the forwarded request: end-to-end headers of `incoming`, `X-Forwarded-For`
 * with the client appended, `X-Forwarded-Proto`/`-Host` and `Forwarded` set when absent, then
 * `options.set` (which wins) and `options.host`.
 */
export function forwardRequestHeaders(incoming: IncomingHttpHeaders, client: ClientInfo, options: ForwardHeaderOptions = {}): OutgoingHttpHeaders {
  const out = endToEnd(incoming, options.keepUpgrade === true);
  addForwarding(out, incoming, client);
  if (options.set !== undefined) {
    for (const name in options.set) out[name.toLowerCase()] = options.set[name];
  }
  if (options.host !== undefined) out['host'] = options.host;
  return out;
}

/** Appends the client to X-Forwarded-For; sets X-Forwarded-Proto/-Host and Forwarded when absent. */
function addForwarding(out: OutgoingHttpHeaders, incoming: IncomingHttpHeaders, client: ClientInfo): void {
  const address = clientAddress(client.address);
  const prior = first(incoming['x-forwarded-for']);
  const chain = prior === undefined || prior.trim() === '' ? address : `${prior}, ${address}`;
  out['x-forwarded-for'] = chain;
  out['x-forwarded-proto'] ??= client.proto;
  if (incoming.host !== undefined) out['x-forwarded-host'] ??= incoming.host;
  out['forwarded'] ??= makeForwarded(
    chain.split(',').map((a) => a.trim()).filter((a) => a !== ''),
    first(out['x-forwarded-host'] as string | string[] | undefined),
    first(out['x-forwarded-proto'] as string | string[] | undefined),
  );
}

/**
 * The response headers to send on, as a flat raw list (`[name, value, …]`, what `writeHead`
 * takes): every pair of `raw` except hop-by-hop ones and HTTP/2 pseudo-headers.
 */
export function forwardResponseHeaders(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP_HEADERS.has(lower) || lower.startsWith(':')) continue;
    out.push(name, raw[i + 1] as string);
  }
  return out;
}

/** What the forwarding headers depend on in a raw list; repeated X-Forwarded-* values are joined as node joins them. */
interface RawForwarding {
  host?: string;
  forwardedFor?: string;
  forwardedProto?: string;
  forwardedHost?: string;
  forwarded?: boolean;
  connection?: string;
}

/** `a, b` for a repeated header, as `IncomingMessage.headers` joins them. */
function joined(prior: string | undefined, value: string): string {
  return prior === undefined ? value : `${prior}, ${value}`;
}

/** Collects the values of {@link RawForwarding} from lower-cased names and their values. */
function scanForwarding(names: readonly string[], raw: readonly string[]): RawForwarding {
  const found: RawForwarding = {};
  for (let i = 0; i < names.length; i++) {
    const value = raw[2 * i + 1] as string;
    const name = names[i];
    if (name === 'host') found.host ??= value;
    else if (name === 'x-forwarded-for') found.forwardedFor = joined(found.forwardedFor, value);
    else if (name === 'x-forwarded-proto') found.forwardedProto = joined(found.forwardedProto, value);
    else if (name === 'x-forwarded-host') found.forwardedHost = joined(found.forwardedHost, value);
    else if (name === 'forwarded') found.forwarded = true;
    else if (name === 'connection') found.connection = joined(found.connection, value);
  }
  return found;
}

/** Whether a lower-cased header name of the client's is left out of the forwarded request. */
function dropped(name: string, named: Set<string> | undefined, options: ForwardHeaderOptions): boolean {
  if (options.keepUpgrade === true && (name === 'connection' || name === 'upgrade')) return false;
  if (HOP_BY_HOP_HEADERS.has(name) || named?.has(name) === true || name === 'x-forwarded-for') return true;
  return replaced(name, options);
}

/** Whether `options` replaces a lower-cased header name (by `set` or `host`). */
function replaced(name: string, options: ForwardHeaderOptions): boolean {
  return (options.host !== undefined && name === 'host') || (options.set !== undefined && setsHeader(options.set, name));
}

/** Lower-cased names of the `set` objects seen, kept as long as the object lives (a route's appendHeaders). */
const setNames = new WeakMap<object, ReadonlySet<string>>();

/** Whether `set` names the lower-cased header `name` (in any case). */
function setsHeader(set: Readonly<Record<string, string>>, name: string): boolean {
  let names = setNames.get(set);
  if (names === undefined) {
    names = new Set(Object.keys(set).map((key) => key.toLowerCase()));
    setNames.set(set, names);
  }
  return names.has(name);
}

/** Appends X-Forwarded-For, -Proto, -Host and Forwarded as {@link forwardRequestHeaders} sets them. */
function appendForwarding(out: string[], found: RawForwarding, client: ClientInfo): void {
  const address = clientAddress(client.address);
  const prior = found.forwardedFor;
  const chain = prior === undefined || prior.trim() === '' ? address : `${prior}, ${address}`;
  out.push('x-forwarded-for', chain);
  const proto = found.forwardedProto ?? client.proto;
  if (found.forwardedProto === undefined) out.push('x-forwarded-proto', proto);
  const host = found.forwardedHost ?? found.host;
  if (found.forwardedHost === undefined && found.host !== undefined) out.push('x-forwarded-host', found.host);
  if (found.forwarded === true) return;
  const hops = prior === undefined ? [address] : chain.split(',').map((a) => a.trim());
  out.push('forwarded', makeForwarded(hops.filter((a) => a !== ''), host, proto));
}

/**
 * {@link forwardRequestHeaders} on a raw list (`[name, value, …]`, as `rawHeaders`), returning a
 * raw list for `http.request`: the client's end-to-end headers in their order and spelling
 * (repeated ones kept), then the forwarding headers, `options.set` and `options.host`.
 */
export function forwardRequestRawHeaders(raw: readonly string[], client: ClientInfo, options: ForwardHeaderOptions = {}): string[] {
  const names: string[] = [];
  for (let i = 0; i < raw.length; i += 2) names.push((raw[i] as string).toLowerCase());
  const found = scanForwarding(names, raw);
  const named = connectionTokens(found.connection);
  const out: string[] = [];
  for (let i = 0; i < names.length; i++) {
    if (!dropped(names[i] as string, named, options)) out.push(raw[2 * i] as string, raw[2 * i + 1] as string);
  }
  appendForwarding(out, found, client);
  if (options.set !== undefined) {
    for (const name in options.set) out.push(name, options.set[name] as string);
  }
  if (options.host !== undefined) out.push('host', options.host);
  return out;
}
