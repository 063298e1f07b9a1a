// The REST semantics of every resource, independent of HTTP: reads with selectors and paging,
// and writes through the same pipeline Kubernetes' generic registry runs — decode, prune and
// default, system metadata, mutating admission, validation, validating admission, managed
// fields, optimistic concurrency — plus patches of every type and server-side apply.
import {
  alreadyExists,
  applyBuiltinDefaults,
  applyCreateStatus,
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  builtinFieldStrategies,
  conflict,
  conflictCauses,
  fieldsOf,
  forbidden,
  fromStorage,
  formatConflictMessage,
  generatedName,
  groupVersion,
  invalid,
  isNoOpUpdate,
  isPlainObject,
  managerFromUserAgent,
  matchesFields,
  matchesLabels,
  notFound,
  OBJECT_MODIFIED,
  parseFieldSelector,
  parseLabelSelector,
  prepareForCreate,
  prepareForUpdate,
  qualifiedResource,
  recordUpdate,
  rfc3339Seconds,
  schemaFieldStrategies,
  selectableFields,
  serverSideApply,
  storageLocation,
  toStorage,
  StatusError,
  unsupportedFieldSelectorKeys,
  unsupportedMediaType,
  badRequest,
  expired,
  type FieldStrategyLookup,
  type JsonObject,
  type KubeObject,
  type ResourceType,
} from '@ebb/apimachinery';
import { parse as parseYaml } from 'yaml';
import { RevisionExpired, StoreConflict, type Store, type StoreKey } from '../storage/store.js';
import type { ResourceRegistry } from './registry.js';
import { decodeBody, pruneAndDefault, validateObject } from './write-checks.js';
import { PATCH_TYPES, type CollectionTarget, type ItemTarget, type ListQuery, type OperationContext, type PatchType, type WriteOptions, type WriteResult } from './operations.js';
import type { Admission, AdmissionStep } from './admission-port.js';
import { admitServiceAccount } from './admission/service-account-admission.js';

/** How many times a patch or unconditional update is retried when a concurrent write wins. */
const MAX_CONFLICT_RETRIES = 8;

/** Kubernetes' text for a `continue` token older than the kept history (410 Expired). */
const CONTINUE_EXPIRED =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/** What the service needs from its surroundings. */
export interface ResourceServiceDeps {
  readonly store: Store;
  readonly registry: ResourceRegistry;
  readonly admission: Admission;
  readonly clock: () => Date;
  readonly newUid: () => string;
  readonly random: () => number;
}

/** Extra inputs of an update: the object read before it, and whether managed fields are already set. */
interface UpdateInput {
  readonly old: KubeObject;
  readonly incoming: KubeObject;
  readonly subresource: '' | 'status';
  readonly managedFieldsSet?: boolean;
}

/** The store key of an object of `resource` (under the resource that stores it, for aliases). */
export function storeKey(resource: ResourceType, namespace: string, name: string): StoreKey {
  return { ...storageLocation(resource), namespace: resource.namespaced ? namespace : '', name };
}

function translateStoreError(resource: ResourceType, name: string, error: unknown): never {
  if (error instanceof StoreConflict) {
    if (error.reason === 'exists') throw alreadyExists(resource, name);
    if (error.reason === 'missing') throw notFound(resource, name);
    throw conflict(resource, name, OBJECT_MODIFIED);
  }
  if (error instanceof RevisionExpired) throw expired(`too old resource version: ${error.requested} (${error.oldest})`);
  throw error;
}

/** The resource service: REST semantics over a {@link Store}. */
export class ResourceService {
  constructor(private readonly deps: ResourceServiceDeps) {}

  /** The registry of served resources. */
  get registry(): ResourceRegistry {
    return this.deps.registry;
  }

  /** The object as served: apiVersion of the requested version. */
  present(resource: ResourceType, object: KubeObject): KubeObject {
    return { ...object, apiVersion: groupVersion(resource.group, resource.version), kind: resource.kind };
  }

  /** GET of one object. */
  get(resource: ResourceType, namespace: string, name: string): KubeObject {
    const found = this.readStored(resource, namespace, name);
    if (found === undefined) throw notFound(resource, name);
    return this.present(resource, found);
  }

