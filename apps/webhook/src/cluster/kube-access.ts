// The webhook's KubeConfig from the KubeAccess its settings found: a kubeconfig file, or the
// pod's service account (token and CA from EBB_SERVICEACCOUNT_DIR, where the local cluster puts
// them, or the standard /var/run/secrets path). The token file is re-read whenever the kubelet
// rotates it (@ebb/kube's token-file authenticator).
import { loadKubeConfig, tokenFileKubeConfig } from '@ebb/kube';
import type { KubeConfig } from '@kubernetes/client-node';
import path from 'node:path';
import type { KubeAccess } from '../webhook-config.js';

/** The KubeConfig `access` describes. */
export function loadWebhookKubeConfig(access: KubeAccess): KubeConfig {
  if (access.kind === 'kubeconfig') return loadKubeConfig(access.path);
  return tokenFileKubeConfig({ server: access.server, caFile: path.join(access.serviceAccountDir, 'ca.crt'), tokenFile: path.join(access.serviceAccountDir, 'token') });
}
