/**
 * @ebb/testing — harnesses for specs, e2e suites and benchmarks; never imported by production code.
 */
export { NatsServer, NatsServerNotFoundError, findNatsServer } from './nats-server.js';
export { freePort } from './ports.js';
export { exited, stopProcess } from './process.js';
export type { ExitStatus } from './process.js';
export { waitFor, WaitTimeoutError } from './wait-for.js';
export type { WaitForOptions } from './wait-for.js';
export { parsePrometheusText, PrometheusTextError } from './prometheus-text.js';
export type { PrometheusSample } from './prometheus-text.js';
export { drainUntilReleased, startAppUnderTest } from './app-under-test.js';
export type { AppUnderTest, DrainObservation } from './app-under-test.js';
export { describeAppShell } from './app-shell.js';
export type { AppShellExpectations } from './app-shell.js';
export { captureJsonLines } from './json-lines.js';
export type { JsonLinesCapture } from './json-lines.js';
export { apiRequest, kubectl, kubectlOk, LOCAL_CLUSTER_BUNDLE, readKubeconfig, spawnKubectl, startLocalCluster } from './local-cluster.js';
export type { ApiAnswer, ApiRequest, KubectlOptions, KubectlResult, LocalCluster, LocalClusterOptions } from './local-cluster.js';
export { createTestCertificates, startTestWebhook } from './webhook-server.js';
export type { ReceivedCall, TestCertificateOptions, TestCertificates, TestHandler, TestReply, TestWebhook } from './webhook-server.js';
export { atRate, ebb, EBB_CLI_BUNDLE, echoManifest, exampleDir, httpGet, isReady, listPods, listSlices, namespaceReady, processAlive, processIdOf, readyEndpoints, startLoad } from './workloads.js';
export type { EchoManifestOptions, LoadReport, PodView, SliceView } from './workloads.js';
export { sharedClusterWithCrds } from './shared-cluster.js';
export type { SharedCluster } from './shared-cluster.js';
export { WORKSPACE_ROOT } from './workspace.js';
export { endpointSliceManifest, LocalServers, privateServiceManifest, revisionManifest } from './data-plane.js';
export type { SliceOptions } from './data-plane.js';
