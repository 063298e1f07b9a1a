import { describeAppShell } from '@ebb/testing';
import { webhookApp } from './app.js';

describeAppShell(webhookApp, { component: 'webhook', defaultAdminPort: 8085, usesNats: false });
