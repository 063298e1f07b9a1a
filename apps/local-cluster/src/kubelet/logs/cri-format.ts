// The CRI container log format the kubelet reads (what containerd and CRI-O write):
// `<RFC3339Nano UTC> <stdout|stderr> <F|P> <text>` per line, `P` marking a piece of a longer
// line. Pure functions: splitting a stream into such lines, formatting and parsing them.

/** Which output stream a line came from. */
export type LogStream = 'stdout' | 'stderr';

/** `F` for a full line (it ended with a newline), `P` for a partial one. */
export type LogTag = 'F' | 'P';

/** One line of a container log file. */
export interface CriLine {
  /** RFC3339 with nanoseconds, UTC. */
  readonly timestamp: string;
  readonly stream: LogStream;
  readonly tag: LogTag;
  /** The text, without the newline. */
  readonly text: Buffer;
}

/** The longest piece of a line stored as one log line (containerd's default). */
export const MAX_LINE_BYTES = 16 * 1024;

const NEWLINE = 0x0a;

/** A time in epoch milliseconds (with a fraction) as RFC3339 with nine fractional digits. */
export function rfc3339Nano(epochMs: number): string {
  const wholeMs = Math.floor(epochMs);
  const nanosInMs = Math.min(999_999, Math.round((epochMs - wholeMs) * 1e6));
  const iso = new Date(wholeMs).toISOString();
  const millis = iso.slice(20, 23);
  return `${iso.slice(0, 19)}.${millis}${String(nanosInMs).padStart(6, '0')}Z`;
}

/** The epoch milliseconds of an RFC3339 timestamp (fraction beyond milliseconds dropped); NaN when malformed. */
export function timestampMs(timestamp: string): number {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(timestamp);
  if (match === null) return Number.NaN;
  const fraction = (match[2] ?? '').padEnd(3, '0').slice(0, 3);
  return Date.parse(`${match[1] ?? ''}.${fraction}${match[3] ?? 'Z'}`);
}

/** One log file line (with its newline). */
export function formatCriLine(line: CriLine): Buffer {
  return Buffer.concat([Buffer.from(`${line.timestamp} ${line.stream} ${line.tag} `), line.text, Buffer.from('\n')]);
}

/** The positions of the first three spaces of a line (-1 for those missing). */
function spaces(raw: Buffer): [number, number, number] {
  const first = raw.indexOf(0x20);
  const second = first < 0 ? -1 : raw.indexOf(0x20, first + 1);
  const third = second < 0 ? -1 : raw.indexOf(0x20, second + 1);
  return [first, second, third];
}

function isStream(value: string): value is LogStream {
  return value === 'stdout' || value === 'stderr';
}

function isTag(value: string): value is LogTag {
  return value === 'F' || value === 'P';
}

/** Parses one log file line (without its newline); undefined when it is not a CRI line. */
export function parseCriLine(raw: Buffer): CriLine | undefined {
  const [first, second, third] = spaces(raw);
  if (second < 0) return undefined;
  const stream = raw.subarray(first + 1, second).toString();
  const tag = raw.subarray(second + 1, third < 0 ? raw.length : third).toString();
  if (!isStream(stream) || !isTag(tag)) return undefined;
  const text = third < 0 ? Buffer.alloc(0) : raw.subarray(third + 1);
  return { timestamp: raw.subarray(0, first).toString(), stream, tag, text };
}

/** Splits a byte buffer into its complete lines (without newlines) and the unfinished rest. */
export function splitLines(buffer: Buffer): { lines: Buffer[]; rest: Buffer } {
  const lines: Buffer[] = [];
  let start = 0;
  for (let end = buffer.indexOf(NEWLINE); end >= 0; end = buffer.indexOf(NEWLINE, start)) {
    lines.push(buffer.subarray(start, end));
    start = end + 1;
  }
  return { lines, rest: buffer.subarray(start) };
}

/** A piece of output ready to be stored: its text and whether it ends a line. */
export interface LinePiece {
  readonly tag: LogTag;
  readonly text: Buffer;
}

/**
 * Cuts one stream's output into log lines: each newline ends an `F` line; a line longer than
 * {@link MAX_LINE_BYTES} is stored as `P` pieces; what is left when the stream ends is a `P` line.
 */
export class LineSplitter {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly maxLineBytes = MAX_LINE_BYTES) {}

  /** The pieces completed by `chunk`. */
  push(chunk: Buffer): LinePiece[] {
    const { lines, rest } = splitLines(Buffer.concat([this.pending, chunk]));
    const pieces = lines.flatMap((line) => this.cut(line, 'F'));
    const restPieces = this.cut(rest, 'P');
    const last = restPieces.pop();
    this.pending = last === undefined ? Buffer.alloc(0) : last.text;
    if (last !== undefined && last.text.length >= this.maxLineBytes) {
      pieces.push(...restPieces, last);
      this.pending = Buffer.alloc(0);
      return pieces;
    }
    return [...pieces, ...restPieces];
  }

  /** What remains once the stream ended (a `P` line), if anything. */
  end(): LinePiece[] {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    return rest.length === 0 ? [] : [{ tag: 'P', text: rest }];
  }

  /** `line` in pieces of at most maxLineBytes: all `P` but the last, which gets `lastTag`. */
  private cut(line: Buffer, lastTag: LogTag): LinePiece[] {
    const pieces: LinePiece[] = [];
    let offset = 0;
    while (line.length - offset > this.maxLineBytes) {
      pieces.push({ tag: 'P', text: line.subarray(offset, offset + this.maxLineBytes) });
      offset += this.maxLineBytes;
    }
    if (offset < line.length || lastTag === 'F') pieces.push({ tag: lastTag, text: line.subarray(offset) });
    return pieces;
  }
}
