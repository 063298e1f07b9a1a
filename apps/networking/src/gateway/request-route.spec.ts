import type { Ingress, VirtualService } from '@ebb/api';
import type { IncomingHttpHeaders } from 'node:http';
import { ingressHash } from '../routing-table/ingress-hash.js';
import { buildRoutingTable, type RouteSplit } from '../routing-table/routing-table.js';
import { buildVirtualServiceTable, combineTables } from '../routing-table/virtual-service-table.js';
import { forwardedHash, hostAndProbe, noEndpointsBody, noHostBody, noRuleBody, routeRequest } from './request-route.js';

/** The gateway's own load balancer (its Service's in-cluster name). */
const OWN_LB = 'networking.ebb-system.svc.cluster.local';

const HELLO: Ingress = {
  metadata: { name: 'hello', namespace: 'default', generation: 3 },
  spec: {
    rules: [
      {
        hosts: ['hello.default.localhost'],
        http: {
          paths: [
            { path: '/api', splits: [{ serviceNamespace: 'default', serviceName: 'hello-00001', servicePort: 80, percent: 80 }, { serviceNamespace: 'default', serviceName: 'hello-00002', servicePort: 80, percent: 20 }] },
          ],
        },
      },
    ],
  },
};
const table = buildRoutingTable([HELLO], OWN_LB);

describe('routeRequest', () => {
  it.each<{ name: string; url: string; headers: IncomingHttpHeaders; random: number; want: unknown }>([
    { name: 'a probe of a served host', url: '/', headers: { host: 'hello.default.localhost:8080', 'k-network-probe': 'probe' }, random: 0, want: { type: 'probe', host: 'hello.default.localhost', hash: ingressHash(HELLO) } },
    { name: 'a probe of an unknown host', url: '/', headers: { host: 'nope', 'k-network-probe': 'probe' }, random: 0, want: { type: 'probe', host: 'nope', hash: undefined } },
    { name: 'an unknown host', url: '/', headers: { host: 'nope:80' }, random: 0, want: { type: 'no-host', host: 'nope' } },
    { name: 'a path no rule has', url: '/other?x=1', headers: { host: 'hello.default.localhost' }, random: 0, want: { type: 'no-rule', host: 'hello.default.localhost', path: '/other' } },
    { name: 'the 80 side', url: '/api/x', headers: { host: 'HELLO.default.localhost' }, random: 0.5, want: { type: 'split', host: 'hello.default.localhost', split: { revision: 'hello-00001' } } },
    { name: 'the 20 side', url: '/api/x', headers: { host: 'hello.default.localhost' }, random: 0.9, want: { type: 'split', host: 'hello.default.localhost', split: { revision: 'hello-00002' } } },
  ])('$name', ({ url, headers, random, want }) => {
    const rawHeaders = Object.entries(headers).flatMap(([name, value]) => [name, String(value)]);
    expect(routeRequest(table, { url, headers, rawHeaders }, random)).toMatchObject(want as object);
  });

  it.each([
    { name: 'names in any case, the first of each', raw: ['HOST', 'a.b', 'K-Network-Probe', 'probe', 'Host', 'c.d', 'k-network-probe', 'queue'], want: { host: 'a.b', probe: 'probe' } },
    { name: 'neither', raw: ['Accept', '*/*', 'Hosts', 'x'], want: { host: undefined, probe: undefined } },
  ])('hostAndProbe reads $name', ({ raw, want }) => {
    expect(hostAndProbe(raw)).toEqual(want);
  });

  it('routes a capitalised raw Host and answers a capitalised probe header', () => {
    const raw = { url: '/api', headers: {}, rawHeaders: ['Host', 'Hello.Default.Localhost:80', 'K-Network-Probe', 'probe'] };
    expect(routeRequest(table, raw, 0)).toEqual({ type: 'probe', host: 'hello.default.localhost', hash: ingressHash(HELLO) });
  });

  it('says clearly what it refuses', () => {
    expect([noHostBody('a.b'), noRuleBody('a.b', '/x'), noEndpointsBody('ns', 'rev-1')]).toEqual([
      'no route for host "a.b"',
      'no route for path "/x" on host "a.b"',
      'no ready endpoints for revision "ns/rev-1"',
    ]);
  });
});

