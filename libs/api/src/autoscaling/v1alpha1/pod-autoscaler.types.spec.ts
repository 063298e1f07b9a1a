import { Compile } from 'typebox/compile';
import { parse } from 'yaml';
import { crdSchema, edited, type Path } from '../../crd/schema.spec-support.js';
import { PodAutoscalerSchema } from './index.js';

const POD_AUTOSCALER = parse(`
apiVersion: autoscaling.internal.knative.dev/v1alpha1
kind: PodAutoscaler
metadata:
  name: hello-00001
  namespace: default
  annotations: { autoscaling.knative.dev/class: kpa.autoscaling.knative.dev, autoscaling.knative.dev/metric: concurrency }
spec:
  containerConcurrency: 0
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: hello-00001-deployment }
  reachability: Reachable
  protocolType: http1
status:
  observedGeneration: 1
  conditions:
    - { type: Active, status: "True" }
    - { type: Ready, status: "True" }
    - { type: SKSReady, status: "True" }
    - { type: ScaleTargetInitialized, status: "True" }
  serviceName: hello-00001
  metricsServiceName: hello-00001-private
  desiredScale: 1
  actualScale: 1
`) as unknown;

describe('PodAutoscaler schema (autoscaling.internal.knative.dev/v1alpha1)', () => {
  it('the TypeBox schema and the CRD schema accept a KPA PodAutoscaler', () => {
    expect([...Compile(PodAutoscalerSchema).Errors(POD_AUTOSCALER)]).toEqual([]);
    expect([...Compile(crdSchema('PodAutoscaler')).Errors(POD_AUTOSCALER)]).toEqual([]);
  });

  it.each(['', 'Reachable', 'Unreachable'])('accepts reachability %j', (reachability) => {
    expect(Compile(PodAutoscalerSchema).Check({ spec: { reachability } })).toBe(true);
  });

  it.each<{ name: string; path: Path; value: unknown }>([
    { name: 'an unknown reachability', path: ['spec', 'reachability'], value: 'Maybe' },
    { name: 'a protocolType other than http1/h2c', path: ['spec', 'protocolType'], value: 'http2' },
    { name: 'desiredScale a string', path: ['status', 'desiredScale'], value: '1' },
    { name: 'actualScale a float', path: ['status', 'actualScale'], value: 0.5 },
    { name: 'scaleTargetRef a string', path: ['spec', 'scaleTargetRef'], value: 'hello-00001-deployment' },
  ])('the TypeBox schema and the CRD schema reject $name', ({ path, value }) => {
    const bad = edited(POD_AUTOSCALER, path, value);
    expect(Compile(PodAutoscalerSchema).Check(bad)).toBe(false);
    expect(Compile(crdSchema('PodAutoscaler')).Check(bad)).toBe(false);
  });
});
