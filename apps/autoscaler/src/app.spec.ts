import { describeAppShell } from '@ebb/testing';
import { autoscalerApp } from './app.js';

describeAppShell(autoscalerApp, { component: 'autoscaler', defaultAdminPort: 8083, readinessChecks: ['nats'] });
