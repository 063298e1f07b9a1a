#!/usr/bin/env node
// bench/autoscaler: CPU cost of the KPA's decision tick (@ebb/autoscaling) for 1,000 and 10,000
// revisions with synthetic metrics. Each revision first gets one stat per second for a full
// stable window (60 s of simulated time, not wall time); then, for a fixed number of ticks 2 s
// apart, two more stats per revision are recorded (untimed) and `observe` + `decide` run for every
// revision (timed with process.cpuUsage). Prints CPU per tick, the fraction of one core that is
// at a 2 s tick interval, and the ratio against a baseline measured in the same run: a
// JSON.stringify of every revision's decider state (the cheapest thing a tick could do per
// revision that still touches its state). Also prints the CPU cost of recording one stat
// (not part of the ratio). Bounded: BENCH_TICKS ticks (default 20) after 3 warm-up
// ticks; no network, no timers.
//
// Usage: npm run bench:autoscaler   (BENCH_TICKS=50 for steadier figures)
import { loadTsModule } from '../tools/build/load-ts.mjs';

const TICKS = Number(process.env.BENCH_TICKS ?? 20);
const WARMUP_TICKS = 3;
const TICK_MS = 2_000;
const SIZES = [1_000, 10_000];
/** A whole-second start so bucket and slot boundaries line up. */
const T0 = 1_700_000_000_000;

/** CPU microseconds (user + system) spent in `work`. */
function cpuMicros(work) {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return used.user + used.system;
}

/** A deterministic synthetic load: revision i at second s. */
function load(i, s) {
  return ((i * 7 + s * 3) % 60) + (i % 5 === 0 ? 40 : 0);
}

/** Annotation sets cycled over the revisions, so specs differ like a real cluster's. */
const ANNOTATIONS = [
  {},
  { 'autoscaling.knative.dev/target': '20' },
  { 'autoscaling.knative.dev/metric': 'rps', 'autoscaling.knative.dev/target': '150' },
  { 'autoscaling.knative.dev/scale-down-delay': '30s' },
  { 'autoscaling.knative.dev/window': '2m', 'autoscaling.knative.dev/panic-window-percentage': '20' },
  { 'autoscaling.knative.dev/metric-aggregation-algorithm': 'weighted-exponential' },
];

function makeRevisions(lib, config, count) {
  const revisions = new Map();
  for (let i = 0; i < count; i++) {
    const spec = lib.deciderSpec({ annotations: ANNOTATIONS[i % ANNOTATIONS.length], containerConcurrency: i % 3 === 0 ? 10 : 0 }, config);
    revisions.set(`default/rev-${i}`, { i, spec, metrics: new lib.RevisionMetrics(spec), state: lib.initialDeciderState(1 + (i % 4), T0), ready: 1 + (i % 4) });
  }
  return revisions;
}

function recordSecond(revisions, second) {
  const at = T0 + second * 1000;
  for (const rev of revisions.values()) rev.metrics.record(at, load(rev.i, second));
}

function tick(lib, revisions, nowMs) {
  for (const rev of revisions.values()) {
    const observed = rev.metrics.observe(nowMs);
    const out = lib.decide(rev.spec, rev.state, { nowMs, readyPods: rev.ready, stable: observed.stable, panic: observed.panic });
    rev.state = out.state;
    rev.ready = Math.max(1, out.recommendation.desiredScale);
  }
}

function baseline(revisions) {
  let bytes = 0;
  for (const rev of revisions.values()) bytes += JSON.stringify(rev.state).length;
  return bytes;
}

function run(lib, config, count) {
  const revisions = makeRevisions(lib, config, count);
  let second = 0;
  for (; second < 60; second++) recordSecond(revisions, second);
  let tickCpu = 0;
  let baseCpu = 0;
  let recordCpu = 0;
  let recorded = 0;
  for (let t = 0; t < WARMUP_TICKS + TICKS; t++) {
    const recordUs = cpuMicros(() => {
      recordSecond(revisions, second++);
      recordSecond(revisions, second++);
    });
    const nowMs = T0 + (second - 1) * 1000;
    const tickUs = cpuMicros(() => tick(lib, revisions, nowMs));
    const baseUs = cpuMicros(() => baseline(revisions));
    if (t < WARMUP_TICKS) continue;
    tickCpu += tickUs;
    baseCpu += baseUs;
    recordCpu += recordUs;
    recorded += 2 * count;
  }
  const perTickMs = tickCpu / TICKS / 1000;
  const basePerTickMs = baseCpu / TICKS / 1000;
  const label = `${count.toLocaleString('en-US')} revisions`;
  console.log(`${label.padEnd(18)} observe+decide ${perTickMs.toFixed(2).padStart(8)} ms CPU/tick = ${((perTickMs / TICK_MS) * 100).toFixed(3)} % of one core at a 2 s tick`);
  console.log(`${''.padEnd(18)} baseline JSON.stringify(state) ${basePerTickMs.toFixed(2).padStart(8)} ms CPU/tick; ratio tick / baseline = ${(tickCpu / Math.max(1, baseCpu)).toFixed(2)}`);
  console.log(`${''.padEnd(18)} record one stat: ${((recordCpu / recorded) * 1000).toFixed(0)} ns CPU each`);
}

async function main() {
  const lib = await loadTsModule('libs/autoscaling/src/index.ts');
  const { defaultAutoscalerConfig } = await loadTsModule('libs/config/src/index.ts');
  console.log(`KPA tick cost over ${TICKS} ticks (after ${WARMUP_TICKS} warm-up), ${ANNOTATIONS.length} annotation variants`);
  for (const count of SIZES) run(lib, defaultAutoscalerConfig(), count);
}

await main();
