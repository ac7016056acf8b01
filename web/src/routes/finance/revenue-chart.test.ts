import { describe, expect, it } from 'vitest';
import type { TimeSeries } from '../../api/analytics';
import { currenciesOf, revenueOption } from './revenue-chart';

const item = (bucketStart: string, currency: string, netMinor: number, grossMinor: number) =>
  ({ bucketStart, currency, netMinor, grossMinor, energyWh: 1000, sessions: 1 }) as unknown as TimeSeries['items'][number];

const series = {
  items: [
    item('2026-11-01', 'LKR', 3_447_713_400, 4_000_000_000),
    item('2026-11-01', 'EUR', 1_250, 1_500),
    item('2026-11-02', 'EUR', 2_000, 2_400),
  ],
} as unknown as TimeSeries;

describe('revenue charts', () => {
  it('draws each currency on its own axis, in major units, never mixing currencies', () => {
    expect(currenciesOf(series)).toEqual(['LKR', 'EUR']);
    const eur = revenueOption(series, 'EUR') as { yAxis: { name: string }; series: { name: string; data: string[] }[] };
    expect(eur.yAxis.name).toBe('EUR');
    expect(eur.series.map((s) => s.name)).toEqual(['Net EUR', 'Gross EUR']);
    expect(eur.series[0]!.data).toEqual(['12.50', '20.00']);
    const lkr = revenueOption(series, 'LKR') as { series: { data: string[] }[] };
    // No LKR on 2 November: zero in LKR, not EUR's figure.
    expect(lkr.series[0]!.data).toEqual(['34477134.00', '0.00']);
  });
});
