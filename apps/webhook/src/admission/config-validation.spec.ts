import { admitConfigMap, EBB_CONFIG_RULES, type ConfigMapRules } from './config-validation.js';
import type { AdmissionRequest } from './review.js';

/** Fake rules: `config-autoscaler` is known and its `stable-window` must not start with a minus. */
const rules: ConfigMapRules = {
  validate: (name, data) => {
    if (name !== 'config-autoscaler') return { known: false };
    const window = data['stable-window'];
    return { known: true, problems: window?.startsWith('-') ? [{ key: 'stable-window', value: window, message: 'must be positive' }] : [] };
  },
  render: (name, problems) => problems.map((p) => `${name}: ${p.key} = ${p.value}: ${p.message}`).join('\n'),
};

const configMap = (name: string, data?: unknown): unknown => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ebb-system' }, data });
const request = (changes: Partial<AdmissionRequest>): AdmissionRequest => ({
  uid: 'u',
  kind: { group: '', version: 'v1', kind: 'ConfigMap' },
  operation: 'CREATE',
  ...changes,
});

describe('admitConfigMap', () => {
  it.each([
    { name: 'a known ConfigMap without problems', req: request({ object: configMap('config-autoscaler', { 'stable-window': '60s' }) }) },
    { name: 'a known ConfigMap without data', req: request({ object: configMap('config-autoscaler') }) },
    { name: 'an unknown ConfigMap, whatever it says', req: request({ object: configMap('my-settings', { 'stable-window': '-1s' }) }) },
    { name: 'an update without problems', req: request({ operation: 'UPDATE', object: configMap('config-autoscaler', {}) }) },
    { name: 'a DELETE', req: request({ operation: 'DELETE', object: undefined }) },
    { name: 'a DELETE of another kind', req: request({ operation: 'DELETE', kind: { group: 'apps', version: 'v1', kind: 'Deployment' } }) },
    { name: 'a CONNECT', req: request({ operation: 'CONNECT' }) },
  ])('allows $name', ({ req }) => {
    expect(admitConfigMap(req, rules)).toEqual({ allowed: true });
  });

  it.each([
    {
      name: 'a known ConfigMap with a problem, in the rules’ words after Knative’s prefix',
      req: request({ operation: 'UPDATE', object: configMap('config-autoscaler', { 'stable-window': '-1s' }) }),
      message: 'validation failed: config-autoscaler: stable-window = -1s: must be positive',
    },
    {
      name: 'another kind, as Knative words it',
      req: request({ kind: { group: '', version: 'v1', kind: 'Secret' }, object: {} }),
      message: 'validation failed: unhandled kind: /v1, Kind=Secret',
    },
    {
      name: 'a ConfigMap of another group',
      req: request({ kind: { group: 'example.com', version: 'v1', kind: 'ConfigMap' }, object: {} }),
      message: 'validation failed: unhandled kind: example.com/v1, Kind=ConfigMap',
    },
    {
      name: 'an object that is not an object',
      req: request({ object: 'config' }),
      message: 'validation failed: cannot decode incoming new object: it is not a JSON object',
    },
    {
      name: 'data that is a list',
      req: request({ object: configMap('config-autoscaler', ['a']) }),
      message: 'validation failed: cannot decode incoming new object: data must be an object of strings',
    },
    {
      name: 'a data value that is a number',
      req: request({ object: configMap('config-autoscaler', { 'stable-window': 60 }) }),
      message: 'validation failed: cannot decode incoming new object: data.stable-window must be a string',
    },
  ])('denies $name', ({ req, message }) => {
    expect(admitConfigMap(req, rules)).toEqual({ allowed: false, message });
  });

  it('hands the rules the name and data of the ConfigMap', () => {
    const seen: unknown[] = [];
    const spy: ConfigMapRules = { ...rules, validate: (name, data) => (seen.push({ name, data }), { known: false }) };
    admitConfigMap(request({ object: configMap('config-gc', { 'retain-since-create-time': '48h' }) }), spy);
    expect(seen).toEqual([{ name: 'config-gc', data: { 'retain-since-create-time': '48h' } }]);
  });
});

describe('admitConfigMap with the rules of @ebb/config', () => {
  it('denies config-autoscaler with stable-window "-1s" in Knative’s words', () => {
    const req = request({ operation: 'UPDATE', object: configMap('config-autoscaler', { 'stable-window': '-1s' }) });
    expect(admitConfigMap(req, EBB_CONFIG_RULES)).toEqual({ allowed: false, message: 'validation failed: stable-window = -1s, must be in [6s; 1h0m0s] range' });
  });

  it('allows the same ConfigMap with a valid window, and uses those rules by default', () => {
    expect(admitConfigMap(request({ object: configMap('config-autoscaler', { 'stable-window': '60s' }) }))).toEqual({ allowed: true });
  });
});