  /** The stored object in the shape `resource` serves, or undefined. */
  readStored(resource: ResourceType, namespace: string, name: string): KubeObject | undefined {
    const found = this.deps.store.get(storeKey(resource, namespace, name));
    return found === undefined ? undefined : fromStorage(resource, found);
  }

  /** A filter for label and field selectors; 400 when a selector does not parse or names an unsupported field. */
  filterFor(resource: ResourceType, query: Pick<ListQuery, 'labelSelector' | 'fieldSelector'>): ((object: KubeObject) => boolean) | undefined {
    const labels = query.labelSelector ? this.parseSelector(() => parseLabelSelector(query.labelSelector ?? '')) : undefined;
    const fields = query.fieldSelector ? this.parseSelector(() => parseFieldSelector(query.fieldSelector ?? '')) : undefined;
    if (fields !== undefined) {
      const unsupported = unsupportedFieldSelectorKeys(fields, selectableFields(resource.group, resource.kind));
      if (unsupported.length > 0) throw badRequest(`field label not supported: ${unsupported[0]}`);
    }
    if (labels === undefined && fields === undefined) return undefined;
    return (object) =>
      (labels === undefined || matchesLabels(labels, object.metadata.labels ?? {})) && (fields === undefined || matchesFields(fields, fieldsOf(resource.group, object)));
  }

