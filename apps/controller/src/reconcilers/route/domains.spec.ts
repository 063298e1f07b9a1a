// Table spec of the Route's host names (API.md §7, §7.1, §7.2): domain selection, templates,
// cluster-local visibility, tags, and the ErrorConfig failures of bad template results.
import type { Route } from '@ebb/api';
import { defaultDomainConfig, defaultNetworkConfig, parseDomainConfig, type DomainConfig } from '@ebb/config';
import { domainForLabels, routeHosts, urlOf, type HostsConfig, type RouteHostsResult } from './domains.js';

const network = defaultNetworkConfig();
const domains = (data: Record<string, string>): DomainConfig => {
  const parsed = parseDomainConfig(data);
  if (!parsed.ok) throw new Error('bad domain config in test');
  return parsed.config;
};
const config = (over: { domain?: DomainConfig; domainTemplate?: string; tagTemplate?: string } = {}): HostsConfig => ({
  network: { domainTemplate: over.domainTemplate ?? network.domainTemplate, tagTemplate: over.tagTemplate ?? network.tagTemplate },
  domain: over.domain ?? defaultDomainConfig(),
});
const route = (labels: Record<string, string> = {}, tags: string[] = [], annotations: Record<string, string> = {}): Route => ({
  metadata: { name: 'hello', namespace: 'default', labels, annotations },
  spec: { traffic: [{ configurationName: 'hello', percent: 100, latestRevision: true }, ...tags.map((tag) => ({ tag, revisionName: 'hello-00001', percent: 0 }))] },
});
const local = (name: string): string[] => [`${name}.default`, `${name}.default.svc`, `${name}.default.svc.cluster.local`];
const example = domains({ 'example.com': '' });

