// What the process runtime learns about processes from Linux's /proc: a process's group, start
// time (field 22 of /proc/<pid>/stat, clock ticks since boot: with the pid it names one process
// for good, even after the pid is reused) and resident memory. Parsing is pure; reading is here too.
import fsp from 'node:fs/promises';

/** The fields of /proc/<pid>/stat the runtime uses. */
export interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  readonly pgrp: number;
  /** Clock ticks after boot at which the process started. */
  readonly startTime: number;
  /** Resident set size in pages. */
  readonly rssPages: number;
}

/** The page size assumed for RSS (x86_64 and arm64 Linux default). */
export const PAGE_BYTES = 4096;

/** Parses /proc/<pid>/stat (the command name may hold spaces and parentheses: fields follow the last `)`). */
export function parseProcStat(text: string): ProcStat | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const pid = Number.parseInt(text, 10);
  // Fields after the name start at field 3 (state): index i here is field i + 3.
  const fields = text.slice(close + 2).trim().split(' ');
  const field = (n: number): number => Number(fields[n - 3]);
  const stat = { pid, ppid: field(4), pgrp: field(5), startTime: field(22), rssPages: field(24) };
  return Object.values(stat).every(Number.isFinite) ? stat : undefined;
}

/** /proc/<pid>/stat, parsed; undefined when the process does not exist. */
export async function readProcStat(pid: number): Promise<ProcStat | undefined> {
  const text = await fsp.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : parseProcStat(text);
}

/** Every process's stat (processes that end while being read are skipped). */
export async function readAllProcStats(): Promise<ProcStat[]> {
  const entries = await fsp.readdir('/proc').catch(() => [] as string[]);
  const pids = entries.filter((name) => /^\d+$/.test(name)).map(Number);
  const stats = await Promise.all(pids.map(readProcStat));
  return stats.filter((stat): stat is ProcStat => stat !== undefined);
}

/** Resident bytes per process group. */
export function rssByGroup(stats: readonly ProcStat[]): Map<number, number> {
  const totals = new Map<number, number>();
  for (const stat of stats) totals.set(stat.pgrp, (totals.get(stat.pgrp) ?? 0) + stat.rssPages * PAGE_BYTES);
  return totals;
}
