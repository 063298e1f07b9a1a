import { waitFor } from '@ebb/testing';
import { closeGatewayClient, gatewayGet, tally } from './gateway-client.js';
import { LocalPlatform } from './local-platform.js';

/**
 * The first end-to-end slice, as a user meets it: `ebb up` starts the local cluster and the
 * platform (controller, networking gateway, webhook, activator, autoscaler, NATS as pods of the
 * local overlay) and deploys Knative's hello-world Service; then the story of a Service's life —
 * a new Revision per change, traffic split by percent and tag, rollback by pinning, failures with
 * Knative's reasons, an admission denial that stores nothing, and the request timeout — driven
 * through the real `kubectl` and `ebb`, and answered through the gateway on 127.0.0.1.
 */
const HOST = 'hello.default.localhost';

let platform: LocalPlatform;
let port: number;
let upOutput: string;

const ebb = (args: readonly string[]): Promise<string> => platform.ebb(args);
const ok = (...args: Parameters<LocalPlatform['ok']>): Promise<string> => platform.ok(...args);
const jsonOf = <T>(args: readonly string[]): Promise<T> => platform.json<T>(args);
const readyCondition = (kind: string, name: string): ReturnType<LocalPlatform['readyCondition']> => platform.readyCondition(kind, name);

async function bodyOf(host: string): Promise<string> {
  const answer = await gatewayGet(port, host);
  return `${answer.status} ${answer.body.trim()}`;
}

beforeAll(async () => {
  platform = await LocalPlatform.start({ example: true, images: ['echo'] });
  port = platform.port;
  upOutput = platform.upOutput;
}, 420_000);

afterAll(async () => {
  closeGatewayClient();
  await platform?.stop();
}, 200_000);

describe('ebb up', () => {
  it("prints the hello Service's URL and a curl line, and the URL answers through the gateway", async () => {
    expect(upOutput).toContain(`Service 'hello' is ready at http://${HOST}:${port}`);
    expect(upOutput).toContain(`curl -H 'Host: ${HOST}' http://127.0.0.1:${port}`);
    expect(await bodyOf(HOST)).toBe('200 Hello World!');
  });

  it("shows Knative's columns in kubectl get ksvc,configuration,revision,route", async () => {
    const table = await ok(['get', 'ksvc,configuration,revision,route', '-n', 'default']);
    expect(table).toMatch(/NAME\s+URL\s+LATESTCREATED\s+LATESTREADY\s+READY\s+REASON/);
    expect(table).toMatch(/service\.serving\.knative\.dev\/hello\s+http:\/\/hello\.default\.localhost\s+hello-00001\s+hello-00001\s+True/);
    expect(table).toMatch(/revision\.serving\.knative\.dev\/hello-00001\s+hello\s+1\s+True/);
    expect(table).toMatch(/route\.serving\.knative\.dev\/hello\s+http:\/\/hello\.default\.localhost\s+True/);
  });

  it('answers for an unknown host with 404', async () => {
    expect((await gatewayGet(port, 'nobody.default.localhost')).status).toBe(404);
  });
});

