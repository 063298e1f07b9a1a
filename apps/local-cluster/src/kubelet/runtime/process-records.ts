// The process runtime's record of what it started, one JSON file per running container in
// `<data-dir>/kubelet/runtime/process/<pid>.json` (removed when the container ends), so that
// after a `kill -9` of the local cluster the next start can end what was left running. A
// process group is ended only when it is provably ours: its leader still has the recorded start
// time, or the leader is gone and its group lives on (a pid cannot be reused while its group exists).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { ProcStat } from './proc.js';

/** One started container process. */
export interface ProcessRecord {
  readonly pid: number;
  readonly pgid: number;
  /** Field 22 of /proc/<pid>/stat. */
  readonly startTime: number;
  readonly podUid: string;
  readonly containerName: string;
  readonly attempt: number;
}

/** The folder of the records under a data dir. */
export function recordsDirectory(dataDir: string): string {
  return path.join(dataDir, 'kubelet', 'runtime', 'process');
}

/** The pids of the processes of a stale record's group that may be killed (none when the pid was reused). */
export function staleGroupMembers(record: ProcessRecord, stats: readonly ProcStat[]): number[] {
  const leader = stats.find((stat) => stat.pid === record.pid);
  if (leader !== undefined && leader.startTime !== record.startTime) return [];
  return stats.filter((stat) => stat.pgrp === record.pgid && stat.startTime >= record.startTime).map((stat) => stat.pid);
}

/** Reads and writes the records. */
export class ProcessRecords {
  constructor(private readonly dir: string) {}

  /** Records a started process (synchronously, so that a crash right after still finds it). */
  add(record: ProcessRecord): void {
    fs.mkdirSync(this.dir, { recursive: true });
    fs.writeFileSync(this.file(record.pid), JSON.stringify(record));
  }

  remove(pid: number): void {
    fs.rmSync(this.file(pid), { force: true });
  }

  /** Every record present (unreadable ones are removed). */
  async all(): Promise<ProcessRecord[]> {
    const names = await fsp.readdir(this.dir).catch(() => [] as string[]);
    const records: ProcessRecord[] = [];
    for (const name of names.filter((entry) => entry.endsWith('.json'))) {
      const record = await this.read(path.join(this.dir, name));
      if (record !== undefined) records.push(record);
      else await fsp.rm(path.join(this.dir, name), { force: true });
    }
    return records;
  }

  private async read(file: string): Promise<ProcessRecord | undefined> {
    try {
      const value = JSON.parse(await fsp.readFile(file, 'utf8')) as Partial<ProcessRecord>;
      return typeof value.pid === 'number' && typeof value.pgid === 'number' && typeof value.startTime === 'number' ? (value as ProcessRecord) : undefined;
    } catch {
      return undefined;
    }
  }

  private file(pid: number): string {
    return path.join(this.dir, `${pid}.json`);
  }
}
