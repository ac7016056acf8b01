import { describe, expect, it } from 'vitest';
import type { ReportPreview } from '../../api/reports';
import { chartCurrencies, formatFigure, periodLabel, reportChartOption } from './report-figures';

const nbsp = (text: string) => text.replace(/\u00a0/g, ' ');

describe('report figures', () => {
  it.each([
    [{ unit: 'minor' }, 123456, 'LKR', 'LKR 1,234.56'],
    [{ unit: 'minor' }, 1234, 'JPY', '¥1,234'],
    [{ unit: 'wh' }, 12345, null, '12.345 kWh'],
    [{ unit: 'seconds' }, 3725, null, '1 h 02 min'],
    [{ unit: 'count' }, 1500, null, '1,500'],
    [{ unit: 'seconds' }, null, null, '—'],
  ])('%o %s %s → %s', (metric, value, currency, text) => {
    expect(nbsp(formatFigure(metric, value, currency))).toBe(text);
  });

  it('names the zone of the period', () => {
    expect(periodLabel({ from: '2026-03-01', to: '2026-03-31', timeZone: 'Asia/Colombo', relative: null })).toBe(
      '2026-03-01 – 2026-03-31 (Asia/Colombo)',
    );
  });
});

describe('the report chart', () => {
  const preview = (rows: ReportPreview['rows']): ReportPreview => ({
    period: { from: '2026-03-01', to: '2026-03-31', timeZone: 'UTC', relative: null },
    dimensions: [
      { key: 'site', label: 'Site' },
      { key: 'month', label: 'Month' },
    ],
    metrics: [{ key: 'gross', label: 'Gross', unit: 'minor' }],
    sort: { by: 'gross', order: 'desc' },
    rows,
    totals: [],
    truncated: false,
  });
  const row = (site: string, month: string, currency: string, gross: number) => ({
    keys: { site, month },
    labels: { site, month },
    currency,
    values: { gross },
  });

  it('charts the first metric by the first dimension, one chart per currency, minor units added before converting', () => {
    const report = preview([row('A', '2026-03', 'LKR', 10), row('A', '2026-04', 'LKR', 20), row('B', '2026-03', 'EUR', 5)]);
    expect(chartCurrencies(report)).toEqual(['LKR', 'EUR']);
    type Option = {
      xAxis: { data: string[] };
      yAxis: { name: string };
      series: { name: string; type: string; data: unknown[] }[];
    };
    const lkr = reportChartOption(report, 'LKR') as Option;
    expect(lkr.xAxis.data).toEqual(['A']);
    expect(lkr.yAxis.name).toBe('LKR');
    expect(lkr.series).toEqual([expect.objectContaining({ name: 'Gross LKR', type: 'bar', data: ['0.30'] })]);
    const eur = reportChartOption(report, 'EUR') as Option;
    expect(eur.series).toEqual([expect.objectContaining({ name: 'Gross EUR', data: ['0.05'] })]);
  });

  it('has nothing to chart without rows', () => {
    expect(chartCurrencies(preview([]))).toEqual([]);
    expect(reportChartOption(preview([]), null)).toBeNull();
  });
});
