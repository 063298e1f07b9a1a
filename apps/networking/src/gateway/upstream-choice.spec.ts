import type { Endpoint } from '@ebb/dataplane';
import { chooseUpstream } from './upstream-choice.js';

const pod: Endpoint = { address: '127.0.10.1', port: 8080, protocol: 'http1' };
const activator: Endpoint = { address: '127.0.20.1', port: 8012, protocol: 'http1' };

describe('chooseUpstream', () => {
  it.each([
    { name: 'Serve with pods → pods', mode: 'Serve', pods: [pod], activators: [activator], via: 'pods' },
    { name: 'Serve without pods → activator', mode: 'Serve', pods: [], activators: [activator], via: 'activator' },
    { name: 'Serve without anything → pods (503 follows)', mode: 'Serve', pods: [], activators: [], via: 'pods' },
    { name: 'Proxy → activator', mode: 'Proxy', pods: [pod], activators: [activator], via: 'activator' },
    { name: 'Proxy without activators → pods', mode: 'Proxy', pods: [pod], activators: [], via: 'pods' },
    { name: 'no SKS yet → activator', mode: undefined, pods: [pod], activators: [activator], via: 'activator' },
    { name: 'no SKS and no activator → pods', mode: undefined, pods: [pod], activators: [], via: 'pods' },
  ])('$name', ({ mode, pods, activators, via }) => {
    const choice = chooseUpstream(mode, pods, activators);
    expect(choice).toEqual({ via, endpoints: via === 'pods' ? pods : activators });
  });
});
