import { GATEWAY_WORDS, type PaymentGateway, type PaymentStats } from '../../api/payments';
import type { ChartOption } from '../../components/EChart';
import { minorToMajor } from '../../format';

type Day = PaymentStats['days'][number];

/** Every local day from `from` to `to` inclusive (YYYY-MM-DD), so a day without payments is drawn as one. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end && days.length < 400; t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** The currencies of the stats, in the order they first appear: one chart pair each. */
export const statsCurrencies = (stats: PaymentStats) => [...new Set(stats.days.map((d) => d.currency))];

const gatewaysOf = (rows: Day[]) => [...new Set(rows.map((d) => d.gateway))] as PaymentGateway[];

const base = (days: string[], yName: string) => ({
  tooltip: { trigger: 'axis' as const },
  legend: { top: 0 },
  grid: { left: 64, right: 16, top: 36, bottom: 28 },
  xAxis: { type: 'category' as const, data: days },
  yAxis: { type: 'value' as const, name: yName },
});

/**
 * Success rate per gateway per day, in % (approved ÷ attempts, as the server counts them), for the
 * payments in one currency; a day a gateway had no attempts is a gap, not 0 %.
 */
export function successRateOption(stats: PaymentStats, currency: string, days: string[]): ChartOption {
  const rows = stats.days.filter((d) => d.currency === currency);
  return {
    ...base(days, '%'),
    yAxis: { type: 'value', name: '%', min: 0, max: 100 },
    series: gatewaysOf(rows).map((gateway) => ({
      name: GATEWAY_WORDS[gateway],
      type: 'line' as const,
      connectNulls: false,
      data: days.map((day) => {
        const row = rows.find((d) => d.date === day && d.gateway === gateway);
        return row?.successRate == null ? null : Math.round(row.successRate * 1000) / 10;
      }),
    })),
  } as ChartOption;
}

/** Approved volume per gateway per day in one currency, in major units as exact decimal strings (never mixed with another currency). */
export function approvedVolumeOption(stats: PaymentStats, currency: string, days: string[]): ChartOption {
  const rows = stats.days.filter((d) => d.currency === currency);
  return {
    ...base(days, currency),
    series: gatewaysOf(rows).map((gateway) => ({
      name: GATEWAY_WORDS[gateway],
      type: 'line' as const,
      showSymbol: false,
      areaStyle: {},
      data: days.map((day) =>
        minorToMajor(rows.find((d) => d.date === day && d.gateway === gateway)?.approvedMinor ?? 0, currency),
      ),
    })),
  } as ChartOption;
}
