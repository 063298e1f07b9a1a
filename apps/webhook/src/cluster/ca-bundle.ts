// Which webhook configurations carry the webhook's CA, and the JSON Patch that puts it there.
// The YAML in deploy/ ships them without caBundle; the webhook patches every webhook entry of
// the configurations it owns, and only when the value differs, so a steady state writes nothing.
import { KubeResources, type KubeObjectLike, type ResourceType } from '@ebb/kube';

/** The configurations the webhook patches unless EBB_WEBHOOK_CONFIGURATIONS says otherwise (Knative's names). */
export const DEFAULT_WEBHOOK_CONFIGURATIONS: readonly string[] = [
  'webhook.serving.knative.dev',
  'validation.webhook.serving.knative.dev',
  'config.webhook.serving.knative.dev',
];

/** The two kinds of admission webhook configuration. */
export const WEBHOOK_CONFIGURATION_TYPES: readonly ResourceType[] = [KubeResources.mutatingWebhookConfiguration, KubeResources.validatingWebhookConfiguration];

/** A Mutating- or ValidatingWebhookConfiguration as far as the caBundle goes. */
export interface WebhookConfigurationLike extends KubeObjectLike {
  webhooks?: { name?: string; clientConfig?: { caBundle?: string } }[];
}

/** One JSON Patch operation of {@link makeCaBundlePatch}. */
export type CaBundlePatchOperation = { op: 'test'; path: string; value: string } | { op: 'add'; path: string; value: string };

/** A PEM CA as the base64 `caBundle` the API server wants. */
export function caBundleOf(caPem: string): string {
  return Buffer.from(caPem, 'utf8').toString('base64');
}

/**
 * The JSON Patch that sets `caBundle` on every webhook of `configuration` whose value differs
 * (empty when none does). It first tests the resourceVersion read, so a patch computed from a
 * stale copy fails instead of landing on a reordered list.
 */
export function makeCaBundlePatch(configuration: WebhookConfigurationLike, caBundle: string): CaBundlePatchOperation[] {
  const changes: CaBundlePatchOperation[] = (configuration.webhooks ?? []).flatMap((webhook, index) =>
    webhook.clientConfig === undefined || webhook.clientConfig.caBundle === caBundle ? [] : [{ op: 'add' as const, path: `/webhooks/${index}/clientConfig/caBundle`, value: caBundle }],
  );
  const resourceVersion = configuration.metadata?.resourceVersion;
  if (changes.length === 0 || resourceVersion === undefined) return changes;
  return [{ op: 'test', path: '/metadata/resourceVersion', value: resourceVersion }, ...changes];
}
