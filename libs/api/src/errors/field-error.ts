/**
 * Knative's field-error model (knative/pkg `apis/field_error.go`): a tree of errors, each with the
 * paths of the fields it concerns, that validators build bottom-up (`viaField`, `also`) so the
 * user sees every problem with its full path. Values are immutable: every method returns a new one.
 */
import { goQuote, goValue } from './go-format.js';

/** How serious a diagnostic is (knative/pkg `apis.DiagnosticLevel`): errors deny, warnings are reported. */
export const DiagnosticLevel = { Error: 'Error', Warning: 'Warning' } as const;
/** One of {@link DiagnosticLevel}. */
export type DiagnosticLevel = (typeof DiagnosticLevel)[keyof typeof DiagnosticLevel];

/** The empty path: the problem is with the current field itself (knative/pkg `apis.CurrentField`). */
export const CURRENT_FIELD = '';

/** What a single (leaf) field error is made of. */
export interface FieldErrorInit {
  /** The diagnostic, e.g. `missing field(s)`; an empty message makes no leaf. */
  readonly message: string;
  /** The fields concerned, relative to where the error was made. */
  readonly paths?: readonly string[];
  /** A longer explanation printed on its own line after the paths. */
  readonly details?: string;
  /** Error (the default) or Warning. */
  readonly level?: DiagnosticLevel;
}

/** Whether a path segment is an index or key segment such as `[0]` or `[foo]`. */
function isIndex(part: string): boolean {
  return part.startsWith('[') && part.endsWith(']');
}

/** Joins path components with dots, gluing `[i]` segments onto the one before (`foo.[0].bar` → `foo[0].bar`). */
function flatten(parts: readonly string[]): string {
  const out: string[] = [];
  for (const p of parts.flatMap((part) => part.split('.'))) {
    if (p === CURRENT_FIELD) continue;
    if (out.length > 0 && isIndex(p)) out[out.length - 1] += p;
    else out.push(p);
  }
  return out.join('.');
}

/** Byte-wise string order, as Go's `<` on strings (for ASCII, JS `<` agrees). */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Render order: by message, then details, then level (Error before Warning) for determinism. */
function compareErrors(a: FieldError, b: FieldError): number {
  return compareStrings(a.message, b.message) || compareStrings(a.details, b.details) || compareStrings(a.level, b.level);
}

/** One rendered entry: `<message>: <p1>, <p2>` plus `\n<details>`. */
function renderOne(e: FieldError): string {
  const head = `${e.message}: ${e.paths.join(', ')}`;
  return e.details === '' ? head : `${head}\n${e.details}`;
}

/**
 * A validation diagnostic, or a collection of them (modelled on knative/pkg `apis.FieldError`).
 * A leaf has a non-empty `message`; a collection has an empty message and its leaves in `errors`.
 */
export class FieldError {
  /** The diagnostic of this leaf ('' for a pure collection). */
  readonly message: string;
  /** The fields this leaf concerns. */
  readonly paths: readonly string[];
  /** Optional longer explanation ('' when none). */
  readonly details: string;
  /** Error or Warning. */
  readonly level: DiagnosticLevel;
  /** Nested errors (already flattened into leaves). */
  readonly errors: readonly FieldError[];

  /** A leaf from `init`, with optional nested errors; prefer the `err…` constructors. */
  constructor(init: FieldErrorInit, errors: readonly FieldError[] = []) {
    this.message = init.message;
    this.paths = Object.freeze([...(init.paths ?? [])]);
    this.details = init.details ?? '';
    this.level = init.level ?? DiagnosticLevel.Error;
    this.errors = Object.freeze([...errors]);
    Object.freeze(this);
  }

  /** A collection holding no error, the start value for `errs = errs.also(…)` (one shared, frozen value). */
  static empty(): FieldError {
    return EMPTY;
  }

  /** A collection of the given leaves. */
  private static of(leaves: readonly FieldError[]): FieldError {
    return new FieldError({ message: '' }, leaves);
  }

  /** This error as a flat list of leaves, each without nested errors (`getNormalizedErrors`). */
  leaves(): FieldError[] {
    // Values are immutable, so a leaf without nested errors is its own normalized form.
    if (this.errors.length === 0) return this.message === '' ? [] : [this];
    const own = this.message === '' ? [] : [new FieldError(this)];
    return [...own, ...this.errors.flatMap((e) => e.leaves())];
  }

  /** Whether this holds no diagnostic at all. */
  isEmpty(): boolean {
    return this.message === '' && this.errors.every((e) => e.isEmpty());
  }

  /** This error with every leaf rewritten by `f`. */
  private mapLeaves(f: (leaf: FieldError) => FieldErrorInit): FieldError {
    if (this.isEmpty()) return this;
    return FieldError.of(this.leaves().map((leaf) => new FieldError(f(leaf))));
  }

  /** Prefixes every path with the given fields: `err.viaField('spec')` turns `x` into `spec.x`. */
  viaField(...prefix: string[]): FieldError {
    return this.mapLeaves((leaf) => ({ ...leaf, paths: leaf.paths.map((p) => flatten([...prefix, p])) }));
  }

  /** Prefixes every path with `[index]`, glued onto the next `viaField`: `containers[0].image`. */
  viaIndex(index: number): FieldError {
    return this.viaField(`[${index}]`);
  }

  /** Prefixes every path with `[key]`, glued onto the next `viaField`: `annotations[foo]`. */
  viaKey(key: string): FieldError {
    return this.viaField(`[${key}]`);
  }

  /** Short for `viaIndex(index).viaField(field)`: `field[index].<path>`. */
  viaFieldIndex(field: string, index: number): FieldError {
    return this.viaIndex(index).viaField(field);
  }

