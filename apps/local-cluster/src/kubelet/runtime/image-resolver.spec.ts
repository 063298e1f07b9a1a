import type { LocalImage } from '@ebb/image-store';
import { LocalImageResolver, type DockerEngine } from './image-resolver.js';
import { ContainerStartError, type ContainerRuntime } from './runtime.js';

const HELLO: LocalImage = { ref: 'dev.local/hello:latest', dir: '/images/hello', entrypoint: ['./hello'], cmd: [], env: { A: '1' }, addedAt: '2026-11-26T00:00:00Z' };

function fakeRuntime(name: 'process' | 'docker'): ContainerRuntime {
  return { name, start: () => Promise.reject(new Error('not used')), cleanupStale: () => Promise.resolve(0) };
}

const processRuntime = fakeRuntime('process');

function dockerEngine(answers: boolean, images: Record<string, string>): DockerEngine & { infoCalls: number } {
  const engine = {
    ...fakeRuntime('docker'),
    infoCalls: 0,
    available: () => {
      engine.infoCalls += 1;
      return Promise.resolve(answers);
    },
    imageId: (ref: string) => Promise.resolve(images[ref]),
  };
  return engine;
}

function resolver(docker?: DockerEngine, now: () => number = () => 0): LocalImageResolver {
  const images = { get: (ref: string) => Promise.resolve(ref === 'dev.local/hello' || ref === HELLO.ref ? HELLO : undefined) };
  return new LocalImageResolver({ images, process: processRuntime, docker, now });
}

describe('LocalImageResolver', () => {
  const docker = dockerEngine(true, { 'ebb/echo:dev': 'sha256:abc' });

  it.each<[string, { image?: string; command?: string[] }, DockerEngine | undefined, { image: object; runtime: 'process' | 'docker' }]>([
    ['a local image', { image: 'dev.local/hello' }, docker, { image: { kind: 'local', ref: 'dev.local/hello:latest', dir: '/images/hello', entrypoint: ['./hello'], cmd: [], env: { A: '1' } }, runtime: 'process' }],
    ['a Docker image', { image: 'ebb/echo:dev' }, docker, { image: { kind: 'docker', ref: 'ebb/echo:dev', id: 'sha256:abc' }, runtime: 'docker' }],
    ['a Docker image with a command', { image: 'ebb/echo:dev', command: ['x'] }, docker, { image: { kind: 'docker', ref: 'ebb/echo:dev', id: 'sha256:abc' }, runtime: 'docker' }],
    ['an unknown image with a command', { image: 'busybox', command: ['sleep', '9'] }, docker, { image: { kind: 'host', ref: 'busybox' }, runtime: 'process' }],
    ['a Docker image without an engine, with a command', { image: 'ebb/echo:dev', command: ['x'] }, undefined, { image: { kind: 'host', ref: 'ebb/echo:dev' }, runtime: 'process' }],
    ['a Docker image when the engine does not answer, with a command', { image: 'ebb/echo:dev', command: ['x'] }, dockerEngine(false, { 'ebb/echo:dev': 'sha256:abc' }), { image: { kind: 'host', ref: 'ebb/echo:dev' }, runtime: 'process' }],
  ])('resolves %s', async (_what, container, engine, expected) => {
    const resolution = await resolver(engine).resolve(container);
    expect({ image: resolution.image, runtime: resolution.runtime.name }).toEqual(expected);
  });

  it.each<[string, { image?: string; command?: string[] }, DockerEngine | undefined, ContainerStartError]>([
    ['a local image not in the store', { image: 'ko.local/gone', command: ['x'] }, docker, new ContainerStartError('ErrImagePull', 'image "ko.local/gone" not found in the local image store: add it with "ebb image add ko.local/gone <dir> -- <command>"')],
    ['an unknown image', { image: 'nginx' }, docker, new ContainerStartError('ErrImagePull', 'image "nginx" is neither a local image (dev.local/…, ko.local/…) nor in the Docker engine; there is no registry to pull from: build it locally or give the container a command')],
    ['an unknown image without an engine', { image: 'nginx' }, undefined, new ContainerStartError('ErrImagePull', 'image "nginx" is neither a local image (dev.local/…, ko.local/…) and no Docker engine answers; there is no registry to pull from: build it locally or give the container a command')],
    ['neither image nor command', {}, docker, new ContainerStartError('CreateContainerError', 'no image and no command specified')],
  ])('refuses %s', async (_what, container, engine, error) => {
    const failure = resolver(engine).resolve(container);
    await expect(failure).rejects.toEqual(error);
    await expect(failure).rejects.toMatchObject({ reason: error.reason });
  });

  it('asks the engine whether it answers at most once per 10 s', async () => {
    const engine = dockerEngine(true, {});
    let now = 0;
    const images = resolver(engine, () => now);
    await images.resolve({ image: 'a', command: ['x'] });
    now = 9_999;
    await images.resolve({ image: 'b', command: ['x'] });
    expect(engine.infoCalls).toBe(1);
    now = 10_000;
    await images.resolve({ image: 'c', command: ['x'] });
    expect(engine.infoCalls).toBe(2);
  });

  it.each([
    [undefined, ['process']],
    [docker, ['process', 'docker']],
  ])('lists the runtimes in use', (engine, names) => {
    expect(resolver(engine).runtimes().map((runtime) => runtime.name)).toEqual(names);
  });
});
