// Table tests of makeDeployment with complete expected objects (Knative deploy_test.go style).
import type { Revision } from '@ebb/api';
import { defaultAutoscalerConfig, defaultDeploymentConfig, type AutoscalerConfig } from '@ebb/config';
import type { V1Deployment } from '@kubernetes/client-node';
import { makeDeployment } from './deployment.js';

const OWNER = { apiVersion: 'serving.knative.dev/v1', kind: 'Revision', name: 'hello-00001', uid: 'rev-uid', controller: true, blockOwnerDeletion: true };

/** A defaulted Revision of the hello-world Service, with `over` merged over its parts. */
function revision(over: { labels?: Record<string, string>; annotations?: Record<string, string>; spec?: Partial<NonNullable<Revision['spec']>> } = {}): Revision {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Revision',
    metadata: {
      name: 'hello-00001',
      namespace: 'default',
      uid: 'rev-uid',
      labels: {
        'serving.knative.dev/configuration': 'hello',
        'serving.knative.dev/configurationGeneration': '1',
        'serving.knative.dev/service': 'hello',
        'serving.knative.dev/routingState': 'active',
        ...over.labels,
      },
      annotations: {
        'serving.knative.dev/creator': 'alice',
        'serving.knative.dev/routes': 'hello',
        'serving.knative.dev/routingStateModified': '2026-01-01T00:00:00Z',
        ...over.annotations,
      },
    },
    spec: {
      containerConcurrency: 0,
      timeoutSeconds: 300,
      enableServiceLinks: false,
      containers: [
        {
          name: 'user-container',
          image: 'dev.local/hello:1',
          env: [{ name: 'TARGET', value: 'World' }],
          readinessProbe: { tcpSocket: { port: 0 }, successThreshold: 1 },
        },
      ],
      ...over.spec,
    },
  };
}

const LABELS = {
  'serving.knative.dev/configuration': 'hello',
  'serving.knative.dev/configurationGeneration': '1',
  'serving.knative.dev/service': 'hello',
  'serving.knative.dev/revision': 'hello-00001',
  'serving.knative.dev/revisionUID': 'rev-uid',
  app: 'hello-00001',
};
const K_ENV = [
  { name: 'K_REVISION', value: 'hello-00001' },
  { name: 'K_CONFIGURATION', value: 'hello' },
  { name: 'K_SERVICE', value: 'hello' },
];
const AGGRESSIVE = { periodSeconds: 1, failureThreshold: 1, timeoutSeconds: 1 };

/** The expected Deployment with `over` applied to the parts that vary. */
function expected(over: { replicas?: number; deadline?: number; labels?: Record<string, string>; annotations?: Record<string, string>; podSpec?: Record<string, unknown>; serving?: string } = {}): V1Deployment {
  const labels = over.labels ?? LABELS;
  const annotations = over.annotations ?? { 'serving.knative.dev/creator': 'alice' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'hello-00001-deployment', namespace: 'default', labels, annotations, ownerReferences: [OWNER] },
    spec: {
      replicas: over.replicas ?? 1,
      selector: { matchLabels: { 'serving.knative.dev/revisionUID': 'rev-uid' } },
      progressDeadlineSeconds: over.deadline ?? 600,
      strategy: { type: 'RollingUpdate' },
      template: {
        metadata: { labels, annotations: { ...annotations, 'kubectl.kubernetes.io/default-container': over.serving ?? 'user-container' } },
        spec: over.podSpec ?? {
          enableServiceLinks: false,
          terminationGracePeriodSeconds: 300,
          containers: [
            {
              name: 'user-container',
              image: 'dev.local/hello:1',
              ports: [{ name: 'user-port', containerPort: 8080 }],
              env: [{ name: 'TARGET', value: 'World' }, { name: 'PORT', value: '8080' }, ...K_ENV],
              readinessProbe: { tcpSocket: { port: 8080 }, successThreshold: 1, ...AGGRESSIVE },
              terminationMessagePolicy: 'FallbackToLogsOnError',
            },
          ],
        },
      },
    },
  } as unknown as V1Deployment;
}

const autoscaler = defaultAutoscalerConfig();
const cfg = (over: Partial<AutoscalerConfig> = {}) => ({ deployment: defaultDeploymentConfig(), autoscaler: { ...autoscaler, ...over } });

