import { defaultAutoscalerConfig, defaultDefaultsConfig, defaultFeaturesConfig, type FeaturesConfig } from '@ebb/config';
import { Operation, type ValidationContext } from '../../core/context.js';
import type { PodSpec } from '../../core/podspec.js';
import { DiagnosticLevel } from '../../errors/field-error.js';
import { validatePodSpec } from '../podspec.js';

/** A validation context from the stock config with some features overridden. */
function ctxWith(features: Partial<FeaturesConfig> = {}): ValidationContext {
  return { defaults: defaultDefaultsConfig(), features: { ...defaultFeaturesConfig(), ...features }, autoscaler: defaultAutoscalerConfig(), operation: Operation.Create };
}

interface Row {
  readonly name: string;
  readonly containers: readonly unknown[];
  readonly features?: Partial<FeaturesConfig>;
  readonly want: string;
}

/** Errors of a PodSpec holding `containers`. */
function errorsOf(row: Row): string {
  return validatePodSpec({ containers: row.containers } as PodSpec, ctxWith(row.features)).filter(DiagnosticLevel.Error).render();
}

// A readiness probe as defaulting leaves it (VALIDATION.md §7 readiness extras).
const timing = { periodSeconds: 1, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 };
const MAX = 2147483647;
const NEITHER = (p: string): string => `expected exactly one, got neither: ${['exec', 'grpc', 'httpGet', 'tcpSocket'].map((h) => `containers[0].${p}.${h}`).join(', ')}`;

describe('validatePodSpec: serving container probes', () => {
  it.each<Row>([
    { name: 'valid probes without ports', containers: [{ image: 'foo', readinessProbe: { ...timing, httpGet: { path: '/' } }, livenessProbe: { tcpSocket: {} } }], want: '' },
    { name: 'valid exec probe', containers: [{ image: 'foo', readinessProbe: { ...timing, httpGet: { path: '/' } }, livenessProbe: { exec: {} } }], want: '' },
    { name: 'liveness: no handler', containers: [{ image: 'foo', livenessProbe: {} }], want: NEITHER('livenessProbe') },
    { name: 'startup: no handler', containers: [{ image: 'foo', startupProbe: { periodSeconds: 1 } }], want: NEITHER('startupProbe') },
    { name: 'startup: one handler', containers: [{ image: 'foo', startupProbe: { grpc: { port: 46 } } }], want: '' },
    {
      name: 'readiness: multiple handlers',
      containers: [{ image: 'foo', readinessProbe: { ...timing, httpGet: { path: '/' }, exec: {}, tcpSocket: {} } }],
      want: 'expected exactly one, got both: containers[0].readinessProbe.exec, containers[0].readinessProbe.httpGet, containers[0].readinessProbe.tcpSocket',
    },
    {
      name: 'readiness: grpc and exec handlers (Knative labels grpc as gRPC here)',
      containers: [{ image: 'foo', readinessProbe: { ...timing, grpc: { port: 46 }, exec: {} } }],
      want: 'expected exactly one, got both: containers[0].readinessProbe.exec, containers[0].readinessProbe.gRPC',
    },
    { name: 'numeric ports are allowed', containers: [{ image: 'foo', livenessProbe: { httpGet: { port: 5000 } }, readinessProbe: { ...timing, tcpSocket: { port: 5000 } } }], want: '' },
    {
      name: 'named port must match the container port',
      containers: [{ image: 'foo', livenessProbe: { tcpSocket: { port: 'imap' } } }],
      want: 'invalid value: imap: containers[0].livenessProbe.tcpSocket.port\nProbe port must match container port',
    },
    { name: 'named port http is the default port name', containers: [{ image: 'foo', readinessProbe: { successThreshold: 1, httpGet: { port: 'http' } } }], want: '' },
    { name: 'named port matching the declared port name', containers: [{ image: 'foo', ports: [{ name: 'h2c' }], livenessProbe: { httpGet: { port: 'h2c' } } }], want: '' },
    {
      name: 'named port http once the port has another name',
      containers: [{ image: 'foo', ports: [{ name: 'h2c' }], livenessProbe: { httpGet: { port: 'http' } } }],
      want: 'invalid value: http: containers[0].livenessProbe.httpGet.port\nProbe port must match container port',
    },
    { name: 'valid grpc probe with service', containers: [{ image: 'foo', readinessProbe: { ...timing, grpc: { port: 46, service: 'foo' } } }], want: '' },
    { name: 'handler field mask', containers: [{ image: 'foo', livenessProbe: { httpGet: { port: 8080, extra: 'x' } } }], want: 'must not set the field(s): containers[0].livenessProbe.httpGet.extra' },
    { name: 'probe field mask', containers: [{ image: 'foo', livenessProbe: { exec: {}, extra: 1 } }], want: 'must not set the field(s): containers[0].livenessProbe.extra' },
    { name: 'readiness: aggressive probe (periodSeconds 0) as defaulted', containers: [{ image: 'foo', readinessProbe: { tcpSocket: { port: 0 }, successThreshold: 1 } }], want: '' },
    {
      name: 'readiness: failureThreshold while periodSeconds is zero',
      containers: [{ image: 'foo', readinessProbe: { periodSeconds: 0, failureThreshold: 2, successThreshold: 1, httpGet: { path: '/' } } }],
      want: 'failureThreshold is disallowed when periodSeconds is zero: containers[0].readinessProbe.failureThreshold',
    },
    {
      name: 'readiness: timeoutSeconds while periodSeconds is zero',
      containers: [{ image: 'foo', readinessProbe: { periodSeconds: 0, timeoutSeconds: 2, successThreshold: 1, httpGet: { path: '/' } } }],
      want: 'timeoutSeconds is disallowed when periodSeconds is zero: containers[0].readinessProbe.timeoutSeconds',
    },
    {
      name: 'readiness: out of bounds values',
      containers: [{ image: 'foo', readinessProbe: { periodSeconds: -1, timeoutSeconds: 0, successThreshold: 0, failureThreshold: 0, initialDelaySeconds: -1, httpGet: {} } }],
      want: [
        `expected 0 <= -1 <= ${MAX}: containers[0].readinessProbe.initialDelaySeconds, containers[0].readinessProbe.periodSeconds`,
        `expected 1 <= 0 <= ${MAX}: containers[0].readinessProbe.failureThreshold, containers[0].readinessProbe.successThreshold, containers[0].readinessProbe.timeoutSeconds`,
      ].join('\n'),
    },
    { name: 'liveness: no timing rules', containers: [{ image: 'foo', livenessProbe: { periodSeconds: 0, failureThreshold: 5, tcpSocket: {} } }], want: '' },
  ])('$name', (row) => {
    expect(errorsOf(row)).toBe(row.want);
  });
});

