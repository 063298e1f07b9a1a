import { planCertificates, whyNotKeep, type CaFacts, type CertState, type ServingFacts } from './cert-plan.js';

const DAY = 24 * 60 * 60 * 1000;
const start = new Date('2026-01-01T00:00:00Z');
const at = (days: number): Date => new Date(start.getTime() + days * DAY);
const names = { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] };

const ca: CaFacts = { notBefore: at(0), notAfter: at(3000), keyMatches: true, isCa: true };
const serving: ServingFacts = { notBefore: at(0), notAfter: at(90), keyMatches: true, issuedByCa: true, subjectNames: names };

describe('planCertificates', () => {
  it.each<{ name: string; state: CertState; now: Date; action: string; reason: string }>([
    { name: 'an empty folder', state: { ca: undefined, serving: undefined }, now: at(1), action: 'recreate', reason: 'no readable CA certificate and key' },
    { name: 'a serving cert without a CA', state: { ca: undefined, serving }, now: at(1), action: 'recreate', reason: 'no readable CA certificate and key' },
    { name: 'a CA that is no CA', state: { ca: { ...ca, isCa: false }, serving }, now: at(1), action: 'recreate', reason: 'the CA certificate is not a CA' },
    {
      name: 'a CA with a foreign key',
      state: { ca: { ...ca, keyMatches: false }, serving },
      now: at(1),
      action: 'recreate',
      reason: 'the CA certificate cannot be kept: its key does not match',
    },
    {
      name: 'a CA in the last third of its life',
      state: { ca, serving },
      now: at(2001),
      action: 'recreate',
      reason: 'the CA certificate cannot be kept: it expires at 2034-03-20T00:00:00.000Z, within the last third of its lifetime',
    },
    { name: 'a valid CA, no serving cert', state: { ca, serving: undefined }, now: at(1), action: 'renew-serving', reason: 'no readable serving certificate and key' },
    { name: 'both valid', state: { ca, serving }, now: at(1), action: 'reuse', reason: 'the CA and serving certificates are valid' },
    { name: 'both valid, one day before the serving renewal point', state: { ca, serving }, now: at(59), action: 'reuse', reason: 'the CA and serving certificates are valid' },
    {
      name: 'a serving cert with 29 days left of 90',
      state: { ca, serving },
      now: at(61),
      action: 'renew-serving',
      reason: 'the serving certificate cannot be kept: it expires at 2026-04-01T00:00:00.000Z, within the last third of its lifetime',
    },
    {
      name: 'an expired serving cert',
      state: { ca, serving },
      now: at(91),
      action: 'renew-serving',
      reason: 'the serving certificate cannot be kept: it expired at 2026-04-01T00:00:00.000Z',
    },
    {
      name: 'a serving cert from another CA',
      state: { ca, serving: { ...serving, issuedByCa: false } },
      now: at(1),
      action: 'renew-serving',
      reason: 'the serving certificate cannot be kept: it was not issued by the CA',
    },
    {
      name: 'a serving cert for other names',
      state: { ca, serving: { ...serving, subjectNames: { dnsNames: ['localhost'], ipAddresses: [] } } },
      now: at(1),
      action: 'renew-serving',
      reason: 'the serving certificate cannot be kept: its subject alternative names differ from the wanted ones',
    },
    {
      name: 'a serving cert with a foreign key',
      state: { ca, serving: { ...serving, keyMatches: false } },
      now: at(1),
      action: 'renew-serving',
      reason: 'the serving certificate cannot be kept: its key does not match',
    },
  ])('$name → $action', ({ state, now, action, reason }) => {
    expect(planCertificates(state, names, now)).toEqual({ action, reason });
  });

  it('does not care about the order of the names', () => {
    const reordered = { ...serving, subjectNames: { dnsNames: ['b', 'a'], ipAddresses: ['::1', '10.0.0.1'] } };
    expect(planCertificates({ ca, serving: reordered }, { dnsNames: ['a', 'b'], ipAddresses: ['10.0.0.1', '::1'] }, at(1)).action).toBe('reuse');
  });
});

describe('whyNotKeep', () => {
  it.each([
    { name: 'not yet valid', now: at(-1), why: 'it is not valid before 2026-01-01T00:00:00.000Z' },
    { name: 'fresh', now: at(0), why: undefined },
    { name: 'exactly two thirds through', now: at(60), why: undefined },
    { name: 'at its end', now: at(90), why: 'it expired at 2026-04-01T00:00:00.000Z' },
  ])('$name', ({ now, why }) => {
    expect(whyNotKeep(serving, now)).toBe(why);
  });
});
