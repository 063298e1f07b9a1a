// `ebb service|revision|route|apply` against a real local cluster (API server only, with the
// Knative CRDs applied by kubectl). The cluster runs no Knative controller, so where a command
// needs status (list columns, waiting, revision traffic) this spec plays the controller: it
// writes Service status through the status subresource and creates Revisions and Routes itself.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { createTestCertificates, kubectl, startLocalCluster, startTestWebhook, type LocalCluster } from '@ebb/testing';
import { loadKubeConfig, ResourceClient } from '@ebb/kube';
import { KnativeResources, type Route, type Service } from '@ebb/api';
import { run } from './program.js';

const CRDS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'deploy', 'base', 'crds');

const RFC3339: unknown = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
const UNKNOWN_KIND: unknown = expect.stringMatching(/^Error: unknown kind batch\/v1 Job: ebb apply knows .*serving\.knative\.dev\/v1 Service/);

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('ebb serving commands (local cluster)', () => {
  let cluster: LocalCluster;
  let work: string;
  let services: ResourceClient<Service>;

  /** What the running command has printed so far (for the wait specs). */
  let printed = '';

  async function ebb(args: readonly string[], stdin = ''): Promise<Outcome> {
    let stdout = '';
    let stderr = '';
    printed = '';
    const code = await run([...args, '--kubeconfig', cluster.kubeconfigPath], {
      stdout: (text) => {
        stdout += text;
        printed += text;
      },
      stderr: (text) => (stderr += text),
      env: {},
      cwd: work,
      now: () => new Date(),
      stdin: () => Promise.resolve(stdin),
    });
    return { code, stdout, stderr };
  }

  /** A Service as kubectl reads it. */
  async function kubectlService(name: string): Promise<Service> {
    const result = await kubectl(cluster, ['get', 'ksvc', name, '-o', 'json']);
    expect(result.stderr).toBe('');
    return JSON.parse(result.stdout) as Service;
  }

  /** Plays the Service controller: observedGeneration caught up, the given Ready condition, URL and revisions. */
  async function setStatus(name: string, ready: { status: string; reason?: string; message?: string }, extra: Partial<NonNullable<Service['status']>> = {}): Promise<void> {
    const current = await services.get('default', name);
    if (current === undefined) throw new Error(`${name} is gone`);
    await services.updateStatus({
      ...current,
      status: { observedGeneration: current.metadata?.generation, conditions: [{ type: 'Ready', lastTransitionTime: new Date().toISOString(), ...ready }], url: `http://${name}.default.example.com`, ...extra },
    } as Service);
  }

  /** A table's cells, cut at the header's column starts (cells may be empty). */
  function cells(table: string): string[][] {
    const [header = '', ...rows] = table.trimEnd().split('\n');
    const starts = [...header.matchAll(/\S+/g)].map((m) => m.index);
    return [header, ...rows].map((line) => starts.map((start, i) => line.slice(start, starts[i + 1]).trim()));
  }

  async function until(check: () => Promise<boolean>): Promise<void> {
    while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  beforeAll(async () => {
    cluster = await startLocalCluster();
    work = await mkdtemp(path.join(tmpdir(), 'ebb-cli-serving-'));
    const applied = await kubectl(cluster, ['apply', '-f', CRDS]);
    expect(applied.code).toBe(0);
    expect((await kubectl(cluster, ['wait', '--for=condition=Established', 'crd', '--all', '--timeout=30s'])).code).toBe(0);
    services = new ResourceClient<Service>(loadKubeConfig(cluster.kubeconfigPath), KnativeResources.service);
  }, 90_000);
  afterAll(async () => {
    await cluster.dispose();
    await rm(work, { recursive: true, force: true });
  });

  it('creates a service without waiting, with the flags in its template', async () => {
    const outcome = await ebb(['service', 'create', 'hello', '--image', 'dev.local/hello', '-e', 'TARGET=Ebb', '--scale', '1..3', '-p', '8080', '-l', 'team=web', '--no-wait']);
    expect(outcome).toEqual({ code: 0, stdout: "Service 'hello' created in namespace 'default'.\n", stderr: '' });
    const service = await kubectlService('hello');
    expect(service.metadata?.labels).toEqual({ team: 'web' });
    expect(service.spec?.template?.metadata?.annotations).toEqual({
        'autoscaling.knative.dev/min-scale': '1',
        'autoscaling.knative.dev/max-scale': '3',
      'client.knative.dev/updateTimestamp': RFC3339,
    });
    expect(service.spec?.template?.spec?.containers).toEqual([{ image: 'dev.local/hello', env: [{ name: 'TARGET', value: 'Ebb' }], ports: [{ containerPort: 8080, protocol: 'TCP' }] }]);
  });

  it('refuses to create it again without --force', async () => {
    expect(await ebb(['service', 'create', 'hello', '--image', 'dev.local/hello', '--no-wait'])).toEqual({
      code: 1,
      stdout: '',
      stderr: "Error: cannot create service 'hello' in namespace 'default' because the service already exists and no --force option was given\n",
    });
  });

  it('lists services with kn columns, and describes one as YAML and URL', async () => {
    await setStatus('hello', { status: 'True' }, { latestReadyRevisionName: 'hello-00001', latestCreatedRevisionName: 'hello-00001' });
    const table = await ebb(['service', 'list']);
    expect(table.code).toBe(0);
    expect(cells(table.stdout)).toEqual([
      ['NAME', 'URL', 'LATEST', 'AGE', 'CONDITIONS', 'READY', 'REASON'],
      ['hello', 'http://hello.default.example.com', 'hello-00001', expect.stringMatching(/^\d+s$/), '1 OK / 1', 'True', ''],
    ]);
    expect((await ebb(['service', 'list', '--no-headers', '-o', 'name'])).stdout).toBe('service.serving.knative.dev/hello\n');
    const yaml = parse((await ebb(['service', 'describe', 'hello', '-o', 'yaml'])).stdout) as Service;
    expect(yaml.metadata?.name).toBe('hello');
    expect(yaml.spec?.template?.spec?.containers?.[0]?.image).toBe('dev.local/hello');
    expect(await ebb(['service', 'describe', 'hello', '-o', 'url'])).toEqual({ code: 0, stdout: 'http://hello.default.example.com\n', stderr: '' });
    const human = await ebb(['service', 'describe', 'hello']);
    expect(human.stdout).toMatch(/^Name:\s+hello\nNamespace:\s+default\nLabels:\s+team=web\nAge:\s+\d+s\nURL:\s+http:\/\/hello\.default\.example\.com\n/);
    expect(human.stdout).toContain('\nConditions:\n  OK TYPE   AGE REASON\n  ++ Ready');
  });

  it('updates the env into a new template (new generation, new timestamp), keeping the rest', async () => {
    const before = await kubectlService('hello');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await ebb(['service', 'update', 'hello', '--env', 'TARGET=World', '--env', 'EXTRA=1', '--no-wait'])).toEqual({ code: 0, stdout: "Service 'hello' updated in namespace 'default'.\n", stderr: '' });
    const after = await kubectlService('hello');
    expect(after.metadata?.generation).toBe((before.metadata?.generation ?? 0) + 1);
    expect(after.spec?.template?.spec?.containers?.[0]?.env).toEqual([
      { name: 'TARGET', value: 'World' },
      { name: 'EXTRA', value: '1' },
    ]);
    const annotations = (service: Service): Record<string, string> => service.spec?.template?.metadata?.annotations ?? {};
    expect(annotations(after)['autoscaling.knative.dev/min-scale']).toBe('1');
    expect(annotations(after)['client.knative.dev/updateTimestamp']).not.toBe(annotations(before)['client.knative.dev/updateTimestamp']);
  });

  it.each([
    { name: 'a repeated reference', args: ['--traffic', '@latest=50', '--traffic', '@latest=50'], stderr: 'Error: repetition of identifier @latest is not allowed, use only once with --traffic flag\n' },
    { name: 'a sum over 100', args: ['--traffic', '@latest=70,hello-00001=40'], stderr: 'Error: given traffic percents sum to 110, want <=100\n' },
    { name: 'an unknown tag to remove', args: ['--untag', 'nope'], stderr: 'Error: tag(s) nope not present for any revisions of service hello\n' },
    { name: 'an out-of-range scale (Knative validator)', args: ['--scale-min', '-1'], stderr: 'Error: expected 0 <= -1 <= 2147483647: annotations.autoscaling.knative.dev/min-scale\n' },
    { name: 'a bad --scale-window', args: ['--scale-window', 'soon'], stderr: `Error: invalid duration for 'scale-window': time: invalid duration "soon"\n` },
    { name: 'a non-integer --scale-target', args: ['--scale-target', 'high'], stderr: 'Error: invalid argument "high" for "--scale-target" flag: strconv.ParseInt: parsing "high": invalid syntax\n' },
    { name: 'a negative --concurrency-limit', args: ['--concurrency-limit', '-3'], stderr: 'Error: invalid concurrency-limit -3 (must not be less than 0)\n' },
  ])('refuses an update with $name and changes nothing', async ({ args, stderr }) => {
    const before = await kubectlService('hello');
    expect(await ebb(['service', 'update', 'hello', ...args, '--no-wait'])).toEqual({ code: 1, stdout: '', stderr });
    expect((await kubectlService('hello')).metadata?.resourceVersion).toBe(before.metadata?.resourceVersion);
  });

  /** The template annotations and containerConcurrency of a stored Service. */
  async function scalingOf(name: string): Promise<{ annotations: Record<string, string>; containerConcurrency: number | undefined }> {
    const template = (await kubectlService(name)).spec?.template;
    return { annotations: template?.metadata?.annotations ?? {}, containerConcurrency: template?.spec?.containerConcurrency };
  }

  it('creates and updates with the scaling flags as kn writes them', async () => {
    const created = await ebb(['service', 'create', 'scaled', '--image', 'dev.local/hello', '--scale', '2', '--scale-target', '50', '--scale-utilization', '80', '--scale-window', '2m', '--scale-init', '3', '--concurrency-limit', '100', '--no-wait']);
    expect(created).toEqual({ code: 0, stdout: "Service 'scaled' created in namespace 'default'.\n", stderr: '' });
    expect(await scalingOf('scaled')).toEqual({
      annotations: {
        'autoscaling.knative.dev/min-scale': '2',
        'autoscaling.knative.dev/max-scale': '2',
        'autoscaling.knative.dev/initial-scale': '3',
        'autoscaling.knative.dev/target': '50',
        'autoscaling.knative.dev/target-utilization-percentage': '80',
        'autoscaling.knative.dev/window': '2m',
        'client.knative.dev/updateTimestamp': RFC3339,
      },
      containerConcurrency: 100,
    });
    expect(await ebb(['service', 'update', 'scaled', '--scale-min', '0', '--scale-max', '5', '--scale-activation', '2', '--concurrency-limit', '0', '--no-wait'])).toMatchObject({ code: 0, stderr: '' });
    expect(await scalingOf('scaled')).toMatchObject({
      annotations: { 'autoscaling.knative.dev/min-scale': '0', 'autoscaling.knative.dev/max-scale': '5', 'autoscaling.knative.dev/activation-scale': '2', 'autoscaling.knative.dev/target': '50' },
      containerConcurrency: 0,
    });
  });

  it('refuses a create with a bad scaling value and creates nothing', async () => {
    expect(await ebb(['service', 'create', 'unscaled', '--image', 'dev.local/hello', '--scale-utilization', '150', '--no-wait'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error: expected 1 <= 150 <= 100: annotations.autoscaling.knative.dev/target-utilization-percentage\n',
    });
    expect(await services.get('default', 'unscaled')).toBeUndefined();
  });

  it('waits for Ready, printing progress, then the URL', async () => {
    const pending = ebb(['service', 'create', 'waiter', '--image', 'dev.local/hello']);
    await until(async () => (await services.get('default', 'waiter')) !== undefined);
    await setStatus('waiter', { status: 'Unknown', reason: 'RevisionMissing', message: 'Configuration "waiter" is waiting for a Revision to become ready.' });
    await until(() => Promise.resolve(printed.includes('is waiting for a Revision')));
    await setStatus('waiter', { status: 'True' }, { latestReadyRevisionName: 'waiter-00001' });
    const outcome = await pending;
    expect({ ...outcome, stdout: outcome.stdout.replace(/ +\d+\.\d{3}s /g, ' T ') }).toEqual({
      code: 0,
      stdout:
        "Creating service 'waiter' in namespace 'default':\n\n" +
        ' T Configuration "waiter" is waiting for a Revision to become ready.\n' +
        ' T Ready to serve.\n\n' +
        "Service 'waiter' created to latest revision 'waiter-00001' is available at URL:\nhttp://waiter.default.example.com\n",
      stderr: '',
    });
  });

  it('fails a wait with <reason>: <message> once Ready=False outlasts the window', async () => {
    const pending = ebb(['service', 'create', 'broken', '--image', 'dev.local/nope', '--wait-window', '0']);
    await until(async () => (await services.get('default', 'broken')) !== undefined);
    await setStatus('broken', { status: 'False', reason: 'RevisionFailed', message: 'Revision "broken-00001" failed with message: image not found.' });
    const outcome = await pending;
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toBe('Error: RevisionFailed: Revision "broken-00001" failed with message: image not found.\n');
  });

  it('lists revisions with traffic and tags, and refuses to delete a routed one', async () => {
    const revision = (name: string, generation: number): string =>
      `apiVersion: serving.knative.dev/v1\nkind: Revision\nmetadata:\n  name: ${name}\n  namespace: default\n  labels:\n    serving.knative.dev/service: hello\n    serving.knative.dev/configuration: hello\n    serving.knative.dev/configurationGeneration: "${generation}"\nspec:\n  containers:\n  - image: dev.local/hello\n`;
    const route = 'apiVersion: serving.knative.dev/v1\nkind: Route\nmetadata:\n  name: hello\n  namespace: default\n  labels:\n    serving.knative.dev/service: hello\nspec:\n  traffic:\n  - configurationName: hello\n    percent: 100\n';
    expect((await kubectl(cluster, ['apply', '-f', '-'], { input: [revision('hello-00001', 1), revision('hello-00002', 2), revision('hello-00003', 3), route].join('---\n') })).code).toBe(0);
    const routes = new ResourceClient<Route>(loadKubeConfig(cluster.kubeconfigPath), KnativeResources.route);
    const current = await routes.get('default', 'hello');
    await routes.updateStatus({ ...current, status: { url: 'http://hello.default.example.com', conditions: [{ type: 'Ready', status: 'True' }], traffic: [{ revisionName: 'hello-00002', percent: 100, latestRevision: true }, { revisionName: 'hello-00001', percent: 0, tag: 'old' }] } });
    await setStatus('hello', { status: 'True' }, { latestReadyRevisionName: 'hello-00002', traffic: [{ revisionName: 'hello-00002', percent: 100, latestRevision: true }, { revisionName: 'hello-00001', percent: 0, tag: 'old' }] });

    const list = await ebb(['revision', 'list', '-s', 'hello']);
    const age: unknown = expect.stringMatching(/^\d+s$/);
    expect(cells(list.stdout)).toEqual([
      ['NAME', 'SERVICE', 'TRAFFIC', 'TAGS', 'GENERATION', 'AGE', 'CONDITIONS', 'READY', 'REASON'],
      ['hello-00003', 'hello', '', '', '3', age, '0 OK / 0', '<unknown>', '<unknown>'],
      ['hello-00002', 'hello', '100%', '', '2', age, '0 OK / 0', '<unknown>', '<unknown>'],
      ['hello-00001', 'hello', '0%', 'old', '1', age, '0 OK / 0', '<unknown>', '<unknown>'],
    ]);
    expect((await ebb(['route', 'list'])).stdout).toMatch(/^NAME {3,}URL {3,}READY\nhello {3,}http:\/\/hello\.default\.example\.com {3,}True\n$/);
    expect(await ebb(['revision', 'delete', 'hello-00001', 'hello-00003'])).toEqual({
      code: 1,
      stdout: "Revision 'hello-00003' deleted in namespace 'default'.\n",
      stderr: "Error: revision 'hello-00001' is still a traffic target of route 'hello' (0%, tag old): move its traffic and tags away first (ebb service update SERVICE --traffic … / --untag …)\n",
    });
    expect((await kubectl(cluster, ['get', 'revisions', '-o', 'name'])).stdout).toBe('revision.serving.knative.dev/hello-00001\nrevision.serving.knative.dev/hello-00002\n');
  });

  it('applies YAML: created, unchanged, configured, and refuses unknown kinds', async () => {
    const file = path.join(work, 'app.yaml');
    const manifest = (target: string): string =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: "1"\n---\napiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: applied\nspec:\n  template:\n    spec:\n      containers:\n      - image: dev.local/hello\n        env:\n        - name: TARGET\n          value: ${target}\n`;
    await writeFile(file, manifest('one'));
    expect(await ebb(['apply', '-f', 'app.yaml'])).toEqual({ code: 0, stdout: 'configmap/settings created\nservice.serving.knative.dev/applied created\n', stderr: '' });
    expect(await ebb(['apply', '-f', '-'], manifest('one'))).toEqual({ code: 0, stdout: 'configmap/settings unchanged\nservice.serving.knative.dev/applied unchanged\n', stderr: '' });
    await writeFile(file, manifest('two'));
    expect(await ebb(['apply', '-f', work])).toEqual({ code: 0, stdout: 'configmap/settings unchanged\nservice.serving.knative.dev/applied configured\n', stderr: '' });
    expect((await kubectlService('applied')).spec?.template?.spec?.containers?.[0]?.env).toEqual([{ name: 'TARGET', value: 'two' }]);
    expect(await ebb(['apply', '-f', '-'], 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n')).toMatchObject({ code: 1, stdout: '', stderr: UNKNOWN_KIND });
  });

  it('creates a service from -f FILE with the flags applied on top, refusing another name', async () => {
    await writeFile(path.join(work, 'svc.yaml'), 'apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: fromfile\nspec:\n  template:\n    spec:\n      containers:\n      - image: dev.local/hello\n        env:\n        - name: A\n          value: "1"\n');
    expect(await ebb(['service', 'create', 'other', '-f', 'svc.yaml', '--no-wait'])).toEqual({ code: 1, stdout: '', stderr: "Error: provided service name 'other' doesn't match name from file 'fromfile'\n" });
    expect(await ebb(['service', 'create', 'fromfile', '-f', 'svc.yaml', '-e', 'B=2', '--no-wait'])).toEqual({ code: 0, stdout: "Service 'fromfile' created in namespace 'default'.\n", stderr: '' });
    expect((await kubectlService('fromfile')).spec?.template?.spec?.containers?.[0]?.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
    ]);
  });

  it('applies a service from flags, then reports no change', async () => {
    expect(await ebb(['service', 'apply', 'flagged', '--image', 'dev.local/hello', '--no-wait'])).toEqual({ code: 0, stdout: "Service 'flagged' created in namespace 'default'.\n", stderr: '' });
    expect(await ebb(['service', 'apply', 'flagged', '--image', 'dev.local/hello', '--no-wait'])).toEqual({ code: 0, stdout: "No changes to apply to service 'flagged' in namespace 'default'.\n", stderr: '' });
    expect(await ebb(['service', 'apply', 'flagged', '--image', 'dev.local/hello:v2', '--no-wait'])).toEqual({ code: 0, stdout: "Service 'flagged' applied in namespace 'default'.\n", stderr: '' });
    const service = await kubectlService('flagged');
    expect(service.spec?.template?.spec?.containers?.[0]?.image).toBe('dev.local/hello:v2');
    expect(service.spec?.template?.metadata?.annotations?.['client.knative.dev/updateTimestamp']).toBeUndefined();
  });

  it('deletes services, naming the ones that were not there', async () => {
    expect(await ebb(['service', 'delete', 'hello', 'nope', '--wait'])).toEqual({
      code: 1,
      stdout: "Service 'hello' successfully deleted in namespace 'default'.\n",
      stderr: 'Error: services.serving.knative.dev "nope" not found\n',
    });
    expect((await kubectl(cluster, ['get', 'ksvc', 'hello'])).stderr).toContain('NotFound');
  });

  it("prints the serving webhook's denial verbatim", async () => {
    const certs = await createTestCertificates();
    const denial = 'validation failed: expected 0 <= -5 <= 1000: spec.template.spec.containerConcurrency';
    const webhook = await startTestWebhook(certs, (body) => {
      const request = (body as { request?: { uid?: string; name?: string } }).request;
      const verdict = request?.name === 'denied' ? { allowed: false, status: { code: 400, reason: 'BadRequest', message: denial } } : { allowed: true };
      return { body: { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: request?.uid ?? '', ...verdict } } };
    });
    const config = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'validation.webhook.serving.knative.dev' },
      webhooks: [
        {
          name: 'validation.webhook.serving.knative.dev',
          clientConfig: { url: `https://127.0.0.1:${webhook.port}/validate`, caBundle: certs.caBundle },
          rules: [{ operations: ['CREATE', 'UPDATE'], apiGroups: ['serving.knative.dev'], apiVersions: ['v1'], resources: ['services'] }],
          sideEffects: 'None',
          admissionReviewVersions: ['v1'],
        },
      ],
    };
    try {
      expect((await kubectl(cluster, ['apply', '-f', '-'], { input: JSON.stringify(config) })).code).toBe(0);
      expect(await ebb(['service', 'create', 'denied', '--image', 'dev.local/hello', '--no-wait'])).toEqual({
        code: 1,
        stdout: '',
        stderr: `Error: admission webhook "validation.webhook.serving.knative.dev" denied the request: ${denial}\n`,
      });
      expect(webhook.calls).toHaveLength(1);
    } finally {
      await kubectl(cluster, ['delete', 'validatingwebhookconfiguration', 'validation.webhook.serving.knative.dev']);
      await webhook.close();
    }
  });
});
