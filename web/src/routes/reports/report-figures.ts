import type { ReportPreview } from '../../api/reports';
import type { ChartOption } from '../../components/EChart';
import { formatMoney, minorToMajor } from '../../format';
import { formatDuration, formatEnergy } from '../transactions/figures';

type Metric = ReportPreview['metrics'][number];
type Row = ReportPreview['rows'][number];

/** One figure as a person reads it: money in major units with its currency, energy in kWh, times as h/min. */
export function formatFigure(metric: Pick<Metric, 'unit'>, value: number | null | undefined, currency: string | null): string {
  if (value === null || value === undefined) return '—';
  switch (metric.unit) {
    case 'minor':
      return currency ? formatMoney(value, currency) : String(value);
    case 'wh':
      return formatEnergy(value);
    case 'seconds':
      return formatDuration(value);
    default:
      return value.toLocaleString();
  }
}

/** "2026-03-01 – 2026-03-31 (Asia/Colombo)": the period with the clock it is read on. */
export function periodLabel(period: ReportPreview['period']): string {
  return `${period.from} – ${period.to} (${period.timeZone})`;
}

const rowLabel = (row: Row, dimensions: ReportPreview['dimensions']) =>
  dimensions.map((d) => row.labels[d.key] ?? '(none)').join(' · ') || 'All';

/**
 * The first metric by the first dimension: one line per currency when the metric is money (amounts
 * of different currencies are never added or drawn on one series), values in major units or kWh.
 */
export function reportChartOption(preview: ReportPreview): ChartOption | null {
  const metric = preview.metrics[0];
  if (!metric || preview.rows.length === 0) return null;
  const categories = [...new Set(preview.rows.map((r) => rowLabel(r, preview.dimensions.slice(0, 1))))];
  const currencies = metric.unit === 'minor' ? [...new Set(preview.rows.map((r) => r.currency ?? ''))] : [''];
  // Integers are added first (minor units, Wh), then shown in major units or kWh.
  const shown = (total: number, currency: string): number | string => {
    if (metric.unit === 'minor' && currency) return minorToMajor(total, currency);
    if (metric.unit === 'wh') return total / 1000;
    return total;
  };
  const series = currencies.map((currency) => ({
    name: currency ? `${metric.label} ${currency}` : metric.label,
    type: 'line' as const,
    data: categories.map((category) => {
      const rows = preview.rows.filter(
        (r) => rowLabel(r, preview.dimensions.slice(0, 1)) === category && (currency === '' || r.currency === currency),
      );
      return shown(
        rows.reduce((sum, r) => sum + (r.values[metric.key] ?? 0), 0),
        currency,
      );
    }),
  }));
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 60, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: categories },
    yAxis: { type: 'value', name: metric.unit === 'wh' ? 'kWh' : metric.unit === 'minor' ? currencies.join(', ') : undefined },
    series,
  } as ChartOption;
}
