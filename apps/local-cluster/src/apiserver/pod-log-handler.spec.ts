import { BUILTIN_RESOURCES, notFound, parseApiRequest, StatusError, type KubeObject, type ResourceRequest } from '@ebb/apimachinery';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { LogStore } from '../kubelet/logs/log-writer.js';
import { podDirectory } from '../kubelet/runtime/runtime.js';
import { asStatusError, sendError } from './http-io.js';
import { logContainer, logQueryOf, notStartedMessage, PodLogHandler } from './pod-log-handler.js';
import { RestHandler, type RestServices } from './rest-handler.js';

function pod(containers: string[], status: Record<string, unknown> = {}, initContainers: string[] = []): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p1', namespace: 'default', uid: 'uid-1' },
    spec: { containers: containers.map((name) => ({ name })), initContainers: initContainers.map((name) => ({ name })) },
    status,
  };
}

describe('logQueryOf', () => {
  it.each([
    ['', {}],
    ['container=app&previous=true&follow=1&timestamps=false', { container: 'app', previous: true, follow: true, timestamps: false }],
    ['tailLines=5&limitBytes=100&sinceSeconds=3600', { tailLines: 5, limitBytes: 100, sinceSeconds: 3600 }],
    ['sinceTime=2026-11-26T03:00:00Z&tailLines=0', { sinceTime: '2026-11-26T03:00:00Z', tailLines: 0 }],
  ])('reads %j', (query, expected) => {
    const options = logQueryOf(new URLSearchParams(query));
    expect(Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined))).toEqual(expected);
  });

  it.each([
    ['tailLines=-1', 'tailLines: Invalid value: -1: must be greater than or equal to 0'],
    ['tailLines=x', 'invalid tailLines "x": must be an integer'],
    ['limitBytes=0', 'limitBytes: Invalid value: 0: must be greater than or equal to 1'],
    ['follow=maybe', 'invalid follow "maybe": must be true or false'],
    ['sinceTime=yesterday', 'invalid sinceTime "yesterday": must be an RFC3339 time'],
    ['sinceSeconds=5&sinceTime=2026-11-26T03:00:00Z', 'at most one of `sinceTime` or `sinceSeconds` may be specified'],
  ])('refuses %j with 400', (query, message) => {
    expect(() => logQueryOf(new URLSearchParams(query))).toThrow(new StatusError({ code: 400, reason: 'BadRequest', message }));
  });
});

describe('logContainer', () => {
  it.each<[string[], string[], string | undefined, string]>([
    [['app'], [], undefined, 'app'],
    [['app', 'side'], [], 'side', 'side'],
    [['app'], ['init'], 'init', 'init'],
  ])('of containers %j (init %j) asked %j is %j', (containers, init, requested, expected) => {
    expect(logContainer(pod(containers, {}, init), requested)).toBe(expected);
  });

  it.each<[string[], string[], string | undefined, string]>([
    [['a', 'b'], [], undefined, 'a container name must be specified for pod p1, choose one of: [a b]'],
    [['a', 'b'], ['i'], undefined, 'a container name must be specified for pod p1, choose one of: [a b] or one of the init containers: [i]'],
    [['a'], [], 'zz', 'container zz is not valid for pod p1'],
  ])('of containers %j (init %j) asked %j: 400 %j', (containers, init, requested, message) => {
    expect(() => logContainer(pod(containers, {}, init), requested)).toThrow(new StatusError({ code: 400, reason: 'BadRequest', message }));
  });
});

