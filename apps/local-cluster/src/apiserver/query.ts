// Query parameters of resource requests, checked as the API server checks them.
import { badRequest, type IncludeObject } from '@ebb/apimachinery';
import type { DeleteOptions, FieldValidation, ListQuery, WriteOptions } from './operations.js';

function optionalInteger(query: URLSearchParams, name: string): number | undefined {
  const text = query.get(name);
  if (text === null || text === '') return undefined;
  if (!/^-?\d+$/.test(text)) throw badRequest(`invalid ${name} parameter: "${text}" is not an integer`);
  return Number(text);
}

function fieldValidationOf(query: URLSearchParams): FieldValidation | undefined {
  const value = query.get('fieldValidation');
  if (value === null || value === '') return undefined;
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore') return value;
  throw badRequest(`fieldValidation: Unsupported value: "${value}": supported values: "Ignore", "Strict", "Warn"`);
}

function dryRunOf(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  for (const value of values) if (value !== 'All') throw badRequest(`dryRun: Unsupported value: "${value}": supported values: "All"`);
  return values.length > 0;
}

/** What Go's strconv.ParseBool reads as false; any other value of a boolean flag is true. */
const FALSE_VALUES = new Set(['0', 'f', 'F', 'false', 'False', 'FALSE']);

function booleanOf(query: URLSearchParams, name: string): boolean | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  return !FALSE_VALUES.has(value);
}

/** Options of a write from its query. */
export function writeOptionsOf(query: URLSearchParams): WriteOptions {
  const fieldManager = query.get('fieldManager') ?? undefined;
  if (fieldManager !== undefined && fieldManager.length > 128) throw badRequest('fieldManager: Too long: may not be more than 128 bytes');
  return { dryRun: dryRunOf(query), fieldManager, fieldValidation: fieldValidationOf(query), force: booleanOf(query, 'force') };
}

/** Selectors and paging of a list or watch from its query. */
export function listQueryOf(query: URLSearchParams): ListQuery {
  const limit = optionalInteger(query, 'limit');
  if (limit !== undefined && limit < 0) throw badRequest('limit must be a non-negative integer');
  return {
    labelSelector: query.get('labelSelector') ?? undefined,
    fieldSelector: query.get('fieldSelector') ?? undefined,
    limit,
    continue: query.get('continue') ?? undefined,
  };
}

const PROPAGATION = new Set(['Background', 'Foreground', 'Orphan']);

function propagationOf(value: unknown): DeleteOptions['propagationPolicy'] {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !PROPAGATION.has(value)) {
    throw badRequest(`propagationPolicy: Unsupported value: ${JSON.stringify(value)}: supported values: "Background", "Foreground", "Orphan"`);
  }
  return value as DeleteOptions['propagationPolicy'];
}

/** DeleteOptions from the body (if any) and the query; the query wins where both say something. */
export function deleteOptionsOf(query: URLSearchParams, body: unknown): DeleteOptions {
  const fromBody = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const grace = optionalInteger(query, 'gracePeriodSeconds') ?? (typeof fromBody.gracePeriodSeconds === 'number' ? fromBody.gracePeriodSeconds : undefined);
  const preconditions = typeof fromBody.preconditions === 'object' && fromBody.preconditions !== null ? (fromBody.preconditions as DeleteOptions['preconditions']) : undefined;
  const bodyDryRun = Array.isArray(fromBody.dryRun) && fromBody.dryRun.includes('All');
  return {
    propagationPolicy: propagationOf(query.get('propagationPolicy') ?? fromBody.propagationPolicy),
    gracePeriodSeconds: grace,
    preconditions,
    dryRun: dryRunOf(query) || bodyDryRun,
  };
}

/** The `includeObject` query of a Table request (Metadata unless asked otherwise). */
export function includeObjectOf(query: URLSearchParams): IncludeObject {
  const value = query.get('includeObject');
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}
