import type { KubernetesObject } from '@kubernetes/client-node';
import { kubeConfigFor } from './client.js';
import { Informer, type InformerOptions } from './informer.js';
import { FakeApiServer } from './testing/fake-api-server.js';
import { captureLogger, until, type LogLine } from './testing/support.js';

const PATH = '/api/v1/pods';

function pod(name: string, namespace = 'default', labels: Record<string, string> = {}, phase = 'Pending'): KubernetesObject & { status: { phase: string } } {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, status: { phase } };
}

/** What the handlers saw, as `event name[ old-rv->new-rv]`. */
interface Harness {
  readonly server: FakeApiServer;
  readonly informer: Informer<KubernetesObject>;
  readonly seen: string[];
  readonly lines: LogLine[];
}

const open: Harness[] = [];

async function harness(options: Partial<InformerOptions> = {}, before?: (server: FakeApiServer) => void): Promise<Harness> {
  const server = await FakeApiServer.start(PATH);
  before?.(server);
  const { logger, lines } = captureLogger();
  const kubeConfig = kubeConfigFor({ server: server.url, caPem: '', token: 'secret-token' });
  const informer = new Informer<KubernetesObject>(kubeConfig, { path: PATH, initialBackoffMs: 10, maxBackoffMs: 40, ...options }, logger);
  const seen: string[] = [];
  const rv = (o?: KubernetesObject): string => o?.metadata?.resourceVersion ?? '-';
  informer.on('add', (o) => seen.push(`add ${o.metadata?.name ?? ''} ${rv(o)}`));
  informer.on('update', (o, old) => seen.push(`update ${o.metadata?.name ?? ''} ${rv(old)}->${rv(o)}`));
  informer.on('delete', (o, old) => seen.push(`delete ${o.metadata?.name ?? ''} old=${rv(old)}`));
  const h = { server, informer, seen, lines };
  open.push(h);
  return h;
}

afterEach(async () => {
  for (const h of open.splice(0)) {
    h.informer.stop();
    await h.server.close();
  }
});

