import {
  createTestCertificates,
  kubectl,
  namespaceReady,
  spawnKubectl,
  startLocalCluster,
  startTestWebhook,
  stopProcess,
  waitFor,
  type KubectlOptions,
  type KubectlResult,
  type LocalCluster,
  type TestReply,
  type TestWebhook,
} from '@ebb/testing';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

/**
 * The local cluster's API server driven by the real, unmodified kubectl: apply (client- and
 * server-side), get in every output, watch, describe with events, edit, the three patch types,
 * label/annotate, scale, delete with and without finalizers, namespace deletion, discovery,
 * a CRD (explain, printer columns, scale/status subresources, schema errors, dry runs) and a
 * validating admission webhook served by the test itself.
 */
const NS = 'e2e-kubectl';

let cluster: LocalCluster;
let workDir: string;

async function run(args: readonly string[], options: KubectlOptions = {}): Promise<KubectlResult> {
  return kubectl(cluster, args, options);
}

/** Runs kubectl, expects exit 0 and returns stdout. */
async function ok(args: readonly string[], options: KubectlOptions = {}): Promise<string> {
  const result = await run(args, options);
  expect(result).toMatchObject({ code: 0 });
  return result.stdout;
}

/** `kubectl apply -f -` (plus `extra` flags) of one object given as JSON. */
async function apply(object: unknown, extra: readonly string[] = []): Promise<KubectlResult> {
  return run(['apply', ...extra, '-f', '-'], { input: JSON.stringify(object) });
}

async function jsonpath(resource: string, expression: string, namespace = NS): Promise<string> {
  return ok(['get', resource, '-n', namespace, '-o', `jsonpath=${expression}`]);
}

function configMap(name: string, data: Record<string, string>, metadata: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: NS, ...metadata }, data };
}

function deployment(name: string, image: string, replicas = 1, namespace = NS): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image, env: [{ name: 'MODE', value: 'slow' }] }] } },
    },
  };
}

function namespace(name: string): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

const CRON_PATTERN = '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$';
const CRON_DESCRIPTION = 'When the job runs, in the five-field cron format.';

const crontabCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'crontabs.stable.example.com' },
  spec: {
    group: 'stable.example.com',
    scope: 'Namespaced',
    names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', shortNames: ['ct'] },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: {
                  cronSpec: { type: 'string', pattern: CRON_PATTERN, description: CRON_DESCRIPTION },
                  image: { type: 'string' },
                  replicas: { type: 'integer', minimum: 1, maximum: 10 },
                },
              },
              status: { type: 'object', properties: { replicas: { type: 'integer' }, labelSelector: { type: 'string' } } },
            },
          },
        },
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.labelSelector' } },
        additionalPrinterColumns: [
          { name: 'Spec', type: 'string', jsonPath: '.spec.cronSpec' },
          { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
          { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
        ],
      },
    ],
  },
};

function crontab(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name, namespace: NS }, spec };
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'ebb-kubectl-e2e-'));
  cluster = await startLocalCluster();
  expect(await apply(namespace(NS))).toMatchObject({ code: 0, stdout: `namespace/${NS} created\n` });
}, 60_000);

afterAll(async () => {
  await cluster?.dispose();
  await rm(workDir, { recursive: true, force: true });
});

