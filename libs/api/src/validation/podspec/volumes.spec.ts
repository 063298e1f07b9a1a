import { defaultAutoscalerConfig, defaultDefaultsConfig, defaultFeaturesConfig, type FeaturesConfig } from '@ebb/config';
import { Operation, type ValidationContext } from '../../core/context.js';
import type { PodSpec } from '../../core/podspec.js';
import { DiagnosticLevel } from '../../errors/field-error.js';
import { validatePodSpec } from '../podspec.js';
import { cleanPath } from './volume-mounts.js';

/** A validation context from the stock config with some features overridden. */
function ctxWith(features: Partial<FeaturesConfig> = {}): ValidationContext {
  return { defaults: defaultDefaultsConfig(), features: { ...defaultFeaturesConfig(), ...features }, autoscaler: defaultAutoscalerConfig(), operation: Operation.Create };
}

interface Row {
  readonly name: string;
  /** The volumes; one container mounts each of them read-only at /v<i> unless `mounts` is given. */
  readonly volumes: readonly unknown[];
  readonly mounts?: readonly unknown[];
  readonly features?: Partial<FeaturesConfig>;
  readonly want: string;
}

/** Errors of a PodSpec with `volumes`, mounted by a single container. */
function errorsOf(row: Row): string {
  const mounts = row.mounts ?? row.volumes.map((v, i) => ({ name: (v as { name?: string }).name ?? '', mountPath: `/v${i}`, readOnly: true }));
  const ps = { containers: [{ image: 'busybox', volumeMounts: mounts }], volumes: row.volumes };
  return validatePodSpec(ps as PodSpec, ctxWith(row.features)).filter(DiagnosticLevel.Error).render();
}

const secret = { name: 'the-name', secret: { secretName: 'foo' } };
const pvc = (readOnly: boolean): unknown => ({ name: 'foo', persistentVolumeClaim: { claimName: 'myclaim', readOnly } });
const PVC_ON = { podSpecPersistentVolumeClaim: 'Enabled' } as const;
const PVC_RW = { podSpecPersistentVolumeClaim: 'Enabled', podSpecPersistentVolumeWrite: 'Enabled' } as const;
const NO_PVC_WRITE = 'Persistent volume write support is disabled, but found persistent volume claim myclaim that is not read-only: ';
const projected = (...sources: unknown[]): unknown => ({ name: 'foo', projected: { sources } });

describe('validatePodSpec: volumes (VALIDATION.md §7 Volumes)', () => {
  it.each<Row>([
    { name: 'secret volume mounted read-only', volumes: [secret], want: '' },
    { name: 'configMap volume', volumes: [{ name: 'foo', configMap: { name: 'foo' } }], want: '' },
    {
      name: 'duplicate volume name',
      volumes: [secret, { name: 'the-name', configMap: {} }],
      mounts: [{ name: 'the-name', mountPath: '/mount/path', readOnly: true }],
      want: 'duplicate volume name "the-name": volumes[1].name',
    },
    { name: 'volume not mounted', volumes: [secret], mounts: [], want: 'volume with name "the-name" not mounted: volumes[0].name' },
    { name: 'name required', volumes: [{ secret: { secretName: 'foo' } }], want: 'missing field(s): volumes[0].name' },
    { name: 'name must be a DNS-1123 label', volumes: [{ name: '@@@', secret: { secretName: 'foo' } }], want: 'invalid value: @@@: volumes[0].name' },
    {
      name: 'name error replaces the gate errors found before it (Knative quirk)',
      volumes: [{ hostPath: { path: '/x' } }],
      want: 'missing field(s): volumes[0].name',
    },
    {
      name: 'no source (emptyDir Enabled by default)',
      volumes: [{ name: 'foo' }],
      want: 'expected exactly one, got neither: volumes[0].configMap, volumes[0].emptyDir, volumes[0].projected, volumes[0].secret',
    },
    {
      name: 'no source lists the Enabled gated sources',
      volumes: [{ name: 'foo' }],
      features: { podSpecVolumesEmptyDir: 'Disabled', podSpecPersistentVolumeClaim: 'Enabled', podSpecVolumesCsi: 'Enabled' },
      want: 'expected exactly one, got neither: volumes[0].configMap, volumes[0].csi, volumes[0].persistentVolumeClaim, volumes[0].projected, volumes[0].secret',
    },
    {
      name: 'multiple sources',
      volumes: [{ name: 'foo', configMap: { name: 'foo' }, projected: { sources: [{ secret: { name: 'foo', items: [{ key: 'foo', path: 'bar/baz' }] } }] } }],
      want: 'expected exactly one, got both: volumes[0].configMap, volumes[0].projected',
    },
    { name: 'source outside the subset', volumes: [{ name: 'foo', nfs: { server: 's', path: '/' } }], want: 'expected exactly one, got neither: volumes[0].configMap, volumes[0].emptyDir, volumes[0].projected, volumes[0].secret\nmust not set the field(s): volumes[0].nfs' },
    {
      name: 'secret and configMap items with key and path',
      volumes: [{ name: 's', secret: { secretName: 'foo', items: [{ key: 'k', path: 'p' }] } }, { name: 'c', configMap: { name: 'bar', items: [{ key: 'k', path: 'p' }] } }],
      want: '',
    },
    { name: 'secret items: key and path required', volumes: [{ name: 'foo', secret: { secretName: 'foo', items: [{}] } }], want: 'missing field(s): volumes[0].items[0].key, volumes[0].items[0].path' },
    { name: 'configMap items: key and path required', volumes: [{ name: 'foo', configMap: { name: 'foo', items: [{ key: 'k' }] } }], want: 'missing field(s): volumes[0].items[0].path' },
  ])('$name', (row) => {
    expect(errorsOf(row)).toBe(row.want);
  });
});

