import type { V1Service } from '@kubernetes/client-node';
import { desiredLoadBalancerStatus, isLoopbackIPv4, makeListeners, makeLoadBalancerStatus, sameLoadBalancerStatus } from './listeners.js';

function service(spec: V1Service['spec'], metadata: V1Service['metadata'] = {}): V1Service {
  return { metadata: { name: 'web', namespace: 'shop', ...metadata }, spec };
}

const ports = [
  { name: 'http', port: 8080 },
  { name: 'dns', port: 53, protocol: 'UDP' },
  { name: 'admin', port: 9090, protocol: 'TCP' },
];

describe('makeListeners', () => {
  it.each([
    { name: 'no Service', service: undefined, expected: [] },
    { name: 'a ClusterIP Service', service: service({ type: 'ClusterIP', ports }), expected: [] },
    { name: 'a NodePort Service', service: service({ type: 'NodePort', ports }), expected: [] },
    {
      name: 'a LoadBalancer: its TCP ports on 127.0.0.1',
      service: service({ type: 'LoadBalancer', ports }),
      expected: [
        { host: '127.0.0.1', port: 8080, portName: 'http' },
        { host: '127.0.0.1', port: 9090, portName: 'admin' },
      ],
    },
    { name: 'an unnamed port', service: service({ type: 'LoadBalancer', ports: [{ port: 80 }] }), expected: [{ host: '127.0.0.1', port: 80, portName: '' }] },
    { name: 'a loopback loadBalancerIP', service: service({ type: 'LoadBalancer', loadBalancerIP: '127.0.0.9', ports: [{ port: 80 }] }), expected: [{ host: '127.0.0.9', port: 80, portName: '' }] },
    { name: 'a loadBalancerIP that is not loopback', service: service({ type: 'LoadBalancer', loadBalancerIP: '10.0.0.9', ports: [{ port: 80 }] }), expected: [{ host: '127.0.0.1', port: 80, portName: '' }] },
    { name: 'another loadBalancerClass', service: service({ type: 'LoadBalancer', loadBalancerClass: 'example.com/lb', ports }), expected: [] },
    { name: 'being deleted', service: service({ type: 'LoadBalancer', ports }, { deletionTimestamp: new Date(0) }), expected: [] },
  ])('$name', ({ service: svc, expected }) => {
    expect(makeListeners(svc)).toEqual(expected);
  });
});

describe('isLoopbackIPv4', () => {
  it.each([
    { name: '127.0.0.1', address: '127.0.0.1', expected: true },
    { name: 'another 127/8 address', address: '127.45.0.3', expected: true },
    { name: 'a private address', address: '10.1.2.3', expected: false },
    { name: 'IPv6 loopback', address: '::1', expected: false },
    { name: 'not an address', address: '127.foo', expected: false },
    { name: 'empty', address: '', expected: false },
  ])('$name', ({ address, expected }) => {
    expect(isLoopbackIPv4(address)).toBe(expected);
  });
});

describe('makeLoadBalancerStatus', () => {
  it.each([
    { name: 'no listeners', listeners: [], expected: {} },
    {
      name: 'one address, two ports',
      listeners: [
        { host: '127.0.0.1', port: 80, portName: 'http' },
        { host: '127.0.0.1', port: 443, portName: 'https' },
      ],
      expected: { ingress: [{ ip: '127.0.0.1', ports: [{ port: 80, protocol: 'TCP' }, { port: 443, protocol: 'TCP' }] }] },
    },
  ])('$name', ({ listeners, expected }) => {
    expect(makeLoadBalancerStatus(listeners)).toEqual(expected);
  });
});

describe('desiredLoadBalancerStatus', () => {
  const lb = service({ type: 'LoadBalancer', ports: [{ name: 'http', port: 8080 }] });
  it.each([
    { name: 'all bound: the ingress', service: lb, allBound: true, expected: { ingress: [{ ip: '127.0.0.1', ports: [{ port: 8080, protocol: 'TCP' }] }] } },
    { name: 'a port not bound: empty', service: lb, allBound: false, expected: {} },
    { name: 'type changed away: empty', service: service({ type: 'ClusterIP', ports: [{ port: 8080 }] }), allBound: true, expected: {} },
    { name: 'another class: left alone', service: service({ type: 'LoadBalancer', loadBalancerClass: 'x/y', ports: [{ port: 8080 }] }), allBound: true, expected: undefined },
    { name: 'being deleted: left alone', service: service({ type: 'LoadBalancer', ports: [{ port: 8080 }] }, { deletionTimestamp: new Date(0) }), allBound: true, expected: undefined },
  ])('$name', ({ service: svc, allBound, expected }) => {
    expect(desiredLoadBalancerStatus(svc, allBound)).toEqual(expected);
  });
});

describe('sameLoadBalancerStatus', () => {
  const one = { ingress: [{ ip: '127.0.0.1', ports: [{ port: 80, protocol: 'TCP' }] }] };
  it.each([
    { name: 'unset and empty', a: undefined, b: {}, expected: true },
    { name: 'empty ingress and none', a: { ingress: [] }, b: {}, expected: true },
    { name: 'equal ingress', a: one, b: structuredClone(one), expected: true },
    { name: 'another port', a: one, b: { ingress: [{ ip: '127.0.0.1', ports: [{ port: 81, protocol: 'TCP' }] }] }, expected: false },
    { name: 'set and empty', a: one, b: {}, expected: false },
  ])('$name', ({ a, b, expected }) => {
    expect(sameLoadBalancerStatus(a, b)).toBe(expected);
  });
});
