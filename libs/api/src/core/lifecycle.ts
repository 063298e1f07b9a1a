/**
 * The condition sets of the four Serving kinds with their condition types, reasons and messages
 * (serving `pkg/apis/serving/v1/*_lifecycle.go`, API.md §6.1–6.4). The verbs that mark them live
 * with each kind; the mechanics are in `condition-set.ts`.
 */
import { goQuote } from '../errors/go-format.js';
import { CONDITION_READY, livingConditionSet, type ConditionSet } from './condition-set.js';

// ---------------------------------------------------------------------------------------------
// Revision (§6.1)

/** Revision condition types; `Active` is not a dependent of Ready (severity Info). */
export const RevisionConditionType = {
  /** The happy condition: ResourcesAvailable and ContainerHealthy are True. */
  Ready: CONDITION_READY,
  /** The Deployment and PodAutoscaler exist and have capacity. */
  ResourcesAvailable: 'ResourcesAvailable',
  /** The containers resolved and run without failing. */
  ContainerHealthy: 'ContainerHealthy',
  /** The Revision has replicas serving (from the PodAutoscaler); not part of Ready. */
  Active: 'Active',
} as const;
/** One of {@link RevisionConditionType}. */
export type RevisionConditionType = (typeof RevisionConditionType)[keyof typeof RevisionConditionType];

/** Revision condition reasons. */
export const RevisionReason = {
  /** ResourcesAvailable Unknown: image digests are being resolved. */
  ResolvingDigests: 'ResolvingDigests',
  /** ResourcesAvailable/ContainerHealthy (and Active when the PA has no condition) Unknown: just deployed. */
  Deploying: 'Deploying',
  /** ContainerHealthy False: digest resolution failed. */
  ContainerMissing: 'ContainerMissing',
  /** ResourcesAvailable False: a Deployment of that name exists and is not ours. */
  NotOwned: 'NotOwned',
  /** ResourcesAvailable False: initial scale was never achieved. */
  ProgressDeadlineExceeded: 'ProgressDeadlineExceeded',
  /** Active False: scaled to zero (from the PodAutoscaler). */
  NoTraffic: 'NoTraffic',
} as const;

/** Revision condition messages. */
export const RevisionMessage = {
  /** ContainerHealthy False `ExitCode<N>`: `Container failed with: <termination message>`. */
  containerFailed: (terminationMessage: string): string => `Container failed with: ${terminationMessage}`,
  /** The termination message used when the container exited without one. */
  exitedWithNoError: 'container exited with no error',
  /** ResourcesAvailable False `NotOwned`: `There is an existing Deployment "x" that we do not own.` */
  deploymentNotOwned: (name: string): string => `There is an existing Deployment ${goQuote(name)} that we do not own.`,
  /** ResourcesAvailable False `ProgressDeadlineExceeded`. */
  initialScaleNeverAchieved: 'Initial scale was never achieved',
} as const;

/** The ContainerHealthy False reason for a container exit code: `ExitCode5`. */
export function exitCodeReason(exitCode: number): string {
  return `ExitCode${exitCode}`;
}

/** Revision: Ready ← ResourcesAvailable, ContainerHealthy (Active is extra). Sorted: Active, ContainerHealthy, Ready, ResourcesAvailable. */
export const revisionConditionSet: ConditionSet = livingConditionSet(
  RevisionConditionType.ResourcesAvailable,
  RevisionConditionType.ContainerHealthy,
);

// ---------------------------------------------------------------------------------------------
// Configuration (§6.2)

/** Configuration condition types: only Ready. */
export const ConfigurationConditionType = {
  /** The latest created Revision is ready. */
  Ready: CONDITION_READY,
} as const;

/** Configuration condition reasons. */
export const ConfigurationReason = {
  /** Ready False: the latest created Revision failed, or creating it failed. */
  RevisionFailed: 'RevisionFailed',
  /** Ready False: the latest ready Revision was deleted. */
  RevisionDeleted: 'RevisionDeleted',
} as const;