describe('Informer', () => {
  it('lists into the cache, firing add for each object, before start resolves', async () => {
    const h = await harness({}, (server) => {
      server.put(pod('b', 'ns2'));
      server.put(pod('a', 'ns2'));
      server.put(pod('c', 'ns1'));
    });
    expect(h.informer.synced).toBe(false);
    await h.informer.start();
    expect(h.informer.synced).toBe(true);
    expect([...h.seen].sort()).toEqual(['add a 3', 'add b 2', 'add c 4']);
    expect(h.informer.list().map((o) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`)).toEqual(['ns1/c', 'ns2/a', 'ns2/b']);
    expect(h.informer.list('ns2').map((o) => o.metadata?.name)).toEqual(['a', 'b']);
    expect(h.informer.get('c', 'ns1')?.metadata?.resourceVersion).toBe('4');
    expect(h.informer.get('c', 'ns2')).toBeUndefined();
    const list = h.server.requestsOf('list')[0];
    expect(list?.authorization).toBe('Bearer secret-token');
    expect(list?.query.get('limit')).toBe('500');
  });

  it('passes label and field selectors to list and watch', async () => {
    const h = await harness({ labelSelector: 'app=web', fieldSelector: 'spec.nodeName=local' });
    await h.informer.start();
    await until(() => h.server.requestsOf('watch').length === 1);
    for (const request of [...h.server.requestsOf('list'), ...h.server.requestsOf('watch')]) {
      expect([request.query.get('labelSelector'), request.query.get('fieldSelector')]).toEqual(['app=web', 'spec.nodeName=local']);
    }
    expect(h.server.requestsOf('watch')[0]?.query.get('allowWatchBookmarks')).toBe('true');
  });

  it('fires add, update (with the old object) and delete from the watch', async () => {
    const h = await harness();
    await h.informer.start();
    await until(() => h.server.openWatches === 1);
    expect(h.server.requestsOf('watch')[0]?.query.get('resourceVersion')).toBe('1');
    h.server.put(pod('a'));
    h.server.put(pod('a', 'default', {}, 'Running'));
    h.server.remove('a', 'default');
    await until(() => h.seen.length === 3);
    expect(h.seen).toEqual(['add a 2', 'update a 2->3', 'delete a old=3']);
    expect(h.informer.list()).toEqual([]);
  });

  it.each([
    { name: 'same resourceVersion: no update', rv: '2', want: ['add a 2'] },
    { name: 'new resourceVersion: update', rv: '9', want: ['add a 2', 'update a 2->9'] },
  ])('MODIFIED with the $name', async ({ rv, want }) => {
    const h = await harness();
    await h.informer.start();
    await until(() => h.server.openWatches === 1);
    h.server.put(pod('a'));
    h.server.sendRaw({ type: 'MODIFIED', object: { ...pod('a'), metadata: { name: 'a', namespace: 'default', resourceVersion: rv } } });
    h.server.put(pod('marker'));
    await until(() => h.seen.some((s) => s.startsWith('add marker')));
    expect(h.seen.filter((s) => !s.includes('marker'))).toEqual(want);
  });

  it.each([
    { name: 'an ERROR 410 event', http: false },
    { name: 'an HTTP 410 answer', http: true },
  ])('relists after $name and fires the difference', async ({ http }) => {
    const h = await harness();
    h.server.put(pod('keep'));
    h.server.put(pod('change'));
    h.server.put(pod('gone'));
    await h.informer.start();
    await until(() => h.server.openWatches === 1);
    h.server.goneAsHttpStatus = http;
    h.server.put(pod('change', 'default', {}, 'Running'), { silent: true });
    h.server.remove('gone', 'default', { silent: true });
    h.server.put(pod('new'), { silent: true });
    h.server.compact();
    if (http) h.server.endWatches();
    else h.server.expireWatches();
    await until(() => h.server.requestsOf('list').length === 2 && h.seen.length === 6);
    expect(h.seen.slice(3)).toEqual(['update change 3->5', 'add new 7', 'delete gone old=4']);
    expect(h.informer.list().map((o) => o.metadata?.name)).toEqual(['change', 'keep', 'new']);
    await until(() => h.server.openWatches === 1);
    expect(h.server.requestsOf('watch').at(-1)?.query.get('resourceVersion')).toBe('7');
  });

  it('resumes a dropped watch from the last resourceVersion without relisting', async () => {
    const h = await harness();
    await h.informer.start();
    await until(() => h.server.openWatches === 1);
    h.server.put(pod('a'));
    await until(() => h.seen.length === 1);
    h.server.dropWatches();
    h.server.put(pod('b'));
    await until(() => h.seen.length === 2);
    expect(h.seen).toEqual(['add a 2', 'add b 3']);
    expect(h.server.requestsOf('watch').map((r) => r.query.get('resourceVersion'))).toEqual(['1', '2']);
    expect(h.server.requestsOf('list')).toHaveLength(1);
  });

  it('takes the resourceVersion of bookmarks', async () => {
    const h = await harness();
    await h.informer.start();
    await until(() => h.server.openWatches === 1);
    h.server.sendRaw({ type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: '42' } } });
    h.server.sendRaw({ type: 'ADDED', object: { ...pod('x'), metadata: { name: 'x', namespace: 'default', resourceVersion: '43' } } });
    await until(() => h.seen.length === 1);
    h.server.endWatches();
    await until(() => h.server.requestsOf('watch').length === 2);
    expect(h.server.requestsOf('watch')[1]?.query.get('resourceVersion')).toBe('43');
    expect(h.seen).toEqual(['add x 43']);
  });

  it('retries a failing list with backoff until it succeeds', async () => {
    let failures = 2;
    const h = await harness({}, (server) => {
      server.put(pod('a'));
      server.respond = (r) => (r.query.get('watch') !== 'true' && failures-- > 0 ? { status: 500, body: { kind: 'Status', code: 500, message: 'boom' } } : undefined);
    });
    await h.informer.start();
    expect(h.server.requestsOf('list')).toHaveLength(3);
    expect(h.seen).toEqual(['add a 2']);
    const warnings = h.lines.filter((l) => l.msg === 'list failed; retrying');
    expect(warnings.map((l) => l['delayMs'])).toEqual([10, 20]);
  });

  it('keeps going when a handler throws, and logs it', async () => {
    const h = await harness({}, (server) => server.put(pod('a')));
    const order: string[] = [];
    h.informer.on('add', () => {
      throw new Error('handler broke');
    });
    h.informer.on('add', (o) => order.push(o.metadata?.name ?? ''));
    await h.informer.start();
    expect(order).toEqual(['a']);
    expect(h.lines.find((l) => l.msg === 'informer handler failed')?.['key']).toBe('default/a');
  });

  it('fires nothing after stop() and closes its watch', async () => {
    const h = await harness();
    await h.informer.start();
    await until(() => h.server.openWatches === 1);
    h.informer.stop();
    h.server.put(pod('late'));
    await until(() => h.server.openWatches === 0);
    h.server.put(pod('later'));
    expect(h.seen).toEqual([]);
    expect(h.informer.get('late', 'default')).toBeUndefined();
  });

  it('start() resolves when stopped before the first list succeeds', async () => {
    const h = await harness({}, (server) => {
      server.respond = () => ({ status: 503, body: {} });
    });
    const started = h.informer.start();
    await until(() => h.server.requestsOf('list').length >= 1);
    h.informer.stop();
    await started;
    expect(h.informer.synced).toBe(false);
  });

  it.each([
    { name: 'matchLabels', selector: { matchLabels: { app: 'web' } }, want: ['w1', 'w2'] },
    { name: 'matchExpressions', selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] }, want: ['d1'] },
    { name: 'empty selector: everything', selector: {}, want: ['d1', 'w1', 'w2'] },
    { name: 'undefined selector: nothing', selector: undefined, want: [] },
    { name: 'invalid operator: nothing', selector: { matchExpressions: [{ key: 'a', operator: 'Near' }] }, want: [] },
  ])('listBySelector with $name', async ({ selector, want }) => {
    const h = await harness({}, (server) => {
      server.put(pod('w1', 'ns', { app: 'web' }));
      server.put(pod('w2', 'ns', { app: 'web', tier: 'front' }));
      server.put(pod('d1', 'ns', { tier: 'db' }));
      server.put(pod('w3', 'other', { app: 'web' }));
    });
    await h.informer.start();
    expect(h.informer.listBySelector('ns', selector).map((o) => o.metadata?.name)).toEqual(want);
  });
});
