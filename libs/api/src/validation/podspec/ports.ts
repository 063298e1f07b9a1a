/**
 * Container ports (`k8s_validation.go` `validateContainersPorts`, `validateContainerPorts`,
 * `validateInitContainerPorts`, `validateContainerPortBasic`).
 */
import type { Container } from '../../core/podspec.js';
import { FieldError, errInvalidValue, errMissingField, errOutOfBoundsValue } from '../../errors/field-error.js';
import { goValue } from '../../errors/go-format.js';
import { asObject, disallowedFields, listOf } from './fields.js';

/** Ports of the queue-proxy and the profiling server, which the user port may not take. */
export const RESERVED_PORTS: readonly number[] = [8012, 8013, 8022, 9090, 9091, 8008];
/** Port names allowed on the serving port (content negotiation: h2c / http1). */
const VALID_PORT_NAMES: readonly unknown[] = ['', 'h2c', 'http1', undefined];
const PORT_FIELDS = ['containerPort', 'name', 'protocol'] as const;
const MAX_PORT = 65535;

/** The serving port as probes see it: the user's name (default `http`) and number (default 8080). */
export interface ServingPort {
  readonly name: string;
  readonly containerPort: number;
}

/** The serving port and the errors about the number of ports across all containers. */
export interface ContainersPorts {
  readonly port: ServingPort;
  /** Relative to `containers[*]`. */
  readonly errors: FieldError;
}

/** The ports of a container as a list. */
function portsOf(container: Container | undefined): readonly unknown[] {
  return listOf(asObject(container)['ports']);
}

/** The serving port (first port of the last container with ports) with Knative's defaults. */
function servingPortOf(containers: readonly Container[]): ServingPort {
  const withPorts = containers.filter((c) => portsOf(c).length > 0);
  const first = asObject(portsOf(withPorts[withPorts.length - 1])[0]);
  const name = typeof first['name'] === 'string' && first['name'] !== '' ? first['name'] : 'http';
  const containerPort = typeof first['containerPort'] === 'number' && first['containerPort'] !== 0 ? first['containerPort'] : 8080;
  return { name, containerPort };
}

/**
 * Exactly one port across all containers (none is fine for a single container). Errors are
 * relative to `containers[*]` (e.g. `ports`), the caller prefixes it.
 */
export function validateContainersPorts(containers: readonly Container[]): ContainersPorts {
  const count = containers.reduce((n, c) => n + portsOf(c).length, 0);
  const port = servingPortOf(containers);
  if (count === 0 && containers.length > 1) return { port, errors: errMissingField('ports') };
  if (count > 1) {
    const details = 'Only a single port is allowed across all containers';
    return { port, errors: new FieldError({ message: 'more than one container port is set', paths: ['ports'], details }) };
  }
  return { port, errors: FieldError.empty() };
}

/** Field mask, reserved ports and range of one port (paths relative to the port). */
function validatePortBasic(port: unknown): FieldError {
  const p = asObject(port);
  let errs = disallowedFields(p, PORT_FIELDS);
  const n = p['containerPort'];
  if (typeof n !== 'number') return errs;
  if (RESERVED_PORTS.includes(n)) {
    errs = errs.also(errInvalidValue(`${n} is a reserved port`, 'containerPort', `${n} is a reserved port, please use a different value`));
  }
  if (n < 0 || n > MAX_PORT) errs = errs.also(errOutOfBoundsValue(n, 0, MAX_PORT, 'containerPort'));
  return errs;
}

/** A serving or sidecar container's ports: only the first is checked (paths relative to `ports`). */
export function validateContainerPorts(ports: unknown): FieldError {
  if (!Array.isArray(ports) || ports.length === 0) return FieldError.empty();
  const p = asObject(ports[0]);
  let errs = validatePortBasic(p);
  if (p['protocol'] !== undefined && p['protocol'] !== '' && p['protocol'] !== 'TCP') errs = errs.also(errInvalidValue(p['protocol'], 'protocol'));
  if (!VALID_PORT_NAMES.includes(p['name'])) {
    const details = "Name must be empty, or one of: 'h2c', 'http1'";
    errs = errs.also(new FieldError({ message: `Port name ${goValue(p['name'])} is not allowed`, paths: [''], details }));
  }
  return errs;
}

/** An init container's ports: every port is range/reserved checked (paths relative to `ports`). */
export function validateInitContainerPorts(ports: unknown): FieldError {
  if (!Array.isArray(ports)) return FieldError.empty();
  return FieldError.empty().also(...ports.map((port) => validatePortBasic(port)));
}
