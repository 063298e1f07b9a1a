import { defaultFeaturesConfig, type FeaturesConfig, Flag, parseFeaturesConfig, SecurePodDefaults } from './features.js';

const defaults = defaultFeaturesConfig();

describe('parseFeaturesConfig', () => {
  it('has Knative defaults: Enabled multi-container and emptyDir, everything else Disabled', () => {
    const enabled = Object.entries(defaults).filter(([, v]) => v !== 'Disabled').map(([k]) => k);
    expect(enabled.sort()).toEqual(['multiContainer', 'podSpecVolumesEmptyDir']);
    expect(parseFeaturesConfig({ _example: 'x', 'kubernetes.podspec-dryrun': 'Enabled' })).toEqual({ ok: true, config: defaults });
  });

  it.each<{ name: string; data: Record<string, string>; want: Partial<FeaturesConfig> }>([
    { name: 'Enabled', data: { 'kubernetes.podspec-affinity': 'Enabled' }, want: { podSpecAffinity: Flag.Enabled } },
    { name: 'Allowed', data: { 'kubernetes.podspec-fieldref': 'Allowed' }, want: { podSpecFieldRef: Flag.Allowed } },
    { name: 'any case', data: { 'multi-container': 'disabled', 'tag-header-based-routing': 'ENABLED' }, want: { multiContainer: Flag.Disabled, tagHeaderBasedRouting: Flag.Enabled } },
    { name: 'init containers', data: { 'kubernetes.podspec-init-containers': 'Enabled' }, want: { podSpecInitContainers: Flag.Enabled } },
    { name: 'PVC write', data: { 'kubernetes.podspec-persistent-volume-write': 'enabled' }, want: { podSpecPersistentVolumeWrite: Flag.Enabled } },
    { name: 'secure pod defaults', data: { 'secure-pod-defaults': 'allowrootbounded' }, want: { securePodDefaults: SecurePodDefaults.AllowRootBounded } },
    { name: 'queue-proxy pod info', data: { 'queueproxy.mount-podinfo': 'Allowed' }, want: { queueProxyMountPodInfo: Flag.Allowed } },
  ])('accepts $name', ({ data, want }) => {
    expect(parseFeaturesConfig(data)).toEqual({ ok: true, config: { ...defaults, ...want } });
  });

  // Knative's asFlag ignores values it does not know: they keep the default rather than fail.
  it.each<{ name: string; data: Record<string, string> }>([
    { name: 'a word', data: { 'multi-container': 'maybe' } },
    { name: 'a bool', data: { 'kubernetes.podspec-affinity': 'true' } },
    { name: 'AllowRootBounded on an ordinary flag', data: { 'kubernetes.podspec-tolerations': 'AllowRootBounded' } },
    { name: 'Allowed on secure-pod-defaults', data: { 'secure-pod-defaults': 'Allowed' } },
  ])('keeps the default for an unknown value: $name', ({ data }) => {
    expect(parseFeaturesConfig(data)).toEqual({ ok: true, config: defaults });
  });
});
