// Admission for the resource service: the attributes of a write handed to the webhook chain,
// with the cluster's own objects as its sources — the stored webhook configurations, namespace
// labels, and Services resolved through their EndpointSlices (there is no kube-proxy here).
import { recordOf, type AdmissionAttributes, type JsonObject, type KubeObject } from '@ebb/apimachinery';
import type { Logger } from 'pino';
import type { Store } from '../../storage/store.js';
import type { Admission, AdmissionStep } from '../admission-port.js';
import type { OperationContext } from '../operations.js';
import { AdmissionChain, type AdmissionSources, type WebhookType } from './admission-chain.js';

const CONFIG_RESOURCES: Record<WebhookType, string> = {
  mutating: 'mutatingwebhookconfigurations',
  validating: 'validatingwebhookconfigurations',
};

function servicePortName(service: KubeObject | undefined, port: number): string | undefined {
  const ports = Array.isArray(recordOf(service?.spec).ports) ? (recordOf(service?.spec).ports as unknown[]) : [];
  const found = ports.map(recordOf).find((p) => p.port === port);
  return typeof found?.name === 'string' ? found.name : undefined;
}

function readyAddress(slice: KubeObject): string | undefined {
  const endpoints = Array.isArray(slice.endpoints) ? slice.endpoints.map(recordOf) : [];
  const ready = endpoints.find((e) => recordOf(e.conditions).ready !== false && Array.isArray(e.addresses) && e.addresses.length > 0);
  const addresses = ready?.addresses as unknown[] | undefined;
  return typeof addresses?.[0] === 'string' ? addresses[0] : undefined;
}

function slicePort(slice: KubeObject, portName: string | undefined): number | undefined {
  const ports = Array.isArray(slice.ports) ? slice.ports.map(recordOf) : [];
  const found = ports.find((p) => (portName === undefined ? ports.length === 1 : p.name === portName)) ?? (ports.length === 1 ? ports[0] : undefined);
  return typeof found?.port === 'number' ? found.port : undefined;
}

/** The chain's view of the cluster, read from the store. */
export function storeAdmissionSources(store: Store): AdmissionSources {
  return {
    webhookConfigurations: (type) => store.list('admissionregistration.k8s.io', CONFIG_RESOURCES[type]).items as unknown as JsonObject[],
    namespaceLabels: (ns) => {
      const namespace = store.get({ group: '', resource: 'namespaces', namespace: '', name: ns });
      return namespace === undefined ? undefined : (namespace.metadata.labels ?? {});
    },
    resolveService: (namespace, name, port) => {
      const service = store.get({ group: '', resource: 'services', namespace, name });
      const portName = servicePortName(service, port);
      const slices = store.list('discovery.k8s.io', 'endpointslices', { namespace, filter: (s) => s.metadata.labels?.['kubernetes.io/service-name'] === name }).items;
      for (const slice of slices) {
        const host = readyAddress(slice);
        const target = slicePort(slice, portName);
        if (host !== undefined && target !== undefined) return { host, port: target };
      }
      return undefined;
    },
  };
}

function attributesOf(ctx: OperationContext, step: AdmissionStep): AdmissionAttributes {
  const { resource } = step;
  const object = step.operation === 'DELETE' ? undefined : step.object;
  const attrs: AdmissionAttributes = {
    operation: step.operation,
    group: resource.group,
    version: resource.version,
    resource: resource.plural,
    subResource: step.subresource ?? '',
    kind: { group: resource.group, version: resource.version, kind: resource.kind },
    name: step.object.metadata.name ?? '',
    namespace: step.object.metadata.namespace ?? '',
    dryRun: step.options.dryRun === true,
    userInfo: { username: ctx.user.username, groups: ctx.user.groups, ...(ctx.user.uid === undefined ? {} : { uid: ctx.user.uid }) },
  };
  if (object !== undefined) attrs.object = object as unknown as JsonObject;
  if (step.old !== undefined && step.operation !== 'CREATE') attrs.oldObject = step.old as unknown as JsonObject;
  return attrs;
}

/** Admission through the cluster's webhook configurations. */
export class WebhookAdmission implements Admission {
  private readonly chain: AdmissionChain;

  constructor(store: Store, logger: Logger) {
    this.chain = new AdmissionChain(storeAdmissionSources(store), { logger: { warn: (message) => logger.warn(message) } });
  }

  async run(ctx: OperationContext, step: AdmissionStep): Promise<KubeObject> {
    const attrs = attributesOf(ctx, step);
    if (step.step === 'validate') {
      const { warnings } = await this.chain.validate(attrs);
      step.warnings.push(...warnings);
      return step.object;
    }
    const { object, warnings } = await this.chain.admit(attrs);
    step.warnings.push(...warnings);
    return object ?? step.object;
  }
}
