// The Docker engine the image and container suites need (ENVIRONMENT.md: host networking only;
// CI installs and starts it in .ci/run).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Fails with a clear message when no Docker engine answers `docker info`. */
export async function requireDockerEngine(): Promise<void> {
  await run('docker', ['info']).catch((error: Error) => {
    throw new Error(`this suite needs a running Docker engine (CI installs and starts one in .ci/run): ${error.message}`);
  });
}
