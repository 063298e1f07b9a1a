// The built-in kinds the local cluster serves, with the names, flags and `kubectl get` columns
// Kubernetes gives them (pkg/printers/internalversion/printers.go for the cells; the server
// always converts with Wide=true, so every row has a cell for every column).
//
// Scale: Deployments and ReplicaSets serve `/scale` with `labelSelectorPath: .spec.selector`.
// Unlike a CRD's path (a string in status), this points at a metav1.LabelSelector: the server
// turns it into the Scale's `status.selector` string (selectors.ts formatLabelSelector).
import type { JsonObject } from '../object.js';
import { isPlainObject } from '../object.js';
import { RBAC_GROUP as RBAC } from '../rbac/authorize.js';
import { formatLabelSelector } from '../selectors.js';
import { listOf, numberOf, recordOf, stringOf, valueAt } from '../values.js';
import { ALL_VERBS } from './resource-type.js';
import type { ExtraSubresource, PrinterColumn, ResourceType, ScaleSubresource, StorageAlias, Verb } from './resource-type.js';
import { eventFromCore, eventToCore } from './event-conversion.js';
import { CREATION_TIMESTAMP_DESCRIPTION, NAME_DESCRIPTION, formatAge, humanDuration } from './table.js';

// ---------------------------------------------------------------------------------------------
// Reading loosely typed objects.

type Loose = Record<string, unknown>;

function at(object: unknown, ...path: string[]): unknown {
  return valueAt(object, path);
}

function creationAge(object: JsonObject, now: Date): string {
  return formatAge(stringOf(at(object, 'metadata', 'creationTimestamp')), now);
}

/** `<none>` for an empty string, as the printers show missing values. */
function orNone(value: string): string {
  return value === '' ? '<none>' : value;
}

// ---------------------------------------------------------------------------------------------
// Label selectors.

