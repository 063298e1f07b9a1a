// The defaults Kubernetes fills into built-in kinds on every write (pkg/apis/*/v1/defaults.go),
// for the fields clients and controllers rely on, and the status a new object starts with.
import { isPlainObject, type KubeObject } from '../object.js';
import type { ResourceType } from './resource-type.js';
import { base64 } from '../values.js';

type Defaulter = (object: KubeObject) => KubeObject;

function withSpec(object: KubeObject, fill: (spec: Record<string, unknown>) => Record<string, unknown>): KubeObject {
  const spec = isPlainObject(object.spec) ? object.spec : {};
  return { ...object, spec: fill({ ...spec }) };
}

/** The tag of an image reference: `latest` when it has neither tag nor digest (Kubernetes' ParseImageName). */
export function imageTag(image: string): string {
  const [name = '', digest] = image.split('@');
  const lastSlash = name.lastIndexOf('/');
  const colon = name.indexOf(':', lastSlash + 1);
  if (colon >= 0) return name.slice(colon + 1);
  return digest === undefined ? 'latest' : '';
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/** SetDefaults_Probe and SetDefaults_HTTPGetAction (SEMANTICS.md §10). */
function defaultProbe(probe: unknown): unknown {
  if (!isPlainObject(probe)) return probe;
  const filled: Record<string, unknown> = { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3, ...probe };
  if (isPlainObject(probe.httpGet)) filled.httpGet = { path: '/', scheme: 'HTTP', ...probe.httpGet };
  return filled;
}

function defaultContainer(container: unknown): unknown {
  if (!isPlainObject(container)) return container;
  const image = typeof container.image === 'string' ? container.image : '';
  const filled: Record<string, unknown> = {
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent',
    ...container,
  };
  if (Array.isArray(container.ports)) filled.ports = container.ports.map((p: unknown) => (isPlainObject(p) ? { protocol: 'TCP', ...p } : p));
  for (const probe of PROBES) if (container[probe] !== undefined) filled[probe] = defaultProbe(container[probe]);
  return filled;
}

function defaultStrategy(strategy: unknown): Record<string, unknown> {
  const given = isPlainObject(strategy) ? strategy : {};
  const type = typeof given.type === 'string' ? given.type : 'RollingUpdate';
  if (type !== 'RollingUpdate') return { ...given, type };
  const rollingUpdate = isPlainObject(given.rollingUpdate) ? given.rollingUpdate : {};
  return { ...given, type, rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%', ...rollingUpdate } };
}

/** PodSpec defaults (SEMANTICS.md §10). */
export function defaultPodSpec(spec: Record<string, unknown>): Record<string, unknown> {
  const filled: Record<string, unknown> = {
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    schedulerName: 'default-scheduler',
    securityContext: {},
    ...spec,
  };
  if (Array.isArray(spec.containers)) filled.containers = spec.containers.map(defaultContainer);
  if (Array.isArray(spec.initContainers)) filled.initContainers = spec.initContainers.map(defaultContainer);
  return filled;
}

function defaultTemplate(spec: Record<string, unknown>): Record<string, unknown> {
  const template = isPlainObject(spec.template) ? spec.template : undefined;
  if (template === undefined) return spec;
  const podSpec = isPlainObject(template.spec) ? template.spec : {};
  return { ...spec, template: { ...template, spec: defaultPodSpec(podSpec) } };
}

const DEFAULTERS: Record<string, Defaulter> = {
  '/Pod': (o) => withSpec(o, defaultPodSpec),
  '/Namespace': (o) => withSpec(o, (spec) => ({ finalizers: ['kubernetes'], ...spec })),
  '/Secret': (o) => withStringDataMerged({ ...o, type: typeof o.type === 'string' && o.type !== '' ? o.type : 'Opaque' }),
  '/Service': (o) =>
    withSpec(o, (spec) => ({
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ...spec,
      ...(Array.isArray(spec.ports)
        ? { ports: spec.ports.map((p: unknown) => (isPlainObject(p) ? { protocol: 'TCP', targetPort: p.port, ...p } : p)) }
        : {}),
    })),
  'apps/Deployment': (o) =>
    withSpec(o, (spec) =>
      defaultTemplate({
        replicas: 1,
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        ...spec,
        strategy: defaultStrategy(spec.strategy),
      }),
    ),
  'apps/ReplicaSet': (o) => withSpec(o, (spec) => defaultTemplate({ replicas: 1, ...spec })),
};

/** The object with the built-in defaults of its kind filled in (custom kinds are returned as they are). */
export function applyBuiltinDefaults(resource: ResourceType, object: KubeObject): KubeObject {
  if (resource.custom) return object;
  const defaulter = DEFAULTERS[`${resource.group}/${resource.kind}`];
  return defaulter === undefined ? object : defaulter(object);
}

/** A Secret's write-only `stringData` merged into `data` (base64), overwriting keys, as Kubernetes does on every write. */
function withStringDataMerged(secret: KubeObject): KubeObject {
  const { stringData, ...rest } = secret;
  if (!isPlainObject(stringData)) return secret;
  const data = isPlainObject(rest.data) ? { ...rest.data } : {};
  for (const [key, value] of Object.entries(stringData)) if (typeof value === 'string') data[key] = base64(new TextEncoder().encode(value));
  return { ...(rest), data };
}

type Resources = { requests: Record<string, unknown>; limits: Record<string, unknown> };

function resourcesOf(container: unknown): Resources {
  const resources = isPlainObject(container) && isPlainObject(container.resources) ? container.resources : {};
  const limits = isPlainObject(resources.limits) ? resources.limits : {};
  const requests = isPlainObject(resources.requests) ? resources.requests : {};
  return { limits, requests: { ...limits, ...requests } };
}

function isGuaranteed(all: readonly Resources[]): boolean {
  return all.every(({ requests, limits }) =>
    ['cpu', 'memory'].every((name) => limits[name] !== undefined && String(requests[name] as string) === String(limits[name] as string)),
  );
}

/** The pod's QoS class (Kubernetes' GetPodQOS, comparing quantities as written). */
export function qosClassOf(pod: KubeObject): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const spec = isPlainObject(pod.spec) ? pod.spec : {};
  const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);
  const containers = [...listOf(spec.containers), ...listOf(spec.initContainers)];
  const all = containers.map(resourcesOf);
  const any = all.some(({ requests, limits }) => Object.keys(requests).length > 0 || Object.keys(limits).length > 0);
  if (!any) return 'BestEffort';
  return isGuaranteed(all) ? 'Guaranteed' : 'Burstable';
}

/** The status a new object starts with: a Namespace is Active, a Pod Pending. */
export function applyCreateStatus(resource: ResourceType, object: KubeObject): KubeObject {
  if (resource.custom || resource.group !== '') return object;
  if (resource.kind === 'Namespace') return { ...object, status: { phase: 'Active' } };
  if (resource.kind === 'Pod') return { ...object, status: { phase: 'Pending', qosClass: qosClassOf(object) } };
  return object;
}
