// How the activator probes a revision's not-ready pods, read from the Revision (pure): Ebb has
// no queue-proxy, so it asks the user container directly — its readinessProbe when that is an
// httpGet over HTTP (path and httpHeaders honoured; the address and port are always the
// endpoint's from the slice), else (tcpSocket, exec, grpc, HTTPS, none) a TCP connect.
import type { Container, Probe, Revision } from '@ebb/api';

/** The kinds of {@link ProbeSpec}. */
export const ProbeKind = { tcp: 'tcp', http: 'http' } as const;
/** One of {@link ProbeKind}. */
export type ProbeKind = (typeof ProbeKind)[keyof typeof ProbeKind];

/** What a probe of one endpoint does. */
export type ProbeSpec =
  /** A TCP connect passes. */
  | { readonly kind: typeof ProbeKind.tcp }
  /** A GET of `path` with `headers` answered 200–399 passes. */
  | { readonly kind: typeof ProbeKind.http; readonly path: string; readonly headers: Readonly<Record<string, string>> };

/** The probe of a revision without an HTTP readiness probe. */
export const TCP_PROBE: ProbeSpec = { kind: ProbeKind.tcp };

/** The User-Agent of the activator's probes unless the probe's httpHeaders set one. */
export const PROBE_USER_AGENT = 'ebb-activator-probe';

/** The serving container: the only one, else the first with a port, else the first. */
function servingContainer(revision: Revision): Container | undefined {
  const containers = revision.spec?.containers ?? [];
  if (containers.length === 1) return containers[0];
  return containers.find((c) => (c.ports ?? []).length > 0) ?? containers[0];
}

/** The request path of an httpGet probe: `/` when empty, with a leading slash as the kubelet sends it. */
function probePath(path: string | undefined): string {
  if (path === undefined || path === '') return '/';
  return path.startsWith('/') ? path : `/${path}`;
}

/** The probe's headers (names lower-cased, later ones win) over the default User-Agent and Accept. */
function probeHeaders(httpGet: NonNullable<Probe['httpGet']>): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': PROBE_USER_AGENT, accept: '*/*' };
  for (const header of httpGet.httpHeaders ?? []) headers[header.name.toLowerCase()] = header.value;
  return headers;
}

/** How to probe the not-ready pods of `revision` (see the file comment). */
export function makeProbeSpec(revision: Revision): ProbeSpec {
  const httpGet = servingContainer(revision)?.readinessProbe?.httpGet;
  if (httpGet === undefined) return TCP_PROBE;
  const scheme = (httpGet.scheme ?? '').toUpperCase();
  if (scheme !== '' && scheme !== 'HTTP') return TCP_PROBE;
  return { kind: ProbeKind.http, path: probePath(httpGet.path), headers: probeHeaders(httpGet) };
}