describe('a Service through its life', () => {
  it('makes hello-00002 on an env change, moves traffic to it and keeps hello-00001', async () => {
    await ebb(['service', 'update', 'hello', '--env', 'TARGET=Ebb']);
    expect(await bodyOf(HOST)).toBe('200 Hello Ebb!');
    const revisions = await ok(['get', 'revisions', '-n', 'default', '-o', 'name']);
    expect(revisions.split('\n').filter(Boolean).sort()).toEqual(['revision.serving.knative.dev/hello-00001', 'revision.serving.knative.dev/hello-00002']);
  });

  it('splits traffic 80/20 within ±5 % over 1,000 requests', async () => {
    await ebb(['service', 'update', 'hello', '--traffic', 'hello-00001=80', '--traffic', 'hello-00002=20']);
    const seen = await tally(port, HOST, 1000);
    expect([...seen.keys()].sort()).toEqual(['Hello Ebb!', 'Hello World!']);
    expect(seen.get('Hello World!')).toBeGreaterThanOrEqual(750);
    expect(seen.get('Hello World!')).toBeLessThanOrEqual(850);
  });

  it("reaches only a tag's revision at its tag URL", async () => {
    await ebb(['service', 'update', 'hello', '--tag', 'hello-00001=old']);
    const status = await jsonOf<{ status: { traffic: { tag?: string; url?: string }[] } }>(['get', 'ksvc', 'hello', '-n', 'default']);
    expect(status.status.traffic.find((t) => t.tag === 'old')?.url).toBe('http://old-hello.default.localhost');
    const seen = await tally(port, 'old-hello.default.localhost', 50);
    expect([...seen.entries()]).toEqual([['Hello World!', 50]]);
  });

  it('rolls back by pinning all traffic to hello-00001', async () => {
    await ebb(['service', 'update', 'hello', '--traffic', 'hello-00001=100']);
    const seen = await tally(port, HOST, 100);
    expect([...seen.entries()]).toEqual([['Hello World!', 100]]);
  });

  it("shows Knative's failure for an image that does not resolve while the previous revision keeps serving", async () => {
    await ebb(['service', 'update', 'hello', '--traffic', '@latest=100']);
    expect(await bodyOf(HOST)).toBe('200 Hello Ebb!');
    await ebb(['service', 'update', 'hello', '--image', 'dev.local/does-not-exist', '--no-wait']);
    const revision = await waitFor(async () => {
      const ready = await readyCondition('revision', 'hello-00003');
      return ready?.status === 'False' ? ready : undefined;
    }, { description: 'hello-00003 Ready=False', timeoutMs: 120_000, intervalMs: 500 });
    expect(revision.reason).toMatch(/ErrImagePull|ImagePullBackOff/);
    expect(revision.message).toContain('dev.local/does-not-exist');
    const service = await waitFor(async () => {
      const ready = await readyCondition('ksvc', 'hello');
      return ready?.status === 'False' ? ready : undefined;
    }, { description: 'hello Ready=False', timeoutMs: 60_000, intervalMs: 500 });
    expect(service.reason).toBe('RevisionFailed');
    expect(service.message).toContain('Revision "hello-00003" failed with message');
    expect(await bodyOf(HOST)).toBe('200 Hello Ebb!');
  });

  it('marks a revision whose container crashes Ready=False with its exit code', async () => {
    await ok(['apply', '-n', 'default', '-f', '-'], {
      input: `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: crasher
spec:
  template:
    spec:
      containers:
        - image: dev.local/echo
          command: ["node", "-e", "console.error('bad config'); process.exit(3)"]
`,
    });
    const ready = await waitFor(async () => {
      const condition = await readyCondition('revision', 'crasher-00001');
      return condition?.status === 'False' ? condition : undefined;
    }, { description: 'crasher-00001 Ready=False', timeoutMs: 120_000, intervalMs: 500 });
    expect(ready.reason).toBe('ExitCode3');
    expect(ready.message).toMatch(/^Container failed with: /);
    expect((await readyCondition('ksvc', 'crasher'))?.status).toBe('False');
  });

  it("denies a bad Service at admission with Knative's message and stores nothing", async () => {
    const result = await platform.kubectl(['apply', '-n', 'default', '-f', '-'], {
      timeoutMs: 60_000,
      input: `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: bad
spec:
  template:
    spec:
      containerConcurrency: -1
      containers:
        - image: dev.local/hello
`,
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('admission webhook "validation.webhook.serving.knative.dev" denied the request: validation failed: expected 0 <= -1 <= 1000: spec.template.spec.containerConcurrency');
    const get = await platform.kubectl(['get', 'ksvc', 'bad', '-n', 'default']);
    expect(get.stderr).toContain('NotFound');
  });

  it('answers 504 "request timeout" to a request that runs past timeoutSeconds', async () => {
    await ok(['apply', '-n', 'default', '-f', '-'], {
      input: `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: sleepy
spec:
  template:
    spec:
      timeoutSeconds: 1
      containers:
        - image: dev.local/echo
`,
    });
    await ok(['wait', '--for=condition=Ready', 'ksvc/sleepy', '-n', 'default', '--timeout=120s']);
    expect((await gatewayGet(port, 'sleepy.default.localhost', '/?delay=100')).status).toBe(200);
    const late = await gatewayGet(port, 'sleepy.default.localhost', '/?delay=3000');
    expect(late).toEqual({ status: 504, body: 'request timeout' });
  });
});
