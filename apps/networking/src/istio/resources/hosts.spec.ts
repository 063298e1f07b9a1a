// Table spec of the host helpers: ExpandedHosts (Knative's own test rows), the host-prefix dedupe
// of VirtualService matches, and cluster-local detection.
import { clusterLocalHosts, distinctHostPrefixes, expandedHosts, hostPrefix, ingressHosts, isClusterLocalHost } from './hosts.js';

describe('expandedHosts (ExpandedHosts)', () => {
  it.each([
    { name: 'cluster-local service', hosts: ['service.name-space.svc.cluster.local'], want: ['service.name-space', 'service.name-space.svc', 'service.name-space.svc.cluster.local'] },
    { name: 'all-digit namespace: no short form', hosts: ['service.1234.svc.cluster.local'], want: ['service.1234.svc', 'service.1234.svc.cluster.local'] },
    { name: 'digits with a dash are fine', hosts: ['service.1-1.svc.cluster.local'], want: ['service.1-1', 'service.1-1.svc', 'service.1-1.svc.cluster.local'] },
    {
      name: 'a 64-character namespace label: no short form',
      hosts: [`service.${'s'.repeat(64)}.svc.cluster.local`],
      want: [`service.${'s'.repeat(64)}.svc`, `service.${'s'.repeat(64)}.svc.cluster.local`],
    },
    { name: 'external host: itself', hosts: ['foo.bar.example.com'], want: ['foo.bar.example.com'] },
    { name: 'mix, sorted', hosts: ['foo.default.svc.cluster.local', 'foo.default.example.com'], want: ['foo.default', 'foo.default.example.com', 'foo.default.svc', 'foo.default.svc.cluster.local'] },
    { name: 'duplicates once', hosts: ['a.b.svc.cluster.local', 'a.b.svc.cluster.local', 'a.b.svc'], want: ['a.b', 'a.b.svc', 'a.b.svc.cluster.local'] },
    { name: 'an all-digit host is dropped', hosts: ['1234'], want: [] },
    { name: 'none', hosts: [], want: [] },
  ])('$name', ({ hosts, want }) => {
    expect(expandedHosts(hosts)).toEqual(want);
  });
});

describe('distinctHostPrefixes (getDistinctHostPrefixes)', () => {
  it.each([
    { name: 'prefixes of each other collapse to the shortest', hosts: ['abc', 'a', 'ab'], want: ['a'] },
    { name: 'cluster-local forms collapse to the short name', hosts: ['a.default', 'a.default.svc', 'a.default.svc.cluster.local'], want: ['a.default'] },
    { name: 'unrelated hosts stay, sorted', hosts: ['test-route.test-ns.svc.cluster.local', 'domain.com'], want: ['domain.com', 'test-route.test-ns'] },
    { name: 'a prefix that is not a label boundary still collapses (as in Knative)', hosts: ['foo.com', 'foo.com.evil'], want: ['foo.com'] },
    { name: 'none', hosts: [], want: [] },
  ])('$name', ({ hosts, want }) => {
    expect(distinctHostPrefixes(hosts)).toEqual(want);
  });
});

describe('cluster-local hosts', () => {
  it.each([
    { host: 'a.ns.svc.cluster.local', local: true, prefix: 'a.ns' },
    { host: 'a.ns.svc', local: false, prefix: 'a.ns.svc' },
    { host: 'a.example.com', local: false, prefix: 'a.example.com' },
    { host: 'svc.cluster.local', local: false, prefix: 'svc.cluster.local' },
  ])('$host', ({ host, local, prefix }) => {
    expect({ local: isClusterLocalHost(host), prefix: hostPrefix(host) }).toEqual({ local, prefix });
  });

  it('keeps the cluster-local hosts of all rules, sorted and unique', () => {
    const ingress = { spec: { rules: [{ hosts: ['b.ns.svc.cluster.local', 'x.example.com'] }, { hosts: ['a.ns.svc.cluster.local', 'b.ns.svc.cluster.local'] }, {}] } };
    expect(ingressHosts(ingress)).toEqual(['a.ns.svc.cluster.local', 'b.ns.svc.cluster.local', 'x.example.com']);
    expect(clusterLocalHosts(ingressHosts(ingress))).toEqual(['a.ns.svc.cluster.local', 'b.ns.svc.cluster.local']);
  });
});
