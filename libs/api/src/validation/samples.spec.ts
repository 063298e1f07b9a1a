import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { defaultAutoscalerConfig, defaultDefaultsConfig, defaultFeaturesConfig } from '@ebb/config';
import { Operation, type ApiConfig } from '../core/context.js';
import { setDefaults } from '../defaulting/index.js';
import { validate } from './index.js';

// Knative's sample Services (fixtures/samples) go through admission as the API server sends
// them: defaulting, then validation of the defaulted object. Each must be accepted, with no
// error-level finding (stock config still warns about insecure securityContext defaults).

const samplesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/samples');
const samples = readdirSync(samplesDir)
  .filter((file) => file.endsWith('.yaml') && !file.endsWith('.defaulted.yaml'))
  .sort()
  .map((file) => ({ name: file.replace(/\.yaml$/, ''), object: parseYaml(readFileSync(path.join(samplesDir, file), 'utf8')) as unknown }));

const config: ApiConfig = { defaults: defaultDefaultsConfig(), features: defaultFeaturesConfig(), autoscaler: defaultAutoscalerConfig() };

describe('Knative sample Services through admission', () => {
  it('finds the samples', () => {
    expect(samples.length).toBeGreaterThanOrEqual(6);
  });

  it.each(samples)('$name is accepted once defaulted, on create and on an update of itself', ({ object }) => {
    const defaulted = setDefaults(object, { ...config, operation: Operation.Create, user: 'alice@example.com' });
    expect(validate(defaulted, { ...config, operation: Operation.Create }).filter('Error').render()).toBe('');
    expect(validate(defaulted, { ...config, operation: Operation.Update, oldObject: defaulted }).filter('Error').render()).toBe('');
  });
});
