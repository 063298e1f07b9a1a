import { imageReferenceError } from './image.js';

describe('imageReferenceError (go-containerregistry ParseReference, weak validation)', () => {
  const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;
  it.each([
    { name: 'a short name', image: 'busybox', want: undefined },
    { name: 'a name with a tag', image: 'busybox:1.36', want: undefined },
    { name: 'a registry with a port', image: 'localhost:5000/app', want: undefined },
    { name: 'a registry, path and tag', image: 'gcr.io/knative-samples/helloworld-go:latest', want: undefined },
    { name: 'a digest', image: `ubuntu@${digest}`, want: undefined },
    { name: 'a tag and a digest', image: `docker.io/library/busybox:1.36@${digest}`, want: undefined },
    { name: 'two colons', image: 'foo:bar:baz', want: 'could not parse reference: foo:bar:baz' },
    { name: 'upper case repository', image: 'Ubuntu', want: 'could not parse reference: Ubuntu' },
    { name: 'a one-letter repository', image: 'a', want: 'could not parse reference: a' },
    { name: 'a bad tag character', image: 'foo:b@d', want: 'could not parse reference: foo:b@d' },
    { name: 'a short digest', image: 'foo@sha256:abc', want: 'could not parse reference: foo@sha256:abc' },
    { name: 'a tag too long', image: `foo:${'t'.repeat(128)}`, want: `could not parse reference: foo:${'t'.repeat(128)}` },
  ])('$name', ({ image, want }) => {
    expect(imageReferenceError(image)).toBe(want);
  });
});
