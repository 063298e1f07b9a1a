import { baseEnvSpecs } from '@ebb/observability';
import { natsEnvSpecs } from '@ebb/messaging/nats';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { WORKSPACE_ROOT } from '@ebb/testing';

/**
 * The apps' own variables (`webhookEnvSpecs` in apps/webhook/src/webhook-config.ts,
 * `networkingEnvSpecs` in apps/networking/src/networking-config.ts, the activator's and the
 * autoscaler's config files), with the apps that read each,
 * listed here because an e2e suite may not import an app.
 */
const APP_VARIABLES: readonly (readonly [string, string])[] = [
  ['EBB_WEBHOOK_PORT', 'webhook'],
  ['EBB_WEBHOOK_HOST', 'webhook'],
  ['EBB_WEBHOOK_CERT_DIR', 'webhook'],
  ['EBB_WEBHOOK_DNS_NAMES', 'webhook'],
  ['EBB_WEBHOOK_SERVICE', 'webhook'],
  ['EBB_WEBHOOK_CERT_SECRET', 'webhook'],
  ['EBB_WEBHOOK_CONFIGURATIONS', 'webhook'],
  ['EBB_SYSTEM_NAMESPACE', 'controller, activator, autoscaler, networking, webhook'],
  ['EBB_GATEWAY_HOST', 'networking'],
  ['EBB_GATEWAY_PORT', 'networking'],
  ['EBB_GATEWAY_SERVICE', 'networking'],
  ['EBB_GATEWAY_ISTIO_GATEWAYS', 'networking'],
  ['EBB_ISTIO_INGRESS', 'networking'],
  ['EBB_ACTIVATOR_SERVICE', 'controller, activator, networking'],
  ['EBB_ACTIVATOR_HOST', 'activator'],
  ['EBB_ACTIVATOR_PORT', 'activator'],
  ['EBB_ACTIVATOR_QUEUE_DEPTH', 'activator'],
  ['EBB_ACTIVATOR_PROBE_INTERVAL_MS', 'activator'],
  ['EBB_DECISION_HISTORY', 'autoscaler'],
  ['EBB_AUTOSCALER_BUCKETS', 'autoscaler'],
];

/** The README's tables must not drift from the settings the apps really read. */
describe('the README', () => {
  const readme = readFileSync(path.join(WORKSPACE_ROOT, 'README.md'), 'utf8');

  it('documents every environment variable the apps read, and no other', () => {
    const documented = [...readme.matchAll(/^\| `(EBB_[A-Z_]+)` \|/gm)].map((m) => m[1]).sort();
    const read = [...Object.keys({ ...baseEnvSpecs({ adminPort: 1 }), ...natsEnvSpecs() }), ...APP_VARIABLES.map(([variable]) => variable)].sort();
    expect(documented).toEqual(read);
  });

  it.each(APP_VARIABLES)('documents %s as a setting of %s in the configuration table', (variable, apps) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${variable}\` \\| ${apps} \\| \`[^\`]*\` \\| [^|]+ \\|$`, 'm'));
  });

  it('names the test command that .ci/run runs', () => {
    const ci = readFileSync(path.join(WORKSPACE_ROOT, '.ci', 'run'), 'utf8');
    expect(ci).toMatch(/^npm test$/m);
    expect(readme).toContain('npm ci && npm test');
    expect(readme).toContain('npm ci && npm run setup && npm run up');
  });
});
