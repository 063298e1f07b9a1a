import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jsonPatch from 'fast-json-patch';
import { Compile } from 'typebox/compile';
import { parse as parseYaml } from 'yaml';
import { defaultAutoscalerConfig, defaultDefaultsConfig, defaultFeaturesConfig } from '@ebb/config';
import { Operation, type DefaultingContext } from '../core/context.js';
import { ServiceSchema } from '../serving/v1/service.types.js';
import { setDefaults } from './index.js';
import { deepFreeze, expectNoSecondPatch } from './idempotency.spec-support.js';

// Knative's sample Services (fixtures/samples/<name>.yaml, as a user applies them) default to
// <name>.defaulted.yaml under stock config-defaults/config-features, created by alice@example.com.

const samplesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/samples');
const DEFAULTED = '.defaulted.yaml';

const read = (file: string): unknown => parseYaml(readFileSync(path.join(samplesDir, file), 'utf8')) as unknown;

const samples = readdirSync(samplesDir)
  .filter((f) => f.endsWith('.yaml') && !f.endsWith(DEFAULTED))
  .sort()
  .map((file) => ({ name: file.replace(/\.yaml$/, ''), file, expectedFile: file.replace(/\.yaml$/, DEFAULTED) }));

const ctx: DefaultingContext = {
  defaults: defaultDefaultsConfig(),
  features: defaultFeaturesConfig(),
  autoscaler: defaultAutoscalerConfig(),
  operation: Operation.Create,
  user: 'alice@example.com',
};

const validService = Compile(ServiceSchema);


describe('Knative sample Services', () => {
  it('has the six samples, each with its defaulted form', () => {
    expect(samples.map((s) => s.name)).toEqual(['autoscaling', 'hello-world', 'multi-container', 'probes', 'traffic-split', 'volumes']);
    expect(readdirSync(samplesDir).filter((f) => f.endsWith(DEFAULTED)).sort()).toEqual(samples.map((s) => s.expectedFile));
  });

  it.each(samples)('$name defaults to $expectedFile', ({ file, expectedFile }) => {
    expect(setDefaults(read(file), ctx)).toStrictEqual(read(expectedFile));
  });

  it.each(samples)('$name: defaulting a defaulted object yields no patch (frozen input)', ({ file }) => {
    expectNoSecondPatch(read(file), ctx);
  });

  it.each(samples)('$name: the defaulted file is already fully defaulted', ({ expectedFile }) => {
    const defaulted = deepFreeze(read(expectedFile)) as object;
    const again = setDefaults(defaulted, ctx) as object;
    expect(again).toStrictEqual(defaulted);
    expect(jsonPatch.compare(defaulted, again)).toEqual([]);
  });

  it.each(samples)('$name: the input is not changed', ({ file }) => {
    const input = read(file);
    const before = structuredClone(input);
    setDefaults(input, ctx);
    expect(input).toStrictEqual(before);
  });

  it.each(samples)('$name: sample and defaulted form match the Service schema', ({ file, expectedFile }) => {
    expect([validService.Check(read(file)), validService.Check(read(expectedFile))]).toEqual([true, true]);
  });
});
