import { defaultNetworkConfig, HttpProtocol, MeshCompatibilityMode, type NetworkConfig, parseNetworkConfig } from './network.js';

const defaults = defaultNetworkConfig();

describe('parseNetworkConfig', () => {
  it('gives the defaults for an empty map, ignoring _example and unknown keys', () => {
    expect(parseNetworkConfig({ _example: 'x', 'ingress.something': 'y' })).toEqual({ ok: true, config: defaults });
  });

  it.each<{ name: string; data: Record<string, string>; want: Partial<NetworkConfig> }>([
    { name: 'ingress class', data: { 'ingress-class': 'ebb.ingress.networking.knative.dev' }, want: { ingressClass: 'ebb.ingress.networking.knative.dev' } },
    { name: 'legacy ingress.class', data: { 'ingress.class': 'old' }, want: { ingressClass: 'old' } },
    { name: 'new key wins over legacy', data: { 'ingress.class': 'old', 'ingress-class': 'new' }, want: { ingressClass: 'new' } },
    { name: 'certificate class', data: { 'certificate.class': 'c' }, want: { certificateClass: 'c' } },
    { name: 'domain template', data: { 'domain-template': '{{.Name}}-{{.Namespace}}.{{.Domain}}' }, want: { domainTemplate: '{{.Name}}-{{.Namespace}}.{{.Domain}}' } },
    { name: 'domain template with an annotation', data: { 'domain-template': '{{.Name}}{{index .Annotations "sub"}}.{{.Domain}}' }, want: { domainTemplate: '{{.Name}}{{index .Annotations "sub"}}.{{.Domain}}' } },
    { name: 'tag template', data: { tagTemplate: '{{.Name}}-{{.Tag}}' }, want: { tagTemplate: '{{.Name}}-{{.Tag}}' } },
    { name: 'external TLS', data: { 'external-domain-tls': 'Enabled' }, want: { externalDomainTls: true } },
    { name: 'legacy auto-tls', data: { 'auto-tls': 'enabled' }, want: { externalDomainTls: true } },
    { name: 'external TLS with any other word is off', data: { 'external-domain-tls': 'yes' }, want: { externalDomainTls: false } },
    { name: 'cluster-local TLS', data: { 'cluster-local-domain-tls': 'Enabled' }, want: { clusterLocalDomainTls: true } },
    { name: 'system-internal TLS', data: { 'system-internal-tls': 'enabled' }, want: { systemInternalTls: true } },
    { name: 'legacy internal-encryption', data: { 'internal-encryption': 'true' }, want: { systemInternalTls: true } },
    { name: 'http redirected', data: { 'http-protocol': 'Redirected' }, want: { httpProtocol: HttpProtocol.Redirected } },
    { name: 'legacy httpProtocol', data: { httpProtocol: 'disabled' }, want: { httpProtocol: HttpProtocol.Disabled } },
    { name: 'https scheme', data: { 'default-external-scheme': 'https' }, want: { defaultExternalScheme: 'https' } },
    { name: 'rollout duration', data: { 'rollout-duration': '120' }, want: { rolloutDuration: 120_000 } },
    { name: 'legacy rolloutDuration', data: { rolloutDuration: '60' }, want: { rolloutDuration: 60_000 } },
    { name: 'wildcard selector', data: { 'namespace-wildcard-cert-selector': 'matchLabels:\n  certs: wildcard\n' }, want: { namespaceWildcardCertSelector: { matchLabels: { certs: 'wildcard' } } } },
    {
      name: 'selector with expressions',
      data: { 'namespace-wildcard-cert-selector': '{"matchExpressions": [{"key": "kubernetes.io/metadata.name", "operator": "NotIn", "values": ["kube-system"]}]}' },
      want: { namespaceWildcardCertSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] }] } },
    },
    { name: 'cluster domain claims', data: { 'autocreate-cluster-domain-claims': 'true' }, want: { autocreateClusterDomainClaims: true } },
    { name: 'mesh pod addressability', data: { 'enable-mesh-pod-addressability': 'true' }, want: { enableMeshPodAddressability: true } },
    { name: 'mesh mode', data: { 'mesh-compatibility-mode': 'Enabled' }, want: { meshCompatibilityMode: MeshCompatibilityMode.Enabled } },
    { name: 'unknown mesh mode keeps the default', data: { 'mesh-compatibility-mode': 'sometimes' }, want: {} },
  ])('accepts $name', ({ data, want }) => {
    expect(parseNetworkConfig(data)).toEqual({ ok: true, config: { ...defaults, ...want } });
  });

  it.each([
    { name: 'negative rollout', key: 'rollout-duration', value: '-1', message: 'rollout-duration must be a positive integer, but was -1' },
    { name: 'rollout syntax', key: 'rollout-duration', value: '10s', message: 'failed to parse "rollout-duration": strconv.Atoi: parsing "10s": invalid syntax' },
    { name: 'unsupported http protocol', key: 'http-protocol', value: 'sometimes', message: 'httpProtocol sometimes in config-network ConfigMap is not supported' },
    { name: 'unsupported internal TLS', key: 'system-internal-tls', value: 'on', message: 'system-internal-tls with value: "on" in config-network ConfigMap is not supported' },
    { name: 'unsupported cluster-local TLS', key: 'cluster-local-domain-tls', value: 'yes', message: 'cluster-local-domain-tls with value: "yes" in config-network ConfigMap is not supported' },
    { name: 'domain template with a path', key: 'domain-template', value: '{{.Domain}}/{{.Name}}', message: 'domain template has url path: /foo' },
    { name: 'domain template without a host', key: 'domain-template', value: '/{{.Name}}', message: 'empty hostname' },
    {
      name: 'domain template with an unknown field',
      key: 'domain-template',
      value: '{{.Name}}.{{.Tag}}',
      message: 'template: domain-template:1: executing "domain-template" at <.Tag>: can\'t evaluate field Tag in type config.DomainTemplateValues',
    },
    { name: 'unclosed domain template', key: 'domain-template', value: '{{.Name}}.{{.Domain', message: 'template: domain-template:1: unclosed action' },
    {
      name: 'domain template beyond the evaluated subset',
      key: 'domain-template',
      value: '{{printf "%s" .Name}}.{{.Domain}}',
      message: 'template: domain-template: unsupported action "{{printf "%s" .Name}}" (only .Field, .Map.key and index .Map "key" are evaluated)',
    },
    {
      name: 'tag template with an unknown field',
      key: 'tag-template',
      value: '{{.Namespace}}-{{.Tag}}',
      message: 'template: tag-template:1: executing "tag-template" at <.Namespace>: can\'t evaluate field Namespace in type config.TagTemplateValues',
    },
    { name: 'bool syntax', key: 'enable-mesh-pod-addressability', value: 'sure', message: 'failed to parse "enable-mesh-pod-addressability": strconv.ParseBool: parsing "sure": invalid syntax' },
    { name: 'selector not a mapping', key: 'namespace-wildcard-cert-selector', value: '- a', message: 'failed to parse "namespace-wildcard-cert-selector": a label selector must be a mapping' },
    {
      name: 'selector with a bad matchLabels',
      key: 'namespace-wildcard-cert-selector',
      value: 'matchLabels: [a]',
      message: 'failed to parse "namespace-wildcard-cert-selector": matchLabels must map label keys to strings',
    },
  ])('rejects $name: $key="$value"', ({ key, value, message }) => {
    expect(parseNetworkConfig({ [key]: value })).toEqual({ ok: false, problems: [{ key, value, message }] });
  });
});

describe('parseNetworkConfig YAML errors', () => {
  it('names the key and keeps the YAML error to one line', () => {
    const value = 'matchLabels: [a';
    expect(parseNetworkConfig({ 'namespace-wildcard-cert-selector': value })).toEqual({
      ok: false,
      problems: [
        {
          key: 'namespace-wildcard-cert-selector',
          value,
          message: 'failed to parse "namespace-wildcard-cert-selector": Flow sequence in block collection must be sufficiently indented and end with a ] at line 1, column 16',
        },
      ],
    });
  });
});
