import { runApp } from '@ebb/observability';
import { activatorApp } from './app.js';

await runApp(activatorApp);
