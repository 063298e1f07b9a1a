// The one error the image store throws for bad input or a broken store, so that callers (the
// `ebb` CLI, the kubelet's image resolver) can tell "the user must fix something" from a bug.

/** A bad reference, directory or manifest, or an unreadable index; the message says what to fix. */
export class ImageStoreError extends Error {
  override readonly name = 'ImageStoreError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
