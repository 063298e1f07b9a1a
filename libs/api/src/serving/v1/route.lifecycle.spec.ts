// Table spec of the Route status verbs (API.md §6.3): each row applies verbs to an initialized
// status and states every condition afterwards, with Knative's reasons and messages.
import type { Condition } from '../../core/condition.js';
import { routeConditionSet } from '../../core/lifecycle.js';
import type { Ingress } from '../../networking/v1alpha1/ingress.types.js';
import type { RouteStatus } from './route.types.js';
import {
  markCertificateNotEnabled,
  markConfigurationFailedToBeReady,
  markConfigurationNotReady,
  markDomainConfigError,
  markIngressNotConfigured,
  markIngressNotOwned,
  markMissingTrafficTarget,
  markPlaceholderServiceNotOwned,
  markRevisionFailed,
  markRevisionNotOwned,
  markRevisionNotReady,
  markTrafficAssigned,
  markUnknownTrafficError,
  propagateIngressStatus,
} from './route.lifecycle.js';

const T0 = '2026-01-01T00:00:00Z';
const T1 = '2026-01-01T00:01:00Z';
const initial = (): RouteStatus => routeConditionSet.initializeConditions<RouteStatus>({}, T0);
const c = (type: string, status: Condition['status'], reason?: string, message?: string): Condition => ({
  type,
  status,
  lastTransitionTime: T1,
  ...(reason === undefined ? {} : { reason }),
  ...(message === undefined ? {} : { message }),
});
const u0 = (type: string): Condition => ({ type, status: 'Unknown', lastTransitionTime: T0 });
/** The four conditions in stored order. */
const conds = (traffic: Condition, cert: Condition, ingress: Condition, ready: Condition): Condition[] => [traffic, cert, ingress, ready];
const failed = (status: Condition['status'], reason: string, message: string): Condition[] =>
  conds(c('AllTrafficAssigned', status, reason, message), u0('CertificateProvisioned'), u0('IngressReady'), c('Ready', status, reason, message));

const ingress = (generation: number, observed: number | undefined, ready?: Condition): Ingress => ({
  metadata: { name: 'hello', namespace: 'default', generation },
  status: { ...(observed === undefined ? {} : { observedGeneration: observed }), ...(ready === undefined ? {} : { conditions: [ready] }) },
});
const allTrue = (s: RouteStatus): RouteStatus => markCertificateNotEnabled(markTrafficAssigned(s, T1), false, T1);

