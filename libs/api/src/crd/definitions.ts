import { PodAutoscalerSchema } from '../autoscaling/v1alpha1/index.js';
import { KnativeResources } from '../core/resources.js';
import { IngressSchema, ServerlessServiceSchema } from '../networking/v1alpha1/index.js';
import { ConfigurationSchema, RevisionSchema, RouteSchema, ServiceSchema } from '../serving/v1/index.js';
import { DomainMappingSchema } from '../serving/v1beta1/index.js';
import type { CrdSource } from './crd.js';
import type { PrinterColumn } from './types.js';

/** Label on a CRD whose kind is a duck `Addressable` (has `status.address.url`). */
export const DUCK_ADDRESSABLE_LABEL = 'duck.knative.dev/addressable';
/** Label on a CRD whose kind embeds a PodSpec (`spec.template.spec`). */
export const DUCK_PODSPECABLE_LABEL = 'duck.knative.dev/podspecable';

const SERVING_CATEGORIES = ['all', 'knative', 'serving'];

// API.md §1: Ready/Reason read the Ready condition.
const READY: PrinterColumn = { name: 'Ready', type: 'string', jsonPath: ".status.conditions[?(@.type=='Ready')].status" };
const REASON: PrinterColumn = { name: 'Reason', type: 'string', jsonPath: ".status.conditions[?(@.type=='Ready')].reason" };
const URL: PrinterColumn = { name: 'URL', type: 'string', jsonPath: '.status.url' };
const LATEST_CREATED: PrinterColumn = { name: 'LatestCreated', type: 'string', jsonPath: '.status.latestCreatedRevisionName' };
const LATEST_READY: PrinterColumn = { name: 'LatestReady', type: 'string', jsonPath: '.status.latestReadyRevisionName' };

/** The CRD sources of every kind Ebb serves, in a stable order. */
export const CRD_SOURCES: readonly CrdSource[] = [
  {
    ...KnativeResources.service,
    singular: 'service',
    shortNames: ['kservice', 'ksvc'],
    categories: SERVING_CATEGORIES,
    labels: { [DUCK_ADDRESSABLE_LABEL]: 'true', [DUCK_PODSPECABLE_LABEL]: 'true' },
    printerColumns: [URL, LATEST_CREATED, LATEST_READY, READY, REASON],
    schema: ServiceSchema,
  },
  {
    ...KnativeResources.configuration,
    singular: 'configuration',
    shortNames: ['config', 'cfg'],
    categories: SERVING_CATEGORIES,
    labels: { [DUCK_PODSPECABLE_LABEL]: 'true' },
    printerColumns: [LATEST_CREATED, LATEST_READY, READY, REASON],
    schema: ConfigurationSchema,
  },
  {
    ...KnativeResources.revision,
    singular: 'revision',
    shortNames: ['rev'],
    categories: SERVING_CATEGORIES,
    labels: {},
    printerColumns: [
      { name: 'Config Name', type: 'string', jsonPath: ".metadata.labels['serving\\.knative\\.dev/configuration']" },
      { name: 'Generation', type: 'string', jsonPath: ".metadata.labels['serving\\.knative\\.dev/configurationGeneration']" },
      READY,
      REASON,
      { name: 'Actual Replicas', type: 'integer', jsonPath: '.status.actualReplicas' },
      { name: 'Desired Replicas', type: 'integer', jsonPath: '.status.desiredReplicas' },
    ],
    schema: RevisionSchema,
  },
  {
    ...KnativeResources.route,
    singular: 'route',
    shortNames: ['rt'],
    categories: SERVING_CATEGORIES,
    labels: { [DUCK_ADDRESSABLE_LABEL]: 'true' },
    printerColumns: [URL, READY, REASON],
    schema: RouteSchema,
  },
  {
    ...KnativeResources.domainMapping,
    singular: 'domainmapping',
    shortNames: ['dm'],
    categories: SERVING_CATEGORIES,
    labels: { [DUCK_ADDRESSABLE_LABEL]: 'true' },
    printerColumns: [URL, READY, REASON],
    schema: DomainMappingSchema,
  },
  {
    ...KnativeResources.podAutoscaler,
    singular: 'podautoscaler',
    shortNames: ['kpa', 'pa'],
    categories: ['knative-internal', 'autoscaling'],
    labels: {},
    printerColumns: [
      { name: 'DesiredScale', type: 'integer', jsonPath: '.status.desiredScale' },
      { name: 'ActualScale', type: 'integer', jsonPath: '.status.actualScale' },
      READY,
      REASON,
    ],
    schema: PodAutoscalerSchema,
  },
  {
    ...KnativeResources.ingress,
    singular: 'ingress',
    shortNames: ['kingress', 'king'],
    categories: ['knative-internal', 'networking'],
    labels: {},
    printerColumns: [READY, REASON],
    schema: IngressSchema,
  },
  {
    ...KnativeResources.serverlessService,
    singular: 'serverlessservice',
    shortNames: ['sks'],
    categories: ['knative-internal', 'networking'],
    labels: {},
    printerColumns: [
      { name: 'Mode', type: 'string', jsonPath: '.spec.mode' },
      { name: 'Activators', type: 'integer', jsonPath: '.spec.numActivators' },
      { name: 'ServiceName', type: 'string', jsonPath: '.status.serviceName' },
      { name: 'PrivateServiceName', type: 'string', jsonPath: '.status.privateServiceName' },
      READY,
      REASON,
    ],
    schema: ServerlessServiceSchema,
  },
];
