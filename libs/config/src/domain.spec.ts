import { DEFAULT_DOMAIN, defaultDomainConfig, type DomainConfig, parseDomainConfig } from './domain.js';

describe('parseDomainConfig', () => {
  it('uses svc.cluster.local when no domain is configured (the shipped map has only _example)', () => {
    expect(parseDomainConfig({})).toEqual({ ok: true, config: { domains: { [DEFAULT_DOMAIN]: { selector: {} } } } });
    expect(parseDomainConfig({ _example: 'example.com: |\n  selector: {}' })).toEqual({ ok: true, config: defaultDomainConfig() });
  });

  it.each<{ name: string; data: Record<string, string>; want: DomainConfig }>([
    { name: 'one default domain', data: { 'example.com': '' }, want: { domains: { 'example.com': { selector: {} } } } },
    {
      name: 'a selected domain and a default',
      data: { 'example.org': 'selector:\n  app: nonprofit\n', 'example.com': '' },
      want: { domains: { 'example.org': { selector: { app: 'nonprofit' } }, 'example.com': { selector: {} } } },
    },
    { name: 'a domain type', data: { 'example.com': 'type: wildcard' }, want: { domains: { 'example.com': { selector: {}, type: 'wildcard' } } } },
    { name: 'unknown fields are ignored', data: { 'example.com': 'selector: {a: b}\nnote: hi' }, want: { domains: { 'example.com': { selector: { a: 'b' } } } } },
  ])('accepts $name', ({ data, want }) => {
    expect(parseDomainConfig(data)).toEqual({ ok: true, config: want });
  });

  it.each([
    { name: 'not YAML', key: 'example.com', value: 'selector: [a', message: 'failed to parse "example.com": Flow sequence in block collection must be sufficiently indented and end with a ] at line 1, column 13' },
    { name: 'a list', key: 'example.com', value: '- a', message: 'failed to parse "example.com": the value must be a mapping with an optional "selector" of labels' },
    { name: 'selector values not strings', key: 'example.com', value: 'selector:\n  app: [a]', message: 'failed to parse "example.com": selector must map label keys to strings' },
    { name: 'a non-string type', key: 'example.com', value: 'type: [wildcard]', message: 'failed to parse "example.com": type must be a string' },
  ])('rejects $name', ({ key, value, message }) => {
    expect(parseDomainConfig({ [key]: value })).toEqual({ ok: false, problems: [{ key, value, message }] });
  });
});
