// A container of one of Ebb's images as the platform runs it: host networking (the only network
// here), the image's non-root user, and a read-only root filesystem (testcontainers has no
// builder method for that, so this sets Docker's HostConfig.ReadonlyRootfs).
import './testcontainers-env.js';
import { GenericContainer, type StartedTestContainer } from 'testcontainers';

/** A GenericContainer with host networking and, by default, a read-only root filesystem. */
export class EbbContainer extends GenericContainer {
  constructor(image: string) {
    super(image);
    this.withNetworkMode('host');
    this.hostConfig.ReadonlyRootfs = true;
  }

  /** Adds supplementary groups (`docker run --group-add`), e.g. the one owning the Docker socket. */
  withGroupAdd(...groups: readonly number[]): this {
    this.hostConfig.GroupAdd = [...(this.hostConfig.GroupAdd ?? []), ...groups.map(String)];
    return this;
  }
}

/** Stops every started container (SIGTERM, then Docker's kill after `timeoutS`), also when some stops fail. */
export async function stopAll(containers: readonly (StartedTestContainer | undefined)[], timeoutS = 10): Promise<void> {
  await Promise.allSettled(containers.filter((c): c is StartedTestContainer => c !== undefined).map((c) => c.stop({ timeout: timeoutS * 1000 })));
}
