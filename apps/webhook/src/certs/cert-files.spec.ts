import { canonicalIp, inspectPemFiles, parseSubjectAltName } from './cert-files.js';

describe('parseSubjectAltName', () => {
  it.each([
    { name: 'nothing', text: undefined, names: { dnsNames: [], ipAddresses: [] } },
    { name: 'DNS names', text: 'DNS:a.svc, DNS:localhost', names: { dnsNames: ['a.svc', 'localhost'], ipAddresses: [] } },
    { name: 'mixed, with IPv6 spelled out', text: 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1', names: { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1', '::1'] } },
    { name: 'other kinds ignored', text: 'email:a@b.c, DNS:x', names: { dnsNames: ['x'], ipAddresses: [] } },
  ])('reads $name', ({ text, names }) => {
    expect(parseSubjectAltName(text)).toEqual(names);
  });
});

describe('canonicalIp', () => {
  it.each([
    { name: 'IPv4 unchanged', ip: '10.0.0.7', canonical: '10.0.0.7' },
    { name: 'IPv6 compressed', ip: '0:0:0:0:0:0:0:1', canonical: '::1' },
    { name: 'IPv6 lower-cased', ip: 'FD00::A', canonical: 'fd00::a' },
  ])('$name', ({ ip, canonical }) => {
    expect(canonicalIp(ip)).toBe(canonical);
  });
});

describe('inspectPemFiles', () => {
  it('counts files that are not PEM as missing', () => {
    const garbage = { certPem: 'not a certificate', keyPem: 'not a key' };
    expect(inspectPemFiles({ ca: garbage, serving: garbage })).toEqual({ ca: undefined, serving: undefined });
  });
});
