import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { parse } from 'yaml';
import { makeCrds } from '../../crd/index.js';
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

const crdSchema = (): TSchema => {
  const crd = makeCrds().find((c) => c.spec.names.kind === 'PodAutoscaler');
  return crd?.spec.versions[0]?.schema.openAPIV3Schema as unknown as TSchema;
};

/** Marks a path to delete in {@link edited}. */
const REMOVE = Symbol('remove');
type Path = readonly (string | number)[];

/** A deep copy of `fixture` with the value at `path` replaced (or removed with {@link REMOVE}). */
function edited(fixture: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(fixture);
  let node = copy as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  const last = path[path.length - 1] ?? '';
  if (value === REMOVE) delete node[last];
  else node[last] = value;
  return copy;
}

describe('PodAutoscaler schema (autoscaling.internal.knative.dev/v1alpha1)', () => {
  it('the TypeBox schema and the CRD schema accept a KPA PodAutoscaler', () => {
    expect([...Compile(PodAutoscalerSchema).Errors(POD_AUTOSCALER)]).toEqual([]);
    expect([...Compile(crdSchema()).Errors(POD_AUTOSCALER)]).toEqual([]);
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
    expect(Compile(crdSchema()).Check(bad)).toBe(false);
  });
});
