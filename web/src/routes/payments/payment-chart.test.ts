import { describe, expect, it } from 'vitest';
import type { PaymentStats } from '../../api/payments';
import { approvedVolumeOption, daysBetween, statsCurrencies, successRateOption } from './payment-chart';

const day = (date: string, gateway: string, currency: string, attempts: number, approved: number, approvedMinor: number) =>
  ({
    date,
    gateway,
    currency,
    attempts,
    approved,
    successRate: attempts ? approved / attempts : null,
    approvedMinor,
  }) as PaymentStats['days'][number];

const stats = {
  days: [
    day('2026-11-01', 'cybersource', 'LKR', 4, 3, 1_250_000),
    day('2026-11-01', 'cybersource', 'EUR', 2, 1, 1_250),
    day('2026-11-03', 'amex', 'LKR', 3, 3, 99),
  ],
} as PaymentStats;

type Drawn = { yAxis: { name: string }; xAxis: { data: string[] }; series: { name: string; data: unknown[] }[] };

describe('payment charts', () => {
  it('fills every day of the range and keeps each currency on its own chart', () => {
    const days = daysBetween('2026-11-01', '2026-11-03');
    expect(days).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    expect(statsCurrencies(stats)).toEqual(['LKR', 'EUR']);
    const lkr = approvedVolumeOption(stats, 'LKR', days) as unknown as Drawn;
    expect(lkr.yAxis.name).toBe('LKR');
    expect(lkr.series.map((s) => s.name)).toEqual(['CyberSource', 'Amex']);
    expect(lkr.series[0]!.data).toEqual(['12500.00', '0.00', '0.00']);
    expect(lkr.series[1]!.data).toEqual(['0.00', '0.00', '0.99']);
    const eur = approvedVolumeOption(stats, 'EUR', days) as unknown as Drawn;
    expect(eur.series.map((s) => s.name)).toEqual(['CyberSource']);
    expect(eur.series[0]!.data).toEqual(['12.50', '0.00', '0.00']);
  });

  it('draws the success rate in %, with a gap on a day without attempts', () => {
    const days = daysBetween('2026-11-01', '2026-11-03');
    const rate = successRateOption(stats, 'LKR', days) as unknown as Drawn;
    expect(rate.series[0]!.data).toEqual([75, null, null]);
    expect(rate.series[1]!.data).toEqual([null, null, 100]);
  });
});
