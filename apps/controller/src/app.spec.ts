import { describeAppShell } from '@ebb/testing';
import { controllerApp } from './app.js';

describeAppShell(controllerApp, { component: 'controller', defaultAdminPort: 8081, readinessChecks: ['nats'] });
