// The resources the server serves right now: the built-in kinds, plus those of every
// established CRD (added and removed as CRDs come and go).
import type { ResourceType } from '@ebb/apimachinery';

/** Lookup of served resources by path segments and by kind. */
export class ResourceRegistry {
  private readonly builtins: readonly ResourceType[];
  private readonly custom = new Map<string, readonly ResourceType[]>();
  private readonly listeners = new Set<() => void>();
  private generation = 0;

  constructor(builtins: readonly ResourceType[]) {
    this.builtins = builtins;
  }

  /** Every served resource, built-in first. */
  all(): ResourceType[] {
    return [...this.builtins, ...[...this.custom.values()].flat()];
  }

  /** A counter that moves on every change (for discovery and OpenAPI hashes). */
  version(): number {
    return this.generation;
  }

  /** The resource at `/apis/<group>/<version>/<plural>`. */
  find(group: string, version: string, plural: string): ResourceType | undefined {
    return this.all().find((r) => r.group === group && r.version === version && r.plural === plural);
  }

  /** The resource of a kind in a group, any version (the first served one). */
  findKind(group: string, kind: string, version?: string): ResourceType | undefined {
    const all = this.all();
    return all.find((r) => r.group === group && r.kind === kind && (version === undefined || r.version === version)) ?? all.find((r) => r.group === group && r.kind === kind);
  }

  /** The preferred (first) served version of a group's plural resource: how stored objects are found again. */
  findStored(group: string, plural: string): ResourceType | undefined {
    return this.all().find((r) => r.group === group && r.plural === plural && r.storage === undefined);
  }

  /** One resource type per stored resource (the first served version of each group/plural; aliases left out). */
  storedResources(): ResourceType[] {
    const seen = new Set<string>();
    return this.all().filter((r) => {
      if (r.storage !== undefined) return false;
      const key = `${r.group}/${r.plural}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** Whether a group-version is served at all. */
  servesGroupVersion(group: string, version: string): boolean {
    return this.all().some((r) => r.group === group && r.version === version);
  }

  /** Serves (or re-serves) the resources of one CRD. */
  setCustom(crdName: string, resources: readonly ResourceType[]): void {
    if (resources.length === 0) {
      this.removeCustom(crdName);
      return;
    }
    this.custom.set(crdName, resources);
    this.changed();
  }

  /** Stops serving the resources of one CRD. */
  removeCustom(crdName: string): void {
    if (this.custom.delete(crdName)) this.changed();
  }

  /** Calls `listener` after every change. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.generation += 1;
    for (const listener of this.listeners) listener();
  }
}
