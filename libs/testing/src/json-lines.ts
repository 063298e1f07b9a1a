import { Writable } from 'node:stream';

/** A writable stream that parses what it receives as JSON lines (a logger destination). */
export interface JsonLinesCapture {
  readonly stream: Writable;
  /** Every line received so far, parsed. */
  readonly lines: Record<string, unknown>[];
}

/** Captures JSON log lines, e.g. as the `destination` of a logger under test. */
export function captureJsonLines(): JsonLinesCapture {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { stream, lines };
}
