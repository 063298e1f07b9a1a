// Table tests of config-istio parsing: both formats, the defaults, "[]" (mesh-only), label
// selectors, the exactly-one-default rule, and net-istio's refusals.
import { defaultIstioConfig, gatewaysEnabled, type IstioConfig, type IstioGateway, parseIstioConfig, qualifiedName } from './istio.js';

const EXTERNAL_DEFAULT: IstioGateway = { namespace: 'ebb-system', name: 'knative-ingress-gateway', serviceUrl: 'istio-ingressgateway.istio-system.svc.cluster.local' };
const LOCAL_DEFAULT: IstioGateway = { namespace: 'ebb-system', name: 'knative-local-gateway', serviceUrl: 'knative-local-gateway.istio-system.svc.cluster.local' };
const DEFAULTS: IstioConfig = { externalGateways: [EXTERNAL_DEFAULT], localGateways: [LOCAL_DEFAULT] };

const DNS_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character " +
  "(e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

const gw = (namespace: string, name: string, serviceUrl: string): IstioGateway => ({ namespace, name, serviceUrl });

/** A new-format list entry as YAML lines. */
const entry = (namespace: string, name: string, service: string, extra = ''): string =>
  `- namespace: ${namespace}\n  name: ${name}\n  service: ${service}\n${extra}`;

const SELECTED = '  labelSelector:\n    matchExpressions:\n    - key: tier\n      operator: In\n      values: [gold]\n';

describe('defaultIstioConfig', () => {
  it("has Knative's two shared gateways in ebb-system", () => {
    expect(defaultIstioConfig()).toEqual(DEFAULTS);
  });

  it("with systemNamespace knative-serving is net-istio's default exactly", () => {
    const knative: IstioConfig = {
      externalGateways: [{ namespace: 'knative-serving', name: 'knative-ingress-gateway', serviceUrl: 'istio-ingressgateway.istio-system.svc.cluster.local' }],
      localGateways: [{ namespace: 'knative-serving', name: 'knative-local-gateway', serviceUrl: 'knative-local-gateway.istio-system.svc.cluster.local' }],
    };
    expect(defaultIstioConfig('knative-serving')).toEqual(knative);
    expect(parseIstioConfig({}, 'knative-serving')).toEqual({ ok: true, config: knative });
  });
});

