import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { KubeResources, ResourceClient } from '@ebb/kube';
import type { KubeConfig } from '@kubernetes/client-node';
import { ADMISSION_SETUP, AdmissionServer, type AdmissionSetup } from './admission/admission-server.js';
import type { SecretLike } from './certs/cert-secret.js';
import { folderCertSource, secretCertSource } from './certs/cert-source.js';
import { CaBundleInjector, CLUSTER_CERT_CONFIG, KUBE_CONFIG } from './cluster/ca-bundle-injector.js';
import { loadWebhookKubeConfig } from './cluster/kube-access.js';
import type { AdmissionServerConfig, ClusterCertConfig, WebhookConfig } from './webhook-config.js';

/** Folder mode: the certificates live in EBB_WEBHOOK_CERT_DIR. */
function folderProviders(admission: AdmissionServerConfig): Provider[] {
  const setup: AdmissionSetup = { config: admission, certs: folderCertSource(admission.certDir, admission.subjectNames) };
  return [{ provide: ADMISSION_SETUP, useValue: setup }];
}

/** Cluster mode: the certificates live in a Secret and their CA goes into the webhook configurations. */
function clusterProviders(admission: AdmissionServerConfig, cluster: ClusterCertConfig): Provider[] {
  const setup = (kubeConfig: KubeConfig, injector: CaBundleInjector): AdmissionSetup => ({
    config: admission,
    certs: secretCertSource(new ResourceClient<SecretLike>(kubeConfig, KubeResources.secret), { namespace: cluster.namespace, name: cluster.secretName, subjectNames: admission.subjectNames }),
    caSink: injector,
  });
  return [
    { provide: KUBE_CONFIG, useFactory: () => loadWebhookKubeConfig(cluster.access) },
    { provide: CLUSTER_CERT_CONFIG, useValue: cluster },
    CaBundleInjector,
    { provide: ADMISSION_SETUP, useFactory: setup, inject: [KUBE_CONFIG, CaBundleInjector] },
  ];
}

/**
 * The webhook: admission defaulting and validation of serving.knative.dev objects and Ebb's
 * ConfigMaps, on its own HTTPS server with certificates it makes itself — in a folder, or (with
 * EBB_WEBHOOK_CERT_SECRET) in a Secret whose CA it also patches into its webhook configurations.
 * It needs no NATS.
 */
@Module({})
export class WebhookModule {
  static forRoot(config: WebhookConfig): DynamicModule {
    const { admission } = config;
    const providers = admission.cluster === undefined ? folderProviders(admission) : clusterProviders(admission, admission.cluster);
    return { module: WebhookModule, providers: [...providers, AdmissionServer] };
  }
}
