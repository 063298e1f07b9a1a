import { caBundleOf, makeCaBundlePatch, type WebhookConfigurationLike } from './ca-bundle.js';

const CA = caBundleOf('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
const OLD = caBundleOf('old');
const hook = (name: string, caBundle?: string): NonNullable<WebhookConfigurationLike['webhooks']>[number] => ({
  name,
  clientConfig: caBundle === undefined ? {} : { caBundle },
});

describe('caBundleOf', () => {
  it('is the base64 of the PEM', () => {
    expect(Buffer.from(caBundleOf('PEM\n'), 'base64').toString('utf8')).toBe('PEM\n');
  });
});

describe('makeCaBundlePatch', () => {
  it.each([
    {
      name: 'a configuration as deploy/ ships it (no caBundle)',
      configuration: { metadata: { name: 'c', resourceVersion: '7' }, webhooks: [hook('a')] },
      patch: [
        { op: 'test', path: '/metadata/resourceVersion', value: '7' },
        { op: 'add', path: '/webhooks/0/clientConfig/caBundle', value: CA },
      ],
    },
    {
      name: 'only the webhooks whose caBundle differs',
      configuration: { metadata: { name: 'c', resourceVersion: '8' }, webhooks: [hook('a', CA), hook('b', OLD), hook('c', '')] },
      patch: [
        { op: 'test', path: '/metadata/resourceVersion', value: '8' },
        { op: 'add', path: '/webhooks/1/clientConfig/caBundle', value: CA },
        { op: 'add', path: '/webhooks/2/clientConfig/caBundle', value: CA },
      ],
    },
    { name: 'nothing when every caBundle is right', configuration: { metadata: { name: 'c', resourceVersion: '9' }, webhooks: [hook('a', CA), hook('b', CA)] }, patch: [] },
    { name: 'nothing for a configuration without webhooks', configuration: { metadata: { name: 'c', resourceVersion: '9' } }, patch: [] },
    { name: 'nothing for a webhook without clientConfig', configuration: { metadata: { name: 'c', resourceVersion: '9' }, webhooks: [{ name: 'x' }] }, patch: [] },
    {
      name: 'no test without a resourceVersion',
      configuration: { metadata: { name: 'c' }, webhooks: [hook('a')] },
      patch: [{ op: 'add', path: '/webhooks/0/clientConfig/caBundle', value: CA }],
    },
  ])('patches $name', ({ configuration, patch }) => {
    expect(makeCaBundlePatch(configuration, CA)).toEqual(patch);
  });
});
