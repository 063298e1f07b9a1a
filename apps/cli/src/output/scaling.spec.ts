import type { PodAutoscaler, ServerlessService } from '@ebb/api';
import type { ScaleDecisionRecord } from '../serving/decisions.js';
import { describeScaling, figure, scalingSummary, type ScalingInputs } from './scaling.js';

const NOW = new Date('2026-11-26T03:00:00Z');
const at = (secondsAgo: number): number => NOW.getTime() - secondsAgo * 1000;

const PA: PodAutoscaler = {
  metadata: { name: 'hello-00001', namespace: 'default' },
  status: {
    desiredScale: 3,
    actualScale: 2,
    conditions: [
      { type: 'Active', status: 'True' },
      { type: 'Ready', status: 'Unknown', reason: 'Queued', message: 'Requests to the target are being buffered as resources are provisioned.' },
      { type: 'SKSReady', status: 'True' },
      { type: 'ScaleTargetInitialized', status: 'True' },
    ],
  },
};

const SKS: ServerlessService = { metadata: { name: 'hello-00001', namespace: 'default' }, spec: { mode: 'Proxy', objectRef: { name: 'hello-00001' }, numActivators: 2 } };

const decision = (secondsAgo: number, fields: Partial<ScaleDecisionRecord> = {}): ScaleDecisionRecord => ({
  timestamp: at(secondsAgo),
  desiredScale: 3,
  excessBurstCapacity: -10,
  panic: false,
  observedStableValue: 25,
  observedPanicValue: 30,
  readyPods: 2,
  reason: 'stable',
  ...fields,
});

const DECISIONS = [decision(4, { desiredScale: 2, reason: 'older' }), decision(2, { panic: true, observedStableValue: 12.345, observedPanicValue: 60.5, reason: 'panic: 2x target' }), decision(6, { readyPods: undefined, reason: 'oldest' })];

describe('describeScaling', () => {
  it.each<{ name: string; inputs: ScalingInputs; limit: number; want: string }>([
    {
      name: 'everything known: scale, mode, conditions, decisions newest first',
      inputs: { podAutoscaler: PA, serverlessService: SKS, decisions: { available: true, decisions: DECISIONS } },
      limit: 10,
      want: [
        '',
        'Scaling:',
        '  Desired:   3',
        '  Actual:    2',
        '  Mode:      Proxy (activators: 2)',
        '  Panic:     yes',
        '  Active:    True',
        '  Ready:     Unknown (Queued: Requests to the target are being buffered as resources are provisioned.)',
        '  SKSReady:  True',
        '',
        'Decisions (newest first):',
        '  AGE   DESIRED   READY   STABLE   PANIC-VALUE   PANIC   REASON',
        '  2s    3         2       12.35    60.5          yes     panic: 2x target',
        '  4s    2         2       25       30            no      older',
        '  6s    3         -       25       30            no      oldest',
        '',
      ].join('\n'),
    },
    {
      name: 'limited to the latest decision',
      inputs: { podAutoscaler: PA, serverlessService: SKS, decisions: { available: true, decisions: DECISIONS } },
      limit: 1,
      want: [
        '',
        'Scaling:',
        '  Desired:   3',
        '  Actual:    2',
        '  Mode:      Proxy (activators: 2)',
        '  Panic:     yes',
        '  Active:    True',
        '  Ready:     Unknown (Queued: Requests to the target are being buffered as resources are provisioned.)',
        '  SKSReady:  True',
        '',
        'Decisions (newest first):',
        '  AGE   DESIRED   READY   STABLE   PANIC-VALUE   PANIC   REASON',
        '  2s    3         2       12.35    60.5          yes     panic: 2x target',
        '',
      ].join('\n'),
    },
    {
      name: 'no PodAutoscaler, no ServerlessService, decisions unreachable',
      inputs: { decisions: { available: false, why: 'no ready autoscaler pod (app.kubernetes.io/name=autoscaler) in namespace ebb-system' } },
      limit: 10,
      want: [
        '',
        'Scaling:',
        '  Desired:   -',
        '  Actual:    -',
        '  Mode:      -',
        '  Panic:     -',
        '  Active:    -',
        '  Ready:     -',
        '  SKSReady:  -',
        '',
        'Decisions: unavailable (no ready autoscaler pod (app.kubernetes.io/name=autoscaler) in namespace ebb-system)',
        '',
      ].join('\n'),
    },
    {
      name: 'serving with all activators and no decisions yet',
      inputs: { podAutoscaler: { status: { desiredScale: 0, actualScale: 0, conditions: [{ type: 'Active', status: 'False', reason: 'NoTraffic' }] } }, serverlessService: { ...SKS, spec: { mode: 'Serve', objectRef: { name: 'hello-00001' }, numActivators: 0 } }, decisions: { available: true, decisions: [] } },
      limit: 10,
      want: ['', 'Scaling:', '  Desired:   0', '  Actual:    0', '  Mode:      Serve (activators: all)', '  Panic:     -', '  Active:    False (NoTraffic)', '  Ready:     -', '  SKSReady:  -', '', 'Decisions: none yet', ''].join('\n'),
    },
    {
      name: '--decisions 0: the panic flag still from the latest decision, no table',
      inputs: { serverlessService: { ...SKS, spec: { mode: 'Serve', objectRef: {} } }, decisions: { available: true, decisions: DECISIONS } },
      limit: 0,
      want: ['', 'Scaling:', '  Desired:   -', '  Actual:    -', '  Mode:      Serve', '  Panic:     yes', '  Active:    -', '  Ready:     -', '  SKSReady:  -', ''].join('\n'),
    },
  ])('$name', ({ inputs, limit, want }) => {
    expect(describeScaling(inputs, NOW, limit)).toBe(want);
  });
});

describe('scalingSummary', () => {
  it.each<{ name: string; inputs: ScalingInputs; limit: number; want: ReturnType<typeof scalingSummary> }>([
    {
      name: 'all known, two decisions kept',
      inputs: { podAutoscaler: PA, serverlessService: SKS, decisions: { available: true, decisions: DECISIONS } },
      limit: 2,
      want: {
        desiredScale: 3,
        actualScale: 2,
        mode: 'Proxy',
        numActivators: 2,
        panic: true,
        conditions: [
          { type: 'Active', status: 'True' },
          { type: 'Ready', status: 'Unknown', reason: 'Queued', message: 'Requests to the target are being buffered as resources are provisioned.' },
          { type: 'SKSReady', status: 'True' },
        ],
        decisions: [DECISIONS[1] as ScaleDecisionRecord, DECISIONS[0] as ScaleDecisionRecord],
      },
    },
    {
      name: 'nothing known',
      inputs: { decisions: { available: false, why: '503: pod has no IP' } },
      limit: 10,
      want: { desiredScale: null, actualScale: null, mode: null, numActivators: null, panic: null, conditions: [], decisionsUnavailable: '503: pod has no IP' },
    },
  ])('$name', ({ inputs, limit, want }) => {
    expect(scalingSummary(inputs, limit)).toEqual(want);
  });
});

describe('figure', () => {
  it.each([
    { value: 3, want: '3' },
    { value: 2.5, want: '2.5' },
    { value: 1 / 3, want: '0.33' },
    { value: 0.001, want: '0' },
  ])('$value → $want', ({ value, want }) => {
    expect(figure(value)).toBe(want);
  });
});
