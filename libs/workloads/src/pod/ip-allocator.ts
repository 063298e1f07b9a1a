// Pod IP allocation for the local cluster: every pod gets its own loopback address in
// 127.1.0.1–127.254.255.254 (addresses ending in .0 or .255 skipped). Allocation is sequential
// from a cursor (the last address handed out), so a released address comes back only after
// every other one has been used — as a real IPAM avoids reusing a fresh IP. Pure: the kubelet
// seeds it from the pods' status.podIP and persists the cursor.

const FIRST = ipToNumber('127.1.0.1') as number;
const LAST = ipToNumber('127.254.255.254') as number;

/** An IPv4 address as a number, or undefined when it is not a dotted quad. */
export function ipToNumber(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

/** The dotted quad of a number. */
export function numberToIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** Whether `ip` is an address the allocator hands out. */
export function isPodIp(ip: string): boolean {
  const value = ipToNumber(ip);
  if (value === undefined || value < FIRST || value > LAST) return false;
  const last = value % 256;
  return last !== 0 && last !== 255;
}

function successor(value: number): number {
  const next = value >= LAST || value < FIRST ? FIRST : value + 1;
  return isPodIp(numberToIp(next)) ? next : successor(next);
}

/** Sequential pod IP allocation over the loopback range. */
export class PodIpAllocator {
  private readonly inUse = new Set<string>();
  private last: number;

  /** `cursor`: the last address handed out by an earlier run (allocation continues after it). */
  constructor(cursor?: string) {
    this.last = cursor !== undefined && isPodIp(cursor) ? (ipToNumber(cursor) as number) : FIRST - 1;
  }

  /** The last address handed out. */
  get cursor(): string | undefined {
    return this.last < FIRST ? undefined : numberToIp(this.last);
  }

  /** Marks `ip` as taken (a pod that already has it); false when it is taken already or not a pod IP. */
  claim(ip: string): boolean {
    if (!isPodIp(ip) || this.inUse.has(ip)) return false;
    this.inUse.add(ip);
    return true;
  }

  /** The next free address after the cursor. Throws when every address is taken. */
  allocate(): string {
    let candidate = successor(this.last);
    for (let tries = 0; tries <= LAST - FIRST; tries++) {
      const ip = numberToIp(candidate);
      if (!this.inUse.has(ip)) {
        this.inUse.add(ip);
        this.last = candidate;
        return ip;
      }
      candidate = successor(candidate);
    }
    throw new Error('no free pod IP left in 127.1.0.1-127.254.255.254');
  }

  release(ip: string): void {
    this.inUse.delete(ip);
  }

  /** Whether `ip` is taken. */
  has(ip: string): boolean {
    return this.inUse.has(ip);
  }
}

/**
 * A random pod IP to start allocating after on a fresh node: two local clusters on one machine
 * then rarely hand out the same address (pods that bind their own pod IP would clash on it).
 */
export function randomPodIpCursor(random: () => number = Math.random): string {
  const start = FIRST + Math.floor(random() * (LAST - FIRST));
  return numberToIp(successor(start));
}
