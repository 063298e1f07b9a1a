import { CONFIG_MAP_NAMES, renderConfigProblems, validateConfigMap } from './registry.js';

describe('validateConfigMap', () => {
  it('knows the ten ConfigMaps', () => {
    expect(CONFIG_MAP_NAMES).toEqual([
      'config-autoscaler',
      'config-defaults',
      'config-deployment',
      'config-domain',
      'config-features',
      'config-gc',
      'config-istio',
      'config-logging',
      'config-network',
      'config-observability',
    ]);
  });

  it.each(['config-leader-election', 'kube-root-ca.crt', 'constructor', '__proto__', ''])('does not know %j', (name) => {
    expect(validateConfigMap(name, { anything: 'goes' })).toEqual({ known: false });
  });

  it.each(CONFIG_MAP_NAMES)('accepts an empty %s', (name) => {
    expect(validateConfigMap(name, {})).toEqual({ known: true, problems: [] });
  });

  it.each<{ name: string; data: Record<string, string>; key: string }>([
    { name: 'config-autoscaler', data: { 'stable-window': '-1s' }, key: 'stable-window' },
    { name: 'config-defaults', data: { 'revision-timeout-seconds': '700' }, key: 'revision-timeout-seconds' },
    { name: 'config-deployment', data: { 'progress-deadline': '0s' }, key: 'progress-deadline' },
    { name: 'config-domain', data: { 'example.com': '- a' }, key: 'example.com' },
    { name: 'config-gc', data: { 'min-non-active-revisions': '-1' }, key: 'min-non-active-revisions' },
    { name: 'config-istio', data: { 'gateway.ebb-system.knative-ingress-gateway': '_invalid' }, key: 'gateway.ebb-system.knative-ingress-gateway' },
    { name: 'config-istio', data: { 'external-gateways': '[]', 'gateway.x': 'x.svc' }, key: 'external-gateways' },
    { name: 'config-logging', data: { 'loglevel.controller': 'loud' }, key: 'loglevel.controller' },
    { name: 'config-network', data: { 'http-protocol': 'x' }, key: 'http-protocol' },
    { name: 'config-observability', data: { 'metrics-protocol': 'x' }, key: 'metrics-protocol' },
  ])('reports the problems of $name', ({ name, data, key }) => {
    const check = validateConfigMap(name, data);
    expect(check.known).toBe(true);
    expect(check.known && check.problems.map((p) => p.key)).toEqual([key]);
  });
});

describe('renderConfigProblems', () => {
  it.each([
    {
      name: "Knative's own text, as it is",
      map: 'config-defaults',
      problems: [{ key: 'revision-timeout-seconds', value: '700', message: 'revision-timeout-seconds (700) cannot be greater than max-revision-timeout-seconds (600)' }],
      line: 'revision-timeout-seconds (700) cannot be greater than max-revision-timeout-seconds (600)',
    },
    {
      name: 'a stable window out of range',
      map: 'config-autoscaler',
      problems: [{ key: 'stable-window', value: '-1s', message: 'stable-window = -1s, must be in [6s; 1h0m0s] range' }],
      line: 'stable-window = -1s, must be in [6s; 1h0m0s] range',
    },
    {
      name: 'a message that does not name the value',
      map: 'config-network',
      problems: [{ key: 'domain-template', value: '/{{.Name}}', message: 'empty hostname' }],
      line: 'failed to parse config-network: domain-template="/{{.Name}}": empty hostname',
    },
    {
      name: 'several problems on one line',
      map: 'config-autoscaler',
      problems: [
        { key: 'stable-window', value: '-1s', message: 'stable-window = -1s, must be in [6s; 1h0m0s] range' },
        { key: 'scale-to-zero-grace-period', value: '0', message: 'scale-to-zero-grace-period must be positive, was: 0s' },
      ],
      line: 'failed to parse config-autoscaler: stable-window = -1s, must be in [6s; 1h0m0s] range; scale-to-zero-grace-period="0": scale-to-zero-grace-period must be positive, was: 0s',
    },
  ])('$name', ({ map, problems, line }) => {
    expect(renderConfigProblems(map, problems)).toBe(line);
    expect(line).not.toContain('\n');
  });

  it('names key and value for every real problem of a bad map', () => {
    const check = validateConfigMap('config-autoscaler', { 'stable-window': '-1s', 'panic-threshold-percentage': 'abc', 'scale-to-zero-grace-period': '0' });
    expect(check.known).toBe(true);
    const problems = check.known ? check.problems : [];
    const line = renderConfigProblems('config-autoscaler', problems);
    expect(problems).toHaveLength(3);
    for (const p of problems) {
      expect(line).toContain(p.key);
      expect(line).toContain(p.value);
    }
  });
});
