// The controller's reconcilers, one line each (Knative's cmd/controller/main.go is the same list).
import type { ControllerFactory } from './reconcilers/deps.js';
import { configurationController } from './reconcilers/configuration/configuration.controller.js';
import { gcController } from './reconcilers/gc/gc.controller.js';
import { podAutoscalerController } from './reconcilers/podautoscaler/podautoscaler.controller.js';
import { revisionController } from './reconcilers/revision/revision.controller.js';
import { routeController } from './reconcilers/route/route.controller.js';
import { serverlessServiceController } from './reconcilers/serverlessservice/serverlessservice.controller.js';
import { serviceController } from './reconcilers/service/service.controller.js';

/** Every controller the app runs. */
export const CONTROLLERS: readonly ControllerFactory[] = [serviceController, configurationController, revisionController, podAutoscalerController, serverlessServiceController, routeController, gcController];
