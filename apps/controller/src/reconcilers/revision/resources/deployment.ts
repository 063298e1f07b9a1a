// The Deployment that runs a Revision's pods (serving `revision/resources/deploy.go` MakeDeployment),
// without Knative's queue-proxy sidecar: Ebb's gateway talks to the user container directly, so the
// user port, PORT/K_* env, probes and grace period are set on the user containers themselves. Pure.
import {
  deploymentName,
  initialDesiredScale,
  scaleBounds,
  ServingAnnotations,
  ServingLabels,
  type Container,
  type EnvVar,
  type Probe,
  type Revision,
} from '@ebb/api';
import { parseGoDuration, type AutoscalerConfig, type DeploymentConfig } from '@ebb/config';
import type { V1Deployment, V1PodSpec } from '@kubernetes/client-node';
import { nameOf, uidOf } from '../../shared/meta.js';
import {
  deploymentAnnotations,
  makeLabels,
  revisionOwnerReference,
  servingContainer,
  USER_PORT_NAME,
  userPort,
} from './meta.js';

/** The annotation naming the container `kubectl logs/exec` pick by default. */
export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

/** The config a Deployment is built from. */
export interface DeploymentBuildConfig {
  readonly deployment: DeploymentConfig;
  readonly autoscaler: AutoscalerConfig;
}

/** Env every container gets: K_REVISION, K_CONFIGURATION, K_SERVICE ('' without a Service). */
function knativeEnv(revision: Revision): EnvVar[] {
  const labels = revision.metadata?.labels ?? {};
  return [
    { name: 'K_REVISION', value: nameOf(revision) },
    { name: 'K_CONFIGURATION', value: labels[ServingLabels.Configuration] ?? '' },
    { name: 'K_SERVICE', value: labels[ServingLabels.Service] ?? '' },
  ];
}

/** Whether a probe port needs the user port: absent, 0, or a name (the port is renamed on the pod). */
function needsUserPort(port: number | string | undefined): boolean {
  return port === undefined || port === 0 || typeof port === 'string';
}

/** A tcpSocket/httpGet probe with its port pointed at the user port when it needs one. */
function withUserPort(probe: Probe, port: number, always: boolean): Probe {
  if (probe.httpGet !== undefined && (always || needsUserPort(probe.httpGet.port))) return { ...probe, httpGet: { ...probe.httpGet, port } };
  if (probe.tcpSocket !== undefined && (always || needsUserPort(probe.tcpSocket.port))) return { ...probe, tcpSocket: { ...probe.tcpSocket, port } };
  return probe;
}

/**
 * A readiness probe as the kubelet runs it. Knative's `periodSeconds: 0` means the queue-proxy's
 * aggressive probing (every 50 ms until ready); there is no queue-proxy here — the kubelet probes
 * the user container directly — so it becomes the kubelet's tightest schedule: every second,
 * failing after one miss, with a one-second timeout.
 */
function kubeletReadiness(probe: Probe): Probe {
  if ((probe.periodSeconds ?? 0) > 0) return probe;
  return { ...probe, periodSeconds: 1, failureThreshold: 1, timeoutSeconds: 1 };
}

/** The serving container as run: `user-port`, PORT, probes on the user port (a TCP readiness probe when it has none). */
function makeServingContainer(container: Container, revision: Revision): Container {
  const port = userPort(revision);
  const protocol = container.ports?.[0]?.protocol;
  const readiness = container.readinessProbe ?? { tcpSocket: { port }, successThreshold: 1 };
  const out: Container = {
    ...container,
    ports: [{ name: USER_PORT_NAME, containerPort: port, ...(protocol === undefined ? {} : { protocol }) }],
    env: [...(container.env ?? []), { name: 'PORT', value: String(port) }, ...knativeEnv(revision)],
    readinessProbe: kubeletReadiness(withUserPort(readiness, port, false)),
  };
  if (container.livenessProbe !== undefined) out.livenessProbe = withUserPort(container.livenessProbe, port, true);
  return out;
}

/** A sidecar as run: K_* env; a readiness probe on Knative's aggressive schedule gets the kubelet's tightest one. */
function makeSidecar(container: Container, revision: Revision): Container {
  const out: Container = { ...container, env: [...(container.env ?? []), ...knativeEnv(revision)] };
  if (container.readinessProbe !== undefined) out.readinessProbe = kubeletReadiness(container.readinessProbe);
  return out;
}

/** Every container: FallbackToLogsOnError unless the user chose a termination message policy (so a crash explains itself). */
function withTerminationPolicy(container: Container): Container {
  return container.terminationMessagePolicy === undefined || container.terminationMessagePolicy === ''
    ? { ...container, terminationMessagePolicy: 'FallbackToLogsOnError' }
    : container;
}

/** The pod spec: the Revision's PodSpec without Knative's fields, containers rewritten, grace period = timeoutSeconds. */
export function makePodSpec(revision: Revision): V1PodSpec {
  // Knative's own fields (containerConcurrency and the three timeouts) are not PodSpec fields.
  const { containerConcurrency: _cc, timeoutSeconds, responseStartTimeoutSeconds: _rst, idleTimeoutSeconds: _it, ...podSpec } = revision.spec ?? {};
  const serving = servingContainer(revision);
  const containers = (podSpec.containers ?? []).map((c) =>
    withTerminationPolicy(c === serving ? makeServingContainer(c, revision) : makeSidecar(c, revision)),
  );
  const spec = { ...podSpec, containers, ...(timeoutSeconds === undefined ? {} : { terminationGracePeriodSeconds: timeoutSeconds }) };
  return spec as unknown as V1PodSpec;
}

/** Deployment progressDeadlineSeconds: the `serving.knative.dev/progress-deadline` annotation, else config-deployment. */
export function progressDeadlineSeconds(revision: Revision, config: DeploymentConfig): number {
  const annotation = revision.metadata?.annotations?.[ServingAnnotations.ProgressDeadline];
  const ms = annotation === undefined ? undefined : parseGoDuration(annotation);
  return Math.floor((ms ?? config.progressDeadline) / 1000);
}

/** The Deployment of `revision` (its replicas are the initial scale; the PodAutoscaler reconciler owns them afterwards). */
export function makeDeployment(revision: Revision, cfg: DeploymentBuildConfig): V1Deployment {
  const labels = makeLabels(revision);
  const annotations = deploymentAnnotations(revision);
  const name = nameOf(revision);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: deploymentName(name),
      namespace: revision.metadata?.namespace,
      labels,
      annotations,
      ownerReferences: [revisionOwnerReference(revision)],
    },
    spec: {
      replicas: initialDesiredScale(scaleBounds(revision.metadata?.annotations, cfg.autoscaler)),
      selector: { matchLabels: { [ServingLabels.RevisionUID]: uidOf(revision) } },
      progressDeadlineSeconds: progressDeadlineSeconds(revision, cfg.deployment),
      strategy: { type: 'RollingUpdate' },
      template: {
        metadata: {
          labels: { ...labels },
          annotations: { ...annotations, [DEFAULT_CONTAINER_ANNOTATION]: servingContainer(revision).name ?? '' },
        },
        spec: makePodSpec(revision),
      },
    },
  };
}
