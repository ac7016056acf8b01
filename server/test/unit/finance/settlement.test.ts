import { describe, expect, it } from 'vitest';
import type { CommissionContract } from '../../../src/domain/finance/commission.js';
import { formatMinor, parseMinor } from '../../../src/domain/finance/money.js';
import { settleSession, type SettlementInput } from '../../../src/domain/finance/settlement.js';
import { SRI_LANKA_TAXES } from './helpers.js';

const lkr = (amount: bigint) => formatMinor(amount, 'LKR');

/** The worked example's session and organization; each case changes one thing. */
const base: SettlementInput = {
  currency: 'LKR',
  netMinor: parseMinor('2930.00', 'LKR'),
  energyWh: 27_500,
  taxes: SRI_LANKA_TAXES,
  gateway: { gateway: 'cybersource', percent: '0.025', fixedMinor: 0n },
  commission: { kind: 'percent_of_net', percent: '0.10' },
  locationOwnerShare: '0.05',
  energyCostPerKwh: '45.00',
};

const TIERS: CommissionContract = {
  kind: 'kwh_tiers',
  tiers: [
    { fromKwh: '0', percent: '0.10' },
    { fromKwh: '1000', percent: '0.08' },
    { fromKwh: '5000', percent: '0.05' },
  ],
};

interface SettlementCase {
  name: string;
  change: Partial<SettlementInput>;
  /** gross, gateway fee, platform, location owner, partner share, energy cost, margin */
  figures: [string, string, string, string, string, string, string];
}

const cases: SettlementCase[] = [
  {
    name: 'the worked example',
    change: {},
    figures: ['3543.84', '88.60', '293.00', '146.50', '2401.90', '1237.50', '1164.40'],
  },
  {
    name: 'the platform bears the gateway fee: it is not deducted from the partner share',
    change: { gatewayFeeBearer: 'platform' },
    figures: ['3543.84', '88.60', '293.00', '146.50', '2490.50', '1237.50', '1253.00'],
  },
  {
    name: 'a wallet payment has no gateway fee',
    change: { gateway: null },
    figures: ['3543.84', '0.00', '293.00', '146.50', '2490.50', '1237.50', '1253.00'],
  },
  {
    name: 'a gateway with a fixed part: 2 % of gross + 30.00',
    change: { gateway: { gateway: 'amex', percent: '0.02', fixedMinor: 3_000n } },
    figures: ['3543.84', '100.88', '293.00', '146.50', '2389.62', '1237.50', '1152.12'],
  },
  {
    name: 'a charger without a location owner',
    change: { locationOwnerShare: null },
    figures: ['3543.84', '88.60', '293.00', '0.00', '2548.40', '1237.50', '1310.90'],
  },
  {
    name: 'a per-kWh commission: 27.5 kWh × 8.00',
    change: { commission: { kind: 'per_kwh', perKwh: '8.00' } },
    figures: ['3543.84', '88.60', '220.00', '146.50', '2474.90', '1237.50', '1237.40'],
  },
  {
    name: 'kWh tiers: the first session of the period is in the 0 kWh tier (10 %)',
    change: { commission: TIERS },
    figures: ['3543.84', '88.60', '293.00', '146.50', '2401.90', '1237.50', '1164.40'],
  },
  {
    name: 'kWh tiers: 1 000 kWh from sessions that ended before reach the 1 000 kWh tier (8 %)',
    change: { commission: TIERS, organizationWhEarlierInPeriod: 1_000_000 },
    figures: ['3543.84', '88.60', '234.40', '146.50', '2460.50', '1237.50', '1223.00'],
  },
  {
    name: 'kWh tiers: the session’s own kWh do not count for itself (990 earlier + 27.5 own → still 10 %)',
    change: { commission: TIERS, organizationWhEarlierInPeriod: 990_000 },
    figures: ['3543.84', '88.60', '293.00', '146.50', '2401.90', '1237.50', '1164.40'],
  },
  {
    name: 'kWh tiers: a threshold is inclusive (5 000 kWh earlier → 5 %)',
    change: { commission: TIERS, organizationWhEarlierInPeriod: 5_000_000 },
    figures: ['3543.84', '88.60', '146.50', '146.50', '2548.40', '1237.50', '1310.90'],
  },
  {
    name: 'kWh tiers: one Wh short of the threshold stays in the tier below (8 %)',
    change: { commission: TIERS, organizationWhEarlierInPeriod: 4_999_999 },
    figures: ['3543.84', '88.60', '234.40', '146.50', '2460.50', '1237.50', '1223.00'],
  },
  {
    name: 'a free session (net 0): no tax, no gateway fee even with a fixed part, energy still costs',
    change: { netMinor: 0n, gateway: { gateway: 'amex', percent: '0.02', fixedMinor: 3_000n } },
    figures: ['0.00', '0.00', '0.00', '0.00', '0.00', '1237.50', '-1237.50'],
  },
  {
    name: 'the margin goes negative when energy costs more than the partner keeps',
    change: { energyCostPerKwh: '100.00' },
    figures: ['3543.84', '88.60', '293.00', '146.50', '2401.90', '2750.00', '-348.10'],
  },
];

describe('settleSession (docs/finance.md §6)', () => {
  it.each(cases)('$name', ({ change, figures }) => {
    const s = settleSession({ ...base, ...change });
    expect(
      [
        s.grossMinor,
        s.gatewayFeeMinor,
        s.platformCommissionMinor,
        s.locationOwnerCommissionMinor,
        s.partnerShareMinor,
        s.energyCostMinor,
        s.marginMinor,
      ].map(lkr),
    ).toEqual(figures);
  });

  it('settles in JPY with whole yen', () => {
    const s = settleSession({
      currency: 'JPY',
      netMinor: 1_235n,
      energyWh: 12_345,
      taxes: [{ name: 'Consumption', rate: '0.10', compound: false }],
      gateway: { gateway: 'cybersource', percent: '0.035', fixedMinor: 0n },
      commission: { kind: 'percent_of_net', percent: '0.15' },
      locationOwnerShare: '0.05',
      energyCostPerKwh: '31',
    });
    // gross 1 235 + 124 (123.5 → 124) = 1 359; fee 47.565 → 48; platform 185.25 → 185; LO 61.75 → 62;
    // partner 1 235 − 185 − 48 − 62 = 940; energy 12.345 × 31 = 382.695 → 383; margin 557.
    expect([s.grossMinor, s.gatewayFeeMinor, s.platformCommissionMinor, s.locationOwnerCommissionMinor]).toEqual([
      1_359n,
      48n,
      185n,
      62n,
    ]);
    expect([s.partnerShareMinor, s.energyCostMinor, s.marginMinor]).toEqual([940n, 383n, 557n]);
  });

  it('refuses tiers that do not start at 0 kWh', () => {
    const commission: CommissionContract = { kind: 'kwh_tiers', tiers: [{ fromKwh: '100', percent: '0.1' }] };
    expect(() => settleSession({ ...base, commission })).toThrow(/first tier must start at 0/);
  });

  it('refuses a negative net or a fractional Wh', () => {
    expect(() => settleSession({ ...base, netMinor: -1n })).toThrow(/negative net/);
    expect(() => settleSession({ ...base, energyWh: 1.5 })).toThrow(/whole number of Wh/);
  });
});
