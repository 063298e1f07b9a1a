// The default RBAC policy kube-apiserver creates at start (its rbac/bootstrap-roles post-start
// hook), the part that matters to a local cluster: cluster-admin for `system:masters`,
// discovery, basic-user and public-info for everyone, and the user-facing admin/edit/view
// roles, aggregated from the `system:aggregate-to-*` roles as Kubernetes aggregates them.
// Objects that exist are left as they are; missing ones are created.
import { RBAC_GROUP, type KubeObject, type ResourceType } from '@ebb/apimachinery';
import type { Logger } from 'pino';
import { SYSTEM_USER } from '../auth/tokens.js';
import type { ResourceService } from '../apiserver/resource-service.js';

const RBAC_V1 = `${RBAC_GROUP}/v1`;
const CTX = { user: SYSTEM_USER, userAgent: 'rbac-bootstrap' };
const BOOTSTRAP_LABELS = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const AUTOUPDATE = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };
const AGGREGATE_TO = (role: string): string => `rbac.authorization.k8s.io/aggregate-to-${role}`;

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const READ_WRITE = [...READ, ...WRITE];

interface Rule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  nonResourceURLs?: string[];
}

function resources(verbs: readonly string[], group: string, names: readonly string[]): Rule {
  return { verbs: [...verbs], apiGroups: [group], resources: [...names] };
}

function paths(verbs: readonly string[], urls: readonly string[]): Rule {
  return { verbs: [...verbs], nonResourceURLs: [...urls] };
}

function clusterRole(name: string, rules: readonly Rule[], extra: { labels?: Record<string, string>; aggregateFrom?: string } = {}): KubeObject {
  const role: KubeObject = { apiVersion: RBAC_V1, kind: 'ClusterRole', metadata: { name, labels: { ...BOOTSTRAP_LABELS, ...extra.labels }, annotations: { ...AUTOUPDATE } }, rules: [...rules] };
  if (extra.aggregateFrom !== undefined) role.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { [AGGREGATE_TO(extra.aggregateFrom)]: 'true' } }] };
  return role;
}

function clusterRoleBinding(name: string, groups: readonly string[]): KubeObject {
  return {
    apiVersion: RBAC_V1,
    kind: 'ClusterRoleBinding',
    metadata: { name, labels: { ...BOOTSTRAP_LABELS }, annotations: { ...AUTOUPDATE } },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name },
    subjects: groups.map((group) => ({ apiGroup: RBAC_GROUP, kind: 'Group', name: group })),
  };
}

const PUBLIC_INFO_PATHS = ['/healthz', '/livez', '/readyz', '/version', '/version/'];
const DISCOVERY_PATHS = ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'];
const CORE_WORKLOAD = ['pods', 'services', 'endpoints', 'persistentvolumeclaims', 'replicationcontrollers', 'configmaps', 'serviceaccounts'];

