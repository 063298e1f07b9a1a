import type { KubernetesObject } from '@kubernetes/client-node';
import { kubeConfigFor } from './client.js';
import { ConfigMapStore, describeConfigProblems, type ConfigMapEntries, type ConfigMapParse } from './config-store.js';
import { FakeApiServer } from './testing/fake-api-server.js';
import { captureLogger, until, type LogLine } from './testing/support.js';

const PATH = '/api/v1/namespaces/ebb-system/configmaps';

interface ScaleConfig {
  readonly minScale: number;
}
interface DomainConfig {
  readonly domain: string;
}
type Configs = { 'config-scale': ScaleConfig; 'config-domain': DomainConfig };

function parseScale(data: Readonly<Record<string, string>>): ConfigMapParse<ScaleConfig> {
  const raw = data['min-scale'] ?? '0';
  const minScale = Number(raw);
  if (!Number.isInteger(minScale) || minScale < 0) return { ok: false, problems: [{ key: 'min-scale', value: raw, message: 'must be a whole number ≥ 0' }] };
  return { ok: true, config: { minScale } };
}

const ENTRIES: ConfigMapEntries<Configs> = {
  'config-scale': { name: 'config-scale', parse: parseScale, defaults: () => ({ minScale: 0 }) },
  'config-domain': { parse: (data) => ({ ok: true, config: { domain: data['domain'] ?? 'example.com' } }), defaults: () => ({ domain: 'example.com' }) },
};

function configMap(name: string, data: Record<string, string>): KubernetesObject & { data: Record<string, string> } {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ebb-system' }, data };
}

interface Harness {
  readonly server: FakeApiServer;
  readonly store: ConfigMapStore<Configs>;
  readonly changes: string[];
  readonly lines: LogLine[];
}

const open: Harness[] = [];

afterEach(async () => {
  for (const h of open.splice(0)) {
    h.store.stop();
    await h.server.close();
  }
});

async function harness(seed: KubernetesObject[] = []): Promise<Harness> {
  const server = await FakeApiServer.start(PATH);
  for (const object of seed) server.put(object);
  const { logger, lines } = captureLogger();
  const kubeConfig = kubeConfigFor({ server: server.url, caPem: '', token: '' });
  const store = new ConfigMapStore<Configs>({ kubeConfig, namespace: 'ebb-system', entries: ENTRIES, logger, informer: { initialBackoffMs: 5, maxBackoffMs: 10 } });
  const changes: string[] = [];
  store.onChange((name, config) => changes.push(`${name} ${JSON.stringify(config)}`));
  const h = { server, store, changes, lines };
  open.push(h);
  await store.start();
  await until(() => server.openWatches === 1);
  return h;
}

describe('ConfigMapStore', () => {
  it('serves defaults while the maps are absent', async () => {
    const h = await harness();
    const scale: ScaleConfig = h.store.get('config-scale');
    const domain: DomainConfig = h.store.get('config-domain');
    expect([scale, domain, h.changes]).toEqual([{ minScale: 0 }, { domain: 'example.com' }, []]);
  });

  it('has the maps present at start parsed once start() resolves', async () => {
    const h = await harness([configMap('config-scale', { 'min-scale': '2' }), configMap('config-domain', { domain: 'ebb.dev' })]);
    expect([h.store.get('config-scale'), h.store.get('config-domain')]).toEqual([{ minScale: 2 }, { domain: 'ebb.dev' }]);
    expect(h.changes.sort()).toEqual(['config-domain {"domain":"ebb.dev"}', 'config-scale {"minScale":2}']);
  });

  it('takes a good change, keeps the last good value on a bad one (logging each problem), and returns to defaults on delete', async () => {
    const h = await harness([configMap('config-scale', { 'min-scale': '1' })]);
    h.server.put(configMap('config-scale', { 'min-scale': '3' }));
    await until(() => h.store.get('config-scale').minScale === 3);

    h.server.put(configMap('config-scale', { 'min-scale': '-1' }));
    await until(() => h.lines.some((line) => line.level === 50));
    expect(h.store.get('config-scale')).toEqual({ minScale: 3 });
    const error = h.lines.find((line) => line.level === 50);
    expect([error?.msg, error?.['configMap']]).toEqual(['ConfigMap ebb-system/config-scale rejected, keeping the previous config: key "min-scale" = "-1": must be a whole number ≥ 0', 'ebb-system/config-scale']);

    h.server.remove('config-scale', 'ebb-system');
    await until(() => h.store.get('config-scale').minScale === 0);
    expect(h.changes).toEqual(['config-scale {"minScale":1}', 'config-scale {"minScale":3}', 'config-scale {"minScale":0}']);
  });

  it('keeps the defaults when a map is bad from the start', async () => {
    const h = await harness([configMap('config-scale', { 'min-scale': 'many' })]);
    expect(h.store.get('config-scale')).toEqual({ minScale: 0 });
    expect(h.lines.filter((line) => line.level === 50).map((line) => line.msg)).toEqual(['ConfigMap ebb-system/config-scale rejected, keeping the previous config: key "min-scale" = "many": must be a whole number ≥ 0']);
    expect(h.changes).toEqual([]);
  });

  it('ignores maps it has no entry for', async () => {
    const h = await harness([configMap('config-other', { a: 'b' })]);
    h.server.put(configMap('config-domain', { domain: 'x.dev' }));
    await until(() => h.changes.length === 1);
    expect(h.changes).toEqual(['config-domain {"domain":"x.dev"}']);
  });

  it('stops telling an unsubscribed listener', async () => {
    const h = await harness();
    const heard: string[] = [];
    const unsubscribe = h.store.onChange((name) => heard.push(name));
    h.server.put(configMap('config-domain', { domain: 'a.dev' }));
    await until(() => heard.length === 1);
    unsubscribe();
    h.server.put(configMap('config-domain', { domain: 'b.dev' }));
    await until(() => h.store.get('config-domain').domain === 'b.dev');
    expect(heard).toEqual(['config-domain']);
  });

  it('refuses an entry whose name differs from its key', () => {
    const { logger } = captureLogger();
    const kubeConfig = kubeConfigFor({ server: 'http://127.0.0.1:1', caPem: '', token: '' });
    const entries = { 'config-a': { name: 'config-b', parse: () => ({ ok: true as const, config: 1 }), defaults: () => 0 } };
    expect(() => new ConfigMapStore<{ 'config-a': number }>({ kubeConfig, namespace: 'ns', entries, logger })).toThrow('config entry "config-a" names the map "config-b"');
  });
});

describe('describeConfigProblems', () => {
  it.each([
    { name: 'one problem', problems: [{ key: 'k', value: 'v', message: 'bad' }], want: 'key "k" = "v": bad' },
    {
      name: 'two problems',
      problems: [
        { key: 'a', value: '1', message: 'too small' },
        { key: 'b', value: '', message: 'required' },
      ],
      want: 'key "a" = "1": too small; key "b" = "": required',
    },
  ])('$name', ({ problems, want }) => {
    expect(describeConfigProblems(problems)).toBe(want);
  });
});
