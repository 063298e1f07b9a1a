import type { V1ContainerPort, V1EndpointSlice, V1Pod, V1Service, V1ServicePort, V1ServiceSpec } from '@kubernetes/client-node';
import { encodePodPorts, POD_PORTS_ANNOTATION } from '../pod/ports.js';
import { desiredSlices, endpointPorts, podToEndpoint, sliceLabels } from './desired.js';

interface PodOptions {
  readonly ip?: string;
  readonly ready?: boolean;
  readonly phase?: string;
  readonly deleting?: boolean;
  readonly labels?: Record<string, string>;
  readonly namespace?: string;
  readonly ports?: V1ContainerPort[];
  readonly mapped?: Record<string, number>;
  readonly hostname?: string;
  readonly subdomain?: string;
}

function service(spec: Partial<V1ServiceSpec> = {}, labels?: Record<string, string>): V1Service {
  return {
    metadata: { name: 'web', namespace: 'default', uid: 'svc-uid', ...(labels === undefined ? {} : { labels }) },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }], clusterIP: '10.0.0.1', ...spec },
  };
}

function podMetadata(name: string, options: PodOptions): V1Pod['metadata'] {
  const annotations = options.mapped === undefined ? {} : { annotations: { [POD_PORTS_ANNOTATION]: encodePodPorts(options.mapped) } };
  const deleting = options.deleting === true ? { deletionTimestamp: '2026-01-01T00:00:00Z' as unknown as Date } : {};
  return { name, namespace: options.namespace ?? 'default', uid: `uid-${name}`, labels: options.labels ?? { app: 'web' }, ...annotations, ...deleting };
}

function podStatus(options: PodOptions): V1Pod['status'] {
  const ip = options.ip ?? '127.0.1.1';
  return { phase: options.phase ?? 'Running', ...(ip === '' ? {} : { podIP: ip }), conditions: [{ type: 'Ready', status: options.ready === false ? 'False' : 'True' }] };
}

function pod(name: string, options: PodOptions = {}): V1Pod {
  const { hostname, subdomain } = options;
  return {
    metadata: podMetadata(name, options),
    spec: {
      nodeName: 'local',
      containers: [{ name: 'app', ports: options.ports ?? [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] }],
      ...(hostname === undefined ? {} : { hostname }),
      ...(subdomain === undefined ? {} : { subdomain }),
    },
    status: podStatus(options),
  };
}

const names = (slices: V1EndpointSlice[]): string[][] => slices.map((slice) => (slice.endpoints ?? []).map((endpoint) => endpoint.targetRef?.name ?? ''));

describe('desiredSlices: which pods become endpoints', () => {
  it.each<[string, V1Pod[], string[][]]>([
    ['matching pods, in name order', [pod('c'), pod('a'), pod('b')], [['a', 'b', 'c']]],
    ['a pod with other labels is left out', [pod('a'), pod('b', { labels: { app: 'db' } })], [['a']]],
    ['a pod missing a selector label is left out', [pod('a'), pod('b', { labels: {} })], [['a']]],
    ['a pod of another namespace is left out', [pod('a'), pod('b', { namespace: 'other' })], [['a']]],
    ['a pod without an IP is left out', [pod('a'), pod('b', { ip: '' })], [['a']]],
    ['a pod with only an IPv6 address is left out', [pod('a'), pod('b', { ip: 'fd00::1' })], [['a']]],
    ['Succeeded and Failed pods are left out', [pod('a'), pod('b', { phase: 'Succeeded' }), pod('c', { phase: 'Failed' })], [['a']]],
    ['Pending, not-ready and terminating pods are included', [pod('a', { phase: 'Pending' }), pod('b', { ready: false }), pod('c', { deleting: true })], [['a', 'b', 'c']]],
  ])('%s', (_name, pods, expected) => {
    expect(names(desiredSlices(service(), pods))).toEqual(expected);
  });

  it.each<[string, Partial<V1ServiceSpec>]>([
    ['no selector', { selector: undefined }],
    ['an empty selector', { selector: {} }],
    ['type ExternalName', { type: 'ExternalName', externalName: 'example.com' }],
  ])('a Service with %s gets no slices', (_name, spec) => {
    expect(desiredSlices(service(spec), [pod('a')])).toEqual([]);
  });

  it('a Service with a selector but no endpoints gets one empty placeholder slice', () => {
    expect(desiredSlices(service(), [pod('a', { ip: '' })])).toEqual([
      {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          generateName: 'web-',
          namespace: 'default',
          labels: { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
          ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'svc-uid', controller: true, blockOwnerDeletion: true }],
        },
        addressType: 'IPv4',
        ports: [],
        endpoints: [],
      },
    ]);
  });

  it('builds the whole slice: owner, labels, ports at the mapped host port, endpoints', () => {
    const svc = service({}, { team: 'a' });
    expect(desiredSlices(svc, [pod('a', { ip: '127.0.1.2', mapped: { '8080/TCP': 41000 } })])).toEqual([
      {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          generateName: 'web-',
          namespace: 'default',
          labels: { team: 'a', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
          ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'svc-uid', controller: true, blockOwnerDeletion: true }],
        },
        addressType: 'IPv4',
        ports: [{ name: 'http', port: 41000, protocol: 'TCP' }],
        endpoints: [
          {
            addresses: ['127.0.1.2'],
            conditions: { ready: true, serving: true, terminating: false },
            targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-a' },
            nodeName: 'local',
          },
        ],
      },
    ]);
  });
});