/** Configuration condition messages. */
export const ConfigurationMessage = {
  /** `Revision "X" failed with message: <revision message>.` */
  revisionFailed: (name: string, message: string): string => `Revision ${goQuote(name)} failed with message: ${message}.`,
  /** `Revision creation failed with message: <err>.` */
  revisionCreationFailed: (message: string): string => `Revision creation failed with message: ${message}.`,
  /** `Revision "X" was deleted.` */
  revisionDeleted: (name: string): string => `Revision ${goQuote(name)} was deleted.`,
} as const;

/** Configuration: only Ready (no dependents). */
export const configurationConditionSet: ConditionSet = livingConditionSet();

// ---------------------------------------------------------------------------------------------
// Route (§6.3)

/** Route condition types. */
export const RouteConditionType = {
  /** The happy condition: all three below are True. */
  Ready: CONDITION_READY,
  /** Every traffic target resolved to a ready Revision. */
  AllTrafficAssigned: 'AllTrafficAssigned',
  /** The Ingress is programmed and ready. */
  IngressReady: 'IngressReady',
  /** Certificates are provisioned (or TLS is not enabled). */
  CertificateProvisioned: 'CertificateProvisioned',
} as const;
/** One of {@link RouteConditionType}. */
export type RouteConditionType = (typeof RouteConditionType)[keyof typeof RouteConditionType];

/** Route condition reasons. */
export const RouteReason = {
  /** AllTrafficAssigned Unknown/False: a target Revision is missing or not ready. */
  RevisionMissing: 'RevisionMissing',
  /** AllTrafficAssigned False: a target Configuration is missing. */
  ConfigurationMissing: 'ConfigurationMissing',
  /** AllTrafficAssigned False: a Service-owned Route points at another Service's Revision. */
  RevisionNotOwned: 'RevisionNotOwned',
  /** AllTrafficAssigned False: the domain template produced a bad result. */
  ErrorConfig: 'ErrorConfig',
  /** AllTrafficAssigned Unknown: any other error. */
  Unknown: 'Unknown',
  /** IngressReady Unknown: the Ingress has not been reconciled yet. */
  IngressNotConfigured: 'IngressNotConfigured',
  /** IngressReady Unknown: a gradual rollout is in progress. */
  RolloutInProgress: 'RolloutInProgress',
  /** IngressReady False: a placeholder Service of that name is not ours. */
  NotOwned: 'NotOwned',
  /** CertificateProvisioned True: TLS is not enabled. */
  TLSNotEnabled: 'TLSNotEnabled',
  /** CertificateProvisioned Unknown: the Certificate is not ready yet. */
  CertificateNotReady: 'CertificateNotReady',
  /** CertificateProvisioned False: provisioning failed. */
  CertificateProvisionFailed: 'CertificateProvisionFailed',
  /** CertificateProvisioned False: a Certificate of that name is not ours. */
  CertificateNotOwned: 'CertificateNotOwned',
  /** CertificateProvisioned True: served over HTTP although TLS was wanted. */
  HTTPDowngrade: 'HTTPDowngrade',
} as const;

/** The AllTrafficAssigned False reason for a missing target of `kind`: `ConfigurationMissing` / `RevisionMissing`. */
export function targetMissingReason(kind: 'Configuration' | 'Revision'): string {
  return `${kind}Missing`;
}

/** Route condition messages. */
export const RouteMessage = {
  /** AllTrafficAssigned Unknown `RevisionMissing`. */
  configurationWaiting: (name: string): string => `Configuration ${goQuote(name)} is waiting for a Revision to become ready.`,
  /** AllTrafficAssigned Unknown `RevisionMissing`. */
  revisionNotReady: (name: string): string => `Revision ${goQuote(name)} is not yet ready.`,
  /** AllTrafficAssigned False `RevisionMissing`. */
  configurationHasNoReadyRevision: (name: string): string => `Configuration ${goQuote(name)} does not have any ready Revision.`,
  /** AllTrafficAssigned False `RevisionMissing`. */
  revisionFailed: (name: string): string => `Revision ${goQuote(name)} failed to become ready.`,
  /** AllTrafficAssigned False `<Kind>Missing`. */
  targetNotFound: (kind: 'Configuration' | 'Revision', name: string): string => `${kind} ${goQuote(name)} referenced in traffic not found.`,
  /** AllTrafficAssigned False `RevisionNotOwned`, the Revision belonging to another Service. */
  revisionOfOtherService: (revision: string, owner: string, service: string): string =>
    `Revision ${goQuote(revision)} belongs to Service ${goQuote(owner)}, not Service ${goQuote(service)}.`,
  /** AllTrafficAssigned False `RevisionNotOwned`, the Revision belonging to no Service. */
  revisionNotOfService: (revision: string, service: string): string =>
    `Revision ${goQuote(revision)} does not belong to Service ${goQuote(service)}.`,
  /** IngressReady Unknown `IngressNotConfigured`. */
  ingressNotConfigured: 'Ingress has not yet been reconciled.',
  /** IngressReady Unknown `RolloutInProgress`. */
  rolloutInProgress: 'A gradual rollout of the latest revision(s) is in progress.',
  /** IngressReady False `NotOwned`. */
  placeholderNotOwned: (name: string): string => `There is an existing placeholder Service ${goQuote(name)} that we do not own.`,
  /** CertificateProvisioned True `TLSNotEnabled` (the default). */
  externalDomainTLSNotEnabled: 'external-domain-tls is not enabled',
  /** CertificateProvisioned True `TLSNotEnabled` for a cluster-local Route. */
  clusterLocalTLSNotEnabled: 'TLS is not enabled for cluster-local',
} as const;

