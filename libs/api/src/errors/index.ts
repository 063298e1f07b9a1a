/** Knative's field-error model and the Go formatting its messages rely on. */
export {
  CURRENT_FIELD,
  DiagnosticLevel,
  FieldError,
  combine,
  errDisallowedFields,
  errDisallowedUpdateDeprecatedFields,
  errGeneric,
  errInvalidArrayValue,
  errInvalidKeyName,
  errInvalidValue,
  errMissingField,
  errMissingOneOf,
  errMultipleOneOf,
  errOutOfBoundsValue,
} from './field-error.js';
export type { FieldErrorInit } from './field-error.js';
export { goQuote, goValue } from './go-format.js';
