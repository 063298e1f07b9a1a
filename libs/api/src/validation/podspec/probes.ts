/**
 * Probes (`k8s_validation.go` `validateProbe`, `validateReadinessProbe`, sidecar probe rules).
 */
import { CURRENT_FIELD, FieldError, errDisallowedFields, errInvalidValue, errMissingOneOf, errMultipleOneOf, errOutOfBoundsValue } from '../../errors/field-error.js';
import { asObject, disallowedFields, isSet, type JsonObject } from './fields.js';
import { MAX_ID } from './security-context.js';
import type { ServingPort } from './ports.js';

const PROBE_FIELDS = [
  'exec',
  'httpGet',
  'tcpSocket',
  'grpc',
  'initialDelaySeconds',
  'timeoutSeconds',
  'periodSeconds',
  'successThreshold',
  'failureThreshold',
  'terminationGracePeriodSeconds',
] as const;

/** Each handler in Knative's one-of order, with the fields its mask admits. */
const HANDLERS: readonly (readonly [string, readonly string[]])[] = [
  ['httpGet', ['host', 'path', 'scheme', 'httpHeaders', 'port']],
  ['tcpSocket', ['host', 'port']],
  ['exec', ['command']],
  ['grpc', ['port', 'service']],
];
const HANDLER_NAMES: readonly string[] = HANDLERS.map(([name]) => name);
/** How Knative names each handler in the "got both" list (it spells gRPC that way there). */
const MULTIPLE_LABELS: Readonly<Record<string, string>> = { httpGet: 'httpGet', tcpSocket: 'tcpSocket', exec: 'exec', grpc: 'gRPC' };

/** Who owns the probe: the serving container (ports must match), or a sidecar (ports must be given). */
export const ProbeOwner = { Serving: 'serving', Sidecar: 'sidecar' } as const;
/** One of {@link ProbeOwner}. */
export type ProbeOwner = (typeof ProbeOwner)[keyof typeof ProbeOwner];

/** The options of {@link validateProbe}. */
export interface ProbeInput {
  readonly probe: unknown;
  /** The serving port (its name is what a named probe port must equal). */
  readonly port: ServingPort;
  readonly owner: ProbeOwner;
}

/** The port rule of an httpGet/tcpSocket handler (paths relative to the probe). */
function portError(handler: string, h: JsonObject, input: ProbeInput): FieldError {
  if (handler !== 'httpGet' && handler !== 'tcpSocket') return FieldError.empty();
  const port = h['port'];
  if (input.owner === ProbeOwner.Sidecar) {
    return isSet(port) ? FieldError.empty() : errInvalidValue(0, `${handler}.port`, 'Probe port must be specified');
  }
  if (typeof port !== 'string' || port === '' || port === input.port.name) return FieldError.empty();
  return errInvalidValue(port, `${handler}.port`, 'Probe port must match container port');
}

/** The handler one-of, each handler's field mask and port rule (paths relative to the probe). */
function validateHandlers(p: JsonObject, input: ProbeInput): FieldError {
  const present = HANDLERS.filter(([name]) => isSet(p[name]));
  const perHandler = present.map(([name, fields]) =>
    disallowedFields(p[name], fields).viaField(name).also(portError(name, asObject(p[name]), input)),
  );
  const errs = FieldError.empty().also(...perHandler);
  if (present.length === 0) return errs.also(errMissingOneOf(...HANDLER_NAMES));
  if (present.length > 1) return errs.also(errMultipleOneOf(...present.map(([name]) => MULTIPLE_LABELS[name] ?? name)));
  return errs;
}

/** A liveness/startup probe, or the common part of a readiness probe (paths relative to the probe). */
export function validateProbe(input: ProbeInput): FieldError {
  if (!isSet(input.probe)) return FieldError.empty();
  const p = asObject(input.probe);
  return disallowedFields(p, PROBE_FIELDS).also(validateHandlers(p, input));
}

/** An int32 field of a probe as Go reads it (absent → 0). */
function int(p: JsonObject, key: string): number {
  const v = p[key];
  return typeof v === 'number' ? v : 0;
}

/** `expected <lo> <= <v> <= 2147483647` when `key` is below `lo`. */
function atLeast(p: JsonObject, key: string, lo: number): FieldError {
  const v = int(p, key);
  return v < lo ? errOutOfBoundsValue(v, lo, MAX_ID, key) : FieldError.empty();
}

/** The periodSeconds-dependent rules: zero period (Knative's aggressive probe) forbids failureThreshold/timeoutSeconds. */
function periodRules(p: JsonObject): FieldError {
  if (int(p, 'periodSeconds') !== 0) return atLeast(p, 'timeoutSeconds', 1).also(atLeast(p, 'failureThreshold', 1));
  const zeroOnly = (key: string): FieldError =>
    int(p, key) === 0 ? FieldError.empty() : new FieldError({ message: `${key} is disallowed when periodSeconds is zero`, paths: [key] });
  return zeroOnly('failureThreshold').also(zeroOnly('timeoutSeconds'));
}

/** A readiness probe: {@link validateProbe} plus the timing rules (paths relative to the probe). */
export function validateReadinessProbe(input: ProbeInput): FieldError {
  if (!isSet(input.probe)) return FieldError.empty();
  const p = asObject(input.probe);
  return validateProbe(input)
    .also(atLeast(p, 'periodSeconds', 0), atLeast(p, 'initialDelaySeconds', 0), atLeast(p, 'successThreshold', 1))
    .also(periodRules(p));
}

/**
 * A sidecar probe while `multi-container-probing` is not Enabled: nothing may be set. A handler is
 * reported at the probe itself (it is inlined in Go), every other field by name.
 */
export function disallowSidecarProbe(probe: unknown): FieldError {
  if (!isSet(probe)) return FieldError.empty();
  const set = Object.entries(asObject(probe)).filter(([, value]) => isSet(value));
  const paths = set.map(([key]) => (HANDLER_NAMES.includes(key) ? CURRENT_FIELD : key));
  return paths.length === 0 ? FieldError.empty() : errDisallowedFields(...new Set(paths));
}
