import { expandImageName, invalidImageRefReason, isLocalImageRef, normalizeImageRef } from './refs.js';

describe('isLocalImageRef', () => {
  it.each([
    { ref: 'dev.local/hello', want: true },
    { ref: 'dev.local/hello:v1', want: true },
    { ref: 'ko.local/github.com/x/cmd/hello-abc', want: true },
    { ref: 'dev.local/', want: false },
    { ref: 'dev.localhost/hello', want: false },
    { ref: 'kind.local/hello', want: false },
    { ref: 'hello', want: false },
    { ref: 'docker.io/library/nginx:1.27', want: false },
    { ref: 'ebb/echo:dev', want: false },
  ])('$ref → $want', ({ ref, want }) => {
    expect(isLocalImageRef(ref)).toBe(want);
  });
});

describe('normalizeImageRef', () => {
  it.each([
    { ref: 'dev.local/hello', want: 'dev.local/hello:latest' },
    { ref: 'dev.local/hello:v1', want: 'dev.local/hello:v1' },
    { ref: ' dev.local/hello ', want: 'dev.local/hello:latest' },
    { ref: 'localhost:5000/hello', want: 'localhost:5000/hello:latest' },
    { ref: 'localhost:5000/hello:2', want: 'localhost:5000/hello:2' },
    { ref: `dev.local/hello@sha256:${'a'.repeat(64)}`, want: `dev.local/hello@sha256:${'a'.repeat(64)}` },
    { ref: 'nginx', want: 'nginx:latest' },
  ])('$ref → $want', ({ ref, want }) => {
    expect(normalizeImageRef(ref)).toBe(want);
  });
});

describe('invalidImageRefReason', () => {
  it.each([
    { ref: 'dev.local/hello', want: undefined },
    { ref: 'dev.local/my_app-2:v1.0', want: undefined },
    { ref: 'ko.local/github.com/org/cmd/app', want: undefined },
    { ref: `dev.local/hello:v1@sha256:${'b'.repeat(64)}`, want: undefined },
    { ref: '', want: 'the image name is empty' },
    { ref: 'dev.local/Hello', want: "'dev.local/Hello' is not a valid image name (lowercase letters, digits and . _ - separators, an optional :tag)" },
    { ref: 'dev.local/hello:', want: "'dev.local/hello:' is not a valid image name (lowercase letters, digits and . _ - separators, an optional :tag)" },
    { ref: 'dev.local/hel lo', want: "'dev.local/hel lo' is not a valid image name (lowercase letters, digits and . _ - separators, an optional :tag)" },
    { ref: `dev.local/${'a'.repeat(250)}`, want: 'the image name is longer than 255 characters' },
  ])('$ref → $want', ({ ref, want }) => {
    expect(invalidImageRefReason(ref)).toBe(want);
  });
});

describe('expandImageName', () => {
  it.each([
    { name: 'hello', want: 'dev.local/hello' },
    { name: 'hello:v2', want: 'dev.local/hello:v2' },
    { name: 'ko.local/hello', want: 'ko.local/hello' },
    { name: 'docker.io/library/nginx', want: 'docker.io/library/nginx' },
    { name: '', want: '' },
  ])('$name → $want', ({ name, want }) => {
    expect(expandImageName(name)).toBe(want);
  });
});
