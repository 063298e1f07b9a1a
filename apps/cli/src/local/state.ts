// What `ebb up` remembers between runs, in `<data-dir>/up.json`: the local cluster's pid and
// the ports it chose, so that a second `ebb up` reuses what runs and `ebb down` knows what to stop.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '@ebb/pki';

/** The state file's name inside the data dir. */
export const STATE_FILE = 'up.json';

/** One `ebb up`'s record. */
export interface UpState {
  /** The local cluster process. */
  readonly pid: number;
  readonly apiPort: number;
  readonly gatewayPort: number;
  readonly natsPort: number;
  readonly startedAt: string;
}

function isUpState(value: unknown): value is UpState {
  const v = value as Partial<UpState> | null;
  return typeof v === 'object' && v !== null && [v.pid, v.apiPort, v.gatewayPort, v.natsPort].every((n) => Number.isInteger(n)) && typeof v.startedAt === 'string';
}

/** The recorded state, or undefined when there is none (or it is unreadable: a fresh start then). */
export async function readUpState(dataDir: string): Promise<UpState | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path.join(dataDir, STATE_FILE), 'utf8'));
    return isUpState(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Records the state (atomically). */
export async function writeUpState(dataDir: string, state: UpState): Promise<void> {
  await writeFileAtomically(path.join(dataDir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`, 0o600);
}