describe('routeHosts', () => {
  it.each<{ name: string; route: Route; config: HostsConfig; want: RouteHostsResult }>([
    {
      name: 'no domain configured: cluster-local on svc.cluster.local',
      route: route(),
      config: config(),
      want: {
        ok: true,
        hosts: { external: undefined, clusterLocal: local('hello'), host: 'hello.default.svc.cluster.local', serviceName: 'hello', visibility: 'ClusterLocal', tags: new Map() },
      },
    },
    {
      name: 'example.com: external host plus cluster-local names',
      route: route(),
      config: config({ domain: example }),
      want: {
        ok: true,
        hosts: { external: 'hello.default.example.com', clusterLocal: local('hello'), host: 'hello.default.example.com', serviceName: 'hello', visibility: 'ExternalIP', tags: new Map() },
      },
    },
    {
      name: "Ebb's local mode: localhost with an empty selector",
      route: route(),
      config: config({ domain: domains({ localhost: '' }), domainTemplate: '{{.Name}}.{{.Namespace}}.{{.Domain}}' }),
      want: {
        ok: true,
        hosts: { external: 'hello.default.localhost', clusterLocal: local('hello'), host: 'hello.default.localhost', serviceName: 'hello', visibility: 'ExternalIP', tags: new Map() },
      },
    },
    {
      name: 'visibility label: cluster-local whatever the domain',
      route: route({ 'networking.knative.dev/visibility': 'cluster-local' }),
      config: config({ domain: example }),
      want: {
        ok: true,
        hosts: { external: undefined, clusterLocal: local('hello'), host: 'hello.default.svc.cluster.local', serviceName: 'hello', visibility: 'ClusterLocal', tags: new Map() },
      },
    },
    {
      name: 'tags: tag template host names on the same domain',
      route: route({}, ['current', 'old']),
      config: config({ domain: example }),
      want: {
        ok: true,
        hosts: {
          external: 'hello.default.example.com',
          clusterLocal: local('hello'),
          host: 'hello.default.example.com',
          serviceName: 'hello',
          visibility: 'ExternalIP',
          tags: new Map([
            ['current', { external: 'current-hello.default.example.com', clusterLocal: local('current-hello'), host: 'current-hello.default.example.com', serviceName: 'current-hello' }],
            ['old', { external: 'old-hello.default.example.com', clusterLocal: local('old-hello'), host: 'old-hello.default.example.com', serviceName: 'old-hello' }],
          ]),
        },
      },
    },
    {
      name: 'custom templates; the cluster-local names keep the default domain template',
      route: route({ team: 'a' }, ['v1'], { zone: 'eu' }),
      config: config({ domain: example, domainTemplate: '{{.Name}}-{{.Labels.team}}.{{.Annotations.zone}}.{{.Domain}}', tagTemplate: '{{.Name}}-at-{{.Tag}}' }),
      want: {
        ok: true,
        hosts: {
          external: 'hello-a.eu.example.com',
          clusterLocal: local('hello'),
          host: 'hello-a.eu.example.com',
          serviceName: 'hello',
          visibility: 'ExternalIP',
          tags: new Map([['v1', { external: 'hello-at-v1-a.eu.example.com', clusterLocal: local('hello-at-v1'), host: 'hello-at-v1-a.eu.example.com', serviceName: 'hello-at-v1' }]]),
        },
      },
    },
    {
      name: 'template result with one segment: ErrorConfig',
      route: route(),
      config: config({ domain: example, domainTemplate: '{{.Name}}' }),
      want: { ok: false, message: 'invalid domain name "hello": url: Invalid value: "hello": should be a domain with at least two segments separated by dots' },
    },
    {
      name: 'template result with upper case: ErrorConfig',
      route: route(),
      config: config({ domain: example, domainTemplate: '{{.Name}}.NS.{{.Domain}}' }),
      want: {
        ok: false,
        message:
          "invalid domain name \"hello.NS.example.com\": url: Invalid value: \"hello.NS.example.com\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      },
    },
    {
      name: 'template naming an unknown field: ErrorConfig',
      route: route(),
      config: config({ domain: example, domainTemplate: '{{.Host}}.{{.Domain}}' }),
      want: {
        ok: false,
        message:
          'error executing the DomainTemplate: template: domain-template:1: executing "domain-template" at <.Host>: can\'t evaluate field Host in type network.DomainTemplateValues',
      },
    },
    {
      name: 'bad tag template result: ErrorConfig',
      route: route({}, ['Upper']),
      config: config({ domain: example }),
      want: {
        ok: false,
        message:
          "invalid domain name \"Upper-hello.default.svc.cluster.local\": url: Invalid value: \"Upper-hello.default.svc.cluster.local\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      },
    },
  ])('$name', ({ route: r, config: c, want }) => {
    expect(routeHosts(r, c)).toEqual(want);
  });
});

describe('domainForLabels (config-domain, API.md §7.2)', () => {
  const config = domains({
    'example.com': '',
    'prod.example.com': 'selector:\n  app: prod\n',
    'a.example.com': 'selector:\n  app: prod\n',
    'eu.prod.example.com': 'selector:\n  app: prod\n  zone: eu\n',
    _example: 'ignored',
  });
  it.each<{ name: string; labels: Record<string, string>; want: string }>([
    { name: 'no label: the empty selector', labels: {}, want: 'example.com' },
    { name: 'one label: ties broken by lexical order', labels: { app: 'prod' }, want: 'a.example.com' },
    { name: 'two labels: the most specific wins', labels: { app: 'prod', zone: 'eu' }, want: 'eu.prod.example.com' },
    { name: 'visibility label: the cluster domain', labels: { app: 'prod', 'networking.knative.dev/visibility': 'cluster-local' }, want: 'svc.cluster.local' },
  ])('$name', ({ labels, want }) => {
    expect(domainForLabels(config, labels)).toBe(want);
  });

  it('no selector matches: svc.cluster.local', () => {
    expect(domainForLabels(domains({ 'prod.example.com': 'selector:\n  app: prod\n' }), { app: 'dev' })).toBe('svc.cluster.local');
  });
});

describe('urlOf', () => {
  it('joins scheme and host', () => {
    expect(urlOf('http', 'hello.default.example.com')).toBe('http://hello.default.example.com');
  });
});
