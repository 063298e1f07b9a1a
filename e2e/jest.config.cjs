// End-to-end suites: the built app bundles as real processes, real nats-server, real lint runs.
const preset = require('../jest.preset.cjs')(__dirname);

module.exports = { ...preset, testMatch: ['<rootDir>/src/**/*.e2e.ts'], testTimeout: 60_000 };
