// Wiring of the gateway: the cluster informers, the HTTP/1.1 gateway server and the Ingress
// status prober, with the kubeconfig, the gateway settings and the leader gate as providers.
import type { Ingress } from '@ebb/api';
import { ResourceClient } from '@ebb/kube';
import type { KubeConfig } from '@kubernetes/client-node';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { ISTIO_INGRESS_WIRING, IstioIngressService, type IstioIngressWiring } from '../istio/istio-ingress.service.js';
import { ClusterState, KUBE_CONFIG, SYSTEM_SERVICES, type SystemServices } from '../cluster/cluster-state.service.js';
import type { NetworkingConfig } from '../networking-config.js';
import { LEADER_SETTINGS, StatusLeader } from '../status/leader.service.js';
import { INGRESS_STATUS_DEPS, INGRESS_TYPE, IngressStatusService, type IngressStatusDeps } from '../status/ingress-status.service.js';
import { GatewayServer } from './gateway.server.js';
import { GATEWAY_SETTINGS, type GatewaySettings } from './gateway-settings.js';
import { GatewayTelemetry } from './gateway-telemetry.js';

/** The Istio translator (EBB_ISTIO_INGRESS), sharing the gateway's cluster state and leader. */
function istioProviders(config: NetworkingConfig): Provider[] {
  return [
    {
      provide: ISTIO_INGRESS_WIRING,
      inject: [KUBE_CONFIG, ClusterState, StatusLeader],
      useFactory: (kubeConfig: KubeConfig, cluster: ClusterState, leader: StatusLeader): IstioIngressWiring => ({ kubeConfig, cluster, leader, systemNamespace: config.gateway.systemNamespace }),
    },
    IstioIngressService,
  ];
}

/** The ingress gateway and what it needs. */
@Module({})
export class GatewayModule {
  static forRoot(config: NetworkingConfig): DynamicModule {
    const settings: GatewaySettings = { gateway: config.gateway, drainSeconds: config.drainSeconds };
    const system: SystemServices = { namespace: config.gateway.systemNamespace, activatorService: config.gateway.activatorService, gatewayService: config.gateway.service, podIp: config.gateway.podIp, istioGateways: config.gateway.istioGateways };
    return {
      module: GatewayModule,
      providers: [
        { provide: KUBE_CONFIG, useValue: config.kubeConfig },
        { provide: SYSTEM_SERVICES, useValue: system },
        { provide: LEADER_SETTINGS, useValue: { namespace: config.gateway.systemNamespace, identity: config.identity } },
        StatusLeader,
        { provide: GATEWAY_SETTINGS, useValue: settings },
        {
          provide: INGRESS_STATUS_DEPS,
          inject: [KUBE_CONFIG, StatusLeader],
          useFactory: (kubeConfig: KubeConfig, leader: StatusLeader): IngressStatusDeps => ({ gateway: config.gateway, leader, client: new ResourceClient<Ingress>(kubeConfig, INGRESS_TYPE) }),
        },
        ClusterState,
        GatewayTelemetry,
        GatewayServer,
        IngressStatusService,
        ...(config.istioIngress ? istioProviders(config) : []),
      ],
      exports: [ClusterState, GatewayServer],
    };
  }
}
