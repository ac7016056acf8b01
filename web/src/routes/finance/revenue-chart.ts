import type { TimeSeries } from '../../api/analytics';
import type { ChartOption } from '../../components/EChart';
import { minorToMajor } from '../../format';

const buckets = (series: TimeSeries) => [...new Set(series.items.map((i) => i.bucketStart))].sort();

/** The currencies of a series, in the order they first appear: one revenue chart each. */
export const currenciesOf = (series: TimeSeries) => [...new Set(series.items.map((i) => i.currency))];

/**
 * Net and gross per bucket in one currency, on an axis of its own: amounts in different currencies
 * are never drawn on one axis (a EUR line would lie flat at 0 beside LKR), added or compared.
 */
export function revenueOption(series: TimeSeries, currency: string): ChartOption {
  const x = buckets(series);
  const line = (kind: 'net' | 'gross') => ({
    name: `${kind === 'net' ? 'Net' : 'Gross'} ${currency}`,
    type: 'line' as const,
    showSymbol: false,
    lineStyle: kind === 'gross' ? { type: 'dashed' as const } : undefined,
    // Major units as exact decimal strings: ECharts only draws them.
    data: x.map((bucket) => {
      const item = series.items.find((i) => i.bucketStart === bucket && i.currency === currency);
      return minorToMajor(item ? (kind === 'net' ? item.netMinor : item.grossMinor) : 0, currency);
    }),
  });
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 60, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: x },
    yAxis: { type: 'value', name: currency },
    series: [line('net'), line('gross')],
  } as ChartOption;
}

/** Energy per bucket in kWh (energy is the same unit whatever the currency). */
export function energyOption(series: TimeSeries): ChartOption {
  const x = buckets(series);
  const wh = new Map<string, number>();
  for (const item of series.items) wh.set(item.bucketStart, (wh.get(item.bucketStart) ?? 0) + item.energyWh);
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 60, right: 16, top: 24, bottom: 28 },
    xAxis: { type: 'category', data: x },
    yAxis: { type: 'value', name: 'kWh' },
    series: [
      { name: 'Energy (kWh)', type: 'line', showSymbol: false, areaStyle: {}, data: x.map((b) => (wh.get(b) ?? 0) / 1000) },
    ],
  } as ChartOption;
}