/** The rules `view` aggregates: read everything namespaced but Secrets. */
const VIEW_RULES: readonly Rule[] = [
  resources(READ, '', [...CORE_WORKLOAD, 'pods/log', 'pods/status', 'services/status', 'persistentvolumeclaims/status', 'replicationcontrollers/scale', 'replicationcontrollers/status', 'bindings', 'events', 'limitranges', 'resourcequotas', 'resourcequotas/status', 'namespaces', 'namespaces/status']),
  resources(READ, 'discovery.k8s.io', ['endpointslices']),
  resources(READ, 'apps', ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status']),
  resources(READ, 'autoscaling', ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
  resources(READ, 'batch', ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status']),
  resources(READ, 'policy', ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
  resources(READ, 'networking.k8s.io', ['ingresses', 'ingresses/status', 'networkpolicies']),
];

/** The rules `edit` adds: write the workload kinds, read Secrets, issue service-account tokens. */
const EDIT_RULES: readonly Rule[] = [
  resources(READ, '', ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy']),
  resources(['impersonate'], '', ['serviceaccounts']),
  resources(WRITE, '', ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy']),
  resources(['create'], '', ['pods/eviction', 'serviceaccounts/token']),
  resources(WRITE, '', ['configmaps', 'events', 'endpoints', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy']),
  resources(WRITE, 'apps', ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale']),
  resources(WRITE, 'autoscaling', ['horizontalpodautoscalers']),
  resources(WRITE, 'batch', ['cronjobs', 'jobs']),
  resources(WRITE, 'policy', ['poddisruptionbudgets']),
  resources(WRITE, 'networking.k8s.io', ['ingresses', 'networkpolicies']),
  resources(READ_WRITE, 'coordination.k8s.io', ['leases']),
];

/** The rules `admin` adds: the namespace's own Roles and RoleBindings. */
const ADMIN_RULES: readonly Rule[] = [resources(['create'], 'authorization.k8s.io', ['localsubjectaccessreviews']), resources(READ_WRITE, RBAC_GROUP, ['rolebindings', 'roles'])];

/** The default ClusterRoles and ClusterRoleBindings, as kube-apiserver names and labels them. */
export const BOOTSTRAP_POLICY: readonly KubeObject[] = [
  clusterRole('cluster-admin', [resources(['*'], '*', ['*']), paths(['*'], ['*'])]),
  clusterRoleBinding('cluster-admin', ['system:masters']),
  clusterRole('system:discovery', [paths(['get'], DISCOVERY_PATHS)]),
  clusterRoleBinding('system:discovery', ['system:authenticated']),
  clusterRole('system:basic-user', [
    resources(['create'], 'authorization.k8s.io', ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
    resources(['create'], 'authentication.k8s.io', ['selfsubjectreviews']),
  ]),
  clusterRoleBinding('system:basic-user', ['system:authenticated']),
  clusterRole('system:public-info-viewer', [paths(['get'], PUBLIC_INFO_PATHS)]),
  clusterRoleBinding('system:public-info-viewer', ['system:authenticated', 'system:unauthenticated']),
  clusterRole('admin', [], { aggregateFrom: 'admin' }),
  clusterRole('edit', [], { labels: { [AGGREGATE_TO('admin')]: 'true' }, aggregateFrom: 'edit' }),
  clusterRole('view', [], { labels: { [AGGREGATE_TO('edit')]: 'true' }, aggregateFrom: 'view' }),
  clusterRole('system:aggregate-to-admin', ADMIN_RULES, { labels: { [AGGREGATE_TO('admin')]: 'true' } }),
  clusterRole('system:aggregate-to-edit', EDIT_RULES, { labels: { [AGGREGATE_TO('edit')]: 'true' } }),
  clusterRole('system:aggregate-to-view', VIEW_RULES, { labels: { [AGGREGATE_TO('view')]: 'true' } }),
];

/** Creates the default RBAC policy where it is missing. */
export class RbacBootstrap {
  constructor(
    private readonly service: ResourceService,
    private readonly logger: Logger,
  ) {}

  private resourceOf(kind: string): ResourceType {
    const plural = kind === 'ClusterRole' ? 'clusterroles' : 'clusterrolebindings';
    const found = this.service.registry.find(RBAC_GROUP, 'v1', plural);
    if (found === undefined) throw new Error(`${plural} are not registered`);
    return found;
  }

  /** Creates each object of {@link BOOTSTRAP_POLICY} that does not exist yet. */
  async start(): Promise<void> {
    let created = 0;
    for (const object of BOOTSTRAP_POLICY) {
      const resource = this.resourceOf(object.kind);
      if (this.service.store.get({ group: RBAC_GROUP, resource: resource.plural, namespace: '', name: object.metadata.name ?? '' }) !== undefined) continue;
      await this.service.create(CTX, { resource, namespace: '' }, structuredClone(object), {});
      created += 1;
    }
    if (created > 0) this.logger.info({ created }, 'created the default RBAC policy');
  }
}