describe('Route lifecycle (API.md §6.3)', () => {
  it.each([
    {
      name: 'traffic assigned',
      apply: (s: RouteStatus): RouteStatus => markTrafficAssigned(s, T1),
      want: conds(c('AllTrafficAssigned', 'True'), u0('CertificateProvisioned'), u0('IngressReady'), u0('Ready')),
    },
    {
      name: 'missing configuration',
      apply: (s: RouteStatus): RouteStatus => markMissingTrafficTarget(s, 'Configuration', 'hello', T1),
      want: failed('False', 'ConfigurationMissing', 'Configuration "hello" referenced in traffic not found.'),
    },
    {
      name: 'missing revision',
      apply: (s: RouteStatus): RouteStatus => markMissingTrafficTarget(s, 'Revision', 'hello-00001', T1),
      want: failed('False', 'RevisionMissing', 'Revision "hello-00001" referenced in traffic not found.'),
    },
    {
      name: 'configuration waiting',
      apply: (s: RouteStatus): RouteStatus => markConfigurationNotReady(s, 'hello', T1),
      want: failed('Unknown', 'RevisionMissing', 'Configuration "hello" is waiting for a Revision to become ready.'),
    },
    {
      name: 'configuration failed',
      apply: (s: RouteStatus): RouteStatus => markConfigurationFailedToBeReady(s, 'hello', T1),
      want: failed('False', 'RevisionMissing', 'Configuration "hello" does not have any ready Revision.'),
    },
    {
      name: 'revision not ready',
      apply: (s: RouteStatus): RouteStatus => markRevisionNotReady(s, 'hello-00001', T1),
      want: failed('Unknown', 'RevisionMissing', 'Revision "hello-00001" is not yet ready.'),
    },
    {
      name: 'revision failed',
      apply: (s: RouteStatus): RouteStatus => markRevisionFailed(s, 'hello-00001', T1),
      want: failed('False', 'RevisionMissing', 'Revision "hello-00001" failed to become ready.'),
    },
    {
      name: 'revision of another service',
      apply: (s: RouteStatus): RouteStatus => markRevisionNotOwned(s, { revision: 'other-00001', owner: 'other', service: 'hello' }, T1),
      want: failed('False', 'RevisionNotOwned', 'Revision "other-00001" belongs to Service "other", not Service "hello".'),
    },
    {
      name: 'revision of no service',
      apply: (s: RouteStatus): RouteStatus => markRevisionNotOwned(s, { revision: 'loose-00001', service: 'hello' }, T1),
      want: failed('False', 'RevisionNotOwned', 'Revision "loose-00001" does not belong to Service "hello".'),
    },
    {
      name: 'bad domain template',
      apply: (s: RouteStatus): RouteStatus => markDomainConfigError(s, 'invalid domain name "x"', T1),
      want: failed('False', 'ErrorConfig', 'invalid domain name "x"'),
    },
    {
      name: 'other error',
      apply: (s: RouteStatus): RouteStatus => markUnknownTrafficError(s, 'boom', T1),
      want: failed('Unknown', 'Unknown', 'boom'),
    },
    {
      name: 'ingress not configured',
      apply: (s: RouteStatus): RouteStatus => markIngressNotConfigured(allTrue(s), T1),
      want: conds(
        c('AllTrafficAssigned', 'True'),
        c('CertificateProvisioned', 'True', 'TLSNotEnabled', 'external-domain-tls is not enabled'),
        c('IngressReady', 'Unknown', 'IngressNotConfigured', 'Ingress has not yet been reconciled.'),
        c('Ready', 'Unknown', 'IngressNotConfigured', 'Ingress has not yet been reconciled.'),
      ),
    },
    {
      name: 'ingress ready and observed: Ready True',
      apply: (s: RouteStatus): RouteStatus => propagateIngressStatus(allTrue(s), ingress(2, 2, c('Ready', 'True')), T1),
      want: conds(
        c('AllTrafficAssigned', 'True'),
        c('CertificateProvisioned', 'True', 'TLSNotEnabled', 'external-domain-tls is not enabled'),
        c('IngressReady', 'True'),
        c('Ready', 'True'),
      ),
    },
    {
      name: 'ingress ready for an older generation: not configured',
      apply: (s: RouteStatus): RouteStatus => propagateIngressStatus(allTrue(s), ingress(3, 2, c('Ready', 'True')), T1),
      want: conds(
        c('AllTrafficAssigned', 'True'),
        c('CertificateProvisioned', 'True', 'TLSNotEnabled', 'external-domain-tls is not enabled'),
        c('IngressReady', 'Unknown', 'IngressNotConfigured', 'Ingress has not yet been reconciled.'),
        c('Ready', 'Unknown', 'IngressNotConfigured', 'Ingress has not yet been reconciled.'),
      ),
    },
    {
      name: 'ingress without status: not configured',
      apply: (s: RouteStatus): RouteStatus => propagateIngressStatus(allTrue(s), ingress(1, undefined), T1),
      want: conds(
        c('AllTrafficAssigned', 'True'),
        c('CertificateProvisioned', 'True', 'TLSNotEnabled', 'external-domain-tls is not enabled'),
        c('IngressReady', 'Unknown', 'IngressNotConfigured', 'Ingress has not yet been reconciled.'),
        c('Ready', 'Unknown', 'IngressNotConfigured', 'Ingress has not yet been reconciled.'),
      ),
    },
    {
      name: 'ingress failed: mirrored False',
      apply: (s: RouteStatus): RouteStatus => propagateIngressStatus(allTrue(s), ingress(1, 1, c('Ready', 'False', 'BadRule', 'no such host')), T1),
      want: conds(
        c('AllTrafficAssigned', 'True'),
        c('CertificateProvisioned', 'True', 'TLSNotEnabled', 'external-domain-tls is not enabled'),
        c('IngressReady', 'False', 'BadRule', 'no such host'),
        c('Ready', 'False', 'BadRule', 'no such host'),
      ),
    },
    {
      name: 'ingress probing: mirrored Unknown',
      apply: (s: RouteStatus): RouteStatus => propagateIngressStatus(allTrue(s), ingress(1, 1, c('Ready', 'Unknown', 'Probing', 'waiting')), T1),
      want: conds(
        c('AllTrafficAssigned', 'True'),
        c('CertificateProvisioned', 'True', 'TLSNotEnabled', 'external-domain-tls is not enabled'),
        c('IngressReady', 'Unknown', 'Probing', 'waiting'),
        c('Ready', 'Unknown', 'Probing', 'waiting'),
      ),
    },
    {
      name: 'ingress not owned',
      apply: (s: RouteStatus): RouteStatus => markIngressNotOwned(s, 'hello', T1),
      want: conds(
        u0('AllTrafficAssigned'),
        u0('CertificateProvisioned'),
        c('IngressReady', 'False', 'NotOwned', 'There is an existing Ingress "hello" that we do not own.'),
        c('Ready', 'False', 'NotOwned', 'There is an existing Ingress "hello" that we do not own.'),
      ),
    },
    {
      name: 'placeholder service not owned',
      apply: (s: RouteStatus): RouteStatus => markPlaceholderServiceNotOwned(s, 'hello', T1),
      want: conds(
        u0('AllTrafficAssigned'),
        u0('CertificateProvisioned'),
        c('IngressReady', 'False', 'NotOwned', 'There is an existing placeholder Service "hello" that we do not own.'),
        c('Ready', 'False', 'NotOwned', 'There is an existing placeholder Service "hello" that we do not own.'),
      ),
    },
    {
      name: 'cluster-local TLS not enabled',
      apply: (s: RouteStatus): RouteStatus => markCertificateNotEnabled(s, true, T1),
      want: conds(u0('AllTrafficAssigned'), c('CertificateProvisioned', 'True', 'TLSNotEnabled', 'TLS is not enabled for cluster-local'), u0('IngressReady'), u0('Ready')),
    },
  ])('$name', ({ apply, want }) => {
    expect(apply(initial()).conditions).toEqual(want);
  });
});
