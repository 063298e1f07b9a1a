import { runApp } from '@ebb/observability';
import { autoscalerApp } from './app.js';

await runApp(autoscalerApp);
