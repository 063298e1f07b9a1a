// Only one networking replica writes Ingress status: the holder of the Lease `networking` in the
// system namespace. Every replica serves traffic and answers probes; the leader probes them all.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { LeaderElector, type LeaderGate } from '@ebb/kube';
import { LOGGER } from '@ebb/observability';
import type { Logger } from 'pino';
import { KUBE_CONFIG } from '../cluster/cluster-state.service.js';
import type { KubeConfig } from '@kubernetes/client-node';

/** Injection token of the leader election's settings. */
export const LEADER_SETTINGS = Symbol('ebb.networking.leader');

/** Where the Lease lives and who this replica is. */
export interface LeaderSettings {
  readonly namespace: string;
  readonly identity: string;
}

/** The Lease-based leader gate of the status writer, started with the app and released on shutdown. */
@Injectable()
export class StatusLeader implements LeaderGate, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly elector: LeaderElector;

  constructor(@Inject(KUBE_CONFIG) kubeConfig: KubeConfig, @Inject(LEADER_SETTINGS) settings: LeaderSettings, @Inject(LOGGER) logger: Logger) {
    this.elector = new LeaderElector({ kubeConfig, namespace: settings.namespace, name: 'networking', identity: settings.identity, logger: logger.child({ subsystem: 'leader-election' }) });
  }

  isLeader(): boolean {
    return this.elector.isLeader();
  }

  onChange(listener: (leading: boolean) => void): () => void {
    return this.elector.onChange(listener);
  }

  onApplicationBootstrap(): void {
    this.elector.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.elector.stop();
  }
}
