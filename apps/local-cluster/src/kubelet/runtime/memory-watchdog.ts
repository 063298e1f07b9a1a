// `resources.limits.memory` for the process runtime. Plain child processes have no cgroup here,
// so this is a WATCHDOG, NOT A CGROUP LIMIT: about every 250 ms it sums the resident memory of
// each watched process group (from /proc) and calls back for a group over its limit, which the
// runtime then SIGKILLs and reports as OOMKilled (137). A process can exceed its limit between
// two looks, and memory of processes that left the group (setsid) is not counted.
import { readAllProcStats, rssByGroup, type ProcStat } from './proc.js';

interface Watched {
  readonly limitBytes: number;
  readonly onExceeded: (rssBytes: number) => void;
}

/** The groups over their limit, given the current RSS of every group. */
export function groupsOverLimit(watched: ReadonlyMap<number, { limitBytes: number }>, rss: ReadonlyMap<number, number>): { pgid: number; rssBytes: number }[] {
  const over: { pgid: number; rssBytes: number }[] = [];
  for (const [pgid, { limitBytes }] of watched) {
    const rssBytes = rss.get(pgid) ?? 0;
    if (rssBytes > limitBytes) over.push({ pgid, rssBytes });
  }
  return over;
}

/** Polls /proc while any group is watched; one scan per tick serves every group. */
export class MemoryWatchdog {
  private readonly watched = new Map<number, Watched>();
  private timer: NodeJS.Timeout | undefined;
  private scanning = false;

  constructor(
    private readonly intervalMs = 250,
    private readonly readStats: () => Promise<ProcStat[]> = readAllProcStats,
  ) {}

  /** Watches a process group until {@link unwatch}. */
  watch(pgid: number, limitBytes: number, onExceeded: (rssBytes: number) => void): void {
    this.watched.set(pgid, { limitBytes, onExceeded });
    this.timer ??= setInterval(() => void this.scan(), this.intervalMs);
  }

  unwatch(pgid: number): void {
    this.watched.delete(pgid);
    if (this.watched.size === 0 && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** One look at every watched group (exposed for tests). */
  async scan(): Promise<void> {
    if (this.scanning) return;
    this.scanning = true;
    try {
      const over = groupsOverLimit(this.watched, rssByGroup(await this.readStats()));
      for (const { pgid, rssBytes } of over) {
        const entry = this.watched.get(pgid);
        this.unwatch(pgid);
        entry?.onExceeded(rssBytes);
      }
    } finally {
      this.scanning = false;
    }
  }
}
