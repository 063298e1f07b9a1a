import { runApp } from '@ebb/observability';
import { controllerApp } from './app.js';

await runApp(controllerApp);
