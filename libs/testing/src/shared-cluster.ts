// One local cluster with Ebb's CRDs applied, started when the first test asks for it and shared
// by the rest of the file: the app-shell specs start their app several times, each wanting a
// cluster whose informers can sync.
import path from 'node:path';
import { kubectl, startLocalCluster, type LocalCluster } from './local-cluster.js';
import { WORKSPACE_ROOT } from './workspace.js';

/** A lazily started cluster with the CRDs of deploy/base/crds. */
export interface SharedCluster {
  /** The cluster, started (and the CRDs applied) on the first call. */
  get(): Promise<LocalCluster>;
  /** Stops it, if it was started. */
  dispose(): Promise<void>;
}

/** A {@link SharedCluster}; call `dispose` in afterAll. */
export function sharedClusterWithCrds(): SharedCluster {
  let cluster: Promise<LocalCluster> | undefined;
  const get = (): Promise<LocalCluster> => {
    cluster ??= (async () => {
      const started = await startLocalCluster();
      const applied = await kubectl(started, ['apply', '-f', path.join(WORKSPACE_ROOT, 'deploy', 'base', 'crds')]);
      if (applied.code !== 0) throw new Error(`applying the CRDs failed: ${applied.stderr}`);
      return started;
    })();
    return cluster;
  };
  return { get, dispose: async () => (await cluster)?.dispose() };
}
