import { runApp } from '@ebb/observability';
import { networkingApp } from './app.js';

await runApp(networkingApp);
