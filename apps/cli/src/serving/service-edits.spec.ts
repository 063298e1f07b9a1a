import type { Service } from '@ebb/api';
import { CliError } from '../context.js';
import { editService, parseKeyValues, parsePort, parseScale, revisionNameFor, scaleAnnotations, type EditContext, type ServiceEditFlags } from './service-edits.js';

const NOW = new Date('2026-11-26T03:00:00.123Z');
const STAMP = '2026-11-26T03:00:00Z';
const ctx = (mode: EditContext['mode']): EditContext => ({ mode, now: NOW, random: (n) => 'x'.repeat(n) });

function fresh(): Service {
  return { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'hello', namespace: 'default' }, spec: { template: { spec: { containers: [{}] } } } };
}

function existing(): Service {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name: 'hello', namespace: 'default', generation: 2, labels: { team: 'a' }, annotations: { note: 'x' } },
    spec: {
      template: {
        metadata: { name: 'hello-v1', annotations: { 'autoscaling.knative.dev/min-scale': '1', 'client.knative.dev/updateTimestamp': '2026-01-01T00:00:00Z' } },
        spec: { containers: [{ image: 'dev.local/hello', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }] },
      },
      traffic: [{ latestRevision: true, percent: 100 }],
    },
  };
}

describe('editService', () => {
  it.each<{ name: string; base: () => Service; mode: EditContext['mode']; flags: ServiceEditFlags; want: Service }>([
    {
      name: 'create: image, env, port, command, limits, scale and the update timestamp',
      base: fresh,
      mode: 'create',
      flags: { image: 'dev.local/hello', env: ['TARGET=Ebb', 'X=a=b'], port: 'h2c:8080', cmd: ['node'], arg: ['server.mjs'], request: ['cpu=100m,memory=64Mi'], scale: '1..5', concurrencyLimit: '10', timeout: '30', pullPolicy: 'ifnotpresent' },
      want: {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Service',
        metadata: { name: 'hello', namespace: 'default' },
        spec: {
          template: {
            metadata: { annotations: { 'autoscaling.knative.dev/min-scale': '1', 'autoscaling.knative.dev/max-scale': '5', 'client.knative.dev/updateTimestamp': STAMP } },
            spec: {
              containers: [
                {
                  image: 'dev.local/hello',
                  command: ['node'],
                  args: ['server.mjs'],
                  ports: [{ containerPort: 8080, name: 'h2c' }],
                  imagePullPolicy: 'IfNotPresent',
                  env: [
                    { name: 'TARGET', value: 'Ebb' },
                    { name: 'X', value: 'a=b' },
                  ],
                  resources: { requests: { cpu: '100m', memory: '64Mi' } },
                },
              ],
              containerConcurrency: 10,
              timeoutSeconds: 30,
            },
          },
        },
      },
    },
    {
      name: 'create: annotations and labels split between service and template, cluster-local',
      base: fresh,
      mode: 'create',
      flags: { image: 'i', annotation: ['a=1', 'autoscaling.knative.dev/target=50'], annotationService: ['s=2'], annotationRevision: ['r=3'], label: ['l=1'], labelService: ['l=svc'], labelRevision: ['lr=2'], clusterLocal: true, revisionName: '{{.Service}}-{{.Random 3}}-{{.Generation}}' },
      want: {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Service',
        metadata: { name: 'hello', namespace: 'default', annotations: { a: '1', s: '2' }, labels: { l: 'svc', 'networking.knative.dev/visibility': 'cluster-local' } },
        spec: {
          template: {
            metadata: { name: 'hello-xxx-1', annotations: { a: '1', 'autoscaling.knative.dev/target': '50', r: '3', 'client.knative.dev/updateTimestamp': STAMP }, labels: { l: '1', lr: '2' } },
            spec: { containers: [{ image: 'i' }] },
          },
        },
      },
    },
    {
      name: 'update: env set in place, removed and appended; the old revision name dropped; traffic kept',
      base: existing,
      mode: 'update',
      flags: { env: ['B=3', 'A-', 'C=4'], label: ['team-'], scaleMin: '2' },
      want: {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Service',
        metadata: { name: 'hello', namespace: 'default', generation: 2, labels: {}, annotations: { note: 'x' } },
        spec: {
          template: {
            metadata: { annotations: { 'autoscaling.knative.dev/min-scale': '2', 'client.knative.dev/updateTimestamp': STAMP } },
            spec: {
              containers: [
                {
                  image: 'dev.local/hello',
                  env: [
                    { name: 'B', value: '3' },
                    { name: 'C', value: '4' },
                  ],
                },
              ],
            },
          },
          traffic: [{ latestRevision: true, percent: 100 }],
        },
      },
    },
    {
      name: 'update without template changes: no new timestamp, the revision name kept',
      base: existing,
      mode: 'update',
      flags: { annotationService: ['owner=me'], clusterLocal: false },
      want: { ...existing(), metadata: { ...existing().metadata, annotations: { note: 'x', owner: 'me' }, labels: { team: 'a' } } },
    },
    {
      name: 'apply: no update timestamp',
      base: fresh,
      mode: 'apply',
      flags: { image: 'i', envFrom: ['cm:settings', 'secret:creds'], serviceAccount: 'robot' },
      want: {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Service',
        metadata: { name: 'hello', namespace: 'default' },
        spec: { template: { metadata: {}, spec: { containers: [{ image: 'i', envFrom: [{ configMapRef: { name: 'settings' } }, { secretRef: { name: 'creds' } }] }], serviceAccountName: 'robot' } } },
      },
    },
  ])('$name', ({ base, mode, flags, want }) => {
    const before = base();
    expect(editService(before, flags, ctx(mode))).toEqual(want);
    expect(before).toEqual(base());
  });

  it.each([
    { name: '--annotation-service with an autoscaling key', flags: { annotationService: ['autoscaling.knative.dev/min-scale=1'] }, error: 'service can not have auto-scaling related annotation' },
    { name: '--scale with --scale-min', flags: { scale: '1..2', scaleMin: '1' }, error: 'only --scale or --scale-min can be specified' },
    { name: '--scale with --scale-max', flags: { scale: '3', scaleMax: '1' }, error: 'only --scale or --scale-max can be specified' },
    { name: 'a negative --concurrency-limit', flags: { concurrencyLimit: '-1' }, error: 'invalid concurrency-limit -1 (must not be less than 0)' },
    { name: 'a bad --pull-policy', flags: { pullPolicy: 'sometimes' }, error: 'invalid --pull-policy sometimes. Valid arguments (case insensitive): Always | Never | IfNotPresent' },
    { name: 'min-scale above max-scale (Knative validator)', flags: { scale: '5..2' }, error: 'max-scale=2 is less than min-scale=5: annotations.autoscaling.knative.dev/max-scale, annotations.autoscaling.knative.dev/min-scale' },
    { name: 'a bad --scale-window', flags: { scaleWindow: 'soon' }, error: `invalid duration for 'scale-window': time: invalid duration "soon"` },
    { name: 'a non-integer --scale-min', flags: { scaleMin: 'two' }, error: 'invalid argument "two" for "--scale-min" flag: strconv.ParseInt: parsing "two": invalid syntax' },
    { name: 'a fractional --scale-target', flags: { scaleTarget: '1.5' }, error: 'invalid argument "1.5" for "--scale-target" flag: strconv.ParseInt: parsing "1.5": invalid syntax' },
    { name: 'a --scale-max beyond 32 bits', flags: { scaleMax: '3000000000' }, error: 'invalid argument "3000000000" for "--scale-max" flag: strconv.ParseInt: parsing "3000000000": value out of range' },
    { name: 'a non-integer --concurrency-limit', flags: { concurrencyLimit: 'lots' }, error: 'invalid argument "lots" for "--concurrency-limit" flag: strconv.ParseInt: parsing "lots": invalid syntax' },
    { name: 'a --scale that is neither N nor a range', flags: { scale: 'many' }, error: 'Scale must be of the format x..y or x' },
    { name: 'a --scale-utilization above 100 (Knative validator)', flags: { scaleUtilization: '101' }, error: 'expected 1 <= 101 <= 100: annotations.autoscaling.knative.dev/target-utilization-percentage' },
    { name: 'a --scale-target below 0.01 (Knative validator)', flags: { scaleTarget: '0' }, error: 'target 0 should be at least 0.01: annotations.autoscaling.knative.dev/target' },
    { name: 'a --scale-activation above --scale-max (Knative validator)', flags: { scaleActivation: '5', scaleMax: '3' }, error: 'max-scale=3 is less than activation-scale=5: annotations.autoscaling.knative.dev/activation-scale' },
    { name: 'a window out of bounds (Knative validator)', flags: { scaleWindow: '1s' }, error: 'expected 6s <= 1s <= 1h0m0s: annotations.autoscaling.knative.dev/window' },
    { name: '--scale-init with the same annotation', flags: { scaleInit: '1', annotation: ['autoscaling.knative.dev/initial-scale=2'] }, error: 'only one of --scale-init or --annotation autoscaling.knative.dev/initial-scale can be specified' },
    { name: 'a bad --env', flags: { env: ['NOVALUE'] }, error: "invalid --env 'NOVALUE': want KEY=value, or KEY- to remove" },
  ])('refuses $name', ({ flags, error }) => {
    expect(() => editService(fresh(), flags, ctx('create'))).toThrow(new CliError(error));
  });

  /** A fresh Service's template after scaling flags on create: just these annotations (+ the update stamp) and containerConcurrency. */
  const scaled = (annotations: Record<string, string>, containerConcurrency?: number): Service => ({
    ...fresh(),
    spec: { template: { metadata: { annotations: { ...annotations, 'client.knative.dev/updateTimestamp': STAMP } }, spec: { containers: [{}], ...(containerConcurrency === undefined ? {} : { containerConcurrency }) } } },
  });

  it.each<{ name: string; flags: ServiceEditFlags; want: Service }>([
    { name: '--scale-min', flags: { scaleMin: '2' }, want: scaled({ 'autoscaling.knative.dev/min-scale': '2' }) },
    { name: '--scale-max', flags: { scaleMax: '10' }, want: scaled({ 'autoscaling.knative.dev/max-scale': '10' }) },
    { name: '--scale N (min = max = N)', flags: { scale: '4' }, want: scaled({ 'autoscaling.knative.dev/min-scale': '4', 'autoscaling.knative.dev/max-scale': '4' }) },
    { name: '--scale MIN..', flags: { scale: '2..' }, want: scaled({ 'autoscaling.knative.dev/min-scale': '2' }) },
    { name: '--scale-target', flags: { scaleTarget: '50' }, want: scaled({ 'autoscaling.knative.dev/target': '50' }) },
    { name: '--scale-utilization', flags: { scaleUtilization: '80' }, want: scaled({ 'autoscaling.knative.dev/target-utilization-percentage': '80' }) },
    { name: '--scale-window', flags: { scaleWindow: '2m' }, want: scaled({ 'autoscaling.knative.dev/window': '2m' }) },
    { name: '--scale-init', flags: { scaleInit: '3' }, want: scaled({ 'autoscaling.knative.dev/initial-scale': '3' }) },
    { name: '--scale-activation', flags: { scaleActivation: '2' }, want: scaled({ 'autoscaling.knative.dev/activation-scale': '2' }) },
    { name: '--scale-metric', flags: { scaleMetric: 'rps' }, want: scaled({ 'autoscaling.knative.dev/metric': 'rps' }) },
    { name: '--concurrency-limit', flags: { concurrencyLimit: '100' }, want: scaled({}, 100) },
    { name: '--concurrency-limit 0 (no limit)', flags: { concurrencyLimit: '0' }, want: scaled({}, 0) },
    {
      name: 'all of them together',
      flags: { scale: '1..5', scaleTarget: '10', scaleUtilization: '60', scaleWindow: '30s', scaleInit: '2', concurrencyLimit: '20' },
      want: scaled(
        {
          'autoscaling.knative.dev/min-scale': '1',
          'autoscaling.knative.dev/max-scale': '5',
          'autoscaling.knative.dev/initial-scale': '2',
          'autoscaling.knative.dev/target': '10',
          'autoscaling.knative.dev/target-utilization-percentage': '60',
          'autoscaling.knative.dev/window': '30s',
        },
        20,
      ),
    },
  ])('maps $name to the template', ({ flags, want }) => {
    expect(editService(fresh(), flags, ctx('create'))).toEqual(want);
  });

  it('changes only the scaling of an existing service on update, keeping its other annotations', () => {
    const updated = editService(existing(), { scaleMin: '0', scaleMax: '3', concurrencyLimit: '5' }, ctx('update'));
    expect(updated.spec?.template).toEqual({
      metadata: { annotations: { 'autoscaling.knative.dev/min-scale': '0', 'autoscaling.knative.dev/max-scale': '3', 'client.knative.dev/updateTimestamp': STAMP } },
      spec: { containers: [{ image: 'dev.local/hello', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }], containerConcurrency: 5 },
    });
  });

  it('allows a zero initial scale, as kn does', () => {
    expect(editService(fresh(), { scaleInit: '0' }, ctx('create')).spec?.template?.metadata?.annotations).toEqual({ 'autoscaling.knative.dev/initial-scale': '0', 'client.knative.dev/updateTimestamp': STAMP });
  });
});