describe('validatePodSpec: gated volume sources', () => {
  it.each<Row>([
    { name: 'emptyDir Enabled (default)', volumes: [{ name: 'foo', emptyDir: { medium: 'Memory', sizeLimit: '400G' } }], want: '' },
    {
      name: 'emptyDir Disabled',
      volumes: [{ name: 'foo', emptyDir: {} }],
      features: { podSpecVolumesEmptyDir: 'Disabled' },
      want: 'EmptyDir volume support is disabled, but found EmptyDir volume foo: \nmust not set the field(s): volumes[0].emptyDir',
    },
    { name: 'emptyDir Allowed passes the mask only', volumes: [{ name: 'foo', emptyDir: {} }], features: { podSpecVolumesEmptyDir: 'Allowed' }, want: 'EmptyDir volume support is disabled, but found EmptyDir volume foo: ' },
    { name: 'emptyDir medium', volumes: [{ name: 'foo', emptyDir: { medium: 'Disk' } }], want: 'invalid value: Disk: volumes[0].emptyDir.medium' },
    { name: 'emptyDir negative sizeLimit', volumes: [{ name: 'foo', emptyDir: { medium: 'Memory', sizeLimit: '-1' } }], want: 'invalid value: -1: volumes[0].emptyDir.sizeLimit' },
    {
      name: 'PVC with the feature Disabled',
      volumes: [pvc(false)],
      want: `Persistent volume claim support is disabled, but found persistent volume claim myclaim: \n${NO_PVC_WRITE}\nmust not set the field(s): volumes[0].persistentVolumeClaim`,
    },
    { name: 'PVC not read-only, write Disabled', volumes: [pvc(false)], features: PVC_ON, want: NO_PVC_WRITE },
    { name: 'PVC read-only, write Disabled', volumes: [pvc(true)], features: PVC_ON, want: '' },
    { name: 'PVC not read-only, write Enabled, mount read-write', volumes: [pvc(false)], mounts: [{ name: 'foo', mountPath: '/data' }], features: PVC_RW, want: '' },
    {
      name: 'PVC read-only but the mount is not',
      volumes: [pvc(true)],
      mounts: [{ name: 'foo', mountPath: '/data', readOnly: false }],
      features: PVC_ON,
      want: 'volume is readOnly but volume mount is not: containers[0].volumeMounts[0].readOnly',
    },
    ...(
      [
        ['hostPath', 'HostPath', 'podSpecVolumesHostPath', { path: '/var/x' }],
        ['csi', 'CSI', 'podSpecVolumesCsi', { driver: 'd' }],
        ['ephemeral', 'Ephemeral', 'podSpecVolumesEphemeral', { volumeClaimTemplate: { spec: {} } }],
        ['image', 'Image', 'podSpecVolumesImage', { reference: 'busybox' }],
      ] as const
    ).flatMap(([key, label, flag, source]) => [
      {
        name: `${key} Disabled`,
        volumes: [{ name: 'foo', [key]: source }],
        want: `${label} volume support is disabled, but found ${label} volume foo: \nmust not set the field(s): volumes[0].${key}`,
      },
      { name: `${key} Enabled`, volumes: [{ name: 'foo', [key]: source }], features: { [flag]: 'Enabled' }, want: '' },
    ]),
  ])('$name', (row) => {
    expect(errorsOf(row)).toBe(row.want);
  });
});