describe('parseIstioConfig', () => {
  it.each<{ name: string; data: Record<string, string> }>([
    { name: 'no data', data: {} },
    { name: '_example and keys net-istio does not read', data: { _example: 'gateway.x: "_bad"', 'enable-virtualservice-status': 'maybe', gateways: 'x' } },
    { name: 'blank new-format keys', data: { 'external-gateways': '', 'local-gateways': '  \n' } },
    { name: 'the bare old-format prefix', data: { 'gateway.': 'ignored.example.com' } },
  ])('gives the defaults for $name', ({ data }) => {
    expect(parseIstioConfig(data)).toEqual({ ok: true, config: DEFAULTS });
  });

  it.each<{ name: string; data: Record<string, string>; want: IstioConfig }>([
    {
      name: 'external gateways only (local stays default)',
      data: { 'external-gateways': entry('ns1', 'gw1', 'ingress.istio-system.svc.cluster.local') },
      want: { externalGateways: [gw('ns1', 'gw1', 'ingress.istio-system.svc.cluster.local')], localGateways: [LOCAL_DEFAULT] },
    },
    {
      name: 'local gateways only (external stays default)',
      data: { 'local-gateways': entry('ns2', 'gw2', 'local.istio-system.svc.cluster.local') },
      want: { externalGateways: [EXTERNAL_DEFAULT], localGateways: [gw('ns2', 'gw2', 'local.istio-system.svc.cluster.local')] },
    },
    {
      name: 'both lists, flow style, service with a trailing dot',
      data: { 'external-gateways': '[{name: a, namespace: n, service: "a.n.svc."}]', 'local-gateways': '[{name: b, namespace: n, service: b.n}]' },
      want: { externalGateways: [gw('n', 'a', 'a.n.svc.')], localGateways: [gw('n', 'b', 'b.n')] },
    },
    {
      name: 'a default and a selected gateway',
      data: { 'external-gateways': entry('n', 'plain', 'plain.n.svc.cluster.local') + entry('n', 'gold', 'gold.n.svc.cluster.local', SELECTED) },
      want: {
        externalGateways: [
          gw('n', 'plain', 'plain.n.svc.cluster.local'),
          { ...gw('n', 'gold', 'gold.n.svc.cluster.local'), labelSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['gold'] }] } },
        ],
        localGateways: [LOCAL_DEFAULT],
      },
    },
    {
      name: 'a selected gateway before the default, with matchLabels',
      data: { 'local-gateways': entry('n', 'gold', 'gold.n', '  labelSelector:\n    matchLabels: {tier: gold}\n') + entry('n', 'plain', 'plain.n') },
      want: { externalGateways: [EXTERNAL_DEFAULT], localGateways: [{ ...gw('n', 'gold', 'gold.n'), labelSelector: { matchLabels: { tier: 'gold' } } }, gw('n', 'plain', 'plain.n')] },
    },
    {
      name: 'an empty selector (selects every Ingress) beside the default',
      data: { 'external-gateways': entry('n', 'all', 'all.n', '  labelSelector: {}\n') + entry('n', 'plain', 'plain.n', '  labelSelector: null\n') },
      want: { externalGateways: [{ ...gw('n', 'all', 'all.n'), labelSelector: {} }, gw('n', 'plain', 'plain.n')], localGateways: [LOCAL_DEFAULT] },
    },
    {
      name: "field names in any case, unknown fields ignored (encoding/json's matching)",
      data: { 'external-gateways': '- Namespace: n\n  NAME: a\n  Service: a.n\n  comment: spare' },
      want: { externalGateways: [gw('n', 'a', 'a.n')], localGateways: [LOCAL_DEFAULT] },
    },
    {
      name: 'scalars written out as strings',
      data: { 'external-gateways': '- {namespace: n, name: 2024, service: a.n}\n- {namespace: n, name: true, service: b.n, labelSelector: {matchLabels: {gen: 2}}}' },
      want: { externalGateways: [gw('n', '2024', 'a.n'), { ...gw('n', 'true', 'b.n'), labelSelector: { matchLabels: { gen: '2' } } }], localGateways: [LOCAL_DEFAULT] },
    },
    { name: '"[]" external: no external gateway', data: { 'external-gateways': '[]' }, want: { externalGateways: [], localGateways: [LOCAL_DEFAULT] } },
    { name: '"[]" local: no local gateway', data: { 'local-gateways': '[]' }, want: { externalGateways: [EXTERNAL_DEFAULT], localGateways: [] } },
    { name: '"[]" for both: mesh-only', data: { 'external-gateways': '[]', 'local-gateways': '[]' }, want: { externalGateways: [], localGateways: [] } },
    { name: 'YAML null is an empty list, as in Go', data: { 'external-gateways': '~', 'local-gateways': '# none' }, want: { externalGateways: [], localGateways: [] } },
  ])('reads the new format: $name', ({ data, want }) => {
    expect(parseIstioConfig(data)).toEqual({ ok: true, config: want });
  });

  it.each<{ name: string; data: Record<string, string>; systemNamespace?: string; want: IstioConfig }>([
    {
      name: 'both lists',
      data: { 'gateway.ns1.gw1': 'ingress.istio-system.svc.cluster.local', 'local-gateway.ns2.gw2': 'local.istio-system.svc.cluster.local' },
      want: { externalGateways: [gw('ns1', 'gw1', 'ingress.istio-system.svc.cluster.local')], localGateways: [gw('ns2', 'gw2', 'local.istio-system.svc.cluster.local')] },
    },
    {
      name: 'local gateways only (external stays default)',
      data: { 'local-gateway.ns2.gw2': 'local.istio-system.svc.cluster.local.' },
      want: { externalGateways: [EXTERNAL_DEFAULT], localGateways: [gw('ns2', 'gw2', 'local.istio-system.svc.cluster.local.')] },
    },
    {
      name: 'no dot: the system namespace',
      data: { 'gateway.freeway': 'freeway.istio-system.svc.cluster.local' },
      want: { externalGateways: [gw('ebb-system', 'freeway', 'freeway.istio-system.svc.cluster.local')], localGateways: [LOCAL_DEFAULT] },
    },
    {
      name: 'no dot, in knative-serving',
      data: { 'local-gateway.backroad': 'backroad.istio-system.svc.cluster.local' },
      systemNamespace: 'knative-serving',
      want: {
        externalGateways: [gw('knative-serving', 'knative-ingress-gateway', 'istio-ingressgateway.istio-system.svc.cluster.local')],
        localGateways: [gw('knative-serving', 'backroad', 'backroad.istio-system.svc.cluster.local')],
      },
    },
    {
      name: 'the namespace ends at the first dot',
      data: { 'gateway.ns.a.b': 'a.ns' },
      want: { externalGateways: [gw('ns', 'a.b', 'a.ns')], localGateways: [LOCAL_DEFAULT] },
    },
    {
      name: 'sorted by key',
      data: { 'gateway.b.x': 'bx.svc', 'gateway.a.y': 'ay.svc', 'gateway.a.x': 'ax.svc', 'local-gateway.z': 'z.svc', 'local-gateway.m.q': 'mq.svc' },
      want: { externalGateways: [gw('a', 'x', 'ax.svc'), gw('a', 'y', 'ay.svc'), gw('b', 'x', 'bx.svc')], localGateways: [gw('m', 'q', 'mq.svc'), gw('ebb-system', 'z', 'z.svc')] },
    },
    {
      name: 'beside blank new-format keys and unknown keys',
      data: { 'gateway.n.a': 'a.n', 'external-gateways': '', _example: 'x', 'enable-virtualservice-status': 'true' },
      want: { externalGateways: [gw('n', 'a', 'a.n')], localGateways: [LOCAL_DEFAULT] },
    },
  ])('reads the old format: $name', ({ data, systemNamespace, want }) => {
    expect(parseIstioConfig(data, systemNamespace)).toEqual({ ok: true, config: want });
  });

  const unmarshal = (key: string, why: string): string => `failed to parse "${key}" gateways: failed to unmarshal: ${why}`;

  it.each<{ name: string; key: string; value: string; message: string }>([
    { name: 'not YAML list but a word', key: 'external-gateways', value: 'notYAML', message: unmarshal('external-gateways', 'json: cannot unmarshal string into Go value of type []config.Gateway') },
    {
      name: 'a mapping, not a list',
      key: 'local-gateways',
      value: 'name: a\nnamespace: n\nservice: a.n',
      message: unmarshal('local-gateways', 'json: cannot unmarshal object into Go value of type []config.Gateway'),
    },
    { name: 'a number', key: 'external-gateways', value: '42', message: unmarshal('external-gateways', 'json: cannot unmarshal number into Go value of type []config.Gateway') },
    { name: 'a list of words', key: 'external-gateways', value: '- a\n- b', message: unmarshal('external-gateways', 'json: cannot unmarshal string into Go value of type config.Gateway') },
    {
      name: 'a name that is a list',
      key: 'external-gateways',
      value: '- namespace: n\n  name: [a]\n  service: a.n',
      message: unmarshal('external-gateways', 'json: cannot unmarshal array into Go struct field Gateway.Name of type string'),
    },
    {
      name: 'a selector that is a list',
      key: 'external-gateways',
      value: entry('n', 'a', 'a.n', '  labelSelector: [tier]\n'),
      message: unmarshal('external-gateways', 'json: cannot unmarshal array into Go struct field Gateway.labelSelector of type v1.LabelSelector'),
    },
    {
      name: 'matchLabels that is a list',
      key: 'external-gateways',
      value: entry('n', 'a', 'a.n', '  labelSelector: {matchLabels: [tier]}\n'),
      message: unmarshal('external-gateways', 'json: cannot unmarshal array into Go struct field LabelSelector.labelSelector.matchLabels of type map[string]string'),
    },
    {
      name: 'matchExpressions that is a mapping',
      key: 'external-gateways',
      value: entry('n', 'a', 'a.n', '  labelSelector: {matchExpressions: {key: tier}}\n'),
      message: unmarshal('external-gateways', 'json: cannot unmarshal object into Go struct field LabelSelector.labelSelector.matchExpressions of type []v1.LabelSelectorRequirement'),
    },
    {
      name: 'expression values that are a word',
      key: 'external-gateways',
      value: entry('n', 'a', 'a.n', '  labelSelector: {matchExpressions: [{key: tier, operator: In, values: gold}]}\n'),
      message: unmarshal('external-gateways', 'json: cannot unmarshal string into Go struct field LabelSelectorRequirement.labelSelector.matchExpressions.values of type []string'),
    },
    {
      name: 'broken YAML',
      key: 'external-gateways',
      value: '[{name: a',
      message: unmarshal('external-gateways', 'Flow map in block collection must be sufficiently indented and end with a } at line 1, column 10'),
    },
    {
      name: 'no selector-less external gateway',
      key: 'external-gateways',
      value: entry('n', 'gold', 'gold.n', SELECTED),
      message: 'exactly one external gateway with no selector can be defined, here: []',
    },
    {
      name: 'two selector-less local gateways',
      key: 'local-gateways',
      value: entry('n', 'a', 'a.n') + entry('m', 'b', 'b.m'),
      message: 'exactly one local gateway with no selector can be defined, here: [{n a a.n <nil>} {m b b.m <nil>}]',
    },
    { name: 'missing namespace', key: 'external-gateways', value: '- name: a\n  service: a.n', message: 'invalid gateway /a: missing namespace' },
    { name: 'missing name', key: 'local-gateways', value: '- namespace: n\n  name: ""\n  service: a.n', message: 'invalid local gateway n/: missing name' },
    { name: 'missing service', key: 'external-gateways', value: '- namespace: n\n  name: a', message: 'invalid gateway n/a: missing service' },
    { name: 'an empty entry', key: 'local-gateways', value: '- ~', message: 'invalid local gateway /: missing namespace' },
    { name: 'a bad service', key: 'local-gateways', value: entry('n', 'a', '_invalid'), message: `invalid local gateway n/a: invalid gateway service format: [${DNS_SUBDOMAIN}]` },
    { name: 'a service with a port', key: 'external-gateways', value: entry('n', 'a', 'a.n:80'), message: `invalid gateway n/a: invalid gateway service format: [${DNS_SUBDOMAIN}]` },
    {
      name: 'a bad selector operator',
      key: 'external-gateways',
      value: entry('n', 'plain', 'plain.n') + entry('n', 'gold', 'gold.n', '  labelSelector: {matchExpressions: [{key: tier, operator: Within}]}\n'),
      message: 'invalid gateway n/gold: failed to create selector from label selector: "Within" is not a valid label selector operator',
    },
    {
      name: 'a bad selector label key',
      key: 'external-gateways',
      value: entry('n', 'plain', 'plain.n') + entry('n', 'gold', 'gold.n', '  labelSelector: {matchLabels: {"-tier": gold}}\n'),
      message:
        'invalid gateway n/gold: failed to create selector from label selector: key: Invalid value: "-tier": name part must consist of alphanumeric characters, ' +
        "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is " +
        "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    },
    {
      name: 'an In expression without values',
      key: 'local-gateways',
      value: entry('n', 'plain', 'plain.n') + entry('n', 'gold', 'gold.n', '  labelSelector: {matchExpressions: [{key: tier, operator: In}]}\n'),
      message: "invalid local gateway n/gold: failed to create selector from label selector: values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    },
  ])('refuses the new format with $name', ({ key, value, message }) => {
    expect(parseIstioConfig({ [key]: value })).toEqual({ ok: false, problems: [{ key, value, message }] });
  });

  it.each<{ name: string; key: string; value: string; message: string }>([
    { name: 'a bad service', key: 'gateway.n.a', value: '_invalid', message: `invalid gateway n/a: invalid gateway service format: [${DNS_SUBDOMAIN}]` },
    { name: 'a bad local service, no dot', key: 'local-gateway.a', value: 'A.n', message: `invalid local gateway ebb-system/a: invalid gateway service format: [${DNS_SUBDOMAIN}]` },
    { name: 'an empty service', key: 'gateway.n.a', value: '', message: 'invalid gateway n/a: missing service' },
    { name: 'an empty namespace', key: 'gateway..a', value: 'a.n', message: 'invalid gateway /a: missing namespace' },
    { name: 'an empty name', key: 'local-gateway.n.', value: 'a.n', message: 'invalid local gateway n/: missing name' },
  ])('refuses the old format with $name', ({ key, value, message }) => {
    expect(parseIstioConfig({ [key]: value })).toEqual({ ok: false, problems: [{ key, value, message }] });
  });

  it.each<{ name: string; data: Record<string, string>; key: string }>([
    { name: 'external-gateways and gateway.*', data: { 'external-gateways': entry('n', 'a', 'a.n'), 'gateway.n.b': 'b.n' }, key: 'external-gateways' },
    { name: 'local-gateways and local-gateway.*', data: { 'local-gateways': '[]', 'local-gateway.b': 'b.n' }, key: 'local-gateways' },
    { name: 'both lists and gateway.* (named by external-gateways)', data: { 'local-gateways': '[]', 'external-gateways': '[]', 'gateway.': 'x' }, key: 'external-gateways' },
  ])('refuses mixing the formats: $name', ({ data, key }) => {
    const message = 'invalid configmap: "local-gateways" or "external-gateways" can not be defined simultaneously with "gateway." or "local-gateway."';
    expect(parseIstioConfig(data)).toEqual({ ok: false, problems: [{ key, value: data[key], message }] });
  });

  it('reports every bad gateway, each under its key, external first', () => {
    const data = { 'local-gateway.b': '_b', 'gateway.z.z': '', 'local-gateway.a': '_a', 'gateway.y.y': 'fine.svc' };
    const result = parseIstioConfig(data);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => [p.key, p.value])).toEqual([
      ['gateway.z.z', ''],
      ['local-gateway.a', '_a'],
      ['local-gateway.b', '_b'],
    ]);
  });

  it('reports the default rule and a bad entry of one list, and the other list too', () => {
    const external = entry('n', 'a', 'a.n') + entry('n', 'b', '_b');
    const local = 'oops: [';
    const result = parseIstioConfig({ 'external-gateways': external, 'local-gateways': local });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => [p.key, p.message.split(':')[0]])).toEqual([
      ['external-gateways', 'exactly one external gateway with no selector can be defined, here'],
      ['external-gateways', 'invalid gateway n/b'],
      ['local-gateways', 'failed to parse "local-gateways" gateways'],
    ]);
  });
});