/** labels.FormatLabels: `a=1,b=2` sorted by key, `<none>` when empty. */
function formatLabels(labels: unknown): string {
  const entries = Object.entries(recordOf(labels)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return orNone(entries.map(([k, v]) => `${k}=${stringOf(v)}`).join(','));
}

/**
 * A metav1.LabelSelector as `kubectl get -o wide` prints it (`app=web,tier in (a,b)`), `''` when it
 * selects everything, `<error>` when it does not convert (Kubernetes' FormatLabelSelector).
 */
function selectorText(selector: unknown): string {
  try {
    return formatLabelSelector(recordOf(selector));
  } catch {
    return '<error>';
  }
}

// ---------------------------------------------------------------------------------------------
// Columns.

interface ColumnExtra {
  type?: PrinterColumn['type'];
  priority?: number;
  description?: string;
  format?: string;
}

function column(name: string, cell: NonNullable<PrinterColumn['cell']>, extra: ColumnExtra = {}): PrinterColumn {
  const built: PrinterColumn = { name, type: extra.type ?? 'string', description: extra.description ?? '', priority: extra.priority ?? 0, cell };
  if (extra.format !== undefined) built.format = extra.format;
  return built;
}

/** The AGE column of the built-in printers. */
export const AGE_COLUMN: PrinterColumn = column('Age', creationAge, { description: CREATION_TIMESTAMP_DESCRIPTION });

/** The default table convertor's CREATED AT column (RFC 3339 creation time), used where Kubernetes has no printer. */
const CREATED_AT_COLUMN: PrinterColumn = column('Created At', (o) => stringOf(at(o, 'metadata', 'creationTimestamp')), {
  type: 'date',
  description: CREATION_TIMESTAMP_DESCRIPTION,
});

function containerCells(podSpec: unknown): { names: string; images: string } {
  const containers = listOf(recordOf(podSpec)['containers']).map(recordOf);
  return { names: containers.map((c) => stringOf(c['name'])).join(','), images: containers.map((c) => stringOf(c['image'])).join(',') };
}

const templateColumns: PrinterColumn[] = [
  column('Containers', (o) => containerCells(at(o, 'spec', 'template', 'spec')).names, { priority: 1, description: 'Names of each container in the template.' }),
  column('Images', (o) => containerCells(at(o, 'spec', 'template', 'spec')).images, { priority: 1, description: 'Images referenced by each container in the template.' }),
];

// ---- Pods (printPod) -------------------------------------------------------------------------

/** What the STATUS, READY and RESTARTS cells of a pod say. */
export interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

interface RestartTally {
  restarts: number;
  /** Epoch ms of the latest `lastState.terminated.finishedAt`, 0 when none. */
  lastRestart: number;
}

function tally(into: RestartTally, status: Loose): void {
  into.restarts += numberOf(status['restartCount']);
  const finished = Date.parse(stringOf(at(status, 'lastState', 'terminated', 'finishedAt')));
  if (!Number.isNaN(finished) && finished > into.lastRestart) into.lastRestart = finished;
}

function terminatedReason(terminated: Loose, prefix: string): string {
  if (stringOf(terminated['reason']) !== '') return `${prefix}${stringOf(terminated['reason'])}`;
  const signal = numberOf(terminated['signal']);
  return signal !== 0 ? `${prefix}Signal:${signal}` : `${prefix}ExitCode:${numberOf(terminated['exitCode'])}`;
}

/** The reason an init container holds the pod, or undefined when it completed. */
function initReason(status: Loose, index: number, total: number): string | undefined {
  const state = recordOf(status['state']);
  const terminated = state['terminated'];
  const waitingReason = stringOf(at(state, 'waiting', 'reason'));
  if (isPlainObject(terminated) && numberOf(terminated['exitCode']) === 0) return undefined;
  if (isPlainObject(terminated)) return terminatedReason(terminated, 'Init:');
  if (waitingReason !== '' && waitingReason !== 'PodInitializing') return `Init:${waitingReason}`;
  return `Init:${index}/${total}`;
}

function initializingReason(pod: JsonObject, counts: RestartTally): string | undefined {
  const statuses = listOf(at(pod, 'status', 'initContainerStatuses')).map(recordOf);
  const total = listOf(at(pod, 'spec', 'initContainers')).length;
  for (const [index, status] of statuses.entries()) {
    tally(counts, status);
    const reason = initReason(status, index, total);
    if (reason !== undefined) return reason;
  }
  return undefined;
}

function conditionTrue(pod: JsonObject, type: string): boolean {
  return listOf(at(pod, 'status', 'conditions')).some((c) => stringOf(recordOf(c)['type']) === type && stringOf(recordOf(c)['status']) === 'True');
}

interface ContainerTally extends RestartTally {
  reason: string;
  ready: number;
  running: boolean;
}

function containerStep(into: ContainerTally, status: Loose): void {
  tally(into, status);
  const state = recordOf(status['state']);
  const waitingReason = stringOf(at(state, 'waiting', 'reason'));
  if (waitingReason !== '') into.reason = waitingReason;
  else if (isPlainObject(state['terminated'])) into.reason = terminatedReason(state['terminated'], '');
  else if (status['ready'] === true && isPlainObject(state['running'])) {
    into.running = true;
    into.ready += 1;
  }
}

function containersTally(pod: JsonObject, reason: string): ContainerTally {
  const into: ContainerTally = { reason, ready: 0, running: false, restarts: 0, lastRestart: 0 };
  const statuses = listOf(at(pod, 'status', 'containerStatuses')).map(recordOf);
  for (const status of statuses.reverse()) containerStep(into, status);
  if (into.reason === 'Completed' && into.running) into.reason = conditionTrue(pod, 'Ready') ? 'Running' : 'NotReady';
  return into;
}

function phaseReason(pod: JsonObject): string {
  const gated = listOf(at(pod, 'status', 'conditions')).some((c) => stringOf(recordOf(c)['type']) === 'PodScheduled' && stringOf(recordOf(c)['reason']) === 'SchedulingGated');
  if (gated) return 'SchedulingGated';
  return stringOf(at(pod, 'status', 'reason')) || stringOf(at(pod, 'status', 'phase'));
}

function deletionReason(pod: JsonObject, reason: string): string {
  if (stringOf(at(pod, 'metadata', 'deletionTimestamp')) === '') return reason;
  if (stringOf(at(pod, 'status', 'reason')) === 'NodeLost') return 'Unknown';
  const phase = stringOf(at(pod, 'status', 'phase'));
  return phase === 'Succeeded' || phase === 'Failed' ? reason : 'Terminating';
}

function restartsText(counts: RestartTally, now: Date): string {
  if (counts.restarts === 0 || counts.lastRestart === 0) return String(counts.restarts);
  return `${counts.restarts} (${humanDuration(now.getTime() - counts.lastRestart)} ago)`;
}

/** READY, STATUS and RESTARTS of a pod, as printPod computes them (restartable init containers are not special-cased). */
export function podSummary(pod: JsonObject, now: Date): PodSummary {
  const initCounts: RestartTally = { restarts: 0, lastRestart: 0 };
  const initializing = initializingReason(pod, initCounts);
  const total = listOf(at(pod, 'spec', 'containers')).length;
  if (initializing !== undefined && !conditionTrue(pod, 'Initialized')) {
    return { ready: `0/${total}`, status: deletionReason(pod, initializing), restarts: restartsText(initCounts, now) };
  }
  // An init reason survives when the Initialized condition is already True (printPod carries it into the container loop).
  const counts = containersTally(pod, initializing ?? phaseReason(pod));
  return { ready: `${counts.ready}/${total}`, status: deletionReason(pod, counts.reason), restarts: restartsText(counts, now) };
}

function readinessGates(pod: JsonObject): string {
  const gates = listOf(at(pod, 'spec', 'readinessGates')).map((g) => stringOf(recordOf(g)['conditionType']));
  if (gates.length === 0) return '<none>';
  const conditions = listOf(at(pod, 'status', 'conditions')).map(recordOf);
  const passed = gates.filter((gate) => stringOf(conditions.find((c) => stringOf(c['type']) === gate)?.['status']) === 'True').length;
  return `${passed}/${gates.length}`;
}

function podIp(pod: JsonObject): string {
  const first = stringOf(recordOf(listOf(at(pod, 'status', 'podIPs'))[0])['ip']);
  return orNone(first || stringOf(at(pod, 'status', 'podIP')));
}

const podColumns: PrinterColumn[] = [
  column('Ready', (o, now) => podSummary(o, now).ready, { description: 'The aggregate readiness state of this pod for accepting traffic.' }),
  column('Status', (o, now) => podSummary(o, now).status, { description: 'The aggregate status of the containers in this pod.' }),
  column('Restarts', (o, now) => podSummary(o, now).restarts, {
    description: 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
  }),
  AGE_COLUMN,
  column('IP', podIp, { priority: 1, description: 'podIP address allocated to the pod.' }),
  column('Node', (o) => orNone(stringOf(at(o, 'spec', 'nodeName'))), { priority: 1, description: 'NodeName indicates in which node this pod is scheduled.' }),
  column('Nominated Node', (o) => orNone(stringOf(at(o, 'status', 'nominatedNodeName'))), {
    priority: 1,
    description: 'nominatedNodeName is set only when this pod preempts other pods on the node.',
  }),
  column('Readiness Gates', readinessGates, { priority: 1, description: 'If specified, all readiness gates will be evaluated for pod readiness.' }),
];

// ---- Workloads -------------------------------------------------------------------------------

const deploymentColumns: PrinterColumn[] = [
  column('Ready', (o) => `${numberOf(at(o, 'status', 'readyReplicas'))}/${numberOf(at(o, 'spec', 'replicas'))}`, { description: 'Number of the pod with ready state' }),
  column('Up-to-date', (o) => numberOf(at(o, 'status', 'updatedReplicas')), { description: 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.' }),
  column('Available', (o) => numberOf(at(o, 'status', 'availableReplicas')), { description: 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.' }),
  AGE_COLUMN,
  ...templateColumns,
  column('Selector', (o) => selectorText(at(o, 'spec', 'selector')), { priority: 1, description: 'Label selector for pods.' }),
];

const replicaSetColumns: PrinterColumn[] = [
  column('Desired', (o) => numberOf(at(o, 'spec', 'replicas')), { type: 'integer', description: 'Replicas is the number of desired replicas.' }),
  column('Current', (o) => numberOf(at(o, 'status', 'replicas')), { type: 'integer', description: 'Replicas is the most recently observed number of replicas.' }),
  column('Ready', (o) => numberOf(at(o, 'status', 'readyReplicas')), { type: 'integer', description: 'The number of ready replicas for this replica set.' }),
  AGE_COLUMN,
  ...templateColumns,
  column('Selector', (o) => orNone(selectorText(at(o, 'spec', 'selector'))), { priority: 1, description: 'Selector is a label query over pods that should match the replica count.' }),
];

// ---- Services and endpoints ------------------------------------------------------------------

function servicePorts(service: JsonObject): string {
  const ports = listOf(at(service, 'spec', 'ports')).map(recordOf);
  const pieces = ports.map((p) => {
    const nodePort = numberOf(p['nodePort']);
    const protocol = stringOf(p['protocol']) || 'TCP';
    return nodePort > 0 ? `${numberOf(p['port'])}:${nodePort}/${protocol}` : `${numberOf(p['port'])}/${protocol}`;
  });
  return orNone(pieces.join(','));
}

function loadBalancerIps(service: JsonObject): string[] {
  return listOf(at(service, 'status', 'loadBalancer', 'ingress'))
    .map((i) => stringOf(recordOf(i)['ip']) || stringOf(recordOf(i)['hostname']))
    .filter((s) => s !== '');
}

function serviceExternalIp(service: JsonObject): string {
  const external = listOf(at(service, 'spec', 'externalIPs')).map(stringOf);
  switch (stringOf(at(service, 'spec', 'type')) || 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return orNone(external.join(','));
    case 'LoadBalancer': {
      const all = [...loadBalancerIps(service), ...external];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return stringOf(at(service, 'spec', 'externalName'));
    default:
      return '<unknown>';
  }
}

function clusterIp(service: JsonObject): string {
  const ips = listOf(at(service, 'spec', 'clusterIPs')).map(stringOf);
  return orNone(ips[0] ?? stringOf(at(service, 'spec', 'clusterIP')));
}

const serviceColumns: PrinterColumn[] = [
  column('Type', (o) => stringOf(at(o, 'spec', 'type')), { description: 'type determines how the Service is exposed.' }),
  column('Cluster-IP', clusterIp, { description: 'clusterIP is the IP address of the service.' }),
  column('External-IP', serviceExternalIp, { description: 'externalIPs is a listOf of IP addresses for which nodes in the cluster will also accept traffic for this service.' }),
  column('Port(s)', servicePorts, { description: 'The listOf of ports that are exposed by this service.' }),
  AGE_COLUMN,
  column('Selector', (o) => formatLabels(at(o, 'spec', 'selector')), { priority: 1, description: 'Route service traffic to pods with label keys and values matching this selector.' }),
];

/** `a,b,c + 2 more...` for lists longer than three; `<unset>` when empty (listWithMoreString). */
function listWithMore(items: string[], empty: string): string {
  if (items.length > 3) return `${items.slice(0, 3).join(',')} + ${items.length - 3} more...`;
  return items.length === 0 ? empty : items.join(',');
}

function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

function subsetEndpoints(subset: Loose): string[] {
  const ips = listOf(subset['addresses']).map((a) => stringOf(recordOf(a)['ip']));
  const ports = listOf(subset['ports']).map((p) => numberOf(recordOf(p)['port']));
  if (ports.length === 0) return ips;
  return ports.flatMap((port) => ips.map((ip) => hostPort(ip, port)));
}

function endpointsCell(endpoints: JsonObject): string {
  const subsets = listOf(endpoints['subsets']).map(recordOf);
  if (subsets.length === 0) return '<none>';
  return listWithMore(subsets.flatMap(subsetEndpoints), '');
}

const endpointSliceColumns: PrinterColumn[] = [
  column('AddressType', (o) => stringOf(o['addressType']), { description: 'addressType specifies the type of address carried by this EndpointSlice.' }),
  column(
    'Ports',
    (o) => listWithMore(listOf(o['ports']).map((p) => (typeof recordOf(p)['port'] === 'number' ? String(recordOf(p)['port']) : stringOf(recordOf(p)['name']) || '*')), '<unset>'),
    { description: 'ports specifies the listOf of network ports exposed by each endpoint in this slice.' },
  ),
  column('Endpoints', (o) => listWithMore(listOf(o['endpoints']).flatMap((e) => listOf(recordOf(e)['addresses']).map(stringOf)), '<unset>'), {
    description: 'endpoints is a listOf of unique endpoints in this slice.',
  }),
  AGE_COLUMN,
];

// ---- Events (printEvent) ---------------------------------------------------------------------

/** An events.k8s.io/v1 Event in core/v1 field names (the printer works on the internal core type). */
function asCoreEvent(event: JsonObject): Loose {
  if (!('regarding' in event) && !('note' in event) && !('reportingController' in event)) return event;
  return {
    ...event,
    involvedObject: event['regarding'],
    message: event['note'],
    source: event['deprecatedSource'],
    firstTimestamp: event['deprecatedFirstTimestamp'],
    lastTimestamp: event['deprecatedLastTimestamp'],
    count: event['deprecatedCount'],
    reportingComponent: event['reportingController'],
  };
}

function eventFirstSeen(event: Loose, now: Date): string {
  const first = stringOf(event['firstTimestamp']);
  return formatAge(first !== '' ? first : stringOf(event['eventTime']), now);
}

function eventLastSeen(raw: JsonObject, now: Date): string {
  const event = asCoreEvent(raw);
  const series = event['series'];
  if (isPlainObject(series)) return formatAge(stringOf(series['lastObservedTime']), now);
  const first = eventFirstSeen(event, now);
  const last = stringOf(event['lastTimestamp']) === '' ? first : formatAge(stringOf(event['lastTimestamp']), now);
  const count = numberOf(event['count']);
  return count > 1 ? `${last} (x${count} over ${first})` : last;
}

function eventObject(raw: JsonObject): string {
  const involved = recordOf(asCoreEvent(raw)['involvedObject']);
  const kind = stringOf(involved['kind']).toLowerCase();
  return stringOf(involved['name']) === '' ? kind : `${kind}/${stringOf(involved['name'])}`;
}

function eventSource(raw: JsonObject): string {
  const event = asCoreEvent(raw);
  const component = stringOf(at(event, 'source', 'component')) || stringOf(event['reportingComponent']);
  const instance = stringOf(at(event, 'source', 'host')) || stringOf(event['reportingInstance']);
  return instance === '' ? component : `${component}, ${instance}`;
}

function eventCount(raw: JsonObject): number {
  const event = asCoreEvent(raw);
  return isPlainObject(event['series']) ? numberOf(event['series']['count']) : numberOf(event['count']);
}

/** Event columns: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE (NAME and the rest only with -o wide). */
const eventColumns: PrinterColumn[] = [
  column('Last Seen', eventLastSeen, { description: 'The time at which the most recent occurrence of this event was recorded.' }),
  column('Type', (o) => stringOf(o['type']), { description: 'Type of this event (Normal, Warning), new types could be added in the future' }),
  column('Reason', (o) => stringOf(o['reason']), { description: 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.' }),
  column('Object', eventObject, { description: 'The object that this event is about.' }),
  column('Subobject', (o) => stringOf(at(asCoreEvent(o), 'involvedObject', 'fieldPath')), { priority: 1, description: 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.' }),
  column('Source', eventSource, { priority: 1, description: 'The component reporting this event. Should be a short machine understandable string.' }),
  column('Message', (o) => stringOf(asCoreEvent(o)['message']).trim(), { description: 'A human-readable description of the status of this operation.' }),
  column('First Seen', (o, now) => eventFirstSeen(asCoreEvent(o), now), { priority: 1, description: 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)' }),
  column('Count', eventCount, { priority: 1, description: 'The number of times this event has occurred.' }),
  column('Name', (o) => stringOf(at(o, 'metadata', 'name')), { priority: 1, format: 'name', description: NAME_DESCRIPTION }),
];

// ---- The rest --------------------------------------------------------------------------------

function countOf(value: unknown): number {
  return Array.isArray(value) ? value.length : Object.keys(recordOf(value)).length;
}

const namespaceColumns = [column('Status', (o) => stringOf(at(o, 'status', 'phase')), { description: 'The status of the namespace' }), AGE_COLUMN];
const configMapColumns = [column('Data', (o) => countOf(o['data']) + countOf(o['binaryData']), { description: 'Data contains the configuration data.' }), AGE_COLUMN];
const secretColumns = [
  column('Type', (o) => stringOf(o['type']), { description: 'Used to facilitate programmatic handling of secret data.' }),
  column('Data', (o) => countOf(o['data']), { description: 'Data contains the secret data.' }),
  AGE_COLUMN,
];
const serviceAccountColumns = [column('Secrets', (o) => countOf(o['secrets']), { description: 'Secrets is a listOf of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.' }), AGE_COLUMN];
const endpointsColumns = [column('Endpoints', endpointsCell, { description: 'The set of all endpoints is the union of all subsets.' }), AGE_COLUMN];
/** kubectl's node columns (printNode): Ready/NotReady from the Ready condition, roles from `node-role.kubernetes.io/*` labels. */
function nodeStatus(o: JsonObject): string {
  const ready = listOf(at(o, 'status', 'conditions')).map(recordOf).find((c) => c['type'] === 'Ready');
  const status = ready?.['status'] === 'True' ? 'Ready' : ready === undefined ? 'Unknown' : 'NotReady';
  return at(o, 'spec', 'unschedulable') === true ? `${status},SchedulingDisabled` : status;
}
function nodeRoles(o: JsonObject): string {
  const roles = Object.keys(recordOf(at(o, 'metadata', 'labels')))
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length));
  return roles.length === 0 ? '<none>' : roles.sort().join(',');
}
function nodeAddress(o: JsonObject, type: string): string {
  const found = listOf(at(o, 'status', 'addresses')).map(recordOf).find((a) => a['type'] === type);
  return stringOf(found?.['address']) || '<none>';
}
const nodeColumns = [
  column('Status', nodeStatus, { description: 'The status of the node' }),
  column('Roles', nodeRoles, { description: 'The roles of the node' }),
  AGE_COLUMN,
  column('Version', (o) => stringOf(at(o, 'status', 'nodeInfo', 'kubeletVersion')), { description: 'Kubelet Version reported by the node.' }),
  column('Internal-IP', (o) => nodeAddress(o, 'InternalIP'), { priority: 1, description: 'List of addresses reachable to the node. Queried from cloud provider, if available.' }),
  column('External-IP', (o) => nodeAddress(o, 'ExternalIP'), { priority: 1, description: 'List of addresses reachable to the node. Queried from cloud provider, if available.' }),
  column('OS-Image', (o) => stringOf(at(o, 'status', 'nodeInfo', 'osImage')), { priority: 1, description: 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).' }),
  column('Kernel-Version', (o) => stringOf(at(o, 'status', 'nodeInfo', 'kernelVersion')), { priority: 1, description: "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)." }),
  column('Container-Runtime', (o) => stringOf(at(o, 'status', 'nodeInfo', 'containerRuntimeVersion')), { priority: 1, description: 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).' }),
];
const leaseColumns = [column('Holder', (o) => stringOf(at(o, 'spec', 'holderIdentity')), { description: 'holderIdentity contains the identity of the holder of a current lease.' }), AGE_COLUMN];
/** A PodDisruptionBudget's minAvailable / maxUnavailable (an int or a percentage), N/A when unset. */
function budgetValue(object: JsonObject, field: string): string {
  const value = at(object, 'spec', field);
  return typeof value === 'number' || typeof value === 'string' ? String(value) : 'N/A';
}
const podDisruptionBudgetColumns = [
  column('Min Available', (o) => budgetValue(o, 'minAvailable'), { description: 'The minimum number of pods that must be available' }),
  column('Max Unavailable', (o) => budgetValue(o, 'maxUnavailable'), { description: 'The maximum number of pods that may be unavailable' }),
  column('Allowed Disruptions', (o) => { const n = at(o, 'status', 'disruptionsAllowed'); return typeof n === 'number' ? n : 0; }, { type: 'integer', description: 'Calculated number of pods that may be disrupted at this time' }),
  AGE_COLUMN,
];
const webhookColumns = [column('Webhooks', (o) => countOf(o['webhooks']), { type: 'integer', description: 'Webhooks indicates the number of webhooks registered in this configuration.' }), AGE_COLUMN];
const bindingColumns = [
  column('Role', (o) => `${stringOf(at(o, 'roleRef', 'kind'))}/${stringOf(at(o, 'roleRef', 'name'))}`, { description: 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.' }),
  AGE_COLUMN,
];

// ---------------------------------------------------------------------------------------------
// The table.

/** Verbs of Namespaces (no deletecollection). */
const NAMESPACE_VERBS: readonly Verb[] = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

/** The built-in Scale of Deployments and ReplicaSets; `labelSelectorPath` points at the LabelSelector the server formats. */
const WORKLOAD_SCALE: ScaleSubresource = { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' };

interface BuiltinSpec {
  group: string;
  version?: string;
  kind: string;
  plural: string;
  cluster?: boolean;
  shortNames?: string[];
  all?: boolean;
  status?: boolean;
  scale?: ScaleSubresource;
  generation?: boolean;
  createOnUpdate?: boolean;
  columns?: PrinterColumn[];
  verbs?: readonly Verb[];
  extraSubresources?: readonly ExtraSubresource[];
  storage?: StorageAlias;
}

function builtin(spec: BuiltinSpec): ResourceType {
  const resource: ResourceType = {
    group: spec.group,
    version: spec.version ?? 'v1',
    kind: spec.kind,
    plural: spec.plural,
    singular: spec.kind.toLowerCase(),
    namespaced: spec.cluster !== true,
    shortNames: spec.shortNames ?? [],
    categories: spec.all === true ? ['all'] : [],
    verbs: spec.verbs ?? ALL_VERBS,
    statusSubresource: spec.status === true,
    tracksGeneration: spec.generation === true,
    patchStrategy: 'strategic',
    allowCreateOnUpdate: spec.createOnUpdate === true,
    allowUnconditionalUpdate: true,
    columns: spec.columns ?? [AGE_COLUMN],
    custom: false,
  };
  if (spec.scale !== undefined) resource.scale = spec.scale;
  if (spec.extraSubresources !== undefined) resource.extraSubresources = spec.extraSubresources;
  if (spec.storage !== undefined) resource.storage = spec.storage;
  return resource;
}

/** events.k8s.io/v1 Events are stored as core/v1 Events, as Kubernetes stores them. */
const EVENTS_IN_CORE: StorageAlias = { group: '', resource: 'events', toStorage: eventToCore, fromStorage: eventFromCore };
/** `serviceaccounts/<name>/token`: POST a TokenRequest, get a token for the account. */
const SERVICE_ACCOUNT_TOKEN: ExtraSubresource = { name: 'token', group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create'] };
/** `pods/<name>/log`: GET a container's log as text (listed in discovery as Kubernetes lists it). */
const POD_LOG: ExtraSubresource = { name: 'log', group: '', version: '', kind: 'Pod', verbs: ['get'] };
/** `pods/<[scheme:]name[:port]>/proxy[/path]`: any method, proxied to the pod (listed as Kubernetes lists it). */
const POD_PROXY: ExtraSubresource = { name: 'proxy', group: '', version: '', kind: 'PodProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] };
const ADMISSION = 'admissionregistration.k8s.io';

/** The built-in resources the local cluster serves. */
export const BUILTIN_RESOURCES: readonly ResourceType[] = [
  builtin({ group: '', kind: 'Namespace', plural: 'namespaces', cluster: true, shortNames: ['ns'], status: true, columns: namespaceColumns, verbs: NAMESPACE_VERBS }),
  builtin({ group: '', kind: 'Node', plural: 'nodes', cluster: true, shortNames: ['no'], status: true, columns: nodeColumns }),
  builtin({ group: '', kind: 'Pod', plural: 'pods', shortNames: ['po'], all: true, status: true, generation: true, columns: podColumns, extraSubresources: [POD_LOG, POD_PROXY] }),
  builtin({ group: '', kind: 'Service', plural: 'services', shortNames: ['svc'], all: true, status: true, columns: serviceColumns }),
  builtin({ group: '', kind: 'Endpoints', plural: 'endpoints', shortNames: ['ep'], createOnUpdate: true, columns: endpointsColumns }),
  builtin({ group: '', kind: 'ConfigMap', plural: 'configmaps', shortNames: ['cm'], columns: configMapColumns }),
  builtin({ group: '', kind: 'Secret', plural: 'secrets', columns: secretColumns }),
  builtin({ group: '', kind: 'ServiceAccount', plural: 'serviceaccounts', shortNames: ['sa'], columns: serviceAccountColumns, extraSubresources: [SERVICE_ACCOUNT_TOKEN] }),
  builtin({ group: '', kind: 'Event', plural: 'events', shortNames: ['ev'], createOnUpdate: true, columns: eventColumns }),
  builtin({ group: 'apps', kind: 'Deployment', plural: 'deployments', shortNames: ['deploy'], all: true, status: true, scale: WORKLOAD_SCALE, generation: true, columns: deploymentColumns }),
  builtin({ group: 'apps', kind: 'ReplicaSet', plural: 'replicasets', shortNames: ['rs'], all: true, status: true, scale: WORKLOAD_SCALE, generation: true, columns: replicaSetColumns }),
  builtin({ group: 'discovery.k8s.io', kind: 'EndpointSlice', plural: 'endpointslices', columns: endpointSliceColumns }),
  builtin({ group: 'coordination.k8s.io', kind: 'Lease', plural: 'leases', columns: leaseColumns }),
  // Served and stored with its status; the local cluster evicts nothing, so no disruption controller counts it.
  builtin({ group: 'policy', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', shortNames: ['pdb'], status: true, generation: true, columns: podDisruptionBudgetColumns }),
  builtin({ group: 'events.k8s.io', kind: 'Event', plural: 'events', shortNames: ['ev'], createOnUpdate: true, columns: eventColumns, storage: EVENTS_IN_CORE }),
  builtin({
    group: 'apiextensions.k8s.io',
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    cluster: true,
    shortNames: ['crd', 'crds'],
    status: true,
    generation: true,
    columns: [CREATED_AT_COLUMN],
  }),
  builtin({ group: ADMISSION, kind: 'MutatingWebhookConfiguration', plural: 'mutatingwebhookconfigurations', cluster: true, columns: webhookColumns }),
  builtin({ group: ADMISSION, kind: 'ValidatingWebhookConfiguration', plural: 'validatingwebhookconfigurations', cluster: true, columns: webhookColumns }),
  builtin({ group: 'authentication.k8s.io', kind: 'SelfSubjectReview', plural: 'selfsubjectreviews', cluster: true, verbs: ['create'] }),
  builtin({ group: 'authorization.k8s.io', kind: 'SelfSubjectAccessReview', plural: 'selfsubjectaccessreviews', cluster: true, verbs: ['create'] }),
  builtin({ group: RBAC, kind: 'Role', plural: 'roles', columns: [CREATED_AT_COLUMN] }),
  builtin({ group: RBAC, kind: 'ClusterRole', plural: 'clusterroles', cluster: true, columns: [CREATED_AT_COLUMN] }),
  builtin({ group: RBAC, kind: 'RoleBinding', plural: 'rolebindings', columns: bindingColumns }),
  builtin({ group: RBAC, kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', cluster: true, columns: bindingColumns }),
];
