import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { LOGGER, ReadinessService } from '@ebb/observability';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import type { ServingCertificates } from '../certs/cert-keeper.js';
import { CERT_ACTIONS } from '../certs/cert-plan.js';
import type { CertSource } from '../certs/cert-source.js';
import type { CaSink } from '../cluster/ca-bundle-injector.js';
import type { AdmissionServerConfig } from '../webhook-config.js';
import { ADMISSION_PATHS, createAdmissionHandler } from './admission-handler.js';
import { createAdmissionMetrics } from './admission-metrics.js';
import { admitConfigMap } from './config-validation.js';
import { admitDefaulting, admitValidation } from './serving-admission.js';

/** Injection token of the {@link AdmissionSetup}. */
export const ADMISSION_SETUP = Symbol('ebb.webhook.admission-setup');

/** What the admission server is built from: its settings, where its certificates live, who wants its CA. */
export interface AdmissionSetup {
  readonly config: AdmissionServerConfig;
  readonly certs: CertSource;
  /** Told the CA after every check (cluster mode: the caBundle injector). */
  readonly caSink?: CaSink;
}

/** How often the certificates are checked for renewal. */
export const CERT_CHECK_INTERVAL_MS = 60 * 60 * 1000;

/** Name of the readiness check: true while the server listens with a currently valid certificate. */
export const TLS_READINESS_CHECK = 'webhook-tls';

/**
 * The HTTPS admission server (plain `node:https`, beside Nest's admin server): makes or reuses
 * its certificates at start (in a folder or a Secret), hands their CA to the caBundle injector, listens, renews the serving certificate on a timer and swaps it in
 * with `setSecureContext` without restarting, and closes on shutdown.
 */
@Injectable()
export class AdmissionServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private server: Server | undefined;
  private certificates: ServingCertificates | undefined;
  private timer: NodeJS.Timeout | undefined;

  private readonly config: AdmissionServerConfig;

  constructor(
    @Inject(ADMISSION_SETUP) private readonly setup: AdmissionSetup,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(Registry) private readonly registry: Registry,
    @Inject(ReadinessService) readiness: ReadinessService,
  ) {
    this.config = setup.config;
    readiness.register(TLS_READINESS_CHECK, () => this.ready(new Date()));
  }

  /** True while the server listens with a certificate valid at `now`. */
  ready(now: Date): boolean {
    const certs = this.certificates;
    if (this.server?.listening !== true || certs === undefined) return false;
    return certs.notBefore.getTime() <= now.getTime() && now.getTime() < certs.notAfter.getTime();
  }

  /** The port it listens on (useful when configured as a free port). */
  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    const certificates = await this.refreshCertificates();
    const handler = createAdmissionHandler({
      admitters: {
        [ADMISSION_PATHS.configValidation]: (request) => admitConfigMap(request),
        [ADMISSION_PATHS.defaulting]: (request) => admitDefaulting(request),
        [ADMISSION_PATHS.resourceValidation]: (request) => admitValidation(request),
      },
      metrics: createAdmissionMetrics(this.registry),
      logger: this.logger,
    });
    const server = createServer({ cert: certificates.serving.certPem, key: certificates.serving.keyPem }, handler);
    server.on('clientError', (error, socket) => {
      this.logger.debug({ err: error }, 'admission client error');
      socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.port, this.config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => this.logger.error({ err: error }, 'admission server error'));
    this.server = server;
    this.logger.info({ host: this.config.host, port: this.port, ...this.setup.certs.location }, 'admission server listening');
    this.timer = setInterval(() => void this.rotate(), CERT_CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  /** Renews the certificates if due and hands new ones to the running server. */
  async rotate(): Promise<void> {
    try {
      const certificates = await this.refreshCertificates();
      this.server?.setSecureContext({ cert: certificates.serving.certPem, key: certificates.serving.keyPem });
    } catch (error) {
      this.logger.error({ err: error, ...this.setup.certs.location }, 'renewing the webhook certificates failed; serving the current ones');
    }
  }

  private async refreshCertificates(): Promise<ServingCertificates> {
    const { plan, certificates } = await this.setup.certs.ensure(new Date());
    const fields = { ...this.setup.certs.location, action: plan.action, reason: plan.reason, notAfter: certificates.notAfter.toISOString() };
    if (plan.action === CERT_ACTIONS.reuse) this.logger.debug(fields, 'webhook certificates kept');
    else this.logger.info(fields, 'webhook certificates written');
    this.certificates = certificates;
    this.setup.caSink?.publish(certificates.ca.certPem);
    return certificates;
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    const server = this.server;
    if (server === undefined) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    this.logger.info('admission server closed');
  }
}
