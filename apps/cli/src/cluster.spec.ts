import path from 'node:path';
import { kubeconfigPathFor, namespaceFor } from './cluster.js';

describe('kubeconfigPathFor', () => {
  const cwd = '/work/app';
  it.each([
    { name: 'the flag, relative to cwd', flag: 'k.yaml', env: { KUBECONFIG: '/env/config' }, local: true, want: '/work/app/k.yaml' },
    { name: '$KUBECONFIG (its first entry)', flag: undefined, env: { KUBECONFIG: `${path.delimiter}/env/a${path.delimiter}/env/b` }, local: true, want: '/env/a' },
    { name: '.ebb/kubeconfig when it exists', flag: undefined, env: { HOME: '/home/me' }, local: true, want: '/work/app/.ebb/kubeconfig' },
    { name: '~/.kube/config otherwise', flag: undefined, env: { HOME: '/home/me' }, local: false, want: '/home/me/.kube/config' },
  ])('picks $name', ({ flag, env, local, want }) => {
    expect(kubeconfigPathFor(flag, env, cwd, (file) => local && file === '/work/app/.ebb/kubeconfig')).toBe(want);
  });

  it.each([
    { name: 'the flag', flag: 'apps', context: 'dev', want: 'apps' },
    { name: "the context's", flag: undefined, context: 'dev', want: 'dev' },
    { name: 'default', flag: undefined, context: undefined, want: 'default' },
  ])('namespace: $name', ({ flag, context, want }) => {
    expect(namespaceFor(flag, context)).toBe(want);
  });
});
