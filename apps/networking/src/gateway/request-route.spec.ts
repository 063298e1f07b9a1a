import type { Ingress } from '@ebb/api';
import type { IncomingHttpHeaders } from 'node:http';
import { ingressHash } from '../routing-table/ingress-hash.js';
import { buildRoutingTable } from '../routing-table/routing-table.js';
import { noEndpointsBody, noHostBody, noRuleBody, routeRequest } from './request-route.js';

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
    expect(routeRequest(table, { url, headers }, random)).toMatchObject(want as object);
  });

  it('says clearly what it refuses', () => {
    expect([noHostBody('a.b'), noRuleBody('a.b', '/x'), noEndpointsBody('ns', 'rev-1')]).toEqual([
      'no route for host "a.b"',
      'no route for path "/x" on host "a.b"',
      'no ready endpoints for revision "ns/rev-1"',
    ]);
  });
});
