import { endpointKey, notReadyEndpoints, readyEndpoints, serviceKeyOfSlice, servingPort, type Endpoint, type EndpointSliceLike } from './endpoints.js';

const slice = (name: string, ports: EndpointSliceLike['ports'], endpoints: EndpointSliceLike['endpoints']): EndpointSliceLike => ({
  metadata: { name, namespace: 'default', labels: { 'kubernetes.io/service-name': 'hello-00001-private' } },
  ports,
  endpoints,
});

describe('readyEndpoints', () => {
  it.each<{ name: string; slices: EndpointSliceLike[]; portName?: string; want: Endpoint[] }>([
    { name: 'no slices', slices: [], want: [] },
    {
      name: 'ready, unknown-readiness and not-ready endpoints on the http port',
      slices: [
        slice('a', [{ name: 'http', port: 8080 }], [
          { addresses: ['127.0.0.3'], conditions: { ready: true } },
          { addresses: ['127.0.0.2'], conditions: {} },
          { addresses: ['127.0.0.4'], conditions: { ready: false } },
        ]),
      ],
      want: [
        { address: '127.0.0.2', port: 8080, protocol: 'http1' },
        { address: '127.0.0.3', port: 8080, protocol: 'http1' },
      ],
    },
    {
      name: 'an h2c port by name',
      slices: [slice('a', [{ name: 'h2c', port: 9000 }], [{ addresses: ['127.0.0.5'] }])],
      want: [{ address: '127.0.0.5', port: 9000, protocol: 'h2c' }],
    },
    {
      name: 'an h2c port by appProtocol',
      slices: [slice('a', [{ name: 'http2', port: 9001, appProtocol: 'kubernetes.io/h2c' }], [{ addresses: ['127.0.0.5'] }])],
      want: [{ address: '127.0.0.5', port: 9001, protocol: 'h2c' }],
    },
    {
      name: 'the only unnamed port',
      slices: [slice('a', [{ port: 7000 }], [{ addresses: ['127.0.0.6'] }])],
      want: [{ address: '127.0.0.6', port: 7000, protocol: 'http1' }],
    },
    {
      name: 'two slices, one endpoint in both, sorted and deduplicated',
      slices: [
        slice('a', [{ name: 'http', port: 80 }], [{ addresses: ['127.0.0.9'] }, { addresses: ['127.0.0.1'] }]),
        slice('b', [{ name: 'http', port: 80 }], [{ addresses: ['127.0.0.1'] }]),
      ],
      want: [
        { address: '127.0.0.1', port: 80, protocol: 'http1' },
        { address: '127.0.0.9', port: 80, protocol: 'http1' },
      ],
    },
    {
      name: 'a named port asked for',
      slices: [slice('a', [{ name: 'metrics', port: 9090 }, { name: 'http', port: 8080 }], [{ addresses: ['127.0.0.1'] }])],
      portName: 'metrics',
      want: [{ address: '127.0.0.1', port: 9090, protocol: 'http1' }],
    },
    {
      name: 'two unnamed ports: no serving port',
      slices: [slice('a', [{ port: 1 }, { port: 2 }], [{ addresses: ['127.0.0.1'] }])],
      want: [],
    },
  ])('$name', ({ slices, portName, want }) => {
    expect(readyEndpoints(slices, portName)).toEqual(want);
  });
});

describe('notReadyEndpoints', () => {
  it.each<{ name: string; slices: EndpointSliceLike[]; portName?: string; want: Endpoint[] }>([
    { name: 'no slices', slices: [], want: [] },
    {
      name: 'only ready false and not terminating, with an address',
      slices: [
        slice('a', [{ name: 'http', port: 8080 }], [
          { addresses: ['127.0.0.3'], conditions: { ready: true } },
          { addresses: ['127.0.0.2'], conditions: {} },
          { addresses: ['127.0.0.5'], conditions: { ready: false } },
          { addresses: ['127.0.0.4'], conditions: { ready: false, terminating: false } },
          { addresses: ['127.0.0.6'], conditions: { ready: false, terminating: true } },
          { addresses: [], conditions: { ready: false } },
        ]),
      ],
      want: [
        { address: '127.0.0.4', port: 8080, protocol: 'http1' },
        { address: '127.0.0.5', port: 8080, protocol: 'http1' },
      ],
    },
    {
      name: 'an address another slice lists as ready is left out',
      slices: [
        slice('a', [{ name: 'http', port: 80 }], [{ addresses: ['127.0.0.1'], conditions: { ready: false } }, { addresses: ['127.0.0.2'], conditions: { ready: false } }]),
        slice('b', [{ name: 'http', port: 80 }], [{ addresses: ['127.0.0.1'], conditions: { ready: true } }]),
      ],
      want: [{ address: '127.0.0.2', port: 80, protocol: 'http1' }],
    },
    {
      name: 'an h2c port, a named port asked for',
      slices: [slice('a', [{ name: 'h2c', port: 9000 }, { name: 'metrics', port: 9090 }], [{ addresses: ['127.0.0.7'], conditions: { ready: false } }])],
      portName: 'h2c',
      want: [{ address: '127.0.0.7', port: 9000, protocol: 'h2c' }],
    },
  ])('$name', ({ slices, portName, want }) => {
    expect(notReadyEndpoints(slices, portName)).toEqual(want);
  });
});

describe('servingPort, keys', () => {
  it('prefers http over h2c and skips ports without a number', () => {
    expect(servingPort([{ name: 'h2c', port: 2 }, { name: 'http', port: null }, { name: 'http', port: 1 }])).toEqual({ name: 'http', port: 1 });
  });

  it.each([
    { name: 'IPv4', endpoint: { address: '10.0.0.1', port: 80 }, want: '10.0.0.1:80' },
    { name: 'IPv6', endpoint: { address: 'fd00::1', port: 80 }, want: '[fd00::1]:80' },
  ])('endpointKey of $name', ({ endpoint, want }) => {
    expect(endpointKey(endpoint)).toBe(want);
  });

  it('serviceKeyOfSlice reads the service-name label', () => {
    expect(serviceKeyOfSlice(slice('a', [], []))).toBe('default/hello-00001-private');
    expect(serviceKeyOfSlice({ metadata: { name: 'x', namespace: 'default' } })).toBeUndefined();
  });
});
