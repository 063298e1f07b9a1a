import { runApp } from '@ebb/observability';
import { webhookApp } from './app.js';

await runApp(webhookApp);
