import type { Container, Revision } from '@ebb/api';
import { makeProbeSpec, type ProbeSpec } from './probe-spec.js';

const revision = (...containers: Container[]): Revision => ({ apiVersion: 'serving.knative.dev/v1', kind: 'Revision', metadata: { name: 'r', namespace: 'n' }, spec: { containers } });
const DEFAULT_HEADERS = { 'user-agent': 'ebb-activator-probe', accept: '*/*' };

describe('makeProbeSpec', () => {
  it.each<{ name: string; revision: Revision; want: ProbeSpec }>([
    { name: 'no containers', revision: { spec: {} }, want: { kind: 'tcp' } },
    { name: 'no readiness probe', revision: revision({ image: 'x' }), want: { kind: 'tcp' } },
    { name: 'a tcpSocket probe (the Knative default)', revision: revision({ image: 'x', readinessProbe: { tcpSocket: { port: 0 } } }), want: { kind: 'tcp' } },
    { name: 'an exec probe', revision: revision({ image: 'x', readinessProbe: { exec: { command: ['true'] } } }), want: { kind: 'tcp' } },
    {
      name: 'an httpGet probe: its path, the default headers, its port ignored',
      revision: revision({ image: 'x', readinessProbe: { httpGet: { path: '/healthz', port: 9999 } } }),
      want: { kind: 'http', path: '/healthz', headers: DEFAULT_HEADERS },
    },
    {
      name: 'an httpGet probe without path, scheme HTTP in any case',
      revision: revision({ image: 'x', readinessProbe: { httpGet: { scheme: 'http' } } }),
      want: { kind: 'http', path: '/', headers: DEFAULT_HEADERS },
    },
    {
      name: 'a path without a leading slash, headers honoured (names lower-cased, User-Agent overridable)',
      revision: revision({ image: 'x', readinessProbe: { httpGet: { path: 'ready?full=1', httpHeaders: [{ name: 'X-Probe', value: 'yes' }, { name: 'User-Agent', value: 'me' }] } } }),
      want: { kind: 'http', path: '/ready?full=1', headers: { 'user-agent': 'me', accept: '*/*', 'x-probe': 'yes' } },
    },
    { name: 'an HTTPS probe: a TCP connect', revision: revision({ image: 'x', readinessProbe: { httpGet: { path: '/', scheme: 'HTTPS' } } }), want: { kind: 'tcp' } },
    {
      name: 'with a sidecar: the container with a port is the serving one',
      revision: revision(
        { name: 'side', image: 's', readinessProbe: { httpGet: { path: '/side' } } },
        { name: 'user', image: 'u', ports: [{ containerPort: 8080 }], readinessProbe: { httpGet: { path: '/user' } } },
      ),
      want: { kind: 'http', path: '/user', headers: DEFAULT_HEADERS },
    },
  ])('$name', ({ revision: given, want }) => {
    expect(makeProbeSpec(given)).toEqual(want);
  });
});
