import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Campaign, campaignDiscount, chooseCampaign, isCampaignPercent } from '../../../src/domain/finance/campaign.js';
import { priceSession } from '../../../src/domain/finance/price-session.js';
import { settleSession } from '../../../src/domain/finance/settlement.js';
import { formatMinor } from '../../../src/domain/finance/money.js';
import { readingsIn, SRI_LANKA_TAXES, WORKED_EXAMPLE_TARIFF } from './helpers.js';

const campaign = (fields: Partial<Campaign>): Campaign => ({
  id: 'c1',
  name: 'Campaign',
  siteId: null,
  kind: 'percent',
  percent: '0.1',
  fixedMinor: null,
  validFrom: new Date('2026-01-01T00:00:00Z'),
  validTo: null,
  ...fields,
});
const session = { siteId: 'site-a', startedAt: new Date('2026-03-10T12:00:00Z') };

describe('campaignDiscount', () => {
  const cases: [string, Partial<Campaign>, bigint, bigint][] = [
    ['10 % of 2 930.00 is 293.00', { percent: '0.1' }, 293_000n, 29_300n],
    ['12.5 % of 0.05 = 0.00625 rounds half-up once to 0.01', { percent: '0.125' }, 5n, 1n],
    ['2.5 % of 0.02 = 0.0005 rounds down to 0.00', { percent: '0.025' }, 2n, 0n],
    ['100 % takes everything', { percent: '1' }, 12_345n, 12_345n],
    ['a fixed 100.00 off 2 930.00', { kind: 'fixed', percent: null, fixedMinor: 10_000n }, 293_000n, 10_000n],
    ['a fixed amount never takes net below zero', { kind: 'fixed', percent: null, fixedMinor: 10_000n }, 4_000n, 4_000n],
    ['nothing off a zero total', { percent: '0.5' }, 0n, 0n],
  ];
  for (const [name, fields, total, expected] of cases)
    it(name, () => expect(campaignDiscount(campaign(fields), total)).toBe(expected));

  it('never exceeds the lines total and is never negative (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        (total, millionths, fixed) => {
          const percent = (millionths / 1_000_000).toFixed(6);
          for (const c of [campaign({ percent }), campaign({ kind: 'fixed', percent: null, fixedMinor: fixed })]) {
            const d = campaignDiscount(c, total);
            expect(d >= 0n && d <= total).toBe(true);
          }
        },
      ),
    );
  });
});

describe('chooseCampaign', () => {
  it('picks nothing when no campaign is in force at the session start (validTo is exclusive)', () => {
    const ended = campaign({ validTo: new Date('2026-03-10T12:00:00Z') });
    const later = campaign({ validFrom: new Date('2026-03-10T12:00:01Z') });
    expect(chooseCampaign([ended, later], session, 100_000n)).toBeNull();
  });

  it('a campaign for the session’s site wins over a bigger organization-wide one', () => {
    const wide = campaign({ id: 'wide', percent: '0.5' });
    const local = campaign({ id: 'local', siteId: 'site-a', percent: '0.05' });
    const elsewhere = campaign({ id: 'elsewhere', siteId: 'site-b', percent: '0.9' });
    const choice = chooseCampaign([wide, local, elsewhere], session, 100_000n);
    expect(choice?.campaign.id).toBe('local');
    expect(choice?.discountMinor).toBe(5_000n);
  });

  it('among several, the largest discount for this total wins (fixed vs percent depends on the total)', () => {
    const tenPercent = campaign({ id: 'pct', percent: '0.1' });
    const fixed = campaign({ id: 'fixed', kind: 'fixed', percent: null, fixedMinor: 5_000n });
    expect(chooseCampaign([tenPercent, fixed], session, 100_000n)?.campaign.id).toBe('pct');
    expect(chooseCampaign([tenPercent, fixed], session, 20_000n)?.campaign.id).toBe('fixed');
  });

  it('ties go to the earliest campaign, whatever the order of the rows', () => {
    const a = campaign({ id: 'a', validFrom: new Date('2026-02-01T00:00:00Z') });
    const b = campaign({ id: 'b', validFrom: new Date('2026-01-01T00:00:00Z') });
    expect(chooseCampaign([a, b], session, 100_000n)?.campaign.id).toBe('b');
    expect(chooseCampaign([b, a], session, 100_000n)?.campaign.id).toBe('b');
  });
});

describe('isCampaignPercent', () => {
  it.each([
    ['0.1', true],
    ['1', true],
    ['1.000000', true],
    ['0.000001', true],
    ['0', false],
    ['1.000001', false],
    ['1.5', false],
  ])('%s → %s', (value, ok) => expect(isCampaignPercent(value)).toBe(ok));
});

describe('worked example with 10 % off', () => {
  it('lines 2 930.00 → discount 293.00 → net 2 637.00 → taxes from there', () => {
    const readings = readingsIn('Asia/Colombo', [
      ['2026-03-10T17:50', 0],
      ['2026-03-10T18:30', 14_000],
      ['2026-03-10T19:10', 27_500],
    ]);
    const lines = priceSession(WORKED_EXAMPLE_TARIFF, readings, { timeZone: 'Asia/Colombo' }).linesTotalMinor;
    const choice = chooseCampaign([campaign({})], { siteId: 's', startedAt: readings[0]!.at }, lines)!;
    const s = settleSession({
      currency: 'LKR',
      netMinor: lines - choice.discountMinor,
      energyWh: 27_500,
      taxes: SRI_LANKA_TAXES,
      gateway: null,
      commission: { kind: 'percent_of_net', percent: '0.10' },
      locationOwnerShare: null,
      energyCostPerKwh: '45.00',
    });
    const lkr = (m: bigint) => formatMinor(m, 'LKR');
    expect([lkr(lines), lkr(choice.discountMinor), lkr(s.netMinor)]).toEqual(['2930.00', '293.00', '2637.00']);
    // SSCL 2.5 % of 2 637.00 = 65.925 → 65.93; VAT 18 % of 2 702.93 = 486.5274 → 486.53.
    expect(s.taxLines.map((t) => lkr(t.amountMinor))).toEqual(['65.93', '486.53']);
    expect(lkr(s.grossMinor)).toBe('3189.46');
  });
});
