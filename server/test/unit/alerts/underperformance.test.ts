import { describe, expect, it } from 'vitest';
import { type UnderperformanceRule, type WindowFigures, underperformance } from '../../../src/domain/underperformance.js';

const DAY = 86_400n;
/** One charger over 7 days: 10 % utilization and LKR 700.00 net a week; the baseline the same, per 28 days ×4. */
const steady: WindowFigures = {
  recentSeconds: (7n * DAY) / 10n,
  baseSeconds: (28n * DAY) / 10n,
  recentNet: 70_000n,
  baseNet: 280_000n,
  baseSessions: 40n,
  chargers: 1,
  recentCurrencies: new Set(['LKR']),
  currencies: new Set(['LKR']),
};
const rule: UnderperformanceRule = {
  days: 7,
  percent: 50,
  minUtilizationPercent: 0,
  minNetRevenueMinor: 0n,
  currency: 'LKR',
  wholeWindow: true,
};
const none = { utilizationBaseline: false, utilizationFloor: false, revenueBaseline: false, revenueFloor: false };

describe('underperformance', () => {
  it.each<[string, Partial<WindowFigures>, Partial<UnderperformanceRule>, Partial<typeof none>]>([
    ['steady, floors off', {}, {}, {}],
    ['half the baseline is not below it', { recentSeconds: (7n * DAY) / 20n, recentNet: 35_000n }, {}, {}],
    [
      'just under half the baseline',
      { recentSeconds: (7n * DAY) / 20n - 1n, recentNet: 34_999n },
      {},
      { utilizationBaseline: true, revenueBaseline: true },
    ],
    ['a thin baseline is not compared', { recentSeconds: 0n, recentNet: 0n, baseSessions: 3n }, {}, {}],
    ['utilization at the floor is not below it', {}, { minUtilizationPercent: 10 }, {}],
    ['utilization under the floor', {}, { minUtilizationPercent: 11 }, { utilizationFloor: true }],
    ['revenue at the floor is not below it', {}, { minNetRevenueMinor: 70_000n }, {}],
    ['revenue under the floor', {}, { minNetRevenueMinor: 70_001n }, { revenueFloor: true }],
    [
      'no baseline at all: floors still apply',
      { baseSeconds: 0n, baseNet: 0n, baseSessions: 0n },
      { minUtilizationPercent: 20, minNetRevenueMinor: 100_000n },
      { utilizationFloor: true, revenueFloor: true },
    ],
    [
      'nothing settled: zero revenue is under the floor in any currency',
      { recentSeconds: 0n, recentNet: 0n, recentCurrencies: new Set(), baseSessions: 0n },
      { minNetRevenueMinor: 1n },
      { revenueFloor: true },
    ],
    [
      'not in service the whole window: no floor',
      { recentSeconds: 0n, recentNet: 0n, baseSessions: 0n },
      { minUtilizationPercent: 50, minNetRevenueMinor: 100_000n, wholeWindow: false },
      {},
    ],
    [
      'sessions in another currency: the revenue floor is not compared',
      { recentCurrencies: new Set(['USD']), currencies: new Set(['USD']) },
      { minNetRevenueMinor: 1_000_000n },
      {},
    ],
    [
      'mixed currencies: neither the revenue floor nor the baseline compares',
      { recentNet: 0n, recentCurrencies: new Set(['LKR', 'USD']), currencies: new Set(['LKR', 'USD']) },
      { minNetRevenueMinor: 1_000_000n },
      {},
    ],
    [
      'a site of 3: the revenue floor is per charger',
      { chargers: 3, recentSeconds: 3n * 7n * DAY, baseSeconds: 3n * 28n * DAY, recentNet: 209_999n, baseNet: 840_000n },
      { minNetRevenueMinor: 70_000n },
      { revenueFloor: true },
    ],
    [
      'a site of 3: utilization is their average',
      { chargers: 3, recentSeconds: (3n * 7n * DAY) / 10n, baseSeconds: (3n * 28n * DAY) / 10n },
      { minUtilizationPercent: 10 },
      {},
    ],
  ])('%s', (_name, figures, ruleFields, expected) => {
    expect(underperformance({ ...steady, ...figures }, { ...rule, ...ruleFields })).toEqual({ ...none, ...expected });
  });
});