describe('makeDeployment', () => {
  it.each([
    { name: 'hello world (defaults)', rev: revision(), config: cfg(), want: expected() },
    {
      name: 'user app label and annotations kept; autoscaling and no-gc dropped',
      rev: revision({
        labels: { app: 'mine', 'serving.knative.dev/route': 'hello' },
        annotations: { 'autoscaling.knative.dev/min-scale': '2', 'serving.knative.dev/no-gc': 'true', 'serving.knative.dev/lastPinned': '1', team: 'a' },
      }),
      config: cfg(),
      want: expected({ replicas: 2, labels: { ...LABELS, app: 'mine' }, annotations: { 'serving.knative.dev/creator': 'alice', team: 'a' } }),
    },
    {
      name: 'initial scale annotation; progress deadline annotation',
      rev: revision({ annotations: { 'autoscaling.knative.dev/initial-scale': '3', 'serving.knative.dev/progress-deadline': '2m30s' } }),
      config: cfg(),
      want: expected({ replicas: 3, deadline: 150, annotations: { 'serving.knative.dev/creator': 'alice', 'serving.knative.dev/progress-deadline': '2m30s' } }),
    },
    {
      name: 'initial scale 0 only when allowed',
      rev: revision({ annotations: { 'autoscaling.knative.dev/initial-scale': '0' } }),
      config: cfg({ allowZeroInitialScale: true }),
      want: expected({ replicas: 0 }),
    },
    {
      name: 'initial scale 0 refused → config initial scale',
      rev: revision({ annotations: { 'autoscaling.knative.dev/initial-scale': '0' } }),
      config: cfg({ initialScale: 2 }),
      want: expected({ replicas: 2 }),
    },
    {
      name: 'h2c port, http probes, liveness, sidecar, Knative timeouts removed',
      rev: revision({
        spec: {
          containerConcurrency: 10,
          timeoutSeconds: 30,
          responseStartTimeoutSeconds: 10,
          idleTimeoutSeconds: 5,
          containers: [
            {
              name: 'app',
              image: 'dev.local/grpc:1',
              ports: [{ name: 'h2c', containerPort: 9000, protocol: 'TCP' }],
              readinessProbe: { httpGet: { path: '/ready', port: 'h2c' }, periodSeconds: 5, failureThreshold: 3, timeoutSeconds: 2 },
              livenessProbe: { tcpSocket: { port: 1234 }, periodSeconds: 10 },
              terminationMessagePolicy: 'File',
            },
            { name: 'sidecar', image: 'dev.local/side:1', readinessProbe: { exec: { command: ['true'] } } },
          ],
        },
      }),
      config: cfg(),
      want: expected({
        serving: 'app',
        podSpec: {
          enableServiceLinks: false,
          terminationGracePeriodSeconds: 30,
          containers: [
            {
              name: 'app',
              image: 'dev.local/grpc:1',
              ports: [{ name: 'user-port', containerPort: 9000, protocol: 'TCP' }],
              env: [{ name: 'PORT', value: '9000' }, ...K_ENV],
              readinessProbe: { httpGet: { path: '/ready', port: 9000 }, periodSeconds: 5, failureThreshold: 3, timeoutSeconds: 2 },
              livenessProbe: { tcpSocket: { port: 9000 }, periodSeconds: 10 },
              terminationMessagePolicy: 'File',
            },
            {
              name: 'sidecar',
              image: 'dev.local/side:1',
              env: K_ENV,
              readinessProbe: { exec: { command: ['true'] }, ...AGGRESSIVE },
              terminationMessagePolicy: 'FallbackToLogsOnError',
            },
          ],
        },
      }),
    },
    {
      name: 'no readiness probe, no Service label → TCP probe on the user port, K_SERVICE empty',
      rev: (() => {
        const r = revision({ spec: { containers: [{ name: 'user-container', image: 'dev.local/hello:1', ports: [{ containerPort: 8888 }] }] } });
        delete r.metadata?.labels?.['serving.knative.dev/service'];
        return r;
      })(),
      config: cfg(),
      want: expected({
        labels: Object.fromEntries(Object.entries(LABELS).filter(([k]) => k !== 'serving.knative.dev/service')),
        podSpec: {
          enableServiceLinks: false,
          terminationGracePeriodSeconds: 300,
          containers: [
            {
              name: 'user-container',
              image: 'dev.local/hello:1',
              ports: [{ name: 'user-port', containerPort: 8888 }],
              env: [{ name: 'PORT', value: '8888' }, K_ENV[0], K_ENV[1], { name: 'K_SERVICE', value: '' }],
              readinessProbe: { tcpSocket: { port: 8888 }, successThreshold: 1, ...AGGRESSIVE },
              terminationMessagePolicy: 'FallbackToLogsOnError',
            },
          ],
        },
      }),
    },
    {
      name: 'min-scale above initial scale; max-scale caps it',
      rev: revision({ annotations: { 'autoscaling.knative.dev/min-scale': '4', 'autoscaling.knative.dev/max-scale': '3' } }),
      config: cfg(),
      want: expected({ replicas: 3 }),
    },
  ])('$name', ({ rev, config, want }) => {
    expect(makeDeployment(rev, config)).toEqual(want);
  });

  it('uses config-deployment progress-deadline when the annotation is absent', () => {
    const out = makeDeployment(revision(), { deployment: { ...defaultDeploymentConfig(), progressDeadline: 120_000 }, autoscaler });
    expect(out.spec?.progressDeadlineSeconds).toBe(120);
  });
});
