import { bindsPodIP, decodePodPorts, effectivePort, encodePodPorts, identityPortMap, POD_IP_PORT_MAPPING, POD_PORT_MAPPING_ANNOTATION, POD_PORTS_ANNOTATION, portKey } from './ports.js';

const pod = (value?: string): { metadata: { annotations?: Record<string, string> } } => ({ metadata: value === undefined ? {} : { annotations: { [POD_PORTS_ANNOTATION]: value } } });

describe('pod port mapping', () => {
  it.each([
    ['no annotation', undefined, {}],
    ['a valid map', '{"8080/TCP":41523,"9090/UDP":41524}', { '8080/TCP': 41523, '9090/UDP': 41524 }],
    ['not JSON', '{8080', {}],
    ['not an object', '[1,2]', {}],
    ['drops out-of-range and non-integer ports', '{"1/TCP":0,"2/TCP":65536,"3/TCP":1.5,"4/TCP":"80","5/TCP":80}', { '5/TCP': 80 }],
  ])('decodes %s', (_name, value, expected) => {
    expect(decodePodPorts(pod(value))).toEqual(expected);
  });

  it('encodes with sorted keys so equal maps give equal annotations', () => {
    expect(encodePodPorts({ '9090/TCP': 2, '8080/TCP': 1 })).toBe('{"8080/TCP":1,"9090/TCP":2}');
  });

  it.each([
    ['mapped TCP port', 8080, undefined, 41523],
    ['mapped UDP port', 53, 'UDP', 41000],
    ['unmapped port stays itself', 9000, undefined, 9000],
    ['protocol is part of the key', 8080, 'UDP', 8080],
  ])('effective port: %s', (_name, port, protocol, expected) => {
    const annotated = pod(encodePodPorts({ [portKey(8080)]: 41523, [portKey(53, 'UDP')]: 41000 }));
    expect(effectivePort(annotated, port, protocol)).toBe(expected);
  });

  it.each([
    ['no annotations', undefined, false],
    ['pod-ip', POD_IP_PORT_MAPPING, true],
    ['another value keeps the remapping', 'host-port', false],
    ['case matters', 'Pod-IP', false],
  ])('binds its pod IP: %s', (_name, value, expected) => {
    const annotated = { metadata: value === undefined ? {} : { annotations: { [POD_PORT_MAPPING_ANNOTATION]: value } } };
    expect(bindsPodIP(annotated)).toBe(expected);
  });

  it.each([
    ['no ports', [], {}],
    ['each port maps to itself', [portKey(8080), portKey(9090), portKey(53, 'UDP')], { '8080/TCP': 8080, '9090/TCP': 9090, '53/UDP': 53 }],
    ['drops keys without a valid port', ['0/TCP', 'x/TCP', '70000/TCP', portKey(1)], { '1/TCP': 1 }],
  ])('identity map: %s', (_name, keys, expected) => {
    expect(identityPortMap(keys)).toEqual(expected);
  });

  it('an identity map recorded on a pod gives the containerPort as the effective port', () => {
    const annotated = pod(encodePodPorts(identityPortMap([portKey(8080)])));
    expect(effectivePort(annotated, 8080)).toBe(8080);
  });
});