  /** Short for `viaKey(key).viaField(field)`: `field[key].<path>`. */
  viaFieldKey(field: string, key: string): FieldError {
    return this.viaKey(key).viaField(field);
  }

  /** This error collected with `errs` (undefined and empty ones are skipped); never mutates either. */
  also(...errs: readonly (FieldError | undefined)[]): FieldError {
    const others = errs.filter((e): e is FieldError => e !== undefined && !e.isEmpty());
    if (others.length === 0) return this;
    if (others.length === 1 && this.isEmpty()) return others[0] as FieldError;
    return FieldError.of([...this.leaves(), ...others.flatMap((e) => e.leaves())]);
  }

  /** This error with every leaf at `level` (knative/pkg `At`). */
  at(level: DiagnosticLevel): FieldError {
    return this.mapLeaves((leaf) => ({ ...leaf, level }));
  }

  /** This error demoted to warnings, e.g. for deprecations reported as admission warnings. */
  asWarning(): FieldError {
    return this.at(DiagnosticLevel.Warning);
  }

  /** Only the leaves at `level` (empty when there are none). */
  filter(level: DiagnosticLevel): FieldError {
    return FieldError.of(this.leaves().filter((leaf) => leaf.level === level));
  }

  /** The leaves merged by (level, message, details) with their paths unioned and sorted, in render order. */
  merged(): FieldError[] {
    const byKey = new Map<string, FieldError>();
    for (const leaf of this.leaves()) {
      const key = JSON.stringify([leaf.level, leaf.message, leaf.details]);
      const seen = byKey.get(key);
      const paths = seen === undefined ? leaf.paths : [...new Set([...seen.paths, ...leaf.paths])];
      byKey.set(key, new FieldError({ ...leaf, paths }));
    }
    const sorted = [...byKey.values()].map((e) => new FieldError({ ...e, paths: [...e.paths].sort(compareStrings) }));
    return sorted.sort(compareErrors);
  }

  /** Knative's `Error()` text: merged, sorted entries `<message>: <p1>, <p2>` (+ `\n<details>`) joined by `\n`. */
  render(): string {
    return this.merged().map(renderOne).join('\n');
  }

  /** Same as {@link FieldError.render}. */
  toString(): string {
    return this.render();
  }
}

/** The shared empty collection returned by {@link FieldError.empty}. */
const EMPTY = new FieldError({ message: '' });

/** `a.also(b)` that tolerates undefined on either side; undefined when nothing is left (Go's nil). */
export function combine(a: FieldError | undefined, b: FieldError | undefined): FieldError | undefined {
  const all = (a ?? FieldError.empty()).also(b);
  return all.isEmpty() ? undefined : all;
}

/** `missing field(s)` at the given paths (knative/pkg `ErrMissingField`). */
export function errMissingField(...paths: string[]): FieldError {
  return new FieldError({ message: 'missing field(s)', paths });
}

/** `must not set the field(s)` at the given paths (knative/pkg `ErrDisallowedFields`). */
export function errDisallowedFields(...paths: string[]): FieldError {
  return new FieldError({ message: 'must not set the field(s)', paths });
}

/** `must not update deprecated field(s)` at the given paths (knative/pkg `ErrDisallowedUpdateDeprecatedFields`). */
export function errDisallowedUpdateDeprecatedFields(...paths: string[]): FieldError {
  return new FieldError({ message: 'must not update deprecated field(s)', paths });
}

/** `invalid value: <v>` (Go `%v` of `value`) at `path`, details joined by ", " (knative/pkg `ErrInvalidValue`). */
export function errInvalidValue(value: unknown, path: string, ...details: string[]): FieldError {
  return new FieldError({ message: `invalid value: ${goValue(value)}`, paths: [path], details: details.join(', ') });
}

/** `invalid value: <v>` at `field[index]` (knative/pkg `ErrInvalidArrayValue`). */
export function errInvalidArrayValue(value: unknown, field: string, index: number): FieldError {
  return errInvalidValue(value, CURRENT_FIELD).viaFieldIndex(field, index);
}

/** Any message at the given paths (knative/pkg `ErrGeneric`). */
export function errGeneric(message: string, ...paths: string[]): FieldError {
  return new FieldError({ message, paths });
}

/** `expected exactly one, got neither` at the given paths (knative/pkg `ErrMissingOneOf`). */
export function errMissingOneOf(...paths: string[]): FieldError {
  return new FieldError({ message: 'expected exactly one, got neither', paths });
}

/** `expected exactly one, got both` at the given paths (knative/pkg `ErrMultipleOneOf`). */
export function errMultipleOneOf(...paths: string[]): FieldError {
  return new FieldError({ message: 'expected exactly one, got both', paths });
}

/** `invalid key name "<key>"` (Go `%q`) at `path`, details joined by ", " (knative/pkg `ErrInvalidKeyName`). */
export function errInvalidKeyName(key: string, path: string, ...details: string[]): FieldError {
  return new FieldError({ message: `invalid key name ${goQuote(key)}`, paths: [path], details: details.join(', ') });
}

/**
 * `expected <lower> <= <value> <= <upper>` at `path` (knative/pkg `ErrOutOfBoundsValue`). Values print
 * as Go `%v`; pass durations already formatted the Go way (`6s`, `1h0m0s`).
 */
export function errOutOfBoundsValue(value: unknown, lower: unknown, upper: unknown, path: string): FieldError {
  return new FieldError({ message: `expected ${goValue(lower)} <= ${goValue(value)} <= ${goValue(upper)}`, paths: [path] });
}
