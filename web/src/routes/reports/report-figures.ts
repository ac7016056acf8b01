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

/** The currencies to chart the first metric in: one chart each for money, never added or on one axis; [null] otherwise. */
export function chartCurrencies(preview: ReportPreview): (string | null)[] {
  const metric = preview.metrics[0];
  if (!metric || preview.rows.length === 0) return [];
  if (metric.unit !== 'minor') return [null];
  return [...new Set(preview.rows.map((r) => r.currency).filter((c): c is string => c !== null))];
}

/**
 * The first metric by the first dimension (rows split by a second dimension are added up), in one
 * currency for money: integers are added first (minor units, Wh), then shown in major units or kWh.
 */
export function reportChartOption(preview: ReportPreview, currency: string | null): ChartOption | null {
  const metric = preview.metrics[0];
  if (!metric || preview.rows.length === 0) return null;
  const first = preview.dimensions.slice(0, 1);
  const rows = preview.rows.filter((r) => currency === null || r.currency === currency);
  const categories = [...new Set(rows.map((r) => rowLabel(r, first)))];
  const shown = (total: number): number | string => {
    if (metric.unit === 'minor' && currency) return minorToMajor(total, currency);
    if (metric.unit === 'wh') return total / 1000;
    return total;
  };
  // Over time a line; across places and attributes bars.
  const overTime = ['day', 'week', 'month', 'hourOfDay', 'weekday'].includes(first[0]?.key ?? '');
  const data = categories.map((category) =>
    shown(rows.filter((r) => rowLabel(r, first) === category).reduce((sum, r) => sum + (r.values[metric.key] ?? 0), 0)),
  );
  const unit = metric.unit === 'wh' ? 'kWh' : metric.unit === 'minor' ? (currency ?? undefined) : undefined;
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 60, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: categories },
    yAxis: { type: 'value', name: unit },
    series: [{ name: currency ? `${metric.label} ${currency}` : metric.label, type: overTime ? 'line' : 'bar', data }],
  } as ChartOption;
}
