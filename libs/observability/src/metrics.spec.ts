import { buildVersion, createMetricsRegistry } from './metrics.js';

describe('buildVersion', () => {
  it.each([
    [{ EBB_VERSION: '0.2.0' }, '0.2.0'],
    [{ EBB_VERSION: ' next ' }, 'next'],
    [{ EBB_VERSION: '' }, 'dev'],
    [{}, 'dev'],
  ])('reads %j as %s', (env, expected) => {
    expect(buildVersion(env)).toBe(expected);
  });
});

describe('createMetricsRegistry', () => {
  it('reports the component and version as ebb_build_info', async () => {
    const text = await createMetricsRegistry('activator', 'next').metrics();
    expect(text).toContain('ebb_build_info{component="activator",version="next"} 1');
    expect(text).toContain('process_cpu_seconds_total');
  });

  it('has no build info without a component', async () => {
    expect(await createMetricsRegistry().metrics()).not.toContain('ebb_build_info');
  });
});
