import { describeAppShell } from '@ebb/testing';
import { activatorApp } from './app.js';

describeAppShell(activatorApp, { component: 'activator', defaultAdminPort: 8082, readinessChecks: ['nats'] });
