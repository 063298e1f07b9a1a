import { SERVICE_NAME_LABEL } from '@ebb/workloads';
import type { V1Endpoint, V1EndpointSlice, DiscoveryV1EndpointPort } from '@kubernetes/client-node';
import { makeBackends, roundRobinOrder } from './backends.js';

function slice(service: string, ports: DiscoveryV1EndpointPort[], endpoints: V1Endpoint[], addressType = 'IPv4'): V1EndpointSlice {
  return { metadata: { name: `${service}-x`, labels: { [SERVICE_NAME_LABEL]: service } }, addressType, ports, endpoints };
}

const ready = (address: string): V1Endpoint => ({ addresses: [address], conditions: { ready: true, serving: true, terminating: false } });
const terminating = (address: string, serving: boolean): V1Endpoint => ({ addresses: [address], conditions: { ready: false, serving, terminating: true } });
const notReady = (address: string): V1Endpoint => ({ addresses: [address], conditions: { ready: false, serving: false, terminating: false } });

describe('makeBackends', () => {
  it.each([
    { name: 'no slices', slices: [], expected: [] },
    {
      name: 'ready endpoints at the slice port, sorted',
      slices: [slice('web', [{ name: 'http', port: 41000 }], [ready('127.0.0.9'), ready('127.0.0.3'), notReady('127.0.0.4')])],
      expected: [
        { host: '127.0.0.3', port: 41000 },
        { host: '127.0.0.9', port: 41000 },
      ],
    },
    {
      name: 'pods with different ports in different slices',
      slices: [slice('web', [{ name: 'http', port: 41000 }], [ready('127.0.0.3')]), slice('web', [{ name: 'http', port: 42000 }], [ready('127.0.0.5')])],
      expected: [
        { host: '127.0.0.3', port: 41000 },
        { host: '127.0.0.5', port: 42000 },
      ],
    },
    { name: 'another Service', slices: [slice('api', [{ name: 'http', port: 41000 }], [ready('127.0.0.3')])], expected: [] },
    { name: 'another port name', slices: [slice('web', [{ name: 'admin', port: 41000 }], [ready('127.0.0.3')])], expected: [] },
    { name: 'another protocol', slices: [slice('web', [{ name: 'http', port: 41000, protocol: 'UDP' }], [ready('127.0.0.3')])], expected: [] },
    { name: 'an FQDN slice', slices: [slice('web', [{ name: 'http', port: 41000 }], [ready('example.com')], 'FQDN')], expected: [] },
    { name: 'unset ready counts as ready', slices: [slice('web', [{ name: 'http', port: 41000 }], [{ addresses: ['127.0.0.3'] }])], expected: [{ host: '127.0.0.3', port: 41000 }] },
    {
      name: 'the same endpoint in two slices once',
      slices: [slice('web', [{ name: 'http', port: 41000 }], [ready('127.0.0.3')]), slice('web', [{ name: 'http', port: 41000 }], [ready('127.0.0.3')])],
      expected: [{ host: '127.0.0.3', port: 41000 }],
    },
    {
      name: 'serving terminating ones are not used while one is ready',
      slices: [slice('web', [{ name: 'http', port: 41000 }], [terminating('127.0.0.2', true), ready('127.0.0.3')])],
      expected: [{ host: '127.0.0.3', port: 41000 }],
    },
    {
      name: 'serving terminating ones when none is ready',
      slices: [slice('web', [{ name: 'http', port: 41000 }], [terminating('127.0.0.2', true), terminating('127.0.0.4', false), notReady('127.0.0.5')])],
      expected: [{ host: '127.0.0.2', port: 41000 }],
    },
  ])('$name', ({ slices, expected }) => {
    expect(makeBackends(slices, { serviceName: 'web', portName: 'http' })).toEqual(expected);
  });

  it('matches an unnamed Service port with an unnamed slice port', () => {
    const slices = [slice('web', [{ port: 41000 }], [ready('127.0.0.3')])];
    expect(makeBackends(slices, { serviceName: 'web', portName: '' })).toEqual([{ host: '127.0.0.3', port: 41000 }]);
  });
});

describe('roundRobinOrder', () => {
  it.each([
    { name: 'none', backends: [], turn: 3, expected: [] },
    { name: 'first turn', backends: ['a', 'b', 'c'], turn: 0, expected: ['a', 'b', 'c'] },
    { name: 'second turn starts at the second', backends: ['a', 'b', 'c'], turn: 1, expected: ['b', 'c', 'a'] },
    { name: 'wraps around', backends: ['a', 'b', 'c'], turn: 5, expected: ['c', 'a', 'b'] },
  ])('$name', ({ backends, turn, expected }) => {
    expect(roundRobinOrder(backends, turn)).toEqual(expected);
  });
});