const serving = { name: 'container-a', image: 'busybox', ports: [{ containerPort: 8888 }] };
const PROBING = { multiContainerProbing: 'Enabled' } as const;

describe('validatePodSpec: sidecar probes', () => {
  it.each<Row>([
    {
      name: 'multi-container-probing Disabled: probe fields not allowed',
      containers: [serving, { name: 'b', image: 'helloworld', livenessProbe: { timeoutSeconds: 1 }, readinessProbe: { timeoutSeconds: 1 } }],
      want: 'must not set the field(s): containers[1].livenessProbe.timeoutSeconds, containers[1].readinessProbe.timeoutSeconds',
    },
    {
      name: 'multi-container-probing Disabled: a handler is reported at the probe',
      containers: [serving, { name: 'b', image: 'health', livenessProbe: { httpGet: { port: 9999 } } }],
      want: 'must not set the field(s): containers[1].livenessProbe',
    },
    {
      name: 'multi-container-probing Disabled: readiness handler and timings',
      containers: [serving, { name: 'b', image: 'foo', readinessProbe: { ...timing, httpGet: { path: '/' } }, livenessProbe: { tcpSocket: {} } }],
      want:
        'must not set the field(s): containers[1].livenessProbe, containers[1].readinessProbe, containers[1].readinessProbe.failureThreshold, ' +
        'containers[1].readinessProbe.periodSeconds, containers[1].readinessProbe.successThreshold, containers[1].readinessProbe.timeoutSeconds',
    },
    { name: 'multi-container-probing Disabled: no probes is fine', containers: [serving, { name: 'b', image: 'foo' }], want: '' },
    {
      name: 'multi-container-probing Enabled: ports must be specified',
      containers: [serving, { name: 'b', image: 'foo', readinessProbe: { ...timing, httpGet: { path: '/' } }, livenessProbe: { tcpSocket: {} } }],
      features: PROBING,
      want: 'invalid value: 0: containers[1].livenessProbe.tcpSocket.port, containers[1].readinessProbe.httpGet.port\nProbe port must be specified',
    },
    {
      name: 'multi-container-probing Enabled: numeric and named ports',
      containers: [serving, { name: 'b', image: 'foo', readinessProbe: { successThreshold: 1, httpGet: { port: 'http' } }, livenessProbe: { tcpSocket: { port: 5000 } } }],
      features: PROBING,
      want: '',
    },
    { name: 'multi-container-probing Enabled: exec probe', containers: [serving, { name: 'b', image: 'foo', livenessProbe: { exec: {} } }], features: PROBING, want: '' },
    {
      name: 'multi-container-probing Enabled: no handler',
      containers: [serving, { name: 'b', image: 'foo', livenessProbe: {} }],
      features: PROBING,
      want: `expected exactly one, got neither: ${['exec', 'grpc', 'httpGet', 'tcpSocket'].map((h) => `containers[1].livenessProbe.${h}`).join(', ')}`,
    },
    {
      name: 'multi-container-probing Enabled: readiness timing rules apply',
      containers: [serving, { name: 'b', image: 'foo', readinessProbe: { periodSeconds: 0, failureThreshold: 2, successThreshold: 1, httpGet: { port: 5000 } } }],
      features: PROBING,
      want: 'failureThreshold is disallowed when periodSeconds is zero: containers[1].readinessProbe.failureThreshold',
    },
  ])('$name', (row) => {
    expect(errorsOf(row)).toBe(row.want);
  });
});