describe('notStartedMessage', () => {
  it.each([
    [{}, 'container "app" in pod "p1" is waiting to start: ContainerCreating'],
    [{ containerStatuses: [{ name: 'app', state: { waiting: { reason: 'CreateContainerConfigError' } } }] }, 'container "app" in pod "p1" is waiting to start: CreateContainerConfigError'],
    [{ containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ErrImagePull' } } }] }, `container "app" in pod "p1" is waiting to start: image can't be pulled`],
    [{ containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 1 } } }] }, 'container "app" in pod "p1" is terminated'],
  ])('for status %j is %j', (status, message) => {
    expect(notStartedMessage(pod(['app'], status), 'app')).toBe(message);
  });
});

describe('PodLogHandler', () => {
  let dataDir: string;
  let server: http.Server;
  let base: string;
  let subject: KubeObject;

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-pod-log-'));
    subject = pod(['app', 'side']);
    const handler = new PodLogHandler({ dataDir, pollMs: 20 });
    server = http.createServer((req, res) => {
      const query = new URL(req.url ?? '/', 'http://local').searchParams;
      handler.serve(res, subject, query).catch((error: unknown) => sendError(res, asStatusError(error)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function write(container: string, attempt: number, lines: string[], close = true): ReturnType<LogStore['open']> {
    const writer = new LogStore({ now: () => Date.UTC(2026, 10, 26, 3, 0, 0) }).open(podDirectory(dataDir, 'uid-1'), container, attempt);
    for (const line of lines) writer.write('stdout', `${line}\n`);
    if (close) writer.close();
    return writer;
  }

  it.each([
    ['?container=app', 200, 'text/plain', 'second run\n'],
    ['?container=app&previous=true', 200, 'text/plain', 'first run\n'],
    ['?container=app&timestamps=true', 200, 'text/plain', '2026-11-26T03:00:00.000000000Z second run\n'],
    ['?container=side&previous=true', 400, 'application/json', 'previous terminated container \\"side\\" in pod \\"p1\\" not found'],
    ['', 400, 'application/json', 'a container name must be specified for pod p1, choose one of: [app side]'],
  ])('GET log%s answers %d', async (query, code, type, body) => {
    write('app', 0, ['first run']);
    write('app', 1, ['second run']);
    write('side', 0, ['sidecar']);
    const response = await fetch(`${base}/log${query}`);
    expect(response.status).toBe(code);
    expect(response.headers.get('content-type')).toBe(type);
    expect(await response.text()).toContain(body);
  });

  it('answers 400 for a container that has not started', async () => {
    subject = pod(['app'], { containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ContainerCreating' } } }] });
    const response = await fetch(`${base}/log`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toBe('container "app" in pod "p1" is waiting to start: ContainerCreating');
  });

  it('streams with follow until the container ends', async () => {
    const writer = write('app', 0, ['hello'], false);
    const response = await fetch(`${base}/log?container=app&follow=true`);
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let seen = '';
    while (!seen.includes('hello\n')) seen += Buffer.from((await reader.read()).value ?? []).toString();
    writer.write('stdout', 'world\n');
    writer.close();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) seen += Buffer.from(chunk.value).toString();
    expect(seen).toBe('hello\nworld\n');
  });
});

describe('RestHandler routing pods/<name>/log', () => {
  let dataDir: string;
  let server: http.Server;
  let base: string;

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-pod-log-route-'));
    const stored = pod(['app']);
    const resources = {
      registry: { find: (group: string, version: string, plural: string) => BUILTIN_RESOURCES.find((r) => r.group === group && r.version === version && r.plural === plural) },
      get: (resource: { group: string; plural: string }, _namespace: string, name: string) => {
        if (name !== 'p1') throw notFound(resource, name);
        return stored;
      },
    };
    const rest = new RestHandler({ resources, podLogs: new PodLogHandler({ dataDir }) } as unknown as RestServices);
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://local');
      const request = parseApiRequest(req.method ?? 'GET', url.pathname, false) as ResourceRequest;
      const caller = { ctx: { user: { username: 'admin', groups: [] } }, query: url.searchParams } as unknown as Parameters<RestHandler['handle']>[3];
      rest.handle(req, res, request, caller).catch((error: unknown) => sendError(res, asStatusError(error)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/namespaces/default/pods`;
    const writer = new LogStore().open(podDirectory(dataDir, 'uid-1'), 'app', 0);
    writer.write('stdout', 'GET /\n');
    writer.close();
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['GET', '/p1/log', 200, 'GET /\n'],
    ['GET', '/missing/log', 404, 'pods \\"missing\\" not found'],
    ['POST', '/p1/log', 405, 'the server does not allow this method on the requested resource'],
  ])('%s %s answers %d', async (method, suffix, code, body) => {
    const response = await fetch(`${base}${suffix}`, { method });
    expect(response.status).toBe(code);
    expect(await response.text()).toContain(body);
  });
});
