import { ConfigError } from '@ebb/observability';
import { parseNatsAppConfig, parseNatsUrls } from './nats.config.js';

describe('parseNatsUrls', () => {
  it.each([
    { input: 'nats://127.0.0.1:4222', servers: ['nats://127.0.0.1:4222'] },
    { input: 'tls://nats.example:4443', servers: ['tls://nats.example:4443'] },
    { input: ' nats://a:1 , nats://b:2 ', servers: ['nats://a:1', 'nats://b:2'] },
  ])('reads $input', ({ input, servers }) => {
    expect(parseNatsUrls(input)).toEqual(servers);
  });

  it.each([
    { input: '', problem: 'must name at least one server' },
    { input: 'not a url', problem: '"not a url" is not a URL' },
    { input: 'http://127.0.0.1:4222', problem: 'must use nats:// or tls://' },
    { input: 'nats://a:1,nats//b', problem: '"nats//b" is not a URL' },
  ])('refuses $input', ({ input, problem }) => {
    expect(() => parseNatsUrls(input)).toThrow(problem);
  });
});

describe('parseNatsAppConfig', () => {
  it('defaults to the local server', () => {
    expect(parseNatsAppConfig({}, { adminPort: 8083 })).toEqual({
      adminHost: '0.0.0.0',
      adminPort: 8083,
      logLevel: 'info',
      drainSeconds: 10,
      natsServers: ['nats://127.0.0.1:4222'],
    });
  });

  it('names EBB_NATS_URL when it does not parse', () => {
    expect(() => parseNatsAppConfig({ EBB_NATS_URL: '::::' }, { adminPort: 1 })).toThrow(ConfigError);
    expect(() => parseNatsAppConfig({ EBB_NATS_URL: '::::' }, { adminPort: 1 })).toThrow(/EBB_NATS_URL: "::::" is not a URL/);
  });
});
