import type { ConditionSet, ConditionsStatus } from './condition-set.js';
import {
  ConfigurationMessage,
  ConfigurationReason,
  configurationConditionSet,
  exitCodeReason,
  RevisionConditionType,
  RevisionMessage,
  RevisionReason,
  revisionConditionSet,
  RouteMessage,
  RouteReason,
  routeConditionSet,
  ServiceMessage,
  ServiceReason,
  serviceConditionSet,
  targetMissingReason,
} from './lifecycle.js';

const T0 = '2026-01-01T00:00:00Z';

/** Every condition type of a set, initialized and with `extra` marked, in stored order. */
const sortedTypes = (set: ConditionSet, extra: string[]) => {
  let status = set.initializeConditions<ConditionsStatus>({}, T0);
  for (const type of extra) status = set.markTrue(status, { type }, T0);
  return (status.conditions ?? []).map((c) => c.type);
};

describe('condition sets (API.md §6.1–6.4)', () => {
  it.each([
    { name: 'Revision', set: revisionConditionSet, dependents: ['ResourcesAvailable', 'ContainerHealthy'], extra: ['Active'], sorted: ['Active', 'ContainerHealthy', 'Ready', 'ResourcesAvailable'] },
    { name: 'Configuration', set: configurationConditionSet, dependents: [], extra: [], sorted: ['Ready'] },
    {
      name: 'Route',
      set: routeConditionSet,
      dependents: ['AllTrafficAssigned', 'IngressReady', 'CertificateProvisioned'],
      extra: [],
      sorted: ['AllTrafficAssigned', 'CertificateProvisioned', 'IngressReady', 'Ready'],
    },
    { name: 'Service', set: serviceConditionSet, dependents: ['ConfigurationsReady', 'RoutesReady'], extra: [], sorted: ['ConfigurationsReady', 'Ready', 'RoutesReady'] },
  ])('$name', ({ set, dependents, extra, sorted }) => {
    expect(set.happy).toBe('Ready');
    expect(set.dependents).toEqual(dependents);
    expect(sortedTypes(set, extra)).toEqual(sorted);
  });

  it('treats Revision Active as a non-dependent', () => {
    expect(revisionConditionSet.isTerminal(RevisionConditionType.Active)).toBe(false);
    expect(revisionConditionSet.severity(RevisionConditionType.Active)).toBe('Info');
  });
});

describe('reasons', () => {
  it.each([
    { name: 'Revision ResolvingDigests', reason: RevisionReason.ResolvingDigests, want: 'ResolvingDigests' },
    { name: 'Revision Deploying', reason: RevisionReason.Deploying, want: 'Deploying' },
    { name: 'Revision ContainerMissing', reason: RevisionReason.ContainerMissing, want: 'ContainerMissing' },
    { name: 'Revision NotOwned', reason: RevisionReason.NotOwned, want: 'NotOwned' },
    { name: 'Revision ProgressDeadlineExceeded', reason: RevisionReason.ProgressDeadlineExceeded, want: 'ProgressDeadlineExceeded' },
    { name: 'Revision exit code', reason: exitCodeReason(5), want: 'ExitCode5' },
    { name: 'Configuration RevisionFailed', reason: ConfigurationReason.RevisionFailed, want: 'RevisionFailed' },
    { name: 'Configuration RevisionDeleted', reason: ConfigurationReason.RevisionDeleted, want: 'RevisionDeleted' },
    { name: 'Route missing configuration', reason: targetMissingReason('Configuration'), want: 'ConfigurationMissing' },
    { name: 'Route missing revision', reason: targetMissingReason('Revision'), want: RouteReason.RevisionMissing },
    { name: 'Route RevisionNotOwned', reason: RouteReason.RevisionNotOwned, want: 'RevisionNotOwned' },
    { name: 'Route IngressNotConfigured', reason: RouteReason.IngressNotConfigured, want: 'IngressNotConfigured' },
    { name: 'Route RolloutInProgress', reason: RouteReason.RolloutInProgress, want: 'RolloutInProgress' },
    { name: 'Route TLSNotEnabled', reason: RouteReason.TLSNotEnabled, want: 'TLSNotEnabled' },
    { name: 'Route HTTPDowngrade', reason: RouteReason.HTTPDowngrade, want: 'HTTPDowngrade' },
    { name: 'Service OutOfDate', reason: ServiceReason.OutOfDate, want: 'OutOfDate' },
    { name: 'Service TrafficNotMigrated', reason: ServiceReason.TrafficNotMigrated, want: 'TrafficNotMigrated' },
    { name: 'Service RevisionNameTaken', reason: ServiceReason.RevisionNameTaken, want: 'RevisionNameTaken' },
  ])('$name', ({ reason, want }) => {
    expect(reason).toBe(want);
  });
});

