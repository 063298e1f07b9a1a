// Dynamic admission: the webhooks of the Mutating/ValidatingWebhookConfigurations, called as
// Kubernetes' apiserver calls them. Mutating webhooks run one after another, each seeing the
// object as the previous one patched it, with one reinvocation round for `IfNeeded` webhooks
// when a later webhook changed the object; validating webhooks run in parallel on the final
// object. A denial becomes the webhook's Status; a failed call is ignored (failurePolicy Ignore)
// or becomes a 500 `Internal error occurred: failed calling webhook "<name>": ...` (Fail).
import { randomUUID } from 'node:crypto';
import {
  applyJsonPatch,
  buildAdmissionReview,
  failedCallingWebhook,
  internal,
  interpretAdmissionResponse,
  matchingWebhooks,
  orderedWebhooks,
  requestNamespace,
  StatusError,
  webhookMatches,
  WebhookResponseError,
  type AdmissionAttributes,
  type AdmissionVerdict,
  type JsonObject,
  type KubeObject,
  type MatchedWebhook,
  type SelectorLabels,
  type StatusDetails,
  type StatusReason,
  type WebhookDenialStatus,
} from '@ebb/apimachinery';
import { callWebhook, WebhookCallError, type CallWebhookOptions, type ServiceResolver } from './webhook-client.js';

/** Which configurations a chain reads. */
export type WebhookType = 'mutating' | 'validating';

/** What the chain reads from the cluster: configurations, namespace labels, service endpoints. */
export interface AdmissionSources {
  /** The stored Mutating- or ValidatingWebhookConfigurations. */
  webhookConfigurations(type: WebhookType): JsonObject[];
  /** Labels of namespace `ns`, or undefined when it does not exist. */
  namespaceLabels(ns: string): Record<string, string> | undefined;
  /** A reachable endpoint of a Service port, or undefined when it has none. */
  resolveService(namespace: string, name: string, port: number): { host: string; port: number } | undefined;
}

/** Where the chain reports webhooks that failed open. */
export interface AdmissionLogger {
  warn(message: string): void;
}

/** Options of {@link AdmissionChain}. */
export interface AdmissionChainOptions {
  logger?: AdmissionLogger;
  /** The uid of each AdmissionReview; random UUIDs by default. */
  newUid?: () => string;
  /** The transport; {@link callWebhook} by default. */
  call?: (opts: CallWebhookOptions) => Promise<JsonObject>;
}

/** The outcome of {@link AdmissionChain.admit}: the (possibly patched) object and the webhooks' warnings. */
export interface AdmitResult {
  object?: KubeObject;
  warnings: string[];
}

/** The mutable state of one admit run. */
interface MutationState {
  object: JsonObject | undefined;
  warnings: string[];
}

/** The StatusError of a webhook's denial (its reason passed through, empty when the webhook gave none). */
function denialError(status: WebhookDenialStatus): StatusError {
  const init: { code: number; reason: StatusReason; message: string; details?: StatusDetails } = {
    code: status.code,
    reason: status.reason as StatusReason,
    message: status.message,
  };
  if (status.details !== undefined) init.details = status.details;
  return new StatusError(init);
}