describe('validatePodSpec: projected volume sources', () => {
  it.each<Row>([
    { name: 'one source per projection', volumes: [projected({ secret: { name: 'foo' } }, { configMap: { name: 'bar' } })], want: '' },
    {
      name: 'two sources in one projection',
      volumes: [projected({ secret: { name: 'foo' }, configMap: { name: 'bar', items: [{ key: 'foo', path: 'bar/baz' }] } })],
      want: 'expected exactly one, got both: volumes[0].projected[0].configMap, volumes[0].projected[0].secret',
    },
    {
      name: 'no source in a projection',
      volumes: [projected({})],
      want: 'expected exactly one, got neither: volumes[0].projected[0].configMap, volumes[0].projected[0].downwardAPI, volumes[0].projected[0].secret, volumes[0].projected[0].serviceAccountToken',
    },
    { name: 'secret and configMap projections need a name', volumes: [projected({ secret: {} }, { configMap: {} })], want: 'missing field(s): volumes[0].projected[0].secret.name, volumes[0].projected[1].configMap.name' },
    {
      name: 'projection items need key and path',
      volumes: [projected({ secret: { name: 'foo', items: [{}] } }, { configMap: { name: 'foo', items: [{}] } })],
      want: 'missing field(s): volumes[0].projected[0].secret.items[0].key, volumes[0].projected[0].secret.items[0].path, volumes[0].projected[1].configMap.items[0].key, volumes[0].projected[1].configMap.items[0].path',
    },
    { name: 'serviceAccountToken', volumes: [projected({ serviceAccountToken: { audience: 'api', expirationSeconds: 3600, path: 'token' } })], want: '' },
    { name: 'serviceAccountToken needs a path', volumes: [projected({ serviceAccountToken: { audience: 'api', expirationSeconds: 3600 } })], want: 'missing field(s): volumes[0].projected[0].serviceAccountToken.path' },
    { name: 'downwardAPI with a fieldRef', volumes: [projected({ downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } })], want: '' },
    {
      name: 'downwardAPI item without a ref',
      volumes: [projected({ downwardAPI: { items: [{ path: 'labels' }] } })],
      want: 'expected exactly one, got neither: volumes[0].projected[0].downwardAPI.items[0].fieldRef, volumes[0].projected[0].downwardAPI.items[0].resourceFieldRef',
    },
    {
      name: 'downwardAPI item with both refs',
      volumes: [projected({ downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' }, resourceFieldRef: { containerName: 'user-container', resource: 'limits.cpu' } }] } })],
      want: 'Within a single item, cannot set both: volumes[0].projected[0].downwardAPI.items[0].fieldRef, volumes[0].projected[0].downwardAPI.items[0].resourceFieldRef',
    },
    { name: 'downwardAPI item needs a path', volumes: [projected({ downwardAPI: { items: [{ fieldRef: { fieldPath: 'metadata.name' } }] } })], want: 'missing field(s): volumes[0].projected[0].downwardAPI.items[0].path' },
    { name: 'projection source outside the subset', volumes: [projected({ clusterTrustBundle: { path: 'x' } })], want: 'expected exactly one, got neither: volumes[0].projected[0].configMap, volumes[0].projected[0].downwardAPI, volumes[0].projected[0].secret, volumes[0].projected[0].serviceAccountToken\nmust not set the field(s): volumes[0].projected[0].clusterTrustBundle' },
  ])('$name', (row) => {
    expect(errorsOf(row)).toBe(row.want);
  });
});

const cm = { name: 'the-name', configMap: { name: 'test-cm' } };
const at = (field: string): string => `containers[0].volumeMounts[0].${field}`;

describe('validatePodSpec: volumeMounts', () => {
  it.each<Row>([
    { name: 'known volume, read-only', volumes: [cm], mounts: [{ name: 'the-name', mountPath: '/mount/path', readOnly: true }], want: '' },
    {
      name: 'unknown volume, bad fields',
      volumes: [],
      mounts: [{ name: 'the-name', subPath: 'oops', mountPropagation: 'Bidirectional' }],
      want: [
        `missing field(s): ${at('mountPath')}`,
        `must not set the field(s): ${at('mountPropagation')}`,
        `volume mount should be readOnly for this type of volume: ${at('readOnly')}`,
        `volumeMount has no matching volume: ${at('name')}`,
      ].join('\n'),
    },
    { name: 'reserved path after cleaning', volumes: [cm], mounts: [{ name: 'the-name', mountPath: '//dev//', readOnly: true }], want: `mountPath "/dev" is a reserved path: ${at('mountPath')}` },
    { name: 'reserved path /', volumes: [cm], mounts: [{ name: 'the-name', mountPath: '/a/..', readOnly: true }], want: `mountPath "/" is a reserved path: ${at('mountPath')}` },
    { name: 'reserved path /dev/log', volumes: [cm], mounts: [{ name: 'the-name', mountPath: '/dev/log/', readOnly: true }], want: `mountPath "/dev/log" is a reserved path: ${at('mountPath')}` },
    { name: 'relative mountPath', volumes: [cm], mounts: [{ name: 'the-name', mountPath: 'not/absolute', readOnly: true }], want: `invalid value: not/absolute: ${at('mountPath')}` },
    {
      name: 'mountPath collision',
      volumes: [secret, { name: 'the-bar', secret: { secretName: 'bar' } }],
      mounts: [{ name: 'the-name', mountPath: '/mount/path', readOnly: true }, { name: 'the-bar', mountPath: '/mount/path/', readOnly: true }],
      want: 'invalid value: "/mount/path/" must be unique: containers[0].volumeMounts[1].mountPath',
    },
    { name: 'one volume mounted twice', volumes: [cm], mounts: [{ name: 'the-name', mountPath: '/a', readOnly: true }, { name: 'the-name', mountPath: '/b', readOnly: true }], want: '' },
    { name: 'secret mount must be read-only', volumes: [secret], mounts: [{ name: 'the-name', mountPath: '/s' }], want: `volume mount should be readOnly for this type of volume: ${at('readOnly')}` },
    { name: 'emptyDir mount may be read-write', volumes: [{ name: 'e', emptyDir: { medium: 'Memory' } }], mounts: [{ name: 'e', mountPath: '/e' }], want: '' },
    { name: 'ephemeral mount may be read-write', volumes: [{ name: 'e', ephemeral: {} }], mounts: [{ name: 'e', mountPath: '/e' }], features: { podSpecVolumesEphemeral: 'Enabled' }, want: '' },
    { name: 'mountPropagation with the flag', volumes: [cm], mounts: [{ name: 'the-name', mountPath: '/m', readOnly: true, mountPropagation: 'HostToContainer' }], features: { podSpecVolumesMountPropagation: 'Enabled' }, want: '' },
    {
      name: 'mountPropagation Bidirectional with the flag',
      volumes: [cm],
      mounts: [{ name: 'the-name', mountPath: '/m', readOnly: true, mountPropagation: 'Bidirectional' }],
      features: { podSpecVolumesMountPropagation: 'Allowed' },
      want: `invalid value: Bidirectional: ${at('mountPropagation')}`,
    },
    { name: 'subPathExpr not admitted', volumes: [cm], mounts: [{ name: 'the-name', mountPath: '/m', readOnly: true, subPathExpr: '$(X)' }], want: `must not set the field(s): ${at('subPathExpr')}` },
  ])('$name', (row) => {
    expect(errorsOf(row)).toBe(row.want);
  });

  it('a volume mounted only by an init container counts as mounted', () => {
    const ps = {
      initContainers: [{ name: 'init', image: 'busybox', volumeMounts: [{ name: 'dbg', mountPath: '/dbg' }] }],
      containers: [{ image: 'busybox' }],
      volumes: [{ name: 'dbg', emptyDir: {} }],
    };
    expect(validatePodSpec(ps, ctxWith({ podSpecInitContainers: 'Enabled' })).filter(DiagnosticLevel.Error).render()).toBe('');
  });
});

describe('cleanPath (Go path.Clean)', () => {
  it.each([
    { name: 'duplicate and trailing slashes', path: '//dev//', want: '/dev' },
    { name: 'dot and dot-dot', path: '/a/./b/../c', want: '/a/c' },
    { name: 'dot-dot above the root', path: '/../x', want: '/x' },
    { name: 'relative dot-dot kept', path: '../a/../../b', want: '../../b' },
    { name: 'empty', path: '', want: '.' },
    { name: 'root', path: '/', want: '/' },
  ])('$name', ({ path, want }) => {
    expect(cleanPath(path)).toBe(want);
  });
});
