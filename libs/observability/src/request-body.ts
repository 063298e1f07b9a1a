import type { IncomingMessage } from 'node:http';

/** How much of a request body a server takes. */
export interface BodyLimits {
  /** Bodies longer than this are refused. */
  readonly limit: number;
  /**
   * How much more is read and dropped before the connection is cut instead. A server that
   * answers and closes while the client still writes leaves unread bytes that make the kernel
   * reset the connection, and the client gets EPIPE instead of the answer; reading the rest
   * first lets it see why it was refused (Go's server does the same, with 256 KiB).
   */
  readonly discard: number;
}

/**
 * Reads a request body whole, or gives undefined once it passes `limit` bytes. Past the limit it
 * keeps reading and drops what it reads until the body ends, so the refusal reaches the client;
 * once `discard` more bytes came it cuts the connection. A body whose Content-Length is already
 * over the limit is past it from its first byte: none of it is kept, and `discard` bytes at most
 * are read. Rejects when the client goes away first.
 */
export async function readBoundedBody(req: IncomingMessage, limits: BodyLimits): Promise<Buffer | undefined> {
  const room = Number(req.headers['content-length'] ?? 0) > limits.limit ? 0 : limits.limit;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (outcome: () => void): void => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      outcome();
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= room) chunks.push(chunk);
      else if (size > room + limits.discard) finish(() => (req.destroy(), resolve(undefined)));
    };
    const onEnd = (): void => finish(() => resolve(size > room ? undefined : Buffer.concat(chunks)));
    const onError = (error: Error): void => finish(() => reject(error));
    const onClose = (): void => finish(() => reject(new Error('the client closed the connection before the body ended')));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}
