import { effectiveSecurity, nonRootViolation, type EffectiveSecurity } from './security.js';

describe('effectiveSecurity', () => {
  it.each<{ name: string; pod: object | undefined; container: object | undefined; want: EffectiveSecurity }>([
    { name: 'nothing set', pod: undefined, container: undefined, want: { addCapabilities: [], dropCapabilities: [] } },
    { name: 'from the pod', pod: { runAsUser: 65532, runAsGroup: 65532, runAsNonRoot: true }, container: undefined, want: { runAsUser: 65532, runAsGroup: 65532, runAsNonRoot: true, addCapabilities: [], dropCapabilities: [] } },
    {
      name: 'the container wins where both set a field',
      pod: { runAsUser: 1000, runAsGroup: 1000, runAsNonRoot: true },
      container: { runAsUser: 2000, runAsNonRoot: false },
      want: { runAsUser: 2000, runAsGroup: 1000, runAsNonRoot: false, addCapabilities: [], dropCapabilities: [] },
    },
    {
      name: 'container-only fields, nulls as unset',
      pod: { runAsUser: null },
      container: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: null, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } },
      want: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, addCapabilities: ['NET_BIND_SERVICE'], dropCapabilities: ['ALL'] },
    },
  ])('$name', ({ pod, container, want }) => {
    expect(effectiveSecurity(pod, container)).toEqual(want);
  });
});

describe('nonRootViolation', () => {
  const base = { addCapabilities: [], dropCapabilities: [] };
  it.each<{ name: string; security: EffectiveSecurity; want: string | undefined }>([
    { name: 'runAsNonRoot with user 0', security: { ...base, runAsNonRoot: true, runAsUser: 0 }, want: 'container\'s runAsUser breaks non-root policy (pod: "web_default(u1)", container: app)' },
    { name: 'runAsNonRoot with a non-root user', security: { ...base, runAsNonRoot: true, runAsUser: 65532 }, want: undefined },
    { name: 'root without runAsNonRoot', security: { ...base, runAsUser: 0 }, want: undefined },
    { name: 'runAsNonRoot, user from the image', security: { ...base, runAsNonRoot: true }, want: undefined },
  ])('$name', ({ security, want }) => {
    expect(nonRootViolation(security, 'web_default(u1)', 'app')).toBe(want);
  });
});