/** The reason text of a failed call, or undefined for an error that is no call failure. */
function callFailureReason(error: unknown): string | undefined {
  if (error instanceof WebhookCallError) return `failed to call webhook: ${error.message}`;
  if (error instanceof WebhookResponseError) return error.message;
  return undefined;
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs the admission webhooks of a cluster for one request at a time. */
export class AdmissionChain {
  private readonly logger: AdmissionLogger | undefined;
  private readonly newUid: () => string;
  private readonly call: (opts: CallWebhookOptions) => Promise<JsonObject>;

  constructor(
    private readonly sources: AdmissionSources,
    options: AdmissionChainOptions = {},
  ) {
    this.logger = options.logger;
    this.newUid = options.newUid ?? ((): string => randomUUID());
    this.call = options.call ?? callWebhook;
  }

  /** Runs the mutating webhooks; returns the patched object (unchanged if none patched) and their warnings. */
  async admit(attrs: AdmissionAttributes): Promise<AdmitResult> {
    const hooks = orderedWebhooks(this.sources.webhookConfigurations('mutating'));
    const state: MutationState = { object: attrs.object, warnings: [] };
    const labels = this.selectorLabels(attrs);
    const reinvoke = await this.mutatingRound(hooks, { attrs, labels, state });
    if (reinvoke.size > 0) await this.mutatingRound(hooks, { attrs, labels, state, only: reinvoke });
    const result: AdmitResult = { warnings: state.warnings };
    if (state.object !== undefined) result.object = state.object as unknown as KubeObject;
    return result;
  }

  /** Runs the validating webhooks in parallel; throws the first denial or failure (in webhook order). */
  async validate(attrs: AdmissionAttributes): Promise<{ warnings: string[] }> {
    const hooks = matchingWebhooks(this.sources.webhookConfigurations('validating'), attrs, this.selectorLabels(attrs));
    const outcomes = await Promise.allSettled(hooks.map((hook) => this.invoke(hook, attrs, false)));
    const warnings: string[] = [];
    const failures = outcomes.map((outcome): Error | undefined => (outcome.status === 'rejected' ? asError(outcome.reason) : this.collect(outcome.value, warnings)));
    const failure = failures.find((error) => error !== undefined);
    if (failure !== undefined) throw failure;
    return { warnings };
  }

  /** Adds a verdict's warnings; returns its denial error, if any. */
  private collect(verdict: AdmissionVerdict | undefined, warnings: string[]): StatusError | undefined {
    if (verdict === undefined) return undefined;
    warnings.push(...verdict.warnings);
    return verdict.allowed ? undefined : denialError(verdict.status);
  }

  private selectorLabels(attrs: AdmissionAttributes): SelectorLabels {
    const namespace = requestNamespace(attrs);
    const labels = namespace === '' ? undefined : this.sources.namespaceLabels(namespace);
    return labels === undefined ? {} : { namespace: labels };
  }

  /**
   * One pass over the mutating webhooks (all of them, or only those of `only`). Returns the
   * indices of `IfNeeded` webhooks that ran before a later webhook changed the object.
   */
  private async mutatingRound(
    hooks: readonly MatchedWebhook[],
    run: { attrs: AdmissionAttributes; labels: SelectorLabels; state: MutationState; only?: ReadonlySet<number> },
  ): Promise<Set<number>> {
    const invoked = new Set<number>();
    const reinvoke = new Set<number>();
    for (const [index, hook] of hooks.entries()) {
      const current: AdmissionAttributes = { ...run.attrs, object: run.state.object };
      if (run.only?.has(index) === false || !webhookMatches(hook, current, run.labels)) continue;
      if (await this.mutateOnce(hook, current, run.state)) {
        invoked.forEach((i) => reinvoke.add(i));
        invoked.clear();
      }
      if (hook.reinvocationPolicy === 'IfNeeded') invoked.add(index);
    }
    return reinvoke;
  }

  /** Calls one mutating webhook and applies its patch; returns whether the object changed. */
  private async mutateOnce(hook: MatchedWebhook, attrs: AdmissionAttributes, state: MutationState): Promise<boolean> {
    const verdict = await this.invoke(hook, attrs, true);
    if (verdict === undefined) return false;
    state.warnings.push(...verdict.warnings);
    if (!verdict.allowed) throw denialError(verdict.status);
    if (verdict.patch === undefined) return false;
    if (state.object === undefined) {
      throw internal(`admission webhook ${JSON.stringify(hook.name)} attempted to modify the object, which is not supported for this operation`);
    }
    const patched = this.applyPatch(state.object, verdict.patch);
    const changed = JSON.stringify(patched) !== JSON.stringify(state.object);
    state.object = patched;
    return changed;
  }

  private applyPatch(object: JsonObject, patch: JsonObject[]): JsonObject {
    try {
      return applyJsonPatch(object, patch) as JsonObject;
    } catch (error) {
      throw internal(messageOf(error));
    }
  }

  /** Calls one webhook. Undefined when the call failed and the webhook fails open; a 500 StatusError when it fails closed. */
  private async invoke(hook: MatchedWebhook, attrs: AdmissionAttributes, mutating: boolean): Promise<AdmissionVerdict | undefined> {
    const uid = this.newUid();
    const resolveService: ServiceResolver = (namespace, name, port) => this.sources.resolveService(namespace, name, port);
    try {
      const reply = await this.call({ clientConfig: hook.clientConfig, timeoutSeconds: hook.timeoutSeconds, review: buildAdmissionReview(attrs, uid), resolveService });
      return interpretAdmissionResponse(reply, hook.name, { uid, mutating });
    } catch (error) {
      const reason = callFailureReason(error);
      if (reason === undefined) throw error;
      const message = failedCallingWebhook(hook.name, reason);
      if (hook.failurePolicy === 'Fail') throw internal(message);
      this.logger?.warn(`Failed calling webhook, failing open ${hook.name}: ${message}`);
      return undefined;
    }
  }
}
