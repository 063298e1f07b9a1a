// Where Ebb keeps its local state (the image store, the local cluster's objects and pods): one
// folder shared by the `ebb` CLI and the local cluster so that both see the same images.
import { homedir } from 'node:os';
import path from 'node:path';

/** The default data dir shared by `ebb` and the local cluster: $EBB_DATA_DIR, else ~/.ebb. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env['EBB_DATA_DIR'];
  if (configured !== undefined && configured !== '') return path.resolve(configured);
  const home = env['HOME'] !== undefined && env['HOME'] !== '' ? env['HOME'] : homedir();
  return path.join(home, '.ebb');
}
