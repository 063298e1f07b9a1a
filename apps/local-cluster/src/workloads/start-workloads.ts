// Runs what kube-controller-manager, kube-scheduler and the kubelet would run beside an API
// server: the Deployment, ReplicaSet, EndpointSlice and ServiceAccount controllers, the service
// load balancer (LoadBalancer Services on 127.0.0.1), the scheduler, and the kubelet of the one node `local`. Each reaches the API server over HTTPS as
// a client (its own token and informers), exactly as it would on a real cluster.
import { EventRecorder, kubeConfigFor } from '@ebb/kube';
import { ImageStore } from '@ebb/image-store';
import { randomPodIpCursor } from '@ebb/workloads';
import type { KubeConfig } from '@kubernetes/client-node';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { Kubelet } from '../kubelet/kubelet.js';
import { LogStore } from '../kubelet/logs/log-writer.js';
import { DockerRuntime } from '../kubelet/runtime/docker-runtime.js';
import { LocalImageResolver } from '../kubelet/runtime/image-resolver.js';
import { ProcessRuntime } from '../kubelet/runtime/process-runtime.js';
import type { Controller, ControllerDeps } from './controller.js';
import { DeploymentController } from './deployment-controller.js';
import { EndpointSliceController } from './endpointslice-controller.js';
import { InformerFactory } from './informers.js';
import { LoadBalancerController } from './load-balancer-controller.js';
import { ReplicaSetController } from './replicaset-controller.js';
import { NODE_NAME, Scheduler } from './scheduler.js';
import { ServiceAccountController } from './serviceaccount-controller.js';

/** Where the API server is and the credentials of the two components. */
export interface WorkloadsOptions {
  readonly dataDir: string;
  /** `https://127.0.0.1:<port>`. */
  readonly url: string;
  readonly caPem: string;
  readonly tokens: { readonly controllers: string; readonly kubelet: string };
  readonly logger: Logger;
  /** Whether pods may run as Docker containers when the engine answers (default true). */
  readonly docker?: boolean;
}

/** The running components. */
export interface RunningWorkloads {
  /** True when no controller has work queued or running. */
  idle(): boolean;
  /** Stops the controllers, then the kubelet (its containers get SIGTERM, then SIGKILL). */
  stop(): Promise<void>;
}

function componentDeps(kubeConfig: KubeConfig, informers: InformerFactory, component: string, logger: Logger): ControllerDeps {
  const log = logger.child({ component });
  return { kubeConfig, informers, events: new EventRecorder(kubeConfig, { component, host: hostname() }, log), logger: log, clock: () => new Date() };
}

function apiServerAddress(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: Number(parsed.port) };
}

function controllersOf(options: WorkloadsOptions): { informers: InformerFactory; controllers: Controller[] } {
  const kubeConfig = kubeConfigFor({ server: options.url, caPem: options.caPem, token: options.tokens.controllers, name: 'kube-controller-manager' });
  const informers = new InformerFactory(kubeConfig, options.logger.child({ component: 'controller-informers' }));
  const deps = (component: string): ControllerDeps => componentDeps(kubeConfig, informers, component, options.logger);
  const controllers: Controller[] = [
    new ServiceAccountController(deps('serviceaccount-controller'), options.caPem),
    new Scheduler(deps('default-scheduler')),
    new DeploymentController(deps('deployment-controller')),
    new ReplicaSetController(deps('replicaset-controller')),
    new EndpointSliceController(deps('endpointslice-controller')),
    new LoadBalancerController(deps('service-lb-controller')),
  ];
  return { informers, controllers };
}

function kubeletOf(options: WorkloadsOptions): { informers: InformerFactory; kubelet: Kubelet } {
  const kubeConfig = kubeConfigFor({ server: options.url, caPem: options.caPem, token: options.tokens.kubelet, name: 'kubelet' });
  const informers = new InformerFactory(kubeConfig, options.logger.child({ component: 'kubelet-informers' }));
  const logger = options.logger.child({ component: 'kubelet' });
  const logs = new LogStore();
  const processRuntime = new ProcessRuntime({ dataDir: options.dataDir, logs, logger });
  const docker = options.docker === false ? undefined : new DockerRuntime({ dataDir: options.dataDir, logs, logger });
  const resolver = new LocalImageResolver({ images: ImageStore.open(options.dataDir), process: processRuntime, ...(docker === undefined ? {} : { docker }) });
  const deps = componentDeps(kubeConfig, informers, 'kubelet', options.logger);
  // A random start: two local clusters on one machine (parallel test suites) rarely share a pod IP.
  const kubelet = new Kubelet({ ...deps, dataDir: options.dataDir, nodeName: NODE_NAME, resolver, apiServer: apiServerAddress(options.url), firstPodIpCursor: randomPodIpCursor() });
  return { informers, kubelet };
}

/** Starts the controllers and the kubelet once the API server answers at `options.url`. */
export async function startWorkloads(options: WorkloadsOptions): Promise<RunningWorkloads> {
  const manager = controllersOf(options);
  const node = kubeletOf(options);
  await Promise.all([manager.informers.startAll(), node.informers.startAll()]);
  await Promise.all(manager.controllers.map((controller) => controller.start()));
  await node.kubelet.start();
  return {
    idle: () => manager.controllers.every((controller) => controller.idle()) && node.kubelet.idle(),
    stop: async () => {
      await Promise.all(manager.controllers.map((controller) => controller.stop()));
      manager.informers.stopAll();
      await node.kubelet.stop();
      node.informers.stopAll();
    },
  };
}
