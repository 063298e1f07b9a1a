#!/usr/bin/env node
// bench/validation: objects/s for the admission webhooks' work on one realistic Service —
// defaulting plus validation, as @ebb/api does it — against a plain
// JSON.parse(JSON.stringify(obj)) of the same object, both measured in this run. Prints the
// ratio. Bounded: each measurement runs for a fixed time (BENCH_SECONDS, default 2) after a
// short warm-up; no network.
//
// Usage: npm run bench:validation
import { loadTsModule } from '../tools/build/load-ts.mjs';

const seconds = Number(process.env.BENCH_SECONDS ?? 2);

/** A Service like the ones users apply: two containers, env, probes, volumes, autoscaling annotations, a traffic split with tags. */
const service = {
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: { name: 'shop', namespace: 'default', labels: { team: 'checkout' } },
  spec: {
    template: {
      metadata: {
        name: 'shop-v2',
        annotations: {
          'autoscaling.knative.dev/min-scale': '1',
          'autoscaling.knative.dev/max-scale': '10',
          'autoscaling.knative.dev/target': '50',
          'autoscaling.knative.dev/metric': 'concurrency',
        },
      },
      spec: {
        containerConcurrency: 80,
        timeoutSeconds: 120,
        containers: [
          {
            name: 'app',
            image: 'ghcr.io/example/shop@sha256:0b6a9b5c2e0c5d0c1a8a0a8f6f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6',
            ports: [{ containerPort: 8080 }],
            env: [
              { name: 'LOG_LEVEL', value: 'info' },
              { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'shop-db', key: 'password' } } },
            ],
            resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
            readinessProbe: { httpGet: { path: '/ready' }, periodSeconds: 5 },
            livenessProbe: { httpGet: { path: '/healthz' }, initialDelaySeconds: 3 },
            volumeMounts: [
              { name: 'settings', mountPath: '/etc/shop', readOnly: true },
              { name: 'certs', mountPath: '/etc/certs', readOnly: true },
            ],
          },
          { name: 'log-shipper', image: 'ghcr.io/example/shipper:1.4', env: [{ name: 'TARGET', value: 'logs:9000' }] },
        ],
        volumes: [
          { name: 'settings', configMap: { name: 'shop-settings' } },
          { name: 'certs', secret: { secretName: 'shop-certs' } },
        ],
      },
    },
    traffic: [
      { revisionName: 'shop-v1', percent: 80, tag: 'stable' },
      { latestRevision: true, percent: 20, tag: 'candidate' },
    ],
  },
};

function measure(label, work) {
  const warmUntil = performance.now() + 300;
  while (performance.now() < warmUntil) work();
  let count = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  while (performance.now() < until) {
    for (let i = 0; i < 100; i++) work();
    count += 100;
  }
  const perSecond = count / ((performance.now() - started) / 1000);
  console.log(`${label.padEnd(44)} ${Math.round(perSecond).toLocaleString('en-US').padStart(12)} objects/s`);
  return perSecond;
}

async function main() {
  const api = await loadTsModule('libs/api/src/index.ts');
  const config = await loadTsModule('libs/config/src/index.ts');
  const base = { defaults: config.defaultDefaultsConfig(), features: config.defaultFeaturesConfig(), autoscaler: config.defaultAutoscalerConfig() };
  const defaulting = { ...base, operation: 'CREATE', user: 'alice@example.com' };
  const validation = { ...base, operation: 'CREATE' };

  const check = api.validate(api.setDefaults(service, defaulting), validation).filter('Error');
  if (!check.isEmpty()) throw new Error(`the benchmark's Service does not validate:\n${check.render()}`);

  const baseline = measure('baseline: JSON.parse(JSON.stringify(obj))', () => JSON.parse(JSON.stringify(service)));
  const admitted = measure('setDefaults + validate (@ebb/api)', () => api.validate(api.setDefaults(service, defaulting), validation));
  console.log(`ratio: defaulting+validation / JSON round-trip = ${(admitted / baseline).toFixed(3)}`);
}

await main();