describe('routeRequest on a host a VirtualService serves', () => {
  const GATEWAY = 'knative-serving/knative-ingress-gateway';
  const destination = { destination: { host: 'vs-00001.default.svc.cluster.local', port: { number: 80 } }, weight: 100 };
  const match = { gateways: [GATEWAY], authority: { prefix: 'vs.example.com' }, uri: { prefix: '/app' } };
  const VS: VirtualService = {
    metadata: { name: 'vs-ingress', namespace: 'default' },
    spec: {
      hosts: ['vs.example.com', 'hello.default.localhost'],
      gateways: [GATEWAY],
      http: [
        { match: [{ ...match, headers: { 'K-Network-Hash': { exact: 'override' } } }], route: [destination], headers: { request: { set: { 'K-Network-Hash': 'vs-hash' } } } },
        { match: [match], route: [destination] },
      ],
    },
  };
  const table = combineTables(buildRoutingTable([HELLO], OWN_LB), buildVirtualServiceTable([VS], [GATEWAY]).table);

  it.each<{ name: string; url: string; headers: Record<string, string>; want: unknown }>([
    { name: 'a probe as net-istio sends it gets the hash its route sets', url: '/app/healthz', headers: { host: 'vs.example.com:80', 'k-network-probe': 'probe', 'k-network-hash': 'override' }, want: { type: 'routed-probe', host: 'vs.example.com', hash: 'vs-hash' } },
    { name: 'a probe with another hash gets it back (the backend would see it)', url: '/app', headers: { host: 'vs.example.com', 'k-network-probe': 'probe', 'k-network-hash': 'abc' }, want: { type: 'routed-probe', host: 'vs.example.com', hash: 'abc' } },
    { name: 'a probe without a hash gets none', url: '/app', headers: { host: 'vs.example.com', 'k-network-probe': 'probe' }, want: { type: 'routed-probe', host: 'vs.example.com', hash: undefined } },
    { name: 'a probe no route matches', url: '/healthz', headers: { host: 'vs.example.com', 'k-network-probe': 'probe', 'k-network-hash': 'override' }, want: { type: 'no-rule', host: 'vs.example.com', path: '/healthz' } },
    { name: 'a request', url: '/app/x', headers: { host: 'vs.example.com:80' }, want: { type: 'split', host: 'vs.example.com', split: { namespace: 'default', revision: 'vs-00001', appendHeaders: {} } } },
    { name: 'a host the Ingress has too keeps the Ingress probe answer', url: '/', headers: { host: 'hello.default.localhost', 'k-network-probe': 'probe', 'k-network-hash': 'override' }, want: { type: 'probe', host: 'hello.default.localhost', hash: ingressHash(HELLO) } },
  ])('$name', ({ url, headers, want }) => {
    const rawHeaders = Object.entries(headers).flatMap(([name, value]) => [name, value]);
    expect(routeRequest(table, { url, headers, rawHeaders }, 0.5)).toMatchObject(want as object);
  });

  it.each<{ name: string; set: Record<string, string>; headers: IncomingHttpHeaders; want: string | undefined }>([
    { name: 'the set header, in any case', set: { 'k-network-hash': 'set' }, headers: { 'k-network-hash': 'sent' }, want: 'set' },
    { name: 'the received one when none is set', set: { other: 'x' }, headers: { 'k-network-hash': 'sent' }, want: 'sent' },
    { name: 'none', set: {}, headers: {}, want: undefined },
  ])('forwardedHash: $name', ({ set, headers, want }) => {
    const split: RouteSplit = { namespace: 'ns', revision: 'r', port: 80, percent: 100, appendHeaders: set };
    expect(forwardedHash(split, headers)).toBe(want);
  });
});