describe('gatewaysEnabled', () => {
  it.each<{ name: string; data: Record<string, string>; enabled: boolean }>([
    { name: 'defaults', data: {}, enabled: true },
    { name: 'no external gateway', data: { 'external-gateways': '[]' }, enabled: true },
    { name: 'no local gateway', data: { 'local-gateways': '[]' }, enabled: true },
    { name: 'neither (mesh-only)', data: { 'external-gateways': '[]', 'local-gateways': '[]' }, enabled: false },
    { name: 'old format', data: { 'gateway.a': 'a.n' }, enabled: true },
  ])('is $enabled for $name', ({ data, enabled }) => {
    const result = parseIstioConfig(data);
    expect(result.ok).toBe(true);
    expect(result.ok && gatewaysEnabled(result.config)).toBe(enabled);
  });
});

describe('qualifiedName', () => {
  it.each([
    { gateway: { namespace: 'knative-serving', name: 'knative-ingress-gateway' }, want: 'knative-serving/knative-ingress-gateway' },
    { gateway: EXTERNAL_DEFAULT, want: 'ebb-system/knative-ingress-gateway' },
    { gateway: { namespace: '', name: 'a' }, want: '/a' },
  ])('is $want', ({ gateway, want }) => {
    expect(qualifiedName(gateway)).toBe(want);
  });
});
