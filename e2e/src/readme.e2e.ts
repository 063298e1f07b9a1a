import { baseEnvSpecs } from '@ebb/observability';
import { natsEnvSpecs } from '@ebb/messaging/nats';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { WORKSPACE_ROOT } from './support/workspace.js';

/**
 * The webhook's own variables (`webhookEnvSpecs` in apps/webhook/src/webhook-config.ts), listed
 * here because an e2e suite may not import an app.
 */
const WEBHOOK_VARIABLES = ['EBB_WEBHOOK_PORT', 'EBB_WEBHOOK_HOST', 'EBB_WEBHOOK_CERT_DIR', 'EBB_WEBHOOK_DNS_NAMES'];

/** The README's tables must not drift from the settings the apps really read. */
describe('the README', () => {
  const readme = readFileSync(path.join(WORKSPACE_ROOT, 'README.md'), 'utf8');

  it('documents every environment variable the apps read, and no other', () => {
    const documented = [...readme.matchAll(/^\| `(EBB_[A-Z_]+)` \|/gm)].map((m) => m[1]).sort();
    const read = [...Object.keys({ ...baseEnvSpecs({ adminPort: 1 }), ...natsEnvSpecs() }), ...WEBHOOK_VARIABLES].sort();
    expect(documented).toEqual(read);
  });

  it.each(WEBHOOK_VARIABLES)('documents %s as a webhook setting in the configuration table', (variable) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${variable}\` \\| webhook \\| \`[^\`]+\` \\| [^|]+ \\|$`, 'm'));
  });

  it('names the test command that .ci/run runs', () => {
    const ci = readFileSync(path.join(WORKSPACE_ROOT, '.ci', 'run'), 'utf8');
    expect(ci).toMatch(/^npm test$/m);
    expect(readme).toContain('npm ci && npm test');
  });
});