describe('messages (exact texts of API.md §6)', () => {
  it.each([
    { name: 'container failed', text: RevisionMessage.containerFailed('oops'), want: 'Container failed with: oops' },
    { name: 'no error', text: RevisionMessage.exitedWithNoError, want: 'container exited with no error' },
    { name: 'deployment not owned', text: RevisionMessage.deploymentNotOwned('x'), want: 'There is an existing Deployment "x" that we do not own.' },
    { name: 'initial scale', text: RevisionMessage.initialScaleNeverAchieved, want: 'Initial scale was never achieved' },
    { name: 'revision failed', text: ConfigurationMessage.revisionFailed('X', 'bad'), want: 'Revision "X" failed with message: bad.' },
    { name: 'revision creation failed', text: ConfigurationMessage.revisionCreationFailed('err'), want: 'Revision creation failed with message: err.' },
    { name: 'revision deleted', text: ConfigurationMessage.revisionDeleted('X'), want: 'Revision "X" was deleted.' },
    { name: 'configuration waiting', text: RouteMessage.configurationWaiting('X'), want: 'Configuration "X" is waiting for a Revision to become ready.' },
    { name: 'revision not ready', text: RouteMessage.revisionNotReady('X'), want: 'Revision "X" is not yet ready.' },
    { name: 'no ready revision', text: RouteMessage.configurationHasNoReadyRevision('X'), want: 'Configuration "X" does not have any ready Revision.' },
    { name: 'revision failed to become ready', text: RouteMessage.revisionFailed('X'), want: 'Revision "X" failed to become ready.' },
    { name: 'target not found', text: RouteMessage.targetNotFound('Configuration', 'X'), want: 'Configuration "X" referenced in traffic not found.' },
    { name: 'revision of other service', text: RouteMessage.revisionOfOtherService('X', 'A', 'B'), want: 'Revision "X" belongs to Service "A", not Service "B".' },
    { name: 'revision of no service', text: RouteMessage.revisionNotOfService('X', 'B'), want: 'Revision "X" does not belong to Service "B".' },
    { name: 'ingress not configured', text: RouteMessage.ingressNotConfigured, want: 'Ingress has not yet been reconciled.' },
    { name: 'rollout in progress', text: RouteMessage.rolloutInProgress, want: 'A gradual rollout of the latest revision(s) is in progress.' },
    { name: 'placeholder not owned', text: RouteMessage.placeholderNotOwned('X'), want: 'There is an existing placeholder Service "X" that we do not own.' },
    { name: 'tls not enabled', text: RouteMessage.externalDomainTLSNotEnabled, want: 'external-domain-tls is not enabled' },
    { name: 'tls cluster-local', text: RouteMessage.clusterLocalTLSNotEnabled, want: 'TLS is not enabled for cluster-local' },
    { name: 'configuration out of date', text: ServiceMessage.configurationOutOfDate, want: 'The Configuration is still working to reflect the latest desired specification.' },
    { name: 'route out of date', text: ServiceMessage.routeOutOfDate, want: 'The Route is still working to reflect the latest desired specification.' },
    { name: 'traffic not migrated', text: ServiceMessage.trafficNotMigrated, want: 'Traffic is not yet migrated to the latest revision.' },
    { name: 'configuration not owned', text: ServiceMessage.configurationNotOwned('X'), want: 'There is an existing Configuration "X" that we do not own.' },
    { name: 'route not owned', text: ServiceMessage.routeNotOwned('X'), want: 'There is an existing Route "X" that we do not own.' },
    {
      name: 'revision name taken',
      text: ServiceMessage.revisionNameTaken('X'),
      want: 'The revision name "X" is taken by a conflicting Revision, so traffic will not be migrated',
    },
  ])('$name', ({ text, want }) => {
    expect(text).toBe(want);
  });
});
