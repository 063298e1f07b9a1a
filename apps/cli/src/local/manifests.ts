// The local overlay as `ebb up` applies it: the documents `kubectl kustomize
// deploy/overlays/local` prints, with the two ports a user may choose put in — the gateway's
// LoadBalancer port (`--port`) and NATS' (`--nats-port`, which every app's EBB_NATS_URL names).
// Pure: YAML text in, YAML text out.
import { parseAllDocuments, stringify } from 'yaml';

/** Where the platform lives and what `ebb up` looks for in the overlay. */
export const PLATFORM = {
  namespace: 'ebb-system',
  gatewayService: 'networking',
  natsService: 'nats',
  natsUrlEnv: 'EBB_NATS_URL',
} as const;

/** The ports of one `ebb up`. */
export interface LocalPorts {
  readonly gateway: number;
  readonly nats: number;
}

/** A manifest that cannot be adapted; the message says what is missing. */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

type Doc = Record<string, unknown>;

function record(value: unknown): Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Doc) : {};
}

function list(value: unknown): Doc[] {
  return Array.isArray(value) ? value.map(record) : [];
}

function isObject(doc: Doc, kind: string, name: string): boolean {
  const meta = record(doc['metadata']);
  return doc['kind'] === kind && meta['name'] === name && meta['namespace'] === PLATFORM.namespace;
}

/** Sets the first port of the LoadBalancer Service `name` to `port`; throws when there is no such Service. */
function setServicePort(docs: readonly Doc[], name: string, port: number): void {
  const service = docs.find((doc) => isObject(doc, 'Service', name));
  const first = list(record(service?.['spec'])['ports'])[0];
  if (service === undefined || first === undefined) throw new ManifestError(`the local overlay has no Service ${PLATFORM.namespace}/${name} with a port`);
  first['port'] = port;
}

/** Points every container's EBB_NATS_URL at the NATS LoadBalancer on 127.0.0.1. */
function setNatsUrls(docs: readonly Doc[], port: number): void {
  for (const doc of docs.filter((d) => d['kind'] === 'Deployment')) {
    const pod = record(record(record(doc['spec'])['template'])['spec']);
    const variables = list(pod['containers']).flatMap((container) => list(container['env']));
    for (const variable of variables.filter((v) => v['name'] === PLATFORM.natsUrlEnv)) variable['value'] = `nats://127.0.0.1:${port}`;
  }
}

/** The overlay's documents with `ports` put in, as one multi-document YAML text. */
export function adaptLocalOverlay(yamlText: string, ports: LocalPorts): string {
  const docs = parseAllDocuments(yamlText).map((doc) => {
    if (doc.errors.length > 0) throw new ManifestError(`kustomize output is not valid YAML: ${doc.errors[0]?.message ?? ''}`);
    return record(doc.toJS());
  });
  const objects = docs.filter((doc) => Object.keys(doc).length > 0);
  setServicePort(objects, PLATFORM.gatewayService, ports.gateway);
  setServicePort(objects, PLATFORM.natsService, ports.nats);
  setNatsUrls(objects, ports.nats);
  return objects.map((doc) => stringify(doc)).join('---\n');
}
