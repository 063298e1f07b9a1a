/** One thing wrong with a ConfigMap: the key, the value as written, and why it was refused. */
export interface ConfigProblem {
  readonly key: string;
  readonly value: string;
  readonly message: string;
}

/** A parsed ConfigMap: the typed config, or every problem found in it. */
export type ConfigResult<T> =
  | { readonly ok: true; readonly config: T }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/** A ConfigMap's `data`, as the API server hands it over. */
export type ConfigData = Readonly<Record<string, string>>;
