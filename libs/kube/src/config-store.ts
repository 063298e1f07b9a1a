// The ConfigMap watcher Knative's configmap.InformedWatcher + untyped store give every
// component: an informer on the ConfigMaps of one namespace keeps, for each named map, the last
// good parsed value — its defaults while the map is absent or once it is deleted. A change that
// does not parse is logged with every problem and ignored (the previous value stays), so a bad
// edit never takes a running component down. Typed over a record of map name → config type.
import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { KubeObjectLike } from './object.js';
import { Informer, type InformerOptions } from './informer.js';
import { collectionPath } from './resource-client.js';
import { KubeResources } from './resources.js';

/** One thing wrong with a ConfigMap: the key, its value, and why it was refused. */
export interface ConfigMapProblem {
  readonly key: string;
  readonly value: string;
  readonly message: string;
}

/** A parsed ConfigMap: the config, or every problem found (`@ebb/config`'s ConfigResult fits). */
export type ConfigMapParse<C> = { readonly ok: true; readonly config: C } | { readonly ok: false; readonly problems: readonly ConfigMapProblem[] };

/** How one ConfigMap becomes a config value. */
export interface ConfigMapEntry<C> {
  /** The map's name; when given it must equal the entry's key. */
  readonly name?: string;
  parse(data: Readonly<Record<string, string>>): ConfigMapParse<C>;
  defaults(): C;
}

/** The entries of a store: one per map name, typed by the config record `M`. */
export type ConfigMapEntries<M> = { readonly [K in keyof M]: ConfigMapEntry<M[K]> };

/** Hears the name and new value of a map after an accepted change. */
export type ConfigMapListener<M> = <K extends keyof M & string>(name: K, config: M[K]) => void;

/** How a {@link ConfigMapStore} is wired. */
export interface ConfigMapStoreOptions<M> {
  readonly kubeConfig: KubeConfig;
  /** The namespace of the maps (e.g. `ebb-system`). */
  readonly namespace: string;
  readonly entries: ConfigMapEntries<M>;
  readonly logger: Logger;
  /** Informer retry backoff (for tests). */
  readonly informer?: Pick<InformerOptions, 'initialBackoffMs' | 'maxBackoffMs'>;
}

/** A ConfigMap as far as the store reads it. */
interface ConfigMapLike extends KubeObjectLike {
  data?: Record<string, string>;
}

/** One line naming a map's problems, e.g. `key "x" = "y": not a number; …`. */
export function describeConfigProblems(problems: readonly ConfigMapProblem[]): string {
  return problems.map((p) => `key ${JSON.stringify(p.key)} = ${JSON.stringify(p.value)}: ${p.message}`).join('; ');
}

/** The last good parsed value of each of a namespace's config maps, kept up to date by a watch. */
export class ConfigMapStore<M extends object> {
  private readonly values = new Map<keyof M & string, unknown>();
  private readonly listeners = new Set<ConfigMapListener<M>>();
  private readonly informer: Informer<ConfigMapLike>;
  private readonly log: Logger;

  constructor(private readonly options: ConfigMapStoreOptions<M>) {
    this.log = options.logger.child({ namespace: options.namespace });
    for (const name of this.names()) {
      const declared = options.entries[name].name;
      if (declared !== undefined && declared !== name) throw new Error(`config entry ${JSON.stringify(name)} names the map ${JSON.stringify(declared)}`);
      this.values.set(name, options.entries[name].defaults());
    }
    const path = collectionPath(KubeResources.configMap, options.namespace);
    this.informer = new Informer<ConfigMapLike>(options.kubeConfig, { path, ...options.informer }, options.logger);
    this.informer.on('add', (map) => this.onMap(map));
    this.informer.on('update', (map) => this.onMap(map));
    this.informer.on('delete', (map) => this.onDelete(map));
  }

  /** The current value of a map: the last good parse, or its defaults. */
  get<K extends keyof M & string>(name: K): M[K] {
    return this.values.get(name) as M[K];
  }

  /** Hears each accepted change (including a deletion back to defaults); returns an unsubscribe. */
  onChange(listener: ConfigMapListener<M>): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Starts watching; resolves once the maps present now have been read. */
  async start(): Promise<void> {
    await this.informer.start();
  }

  /** Stops watching; values stay as they are. */
  stop(): void {
    this.informer.stop();
  }

  private names(): (keyof M & string)[] {
    return Object.keys(this.options.entries) as (keyof M & string)[];
  }

  /** The entry's name when a map is one of ours. */
  private entryName(map: ConfigMapLike): (keyof M & string) | undefined {
    const name = map.metadata?.name ?? '';
    return Object.hasOwn(this.options.entries, name) ? (name as keyof M & string) : undefined;
  }

  /** A map was added or changed: keep the new value if it parses, else log and keep the old one. */
  private onMap(map: ConfigMapLike): void {
    const name = this.entryName(map);
    if (name === undefined) return;
    const parsed = this.options.entries[name].parse(map.data ?? {});
    if (!parsed.ok) {
      const where = `${this.options.namespace}/${name}`;
      this.log.error({ configMap: where, problems: parsed.problems }, `ConfigMap ${where} rejected, keeping the previous config: ${describeConfigProblems(parsed.problems)}`);
      return;
    }
    this.accept(name, parsed.config);
  }

  /** A map was deleted: back to its defaults. */
  private onDelete(map: ConfigMapLike): void {
    const name = this.entryName(map);
    if (name === undefined) return;
    this.log.info({ configMap: `${this.options.namespace}/${name}` }, 'ConfigMap deleted; using defaults');
    this.accept(name, this.options.entries[name].defaults());
  }

  private accept<K extends keyof M & string>(name: K, config: M[K]): void {
    this.values.set(name, config);
    for (const listener of [...this.listeners]) {
      try {
        listener(name, config);
      } catch (error) {
        this.log.error({ err: error, configMap: name }, 'config listener failed');
      }
    }
  }
}
