import { describeAppShell } from '@ebb/testing';
import { networkingApp } from './app.js';

describeAppShell(networkingApp, { component: 'networking', defaultAdminPort: 8084, readinessChecks: ['nats'] });