describe('desiredSlices: one slice per distinct resolved port set', () => {
  it.each<[string, V1Pod[], number[][], string[][]]>([
    ['unmapped pods share the declared port', [pod('a'), pod('b')], [[8080]], [['a', 'b']]],
    ['pods mapped to different host ports split', [pod('a', { mapped: { '8080/TCP': 41000 } }), pod('b', { mapped: { '8080/TCP': 41001 } })], [[41000], [41001]], [['a'], ['b']]],
    ['a just-created pod (no mapping yet) sits apart from mapped ones', [pod('a', { mapped: { '8080/TCP': 41000 } }), pod('b'), pod('c', { mapped: { '8080/TCP': 41000 } })], [[41000], [8080]], [['a', 'c'], ['b']]],
    ['a pod without the named port gets a port-less slice', [pod('a'), pod('b', { ports: [{ name: 'metrics', containerPort: 9090 }] })], [[8080], []], [['a'], ['b']]],
  ])('%s', (_name, pods, ports, endpoints) => {
    const slices = desiredSlices(service({ ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] }), pods);
    expect(slices.map((slice) => (slice.ports ?? []).map((port) => port.port))).toEqual(ports);
    expect(names(slices)).toEqual(endpoints);
  });
});

describe('endpointPorts', () => {
  const http: V1ContainerPort = { name: 'http', containerPort: 8080, protocol: 'TCP' };
  const dns: V1ContainerPort = { name: 'dns', containerPort: 53, protocol: 'UDP' };
  interface PortRow {
    readonly servicePort: V1ServicePort;
    readonly containerPorts: V1ContainerPort[];
    readonly mapped?: Record<string, number>;
    readonly expected: object[];
  }
  it.each<[string, PortRow]>([
    ['numeric targetPort, unmapped', { servicePort: { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }, containerPorts: [http], expected: [{ name: 'http', port: 8080, protocol: 'TCP' }] }],
    ['numeric targetPort, mapped', { servicePort: { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }, containerPorts: [http], mapped: { '8080/TCP': 41000 }, expected: [{ name: 'http', port: 41000, protocol: 'TCP' }] }],
    ['numeric targetPort no container declares, mapped if recorded', { servicePort: { port: 80, targetPort: 9000 }, containerPorts: [http], mapped: { '9000/TCP': 42000 }, expected: [{ name: '', port: 42000, protocol: 'TCP' }] }],
    ['no targetPort means the port', { servicePort: { name: 'p', port: 8080, protocol: 'TCP' }, containerPorts: [http], mapped: { '8080/TCP': 41000 }, expected: [{ name: 'p', port: 41000, protocol: 'TCP' }] }],
    ['named targetPort, mapped', { servicePort: { name: 'web', port: 80, targetPort: 'http', protocol: 'TCP' }, containerPorts: [http], mapped: { '8080/TCP': 41000 }, expected: [{ name: 'web', port: 41000, protocol: 'TCP' }] }],
    ['named targetPort of another protocol is omitted', { servicePort: { name: 'web', port: 80, targetPort: 'http', protocol: 'UDP' }, containerPorts: [http], expected: [] }],
    ['named targetPort with its protocol', { servicePort: { name: 'dns', port: 53, targetPort: 'dns', protocol: 'UDP' }, containerPorts: [http, dns], mapped: { '53/UDP': 43000 }, expected: [{ name: 'dns', port: 43000, protocol: 'UDP' }] }],
    ['unknown named targetPort is omitted', { servicePort: { name: 'web', port: 80, targetPort: 'nope', protocol: 'TCP' }, containerPorts: [http], expected: [] }],
    [
      'appProtocol is carried',
      { servicePort: { name: 'h2', port: 80, targetPort: 8080, protocol: 'TCP', appProtocol: 'kubernetes.io/h2c' }, containerPorts: [http], expected: [{ name: 'h2', port: 8080, protocol: 'TCP', appProtocol: 'kubernetes.io/h2c' }] },
    ],
  ])('%s', (_name, { servicePort, containerPorts, mapped, expected }) => {
    const p = pod('a', { ports: containerPorts, ...(mapped === undefined ? {} : { mapped }) });
    expect(endpointPorts(service({ ports: [servicePort] }), p)).toEqual(expected);
  });

  it('resolves a named port of a sidecar (init container with restartPolicy Always) but not of a plain init container', () => {
    const p = pod('a', { ports: [] });
    p.spec!.initContainers = [
      { name: 'init', ports: [{ name: 'admin', containerPort: 7000 }] },
      { name: 'proxy', restartPolicy: 'Always', ports: [{ name: 'proxy', containerPort: 15001 }] },
    ];
    const ports: V1ServicePort[] = [
      { name: 'a', port: 1, targetPort: 'admin', protocol: 'TCP' },
      { name: 'p', port: 2, targetPort: 'proxy', protocol: 'TCP' },
    ];
    expect(endpointPorts(service({ ports }), p)).toEqual([{ name: 'p', port: 15001, protocol: 'TCP' }]);
  });
});