  private parseSelector<T>(parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      throw badRequest((error as Error).message);
    }
  }

  /** LIST: a `<Kind>List` with the store revision and a continue token when paged. */
  list(resource: ResourceType, namespace: string, query: ListQuery): JsonObject {
    const filter = this.filterFor(resource, query);
    try {
      const location = storageLocation(resource);
      const page = this.deps.store.list(location.group, location.resource, {
        namespace: resource.namespaced && namespace !== '' ? namespace : undefined,
        limit: query.limit,
        continue: query.continue,
        filter: filter === undefined || resource.storage === undefined ? filter : (o) => filter(fromStorage(resource, o)),
      });
      const metadata: JsonObject = { resourceVersion: String(page.revision) };
      if (page.continue !== undefined) metadata.continue = page.continue;
      return { apiVersion: groupVersion(resource.group, resource.version), kind: `${resource.kind}List`, metadata, items: page.items.map((o) => this.present(resource, fromStorage(resource, o))) as never };
    } catch (error) {
      if (error instanceof RevisionExpired) {
        throw expired(CONTINUE_EXPIRED);
      }
      if (error instanceof Error && error.name === 'BadContinueToken') throw badRequest(`continue key is not valid: ${error.message}`);
      throw error;
    }
  }

  /** POST: creates an object in `namespace`. */
  async create(ctx: OperationContext, target: CollectionTarget, body: unknown, options: WriteOptions): Promise<WriteResult> {
    const { resource } = target;
    const warnings: string[] = [];
    let object = decodeBody(resource, body, target.namespace);
    object = this.withGeneratedName(object);
    this.ensureNamespaceWritable(resource, object.metadata.namespace ?? '', object.metadata.name ?? '');
    object = pruneAndDefault(resource, object, options.fieldValidation ?? 'Warn', warnings);
    return this.createPrepared(ctx, resource, object, { ...options, warnings, managedFieldsSet: false });
  }

  private async createPrepared(
    ctx: OperationContext,
    resource: ResourceType,
    input: KubeObject,
    options: WriteOptions & { warnings: string[]; managedFieldsSet: boolean },
  ): Promise<WriteResult> {
    const { warnings } = options;
    let object = applyCreateStatus(resource, applyBuiltinDefaults(resource, prepareForCreate(resource, input, this.writeEnvironment())));
    object = await admitServiceAccount(resource, object, this.deps);
    object = await this.admit(ctx, { resource, operation: 'CREATE', object, old: undefined, options, warnings, step: 'mutate' });
    validateObject(resource, object, undefined);
    await this.admit(ctx, { resource, operation: 'CREATE', object, old: undefined, options, warnings, step: 'validate' });
    if (!options.managedFieldsSet) object = this.withManagedFields(ctx, { resource, old: undefined, updated: object, subresource: '' }, options);
    if (options.dryRun) return { code: 201, body: this.present(resource, object), warnings };
    const name = object.metadata.name ?? '';
    try {
      const stored = this.deps.store.create(storeKey(resource, object.metadata.namespace ?? '', name), toStorage(resource, object));
      return { code: 201, body: this.present(resource, fromStorage(resource, stored)), warnings };
    } catch (error) {
      return translateStoreError(resource, name, error);
    }
  }

  private withGeneratedName(object: KubeObject): KubeObject {
    const { name, generateName } = object.metadata;
    if ((name !== undefined && name !== '') || generateName === undefined || generateName === '') return object;
    return { ...object, metadata: { ...object.metadata, name: generatedName(generateName, this.deps.random) } };
  }

  /** 404 when the namespace does not exist, 403 when it is being deleted. */
  ensureNamespaceWritable(resource: ResourceType, namespace: string, name: string): void {
    if (!resource.namespaced) return;
    const found = this.deps.store.get({ group: '', resource: 'namespaces', namespace: '', name: namespace });
    if (found === undefined) throw notFound({ plural: 'namespaces', group: '' }, namespace);
    if (found.metadata.deletionTimestamp !== undefined) {
      throw forbidden(`${qualifiedResource(resource)} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`);
    }
  }

  /** PUT of the object or its `status`. */
  async update(ctx: OperationContext, target: ItemTarget, body: unknown, options: WriteOptions): Promise<WriteResult> {
    const { resource } = target;
    const incoming = withUrlName(decodeBody(resource, body, target.namespace), target.name);
    const old = this.readStored(resource, target.namespace, target.name);
    if (old === undefined) {
      if (resource.allowCreateOnUpdate && target.subresource === '') return this.create(ctx, target, incoming, options);
      throw notFound(resource, target.name);
    }
    const given = incoming.metadata.resourceVersion;
    if (given === undefined || given === '') {
      if (!resource.allowUnconditionalUpdate) {
        throw invalid({ kind: resource.kind, group: resource.group, name: target.name, causes: [{ reason: 'FieldValueInvalid', field: 'metadata.resourceVersion', message: 'Invalid value: 0x0: must be specified for an update' }] });
      }
      return this.retryOnConflict(resource, target, (current) => this.writeUpdate(ctx, resource, { old: current, incoming, subresource: target.subresource }, options));
    }
    if (given !== old.metadata.resourceVersion) throw conflict(resource, target.name, OBJECT_MODIFIED);
    return this.writeUpdate(ctx, resource, { old, incoming, subresource: target.subresource }, options);
  }

  /** Runs a read-modify-write again when a concurrent write won, as Kubernetes' GuaranteedUpdate does. */
  async retryOnConflict(resource: ResourceType, target: { namespace: string; name: string }, attempt: (current: KubeObject) => Promise<WriteResult>): Promise<WriteResult> {
    for (let tries = 1; ; tries += 1) {
      const current = this.readStored(resource, target.namespace, target.name);
      if (current === undefined) throw notFound(resource, target.name);
      try {
        return await attempt(current);
      } catch (error) {
        const retry = error instanceof StatusError && error.reason === 'Conflict' && error.message.endsWith(OBJECT_MODIFIED) && tries < MAX_CONFLICT_RETRIES;
        if (!retry) throw error;
      }
    }
  }

  /** Stores an update of `old`; a no-op update stores nothing; emptying the finalizers of a deleted object removes it. */
  async writeUpdate(ctx: OperationContext, resource: ResourceType, input: UpdateInput, options: WriteOptions): Promise<WriteResult> {
    const warnings: string[] = [];
    const { old } = input;
    let updated = pruneAndDefault(resource, input.incoming, options.fieldValidation ?? 'Warn', warnings);
    // Defaults before the generation check (the stored object has them), and again after the
    // status or spec part kept from `old` is merged in.
    updated = applyBuiltinDefaults(resource, prepareForUpdate(resource, old, applyBuiltinDefaults(resource, updated), input.subresource));
    updated = await this.admit(ctx, { resource, operation: 'UPDATE', object: updated, old, options, warnings, step: 'mutate', subresource: input.subresource });
    validateObject(resource, updated, old);
    await this.admit(ctx, { resource, operation: 'UPDATE', object: updated, old, options, warnings, step: 'validate', subresource: input.subresource });
    if (!input.managedFieldsSet) updated = this.withManagedFields(ctx, { resource, old, updated, subresource: input.subresource }, options);
    if (isNoOpUpdate(old, updated)) return { code: 200, body: this.present(resource, old), warnings };
    if (options.dryRun) return { code: 200, body: this.present(resource, updated), warnings };
    return { code: 200, body: this.present(resource, this.storeUpdate(resource, old, updated)), warnings };
  }

  /**
   * Writes an update; removes the object instead when it is being deleted and nothing holds it:
   * no finalizer, no namespace content, no grace period still running (a pod the kubelet stops).
   */
  storeUpdate(resource: ResourceType, old: KubeObject, updated: KubeObject): KubeObject {
    const key = storeKey(resource, old.metadata.namespace ?? '', old.metadata.name ?? '');
    const { deletionTimestamp, finalizers = [], deletionGracePeriodSeconds = 0 } = updated.metadata;
    try {
      if (deletionTimestamp !== undefined && finalizers.length === 0 && deletionGracePeriodSeconds === 0 && !this.heldByNamespaceFinalizers(resource, updated)) {
        return fromStorage(resource, this.deps.store.delete(key, old.metadata.resourceVersion));
      }
      return fromStorage(resource, this.deps.store.update(key, toStorage(resource, updated), old.metadata.resourceVersion));
    } catch (error) {
      return translateStoreError(resource, key.name, error);
    }
  }

  private heldByNamespaceFinalizers(resource: ResourceType, object: KubeObject): boolean {
    if (resource.group !== '' || resource.kind !== 'Namespace') return false;
    const spec = object.spec;
    return isPlainObject(spec) && Array.isArray(spec.finalizers) && spec.finalizers.length > 0;
  }

  /** PATCH of the object or its `status` with any patch type but apply. */
  async patch(ctx: OperationContext, target: ItemTarget, patch: { type: PatchType; body: string }, options: WriteOptions): Promise<WriteResult> {
    const { resource } = target;
    if (patch.type === PATCH_TYPES.apply) return this.apply(ctx, target, patch.body, options);
    if (options.force !== undefined) {
      throw invalid({ kind: 'PatchOptions', group: 'meta.k8s.io', name: '', causes: [{ reason: 'FieldValueForbidden', field: 'force', message: 'Forbidden: may not be specified for non-apply patch' }] });
    }
    if (patch.type === PATCH_TYPES.strategic && resource.patchStrategy !== 'strategic') {
      throw unsupportedMediaType('the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml');
    }
    const document = parseJsonBody(patch.body);
    return this.retryOnConflict(resource, target, async (old) => {
      const patched = this.applyPatch(resource, old, patch.type, document);
      const precondition = patched.metadata.resourceVersion;
      if (precondition !== undefined && precondition !== old.metadata.resourceVersion) throw conflict(resource, target.name, OBJECT_MODIFIED);
      patched.metadata = { ...patched.metadata, resourceVersion: old.metadata.resourceVersion };
      return this.writeUpdate(ctx, resource, { old, incoming: decodeBody(resource, patched, target.namespace), subresource: target.subresource }, options);
    });
  }

  /** The strategic-merge / SSA field lookup of a resource. */
  fieldLookup(resource: ResourceType): FieldStrategyLookup {
    return resource.custom && resource.schema !== undefined ? schemaFieldStrategies(resource.schema) : builtinFieldStrategies(resource.group, resource.kind);
  }

  private applyPatch(resource: ResourceType, old: KubeObject, type: PatchType, document: unknown): KubeObject {
    try {
      let result: unknown;
      if (type === PATCH_TYPES.json) result = applyJsonPatch(old as never, document);
      else if (type === PATCH_TYPES.merge) result = applyMergePatch(old as never, document as never);
      else {
        if (!isPlainObject(document)) throw new Error('a strategic merge patch must be a JSON object');
        result = applyStrategicMergePatch(old as never, document as never, this.fieldLookup(resource));
      }
      if (!isPlainObject(result)) throw new Error('the patched object is not a JSON object');
      return result as KubeObject;
    } catch (error) {
      if (error instanceof StatusError) throw error;
      throw new StatusError({ code: 422, reason: 'Invalid', message: (error as Error).message });
    }
  }

  /** Server-side apply: creates when absent, else merges the manager's intent (409 on conflicts unless forced). */
  private async apply(ctx: OperationContext, target: ItemTarget, body: string, options: WriteOptions): Promise<WriteResult> {
    const { resource } = target;
    const manager = options.fieldManager;
    if (manager === undefined || manager === '') {
      throw invalid({ kind: 'PatchOptions', group: 'meta.k8s.io', name: '', causes: [{ reason: 'FieldValueRequired', field: 'fieldManager', message: 'Required value: is required for apply patch' }] });
    }
    const applied = withUrlName(decodeBody(resource, parseApplyBody(body), target.namespace), target.name);
    // The fields a subresource owns are reset, not applied (Kubernetes' ResetFieldsStrategy).
    if (resource.statusSubresource && target.subresource === '') delete applied.status;
    const warnings: string[] = [];
    const pruned = pruneAndDefault(resource, applied, options.fieldValidation ?? 'Warn', warnings);
    const current = this.readStored(resource, target.namespace, target.name);
    const result = serverSideApply({
      live: current as JsonObject | undefined,
      applied: pruned as never,
      manager,
      force: options.force === true,
      apiVersion: groupVersion(resource.group, resource.version),
      now: rfc3339Seconds(this.deps.clock()),
      lookup: this.fieldLookup(resource),
    });
    if (!result.ok) {
      throw new StatusError({ code: 409, reason: 'Conflict', message: formatConflictMessage(result.conflicts), details: { causes: conflictCauses(result.conflicts) } });
    }
    const object = result.object as unknown as KubeObject;
    if (current === undefined) {
      this.ensureNamespaceWritable(resource, target.namespace, target.name);
      return this.createPrepared(ctx, resource, object, { ...options, warnings, managedFieldsSet: true });
    }
    object.metadata = { ...object.metadata, resourceVersion: current.metadata.resourceVersion };
    return this.writeUpdate(ctx, resource, { old: current, incoming: object, subresource: target.subresource, managedFieldsSet: true }, options);
  }

  private withManagedFields(ctx: OperationContext, change: { resource: ResourceType; old: KubeObject | undefined; updated: KubeObject; subresource: string }, options: WriteOptions): KubeObject {
    const { resource, old, updated, subresource } = change;
    const manager = options.fieldManager ?? managerFromUserAgent(ctx.userAgent ?? '') ?? 'unknown';
    const managedFields = recordUpdate({
      live: old as JsonObject | undefined,
      updated: updated as never,
      manager,
      apiVersion: groupVersion(resource.group, resource.version),
      now: rfc3339Seconds(this.deps.clock()),
      subresource: subresource === '' ? undefined : subresource,
      lookup: this.fieldLookup(resource),
    });
    return { ...updated, metadata: { ...updated.metadata, managedFields } };
  }

  private async admit(ctx: OperationContext, step: AdmissionStep): Promise<KubeObject> {
    return this.deps.admission.run(ctx, step);
  }

  /** The clock and uid source of a write. */
  writeEnvironment(): { now: string; newUid: () => string } {
    return { now: rfc3339Seconds(this.deps.clock()), newUid: this.deps.newUid };
  }

  /** The current time, for deletion timestamps. */
  now(): Date {
    return this.deps.clock();
  }

  /** The store (for deletion and controllers). */
  get store(): Store {
    return this.deps.store;
  }
}

/** The object named as the URL names it; 400 when the body names another. */
function withUrlName(object: KubeObject, name: string): KubeObject {
  if (object.metadata.name !== undefined && object.metadata.name !== name) {
    throw badRequest(`the name of the object (${object.metadata.name}) does not match the name on the URL (${name})`);
  }
  object.metadata.name = name;
  return object;
}

/** A JSON request body; 400 when it does not parse. */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw badRequest(`the request body is not valid JSON: ${(error as Error).message}`);
  }
}

function parseApplyBody(text: string): unknown {
  try {
    return parseYaml(text) as unknown;
  } catch (error) {
    throw badRequest(`error decoding YAML: ${(error as Error).message}`);
  }
}