/** Route: Ready ← AllTrafficAssigned, IngressReady, CertificateProvisioned. Sorted: AllTrafficAssigned, CertificateProvisioned, IngressReady, Ready. */
export const routeConditionSet: ConditionSet = livingConditionSet(
  RouteConditionType.AllTrafficAssigned,
  RouteConditionType.IngressReady,
  RouteConditionType.CertificateProvisioned,
);

// ---------------------------------------------------------------------------------------------
// Service (§6.4)

/** Service condition types. */
export const ServiceConditionType = {
  /** The happy condition: ConfigurationsReady and RoutesReady are True. */
  Ready: CONDITION_READY,
  /** Mirrors the Configuration's Ready once it observed its generation. */
  ConfigurationsReady: 'ConfigurationsReady',
  /** Mirrors the Route's Ready once it observed its generation and traffic migrated. */
  RoutesReady: 'RoutesReady',
} as const;
/** One of {@link ServiceConditionType}. */
export type ServiceConditionType = (typeof ServiceConditionType)[keyof typeof ServiceConditionType];

/** Service condition reasons. */
export const ServiceReason = {
  /** ConfigurationsReady/RoutesReady Unknown: the child has not observed its generation yet. */
  OutOfDate: 'OutOfDate',
  /** RoutesReady Unknown: the Route is Ready but its traffic does not match its spec yet. */
  TrafficNotMigrated: 'TrafficNotMigrated',
  /** ConfigurationsReady/RoutesReady False: a child of that name exists and is not ours. */
  NotOwned: 'NotOwned',
  /** RoutesReady False: the BYO revision name is taken by a conflicting Revision. */
  RevisionNameTaken: 'RevisionNameTaken',
} as const;

/** Service condition messages. */
export const ServiceMessage = {
  /** ConfigurationsReady Unknown `OutOfDate`. */
  configurationOutOfDate: 'The Configuration is still working to reflect the latest desired specification.',
  /** RoutesReady Unknown `OutOfDate`. */
  routeOutOfDate: 'The Route is still working to reflect the latest desired specification.',
  /** RoutesReady Unknown `TrafficNotMigrated`. */
  trafficNotMigrated: 'Traffic is not yet migrated to the latest revision.',
  /** ConfigurationsReady False `NotOwned`. */
  configurationNotOwned: (name: string): string => `There is an existing Configuration ${goQuote(name)} that we do not own.`,
  /** RoutesReady False `NotOwned`. */
  routeNotOwned: (name: string): string => `There is an existing Route ${goQuote(name)} that we do not own.`,
  /** RoutesReady False `RevisionNameTaken`. */
  revisionNameTaken: (name: string): string =>
    `The revision name ${goQuote(name)} is taken by a conflicting Revision, so traffic will not be migrated`,
} as const;

/** Service: Ready ← ConfigurationsReady, RoutesReady. Sorted: ConfigurationsReady, Ready, RoutesReady. */
export const serviceConditionSet: ConditionSet = livingConditionSet(
  ServiceConditionType.ConfigurationsReady,
  ServiceConditionType.RoutesReady,
);