describe('podToEndpoint conditions', () => {
  it.each<[string, PodOptions, boolean, { ready: boolean; serving: boolean; terminating: boolean }]>([
    ['ready pod', { ready: true }, false, { ready: true, serving: true, terminating: false }],
    ['not-ready pod', { ready: false }, false, { ready: false, serving: false, terminating: false }],
    ['ready terminating pod', { ready: true, deleting: true }, false, { ready: false, serving: true, terminating: true }],
    ['not-ready terminating pod', { ready: false, deleting: true }, false, { ready: false, serving: false, terminating: true }],
    ['not-ready pod, publishNotReadyAddresses', { ready: false }, true, { ready: true, serving: false, terminating: false }],
    ['terminating pod, publishNotReadyAddresses', { ready: false, deleting: true }, true, { ready: true, serving: false, terminating: true }],
  ])('%s', (_name, options, publish, expected) => {
    expect(podToEndpoint(service({ publishNotReadyAddresses: publish }), pod('a', options)).conditions).toEqual(expected);
  });

  it.each<[string, PodOptions, Record<string, string>, object]>([
    ['zone from the node', {}, { local: 'zone-a' }, { nodeName: 'local', zone: 'zone-a' }],
    ['hostname when the pod names the Service as subdomain', { hostname: 'h', subdomain: 'web' }, {}, { hostname: 'h', nodeName: 'local' }],
    ['no hostname for another subdomain', { hostname: 'h', subdomain: 'db' }, {}, { nodeName: 'local' }],
  ])('placement: %s', (_name, options, zones, expected) => {
    const { hostname, nodeName, zone } = podToEndpoint(service(), pod('a', options), zones);
    expect(JSON.parse(JSON.stringify({ hostname, nodeName, zone }))).toEqual(expected);
  });
});

describe('sliceLabels', () => {
  it.each<[string, Record<string, string> | undefined, string, Record<string, string>]>([
    ['no Service labels', undefined, '10.0.0.1', { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' }],
    ['Service labels are copied', { app: 'web', tier: 'front' }, '10.0.0.1', { app: 'web', tier: 'front', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' }],
    [
      'reserved keys on the Service are not copied',
      { 'kubernetes.io/service-name': 'x', 'endpointslice.kubernetes.io/managed-by': 'me', 'service.kubernetes.io/headless': 'x' },
      '10.0.0.1',
      { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
    ],
    ['headless Service', undefined, 'None', { 'service.kubernetes.io/headless': '', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' }],
  ])('%s', (_name, labels, clusterIP, expected) => {
    expect(sliceLabels(service({ clusterIP }, labels))).toEqual(expected);
  });
});