describe('flag parsers', () => {
  it.each([
    { name: 'N', scale: '3', want: { min: 3, max: 3 } },
    { name: 'MIN..MAX', scale: '1..5', want: { min: 1, max: 5 } },
    { name: 'MIN..', scale: '2..', want: { min: 2 } },
    { name: '..MAX', scale: '..7', want: { max: 7 } },
  ])('parses --scale $name', ({ scale, want }) => {
    expect(parseScale(scale)).toEqual(want);
  });

  it.each([
    { scale: 'x', error: 'Scale must be of the format x..y or x' },
    { scale: 'a..3', error: 'strconv.Atoi: parsing "a": invalid syntax' },
    { scale: '..', error: "invalid --scale '..': want N, MIN..MAX, MIN.. or ..MAX" },
  ])('refuses --scale $scale', ({ scale, error }) => {
    expect(() => parseScale(scale)).toThrow(error);
  });

  it('orders the scale annotations as kn does', () => {
    expect(scaleAnnotations({ scaleInit: '1', scaleTarget: '10', scaleMetric: 'rps', scaleUtilization: '80', scaleWindow: '60s', scaleMin: '0', scaleMax: '3' })).toEqual([
      ['autoscaling.knative.dev/min-scale', '0'],
      ['autoscaling.knative.dev/max-scale', '3'],
      ['autoscaling.knative.dev/initial-scale', '1'],
      ['autoscaling.knative.dev/target', '10'],
      ['autoscaling.knative.dev/target-utilization-percentage', '80'],
      ['autoscaling.knative.dev/metric', 'rps'],
      ['autoscaling.knative.dev/window', '60s'],
    ]);
  });

  it.each([
    { name: 'a bare port', port: '8080', want: { containerPort: 8080 } },
    { name: 'a named port', port: 'h2c:9000', want: { containerPort: 9000, name: 'h2c' } },
  ])('parses --port $name', ({ port, want }) => {
    expect(parsePort(port)).toEqual(want);
  });

  it.each(['0', 'http:', 'abc', ':80'])('refuses --port %s', (port) => {
    expect(() => parsePort(port)).toThrow(`invalid --port '${port}': want [NAME:]PORT, e.g. 8080 or h2c:8080`);
  });

  it('parses KEY=value and KEY- in order', () => {
    expect(parseKeyValues(['a=1', 'b-', 'c=x=y', 'd='], 'env')).toEqual({ set: [['a', '1'], ['c', 'x=y'], ['d', '']], remove: ['b'] });
  });

  it.each([
    { name: 'all variables', template: '{{.Service}}-{{.Random 4}}-{{.Generation}}', want: 'hello-rrrr-3' },
    { name: 'a name without the service prefix', template: 'V1', want: 'hello-v1' },
    { name: 'a name with it', template: 'hello-blue', want: 'hello-blue' },
    { name: 'an empty name (server-generated)', template: '', want: '' },
  ])('fills --revision-name: $name', ({ template, want }) => {
    expect(revisionNameFor(template, 'hello', 3, (n) => 'r'.repeat(n))).toBe(want);
  });
});