describe('kubectl apply', () => {
  it.each([
    {
      name: 'a ConfigMap',
      resource: 'configmap/applied',
      first: configMap('applied', { greeting: 'hello' }),
      second: configMap('applied', { greeting: 'hi' }),
      path: '{.data.greeting}',
      expected: 'hi',
    },
    {
      name: 'an apps/v1 Deployment',
      resource: 'deployment.apps/applied-web',
      first: deployment('applied-web', 'nginx:1.26'),
      second: deployment('applied-web', 'nginx:1.27'),
      path: '{.spec.template.spec.containers[0].image}',
      expected: 'nginx:1.27',
    },
  ])('$name: created, then configured on a change, then unchanged', async ({ resource, first, second, path: expression, expected }) => {
    expect(await apply(first)).toMatchObject({ code: 0, stdout: `${resource} created\n` });
    expect(await apply(second)).toMatchObject({ code: 0, stdout: `${resource} configured\n` });
    expect(await apply(second)).toMatchObject({ code: 0, stdout: `${resource} unchanged\n` });
    expect(await jsonpath(resource, expression)).toBe(expected);
    const lastApplied = await jsonpath(resource, '{.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}');
    // kubectl records the input with the annotation itself taken out again: an empty map stays.
    const { metadata, ...rest } = second as { metadata: Record<string, unknown> };
    expect(JSON.parse(lastApplied)).toEqual({ ...rest, metadata: { annotations: {}, ...metadata } });
  });

  it.each([
    { name: 'a ConfigMap', resource: 'configmap/ssa', first: configMap('ssa', { size: 'small' }), second: configMap('ssa', { size: 'large' }), path: '{.data.size}', expected: 'large' },
    {
      name: 'an apps/v1 Deployment',
      resource: 'deployment.apps/ssa-web',
      first: deployment('ssa-web', 'nginx:1.26', 2),
      second: deployment('ssa-web', 'nginx:1.26', 4),
      path: '{.spec.replicas}',
      expected: '4',
    },
  ])('$name with --server-side: serverside-applied, owned by the kubectl manager', async ({ resource, first, second, path: expression, expected }) => {
    expect(await apply(first, ['--server-side'])).toMatchObject({ code: 0, stdout: `${resource} serverside-applied\n` });
    expect(await apply(second, ['--server-side'])).toMatchObject({ code: 0, stdout: `${resource} serverside-applied\n` });
    expect(await jsonpath(resource, expression)).toBe(expected);
    const managers = JSON.parse(await ok(['get', resource, '-n', NS, '-o', 'json', '--show-managed-fields'])) as { metadata: { managedFields?: { manager: string; operation: string }[] } };
    expect(managers.metadata.managedFields).toEqual(expect.arrayContaining([expect.objectContaining({ manager: 'kubectl', operation: 'Apply' })]));
  });
});

describe('kubectl apply with strict field validation (the default)', () => {
  it.each([
    { name: 'an unknown top-level field of a ConfigMap', object: { ...configMap('strict-cm', { a: '1' }), colour: 'blue' }, field: 'unknown field "colour"', get: ['configmap', 'strict-cm'] },
    { name: 'an unknown field in a Deployment spec', object: deployment('strict-web', 'nginx:1.26'), field: 'unknown field "spec.colour"', get: ['deployment', 'strict-web'] },
  ])('refuses $name, storing nothing', async ({ object, field, get }) => {
    const spec = (object as { spec?: Record<string, unknown> }).spec;
    const input = spec ? { ...object, spec: { ...spec, colour: 'blue' } } : object;
    const result = await apply(input);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(field);
    expect((await run(['get', ...get, '-n', NS])).stderr).toContain('not found');
  });
});

