/**
 * `env` and `envFrom` of a container (`k8s_validation.go` `validateEnv`, `validateEnvFrom`).
 */
import { goQuote } from '../../errors/go-format.js';
import { FieldError, errMissingField, errMissingOneOf, errMultipleOneOf } from '../../errors/field-error.js';
import { asObject, disallowedFields, flagAllows, isSet, type Features } from './fields.js';

/** Environment variables the queue-proxy/runtime contract reserves for the serving container. */
export const RESERVED_ENV_VARS: readonly string[] = ['PORT', 'K_SERVICE', 'K_CONFIGURATION', 'K_REVISION'];
/** Reserved for sidecars and init containers, which may set `PORT`. */
export const RESERVED_SIDECAR_ENV_VARS: readonly string[] = RESERVED_ENV_VARS.filter((name) => name !== 'PORT');

const ENV_VAR_FIELDS = ['name', 'value', 'valueFrom'] as const;
const ENV_FROM_FIELDS = ['prefix', 'configMapRef', 'secretRef'] as const;
const ENV_FROM_REF_FIELDS = ['name', 'optional'] as const;

/** The options of {@link validateEnv}. */
export interface EnvInput {
  readonly env: unknown;
  /** Whether the container is the serving one (which may not set `PORT`). */
  readonly serving: boolean;
  readonly features: Features;
}

/** The allowed `valueFrom` sources: fieldRef/resourceFieldRef only when `kubernetes.podspec-fieldref` ≠ Disabled. */
function valueFromFields(features: Features): string[] {
  const always = ['configMapKeyRef', 'secretKeyRef'];
  return flagAllows(features.podSpecFieldRef) ? [...always, 'fieldRef', 'resourceFieldRef'] : always;
}

/** One env var (paths relative to it). */
function validateEnvVar(env: unknown, input: EnvInput): FieldError {
  const e = asObject(env);
  let errs = disallowedFields(e, ENV_VAR_FIELDS);
  const name = e['name'];
  const reserved = input.serving ? RESERVED_ENV_VARS : RESERVED_SIDECAR_ENV_VARS;
  if (typeof name !== 'string' || name === '') errs = errs.also(errMissingField('name'));
  else if (reserved.includes(name)) errs = errs.also(new FieldError({ message: `${goQuote(name)} is a reserved environment variable`, paths: ['name'] }));
  if (isSet(e['valueFrom'])) errs = errs.also(disallowedFields(e['valueFrom'], valueFromFields(input.features)).viaField('valueFrom'));
  return errs;
}

/** A container's `env` (paths relative to `env`). */
export function validateEnv(input: EnvInput): FieldError {
  const list = Array.isArray(input.env) ? (input.env as unknown[]) : [];
  return FieldError.empty().also(...list.map((env, i) => validateEnvVar(env, input).viaIndex(i)));
}

/** One envFrom source. Quirk kept from Knative: the one-of errors carry no index (`envFrom.configMapRef`). */
function validateEnvFromSource(source: unknown, index: number): FieldError {
  const s = asObject(source);
  const cm = isSet(s['configMapRef']);
  const secret = isSet(s['secretRef']);
  let errs = disallowedFields(s, ENV_FROM_FIELDS).viaIndex(index);
  if (secret) errs = errs.also(disallowedFields(s['secretRef'], ENV_FROM_REF_FIELDS).viaField('secretRef').viaIndex(index));
  if (cm) errs = errs.also(disallowedFields(s['configMapRef'], ENV_FROM_REF_FIELDS).viaField('configMapRef').viaIndex(index));
  if (cm && secret) return errs.also(errMultipleOneOf('configMapRef', 'secretRef'));
  if (!cm && !secret) return errs.also(errMissingOneOf('configMapRef', 'secretRef'));
  return errs;
}

/** A container's `envFrom` (paths relative to `envFrom`). */
export function validateEnvFrom(envFrom: unknown): FieldError {
  const list = Array.isArray(envFrom) ? (envFrom as unknown[]) : [];
  return FieldError.empty().also(...list.map((source, i) => validateEnvFromSource(source, i)));
}
