// One reading of a failed API call, whichever client made it: client-node's generated APIs throw
// `ApiException` (code, body with the Status), this lib's own requests throw `KubeApiError`.
// Controllers decide on the HTTP code (404 gone, 409 conflict) and report Kubernetes' message.
import { ApiException } from '@kubernetes/client-node';
import { isKubeApiError } from './client.js';

/** A failed call as HTTP code (0 when it was no HTTP answer) and the Status message. */
export interface ApiFailure {
  readonly code: number;
  readonly message: string;
}

function statusMessage(body: unknown): string | undefined {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body) as unknown;
    } catch {
      return body === '' ? undefined : body;
    }
  }
  const message = (parsed as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}

/** The code and message of a failed API call. */
export function apiFailureOf(error: unknown): ApiFailure {
  if (isKubeApiError(error)) return { code: error.statusCode, message: error.message };
  if (error instanceof ApiException) return { code: error.code, message: statusMessage(error.body) ?? error.message };
  return { code: 0, message: error instanceof Error ? error.message : String(error) };
}

/** Whether a failed API call answered with one of `codes` (e.g. 404, 409). */
export function isApiStatus(error: unknown, ...codes: readonly number[]): boolean {
  return codes.includes(apiFailureOf(error).code);
}

/**
 * client-go's RetryOnConflict for a write made from an object (a status update, say): on 409
 * Conflict the object is read again and the write made from the fresh copy, up to `attempts`
 * writes in all; a 404 means the object is gone and there is nothing to write.
 */
export async function writeRetryingConflicts<T>(object: T, write: (current: T) => Promise<void>, reread: () => Promise<T>, attempts = 3): Promise<void> {
  let current = object;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await write(current);
      return;
    } catch (error) {
      const { code } = apiFailureOf(error);
      if (code === 404) return;
      if (code !== 409 || attempt >= attempts) throw error;
      current = await reread();
    }
  }
}