describe('kubectl get', () => {
  beforeAll(async () => {
    expect(await apply(configMap('shown', { color: 'blue', size: 'large' }))).toMatchObject({ code: 0 });
    expect(await apply(deployment('shown-web', 'nginx:1.26'))).toMatchObject({ code: 0 });
    // The Deployment controller creates its pod (which never gets ready: there is no nginx image here).
    await waitFor(async () => (await jsonpath('deployment/shown-web', '{.status.updatedReplicas}')) === '1', { description: 'shown-web updated' });
  });

  it.each([
    { name: 'yaml', output: 'yaml', parse: (text: string) => parseYaml(text) as unknown },
    { name: 'json', output: 'json', parse: (text: string) => JSON.parse(text) as unknown },
  ])('-o $name prints the whole stored object', async ({ output, parse }) => {
    const object = parse(await ok(['get', 'configmap', 'shown', '-n', NS, '-o', output])) as { metadata: Record<string, unknown> };
    expect(object).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shown', namespace: NS }, data: { color: 'blue', size: 'large' } });
    expect(object.metadata['uid']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(object.metadata['resourceVersion']).toMatch(/^\d+$/);
    expect(object.metadata['creationTimestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it.each([
    { name: 'a ConfigMap as a table', args: ['get', 'configmap', 'shown'], header: /^NAME\s+DATA\s+AGE$/, row: /^shown\s+2\s+\d+s$/ },
    {
      name: 'a Deployment with -o wide',
      args: ['get', 'deployment', 'shown-web', '-o', 'wide'],
      header: /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/,
      row: /^shown-web\s+0\/1\s+1\s+0\s+\d+s\s+app\s+nginx:1\.26\s+app=shown-web$/,
    },
    { name: 'deployments by short name', args: ['get', 'deploy', 'shown-web'], header: /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/, row: /^shown-web\s+0\/1\s+1\s+0\s+\d+s$/ },
  ])('$name', async ({ args, header, row }) => {
    const lines = (await ok([...args, '-n', NS])).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(header);
    expect(lines[1]).toMatch(row);
  });

  it('-o name lists every object of a kind in the namespace', async () => {
    expect((await ok(['get', 'configmaps', '-n', NS, '-o', 'name'])).split('\n')).toEqual(expect.arrayContaining(['configmap/shown', 'configmap/applied']));
  });

  it.each([
    { name: 'a missing ConfigMap', args: ['get', 'configmap', 'nothere'], stderr: 'Error from server (NotFound): configmaps "nothere" not found\n' },
    { name: 'a missing Deployment', args: ['get', 'deployment', 'nothere'], stderr: 'Error from server (NotFound): deployments.apps "nothere" not found\n' },
  ])('$name: exit 1 and the NotFound text', async ({ args, stderr }) => {
    expect(await run([...args, '-n', NS])).toEqual({ code: 1, stdout: '', stderr });
  });

  it('refuses a wrong token with kubectl’s Unauthorized text', async () => {
    const result = await run(['get', 'configmaps', '-n', NS, '--token', 'not-the-token']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: You must be logged in to the server (Unauthorized)');
  });
});

describe('kubectl get with pages, selectors and all namespaces', () => {
  const PAGES = 'e2e-pages';

  beforeAll(async () => {
    expect(await apply(namespace(PAGES))).toMatchObject({ code: 0 });
    await namespaceReady(cluster, PAGES);
    const items = [0, 1, 2, 3, 4].map((i) => ({ ...configMap(`page-${i}`, { i: String(i) }), metadata: { name: `page-${i}`, namespace: PAGES, labels: { parity: i % 2 === 0 ? 'even' : 'odd' } } }));
    const documents = items.map((item) => stringifyYaml(item)).join('---\n');
    expect(await run(['apply', '-f', '-'], { input: documents })).toMatchObject({ code: 0, stdout: items.map((item) => `configmap/${item.metadata.name} created\n`).join('') });
  });

  it('applies a List, as get -o yaml prints several objects', async () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [configMap('listed-a', { a: '1' }), configMap('listed-b', { b: '2' })] };
    expect(await run(['apply', '-f', '-'], { input: JSON.stringify(list) })).toEqual({ code: 0, stdout: 'configmap/listed-a created\nconfigmap/listed-b created\n', stderr: '' });
  });

  it.each([
    // kube-root-ca.crt: the CA bundle the controllers put into every namespace, as on Kubernetes.
    { name: 'in pages of two (--chunk-size=2)', args: ['--chunk-size=2'], expected: ['kube-root-ca.crt', 'page-0', 'page-1', 'page-2', 'page-3', 'page-4'] },
    { name: 'by label selector', args: ['-l', 'parity=even'], expected: ['page-0', 'page-2', 'page-4'] },
    { name: 'by set-based label selector, in pages (notin also matches objects without the label)', args: ['-l', 'parity notin (even)', '--chunk-size=1'], expected: ['kube-root-ca.crt', 'page-1', 'page-3'] },
    { name: 'by field selector', args: ['--field-selector', 'metadata.name=page-3'], expected: ['page-3'] },
  ])('lists $name', async ({ args, expected }) => {
    const stdout = await ok(['get', 'configmaps', '-n', PAGES, '-o', 'name', ...args]);
    expect(stdout.trimEnd().split('\n')).toEqual(expected.map((name) => `configmap/${name}`));
  });

  it('lists across namespaces with a NAMESPACE column (-A)', async () => {
    const lines = (await ok(['get', 'configmaps', '-A', '-l', 'parity=odd'])).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE\s+NAME\s+DATA\s+AGE$/);
    expect(lines.slice(1)).toEqual([expect.stringMatching(/^e2e-pages\s+page-1\s+1\s+\d+s$/), expect.stringMatching(/^e2e-pages\s+page-3\s+1\s+\d+s$/)]);
  });
});

describe('kubectl replace', () => {
  it('replaces with the live resourceVersion, and a stale one is a Conflict', async () => {
    expect(await apply(configMap('replaced', { v: '1' }))).toMatchObject({ code: 0 });
    const stale = await jsonpath('configmap/replaced', '{.metadata.resourceVersion}');
    expect(await run(['replace', '-f', '-'], { input: JSON.stringify(configMap('replaced', { v: '2' })) })).toMatchObject({ code: 0, stdout: 'configmap/replaced replaced\n' });
    const conflict = await run(['replace', '-f', '-'], { input: JSON.stringify(configMap('replaced', { v: '3' }, { resourceVersion: stale })) });
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain(
      'Error from server (Conflict): error when replacing "STDIN": Operation cannot be fulfilled on configmaps "replaced": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(await jsonpath('configmap/replaced', '{.data.v}')).toBe('2');
  });
});

describe('kubectl get -w', () => {
  it.each([
    { name: 'as a table', object: 'watched-table', output: [], before: /^watched-table\s+1\s+\d+s$/m, after: /^watched-table\s+2\s+\d+s$/m },
    { name: 'with -o jsonpath', object: 'watched-path', output: ['-o', 'jsonpath={.data.step}{"\\n"}'], before: /^one$/m, after: /^two$/m },
  ])('$name receives a change made after it started', async ({ object, output, before, after }) => {
    expect(await apply(configMap(object, { step: 'one' }))).toMatchObject({ code: 0 });
    const watcher = spawnKubectl(cluster, ['get', 'configmap', object, '-n', NS, '-w', ...output]);
    let stdout = '';
    let stderr = '';
    watcher.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    watcher.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    try {
      await waitFor(() => before.test(stdout), { description: `the first line of the watch (stdout ${JSON.stringify(stdout)}, stderr ${JSON.stringify(stderr)})`, timeoutMs: 20_000 });
      expect(await run(['patch', 'configmap', object, '-n', NS, '--type', 'merge', '-p', '{"data":{"step":"two","extra":"x"}}'])).toMatchObject({ code: 0 });
      await waitFor(() => after.test(stdout), { description: `the watched change (stdout ${JSON.stringify(stdout)}, stderr ${JSON.stringify(stderr)})`, timeoutMs: 20_000 });
      expect(watcher.exitCode).toBeNull();
    } finally {
      await stopProcess(watcher, { graceMs: 5000 });
    }
  });
});

describe('kubectl describe', () => {
  it.each([
    { name: 'a ConfigMap', object: configMap('described', { a: '1' }), kind: 'ConfigMap', apiVersion: 'v1', resource: 'configmap/described', created: 'event/described.e2e created\n' },
    { name: 'a Deployment', object: deployment('described-web', 'nginx:1.26'), kind: 'Deployment', apiVersion: 'apps/v1', resource: 'deployment/described-web', created: 'event/described-web.e2e created\n' },
  ])('$name shows its events', async ({ object, kind, apiVersion, resource, created }) => {
    expect(await apply(object)).toMatchObject({ code: 0 });
    const name = resource.split('/')[1] ?? '';
    const uid = await jsonpath(resource, '{.metadata.uid}');
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${name}.e2e`, namespace: NS },
      involvedObject: { apiVersion, kind, name, namespace: NS, uid },
      reason: 'Tested',
      message: 'made by the e2e suite',
      type: 'Normal',
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
      source: { component: 'e2e-suite' },
    };
    expect(await run(['create', '-f', '-'], { input: JSON.stringify(event) })).toMatchObject({ code: 0, stdout: created });
    const described = await ok(['describe', resource, '-n', NS]);
    expect(described).toMatch(new RegExp(`^Name:\\s+${name}$`, 'm'));
    expect(described).toMatch(/^Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message\n/m);
    expect(described).toMatch(/^\s+Normal\s+Tested\s+\S+\s+e2e-suite\s+made by the e2e suite$/m);
  });
});

describe('kubectl edit', () => {
  let editor: string;

  beforeAll(async () => {
    editor = path.join(workDir, 'editor.sh');
    await writeFile(editor, '#!/bin/sh\n# KUBE_EDITOR for the e2e suite: applies $EDIT_SED to the file kubectl opened.\nexec sed -i -e "$EDIT_SED" "$1"\n');
    await chmod(editor, 0o755);
  });

  it.each([
    { name: 'a ConfigMap', object: configMap('edited', { color: 'blue' }), resource: 'configmap/edited', sed: 's/color: blue/color: green/', path: '{.data.color}', expected: 'green' },
    {
      name: 'a Deployment',
      object: deployment('edited-web', 'nginx:1.26'),
      resource: 'deployment.apps/edited-web',
      sed: 's/image: nginx:1.26/image: nginx:1.27/',
      path: '{.spec.template.spec.containers[0].image}',
      expected: 'nginx:1.27',
    },
  ])('$name through KUBE_EDITOR', async ({ object, resource, sed, path: expression, expected }) => {
    expect(await apply(object)).toMatchObject({ code: 0 });
    const edited = await run(['edit', resource, '-n', NS], { env: { KUBE_EDITOR: editor, EDIT_SED: sed } });
    expect(edited).toMatchObject({ code: 0, stdout: `${resource} edited\n` });
    expect(await jsonpath(resource, expression)).toBe(expected);
  });
});

describe('kubectl patch', () => {
  beforeAll(async () => {
    expect(await apply(deployment('patched', 'nginx:1.26'))).toMatchObject({ code: 0 });
  });

  const strategic = '{"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"LEVEL","value":"debug"}]}]}}}}';
  it.each([
    {
      name: 'strategic (the default) merges the container list by name',
      type: [],
      patch: strategic,
      stdout: 'deployment.apps/patched patched\n',
      path: '{.spec.template.spec.containers[0].image} {.spec.template.spec.containers[*].env[*].name}',
      expected: 'nginx:1.26 MODE LEVEL',
    },
    {
      name: 'merge sets labels and a spec field',
      type: ['--type', 'merge'],
      patch: '{"metadata":{"labels":{"tier":"web"}},"spec":{"paused":true}}',
      stdout: 'deployment.apps/patched patched\n',
      path: '{.metadata.labels.tier} {.spec.paused}',
      expected: 'web true',
    },
    {
      name: 'json replaces and adds by pointer',
      type: ['--type', 'json'],
      patch: '[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.27"},{"op":"add","path":"/metadata/labels/patchedby","value":"json"}]',
      stdout: 'deployment.apps/patched patched\n',
      path: '{.spec.template.spec.containers[0].image} {.metadata.labels.patchedby}',
      expected: 'nginx:1.27 json',
    },
    {
      name: 'strategic again with the same patch changes nothing',
      type: [],
      patch: strategic,
      stdout: 'deployment.apps/patched patched (no change)\n',
      path: '{.spec.template.spec.containers[*].env[*].name}',
      expected: 'MODE LEVEL',
    },
  ])('$name', async ({ type, patch, stdout, path: expression, expected }) => {
    expect(await run(['patch', 'deployment', 'patched', '-n', NS, ...type, '-p', patch])).toMatchObject({ code: 0, stdout });
    expect(await jsonpath('deployment/patched', expression)).toBe(expected);
  });
});

describe('kubectl label and annotate', () => {
  beforeAll(async () => {
    expect(await apply(configMap('tagged', { a: '1' }))).toMatchObject({ code: 0 });
  });

  it.each([
    { name: 'adds a label', args: ['label', 'configmap', 'tagged', 'team=blue'], stdout: 'configmap/tagged labeled\n', path: '{.metadata.labels.team}', expected: 'blue' },
    { name: 'overwrites it with --overwrite', args: ['label', 'configmap', 'tagged', 'team=red', '--overwrite'], stdout: 'configmap/tagged labeled\n', path: '{.metadata.labels.team}', expected: 'red' },
    { name: 'removes it', args: ['label', 'configmap', 'tagged', 'team-'], stdout: 'configmap/tagged unlabeled\n', path: '{.metadata.labels.team}', expected: '' },
    { name: 'adds an annotation', args: ['annotate', 'configmap', 'tagged', 'note=hello'], stdout: 'configmap/tagged annotated\n', path: '{.metadata.annotations.note}', expected: 'hello' },
    { name: 'removes the annotation', args: ['annotate', 'configmap', 'tagged', 'note-'], stdout: 'configmap/tagged annotated\n', path: '{.metadata.annotations.note}', expected: '' },
  ])('$name', async ({ args, stdout, path: expression, expected }) => {
    expect(await run([...args, '-n', NS])).toMatchObject({ code: 0, stdout });
    expect(await jsonpath('configmap/tagged', expression)).toBe(expected);
  });

  it('refuses to change a label without --overwrite', async () => {
    await ok(['label', 'configmap', 'tagged', 'tier=one', '-n', NS]);
    expect(await run(['label', 'configmap', 'tagged', 'tier=two', '-n', NS])).toMatchObject({ code: 1, stderr: "error: 'tier' already has a value (one), and --overwrite is false\n" });
  });
});

describe('kubectl scale', () => {
  it('scales a Deployment through its scale subresource, bumping its generation', async () => {
    expect(await apply(deployment('scaled', 'nginx:1.26', 1))).toMatchObject({ code: 0 });
    expect(await run(['scale', 'deployment', 'scaled', '-n', NS, '--replicas=3'])).toMatchObject({ code: 0, stdout: 'deployment.apps/scaled scaled\n' });
    expect(await jsonpath('deployment/scaled', '{.spec.replicas}')).toBe('3');
    expect(await jsonpath('deployment/scaled', '{.metadata.generation}')).toBe('2');
  });
});

describe('kubectl delete', () => {
  it.each([
    { name: 'a ConfigMap', object: configMap('gone', { a: '1' }), args: ['configmap', 'gone'], stdout: 'configmap "gone" deleted\n', notFound: 'configmaps "gone" not found' },
    { name: 'a Deployment', object: deployment('gone-web', 'nginx:1.26'), args: ['deployment', 'gone-web'], stdout: 'deployment.apps "gone-web" deleted\n', notFound: 'deployments.apps "gone-web" not found' },
  ])('$name without finalizers goes at once', async ({ object, args, stdout, notFound }) => {
    expect(await apply(object)).toMatchObject({ code: 0 });
    expect(await run(['delete', ...args, '-n', NS])).toMatchObject({ code: 0, stdout });
    expect(await run(['get', ...args, '-n', NS])).toEqual({ code: 1, stdout: '', stderr: `Error from server (NotFound): ${notFound}\n` });
  });

  it('keeps an object with a finalizer, marked for deletion, until the finalizer is removed', async () => {
    expect(await apply(configMap('held', { a: '1' }, { finalizers: ['e2e.example.com/hold'] }))).toMatchObject({ code: 0 });
    expect(await run(['delete', 'configmap', 'held', '-n', NS, '--wait=false'])).toMatchObject({ code: 0, stdout: 'configmap "held" deleted\n' });
    expect(await jsonpath('configmap/held', '{.metadata.deletionTimestamp}')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(await jsonpath('configmap/held', '{.metadata.finalizers}')).toBe('["e2e.example.com/hold"]');
    const patch = '[{"op":"remove","path":"/metadata/finalizers"}]';
    expect(await run(['patch', 'configmap', 'held', '-n', NS, '--type', 'json', '-p', patch])).toMatchObject({ code: 0, stdout: 'configmap/held patched\n' });
    await waitFor(async () => (await run(['get', 'configmap', 'held', '-n', NS])).stderr.includes('configmaps "held" not found'), { description: 'the finalized ConfigMap to be gone' });
  });

  it('deletes a namespace with everything in it', async () => {
    expect(await apply(namespace('doomed'))).toMatchObject({ code: 0 });
    expect(await apply({ ...configMap('inside', { a: '1' }), metadata: { name: 'inside', namespace: 'doomed' } })).toMatchObject({ code: 0 });
    expect(await apply(deployment('inside-web', 'nginx:1.26', 1, 'doomed'))).toMatchObject({ code: 0 });
    expect(await run(['delete', 'namespace', 'doomed', '--timeout=90s'], { timeoutMs: 120_000 })).toMatchObject({ code: 0, stdout: 'namespace "doomed" deleted\n' });
    expect(await run(['get', 'namespace', 'doomed'])).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): namespaces "doomed" not found\n' });
    expect(await run(['get', 'configmaps,deployments', '-n', 'doomed', '-o', 'name'])).toMatchObject({ code: 0, stdout: '' });
  }, 150_000);

  it('refuses to delete the default namespace', async () => {
    const result = await run(['delete', 'namespace', 'default', '--wait=false']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Error from server (Forbidden): ');
    expect(result.stderr).toContain('this namespace may not be deleted');
  });
});

describe('kubectl api-resources', () => {
  it.each([
    { name: 'deployments with short name deploy', line: /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m },
    { name: 'configmaps with short name cm', line: /^configmaps\s+cm\s+v1\s+true\s+ConfigMap$/m },
    { name: 'namespaces, cluster-scoped', line: /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m },
    { name: 'events', line: /^events\s+ev\s+v1\s+true\s+Event$/m },
    { name: 'CRDs', line: /^customresourcedefinitions\s+crd,crds\s+apiextensions\.k8s\.io\/v1\s+false\s+CustomResourceDefinition$/m },
    { name: 'pod disruption budgets with short name pdb', line: /^poddisruptionbudgets\s+pdb\s+policy\/v1\s+true\s+PodDisruptionBudget$/m },
  ])('lists $name', async ({ line }) => {
    const stdout = await ok(['api-resources']);
    expect(stdout).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND$/m);
    expect(stdout).toMatch(line);
  });
});

describe('a CustomResourceDefinition (CronTab)', () => {
  beforeAll(async () => {
    expect(await apply(crontabCrd)).toMatchObject({ code: 0, stdout: 'customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created\n' });
    const established = '{.status.conditions[?(@.type=="Established")].status}';
    await waitFor(async () => (await run(['get', 'crd', 'crontabs.stable.example.com', '-o', `jsonpath=${established}`])).stdout === 'True', {
      description: 'the CRD to be Established',
      timeoutMs: 20_000,
    });
  }, 60_000);

  it('is listed by api-resources once registered', async () => {
    expect(await ok(['api-resources'])).toMatch(/^crontabs\s+ct\s+stable\.example\.com\/v1\s+true\s+CronTab$/m);
  });

  it('explains a field with its description', async () => {
    const stdout = await ok(['explain', 'crontab.spec.cronSpec']);
    expect(stdout).toMatch(/^GROUP:\s+stable\.example\.com$/m);
    expect(stdout).toMatch(/^KIND:\s+CronTab$/m);
    expect(stdout).toMatch(/^VERSION:\s+v1$/m);
    expect(stdout).toMatch(/^FIELD:\s+cronSpec <string>$/m);
    expect(stdout).toContain(CRON_DESCRIPTION);
  });

  it('creates one and prints it with the printer columns', async () => {
    expect(await apply(crontab('nightly', { cronSpec: '*/5 * * * *', image: 'busybox', replicas: 2 }))).toMatchObject({ code: 0, stdout: 'crontab.stable.example.com/nightly created\n' });
    const lines = (await ok(['get', 'crontabs', '-n', NS])).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+SPEC\s+REPLICAS\s+AGE$/);
    expect(lines).toContainEqual(expect.stringMatching(/^nightly\s+\*\/5 \* \* \* \*\s+2\s+\d+s$/));
    expect(await jsonpath('ct/nightly', '{.metadata.generation}')).toBe('1');
  });

  it('scales through the scale subresource', async () => {
    expect(await run(['scale', 'crontab', 'nightly', '-n', NS, '--replicas=5'])).toMatchObject({ code: 0, stdout: 'crontab.stable.example.com/nightly scaled\n' });
    expect(await jsonpath('crontab/nightly', '{.spec.replicas}')).toBe('5');
  });

  it('writes status only through the status subresource', async () => {
    const status = '{"status":{"replicas":5}}';
    expect(await run(['patch', 'crontab', 'nightly', '-n', NS, '--subresource=status', '--type=merge', '-p', status])).toMatchObject({
      code: 0,
      stdout: 'crontab.stable.example.com/nightly patched\n',
    });
    expect(await jsonpath('crontab/nightly', '{.status.replicas}')).toBe('5');
    const ignored = '{"status":{"replicas":9}}';
    expect(await run(['patch', 'crontab', 'nightly', '-n', NS, '--type=merge', '-p', ignored])).toMatchObject({ code: 0, stdout: 'crontab.stable.example.com/nightly patched (no change)\n' });
    expect(await jsonpath('crontab/nightly', '{.status.replicas}')).toBe('5');
  });

  it.each([
    { name: 'replicas above the maximum', object: 'too-many', spec: { cronSpec: '* * * * *', replicas: 20 }, cause: 'spec.replicas: Invalid value: 20: spec.replicas in body should be less than or equal to 10' },
    { name: 'replicas below the minimum', object: 'too-few', spec: { cronSpec: '* * * * *', replicas: 0 }, cause: 'spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1' },
    {
      name: 'a cronSpec off the pattern',
      object: 'off-pattern',
      spec: { cronSpec: 'every minute', replicas: 1 },
      cause: `spec.cronSpec: Invalid value: "every minute": spec.cronSpec in body should match '${CRON_PATTERN}'`,
    },
    {
      name: 'replicas of the wrong type',
      object: 'wrong-type',
      spec: { cronSpec: '* * * * *', replicas: 'three' },
      cause: 'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
    },
  ])('rejects $name with exit 1 and the Invalid text, storing nothing', async ({ object, spec, cause }) => {
    const result = await apply(crontab(object, spec));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`The CronTab "${object}" is invalid: `);
    expect(result.stderr).toContain(cause);
    expect(await run(['get', 'crontab', object, '-n', NS])).toEqual({ code: 1, stdout: '', stderr: `Error from server (NotFound): crontabs.stable.example.com "${object}" not found\n` });
  });

  it('refuses an unknown field under strict validation, and prunes it with --validate=false', async () => {
    const strict = await apply(crontab('unknown-field', { cronSpec: '* * * * *', replicas: 1, colour: 'blue' }));
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('unknown field "spec.colour"');
    expect(await apply(crontab('pruned', { cronSpec: '* * * * *', replicas: 1, colour: 'blue' }), ['--validate=false'])).toMatchObject({ code: 0, stdout: 'crontab.stable.example.com/pruned created\n' });
    expect(await jsonpath('crontab/pruned', '{.spec}')).toBe('{"cronSpec":"* * * * *","replicas":1}');
  });

  it.each([
    { name: 'a ConfigMap', object: configMap('dry', { a: '1' }), stdout: 'configmap/dry created (server dry run)\n', get: ['configmap', 'dry'], notFound: 'configmaps "dry" not found' },
    {
      name: 'a CronTab',
      object: crontab('dry', { cronSpec: '* * * * *', replicas: 1 }),
      stdout: 'crontab.stable.example.com/dry created (server dry run)\n',
      get: ['crontab', 'dry'],
      notFound: 'crontabs.stable.example.com "dry" not found',
    },
  ])('--dry-run=server answers for $name without storing it', async ({ object, stdout, get, notFound }) => {
    expect(await apply(object, ['--dry-run=server'])).toMatchObject({ code: 0, stdout });
    expect(await run(['get', ...get, '-n', NS])).toEqual({ code: 1, stdout: '', stderr: `Error from server (NotFound): ${notFound}\n` });
  });
});

interface AdmissionReview {
  request: { uid: string; operation: string; name?: string; namespace?: string; kind: Record<string, string>; object?: { metadata?: { labels?: Record<string, string> } } };
}

/** The answer to `review`: a denial when the object is labelled `e2e-deny`, else allowed. */
function denyLabelled(review: AdmissionReview): TestReply {
  const denied = review.request.object?.metadata?.labels?.['e2e-deny'] !== undefined;
  const response = denied
    ? { uid: review.request.uid, allowed: false, status: { code: 403, reason: 'Forbidden', message: 'the label e2e-deny is set' } }
    : { uid: review.request.uid, allowed: true };
  return { body: { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response } };
}

/** An HTTPS admission webhook on 127.0.0.1 that denies ConfigMaps labelled `e2e-deny`; `reviews()` are the reviews it was sent. */
async function startDenyingWebhook(): Promise<TestWebhook & { caBundle: string; reviews(): AdmissionReview[] }> {
  const certs = await createTestCertificates();
  const hook = await startTestWebhook(certs, (body) => denyLabelled(body as AdmissionReview));
  return { ...hook, caBundle: certs.caBundle, reviews: () => hook.calls.map((call) => call.body as AdmissionReview) };
}

describe('a validating admission webhook', () => {
  let webhook: Awaited<ReturnType<typeof startDenyingWebhook>>;
  const denial = 'admission webhook "deny.e2e.example.com" denied the request: the label e2e-deny is set';

  beforeAll(async () => {
    webhook = await startDenyingWebhook();
    const configuration = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'e2e-deny' },
      webhooks: [
        {
          name: 'deny.e2e.example.com',
          clientConfig: { url: `https://127.0.0.1:${webhook.port}/validate`, caBundle: webhook.caBundle },
          rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['configmaps'], scope: 'Namespaced' }],
          admissionReviewVersions: ['v1'],
          sideEffects: 'None',
          failurePolicy: 'Fail',
          timeoutSeconds: 5,
        },
      ],
    };
    expect(await apply(configuration)).toMatchObject({ code: 0, stdout: 'validatingwebhookconfiguration.admissionregistration.k8s.io/e2e-deny created\n' });
    const probe = configMap('probe', { a: '1' }, { labels: { 'e2e-deny': 'yes' } });
    await waitFor(async () => (await apply(probe, ['--dry-run=server'])).stderr.includes(denial), { description: 'the webhook to be called', timeoutMs: 20_000 });
  }, 60_000);

  afterAll(async () => {
    await run(['delete', 'validatingwebhookconfiguration', 'e2e-deny']);
    await webhook.close();
  });

  it('allows an unlabelled ConfigMap, having been asked with an AdmissionReview', async () => {
    expect(await apply(configMap('welcome', { a: '1' }))).toMatchObject({ code: 0, stdout: 'configmap/welcome created\n' });
    const asked = webhook.reviews().map(({ request }) => ({ operation: request.operation, name: request.name, namespace: request.namespace, kind: request.kind }));
    expect(asked).toContainEqual({ operation: 'CREATE', name: 'welcome', namespace: NS, kind: { group: '', version: 'v1', kind: 'ConfigMap' } });
  });

  it.each([
    { name: 'a create', args: ['apply', '-f', '-'], input: JSON.stringify(configMap('unwelcome', { a: '1' }, { labels: { 'e2e-deny': 'yes' } })), object: 'unwelcome', stored: false },
    { name: 'an update', args: ['label', 'configmap', 'welcome', '-n', NS, 'e2e-deny=yes'], input: '', object: 'welcome', stored: true },
  ])('denies $name with the webhook’s message, changing nothing', async ({ args, input, object, stored }) => {
    const result = await run(args, { input });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(denial);
    const after = await run(['get', 'configmap', object, '-n', NS, '-o', 'jsonpath={.metadata.labels}']);
    expect(after.code).toBe(stored ? 0 : 1);
    expect(after.stdout).not.toContain('e2e-deny');
  });
});
