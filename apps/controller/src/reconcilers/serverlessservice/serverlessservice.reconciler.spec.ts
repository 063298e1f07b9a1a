import { getCondition, type ServerlessService } from '@ebb/api';
import { serverlessServiceStatus } from './serverlessservice.reconciler.js';

const NOW = new Date('2026-01-01T00:05:00Z');

function sks(mode: 'Serve' | 'Proxy'): ServerlessService {
  return { metadata: { name: 'hello-00001', namespace: 'default' }, spec: { mode, objectRef: { name: 'hello-00001-deployment' } } };
}

const brief = (status: ReturnType<typeof serverlessServiceStatus>): Record<string, string | undefined> => ({
  names: `${status.serviceName}/${status.privateServiceName}`,
  Ready: getCondition(status, 'Ready')?.status,
  EndpointsPopulated: `${getCondition(status, 'EndpointsPopulated')?.status}${getCondition(status, 'EndpointsPopulated')?.reason ? `/${getCondition(status, 'EndpointsPopulated')?.reason}` : ''}`,
  ActivatorEndpointsPopulated: getCondition(status, 'ActivatorEndpointsPopulated')?.status,
});

describe('serverlessServiceStatus', () => {
  it.each([
    { name: 'Serve with pods: ready, activator out', mode: 'Serve' as const, ready: 2, want: { Ready: 'True', EndpointsPopulated: 'True', ActivatorEndpointsPopulated: 'False' } },
    { name: 'Serve without pods: activator in (effective proxy)', mode: 'Serve' as const, ready: 0, want: { Ready: 'Unknown', EndpointsPopulated: 'Unknown/NoHealthyBackends', ActivatorEndpointsPopulated: 'True' } },
    { name: 'Proxy with pods: ready, activator in', mode: 'Proxy' as const, ready: 1, want: { Ready: 'True', EndpointsPopulated: 'True', ActivatorEndpointsPopulated: 'True' } },
    { name: 'Proxy at zero', mode: 'Proxy' as const, ready: 0, want: { Ready: 'Unknown', EndpointsPopulated: 'Unknown/NoHealthyBackends', ActivatorEndpointsPopulated: 'True' } },
  ])('$name', ({ mode, ready, want }) => {
    expect(brief(serverlessServiceStatus({}, sks(mode), ready, NOW))).toEqual({ names: 'hello-00001/hello-00001-private', ...want });
  });
});
