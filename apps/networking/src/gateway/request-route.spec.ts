import type { Ingress } from '@ebb/api';
import type { IncomingHttpHeaders } from 'node:http';
import { ingressHash } from '../routing-table/ingress-hash.js';
import { buildRoutingTable } from '../routing-table/routing-table.js';
import { hostAndProbe, noEndpointsBody, noHostBody, noRuleBody, routeRequest } from './request-route.js';

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
const table = buildRoutingTable([HELLO]);

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
