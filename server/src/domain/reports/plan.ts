import { DateTime } from 'luxon';
import { AppError } from '../../errors.js';
import { DIMENSIONS, type DimensionKey, type MetricKey, isDimensionKey, isMetricKey, isMoneyMetric } from './catalogue.js';

export const RELATIVE_PERIODS = ['last7Days', 'last30Days', 'lastMonth', 'thisMonth', 'thisYear'] as const;
export type RelativePeriod = (typeof RELATIVE_PERIODS)[number];

export const MAX_DIMENSIONS = 3;
export const MAX_PERIOD_YEARS = 5;
export const DEFAULT_LIMIT = 1000;

export interface ReportDefinition {
  dimensions: string[];
  metrics: string[];
  period: { relative: RelativePeriod } | { from: string; to: string };
  sort?: { by: string; order?: 'asc' | 'desc' };
  limit?: number;
}

/** Inclusive local dates; `timeZone` is the zone "today" was read in for a relative period. */
export interface ResolvedPeriod {
  from: string;
  to: string;
  timeZone: string;
  relative: RelativePeriod | null;
}

export interface ReportPlan {
  dimensions: DimensionKey[];
  metrics: MetricKey[];
  /** Money metrics are added up per currency: every row and total carries one currency. */
  byCurrency: boolean;
  period: ResolvedPeriod;
  sort: { by: DimensionKey | MetricKey; order: 'asc' | 'desc' };
  limit: number;
}

const invalid = (message: string, details?: unknown) => new AppError('REPORT_COMBINATION_INVALID', message, details);

function checkDimensions(keys: string[]): DimensionKey[] {
  const unknown = keys.filter((k) => !isDimensionKey(k));
  if (unknown.length > 0) {
    throw new AppError('REPORT_DIMENSION_UNKNOWN', `Unknown dimension: ${unknown.join(', ')}`, { dimensions: unknown });
  }
  const dimensions = keys as DimensionKey[];
  if (new Set(dimensions).size !== dimensions.length) throw invalid('A dimension is chosen twice', { dimensions });
  if (dimensions.length > MAX_DIMENSIONS) throw invalid(`At most ${MAX_DIMENSIONS} dimensions`, { dimensions });
  const calendar = dimensions.filter((d) => DIMENSIONS[d].kind === 'calendar');
  if (calendar.length > 1) {
    throw invalid(`Day, week and month are one calendar grain each: choose one, not ${calendar.join(' and ')}`, {
      dimensions: calendar,
    });
  }
  return dimensions;
}

function checkMetrics(keys: string[]): MetricKey[] {
  const unknown = keys.filter((k) => !isMetricKey(k));
  if (unknown.length > 0)
    throw new AppError('REPORT_METRIC_UNKNOWN', `Unknown metric: ${unknown.join(', ')}`, { metrics: unknown });
  const metrics = keys as MetricKey[];
  if (metrics.length === 0) throw invalid('Choose at least one metric');
  if (new Set(metrics).size !== metrics.length) throw invalid('A metric is chosen twice', { metrics });
  return metrics;
}

/** The inclusive local dates of a relative period on the local date `today`. */
export function relativeDates(period: RelativePeriod, today: DateTime): { from: string; to: string } {
  const iso = (d: DateTime) => d.toISODate()!;
  switch (period) {
    case 'last7Days':
      return { from: iso(today.minus({ days: 6 })), to: iso(today) };
    case 'last30Days':
      return { from: iso(today.minus({ days: 29 })), to: iso(today) };
    case 'lastMonth': {
      const start = today.startOf('month').minus({ months: 1 });
      return { from: iso(start), to: iso(start.endOf('month')) };
    }
    case 'thisMonth':
      return { from: iso(today.startOf('month')), to: iso(today) };
    case 'thisYear':
      return { from: iso(today.startOf('year')), to: iso(today) };
  }
}

export function resolvePeriod(period: ReportDefinition['period'], now: Date, timeZone: string): ResolvedPeriod {
  if ('relative' in period) {
    const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
    return { ...relativeDates(period.relative, today), timeZone, relative: period.relative };
  }
  const from = DateTime.fromISO(period.from, { zone: 'UTC' });
  const to = DateTime.fromISO(period.to, { zone: 'UTC' });
  if (!from.isValid || !to.isValid) throw new AppError('DATE_RANGE_INVALID', 'Not a calendar date', period);
  if (from > to) throw new AppError('DATE_RANGE_INVALID', '"from" must be on or before "to"', period);
  if (to >= from.plus({ years: MAX_PERIOD_YEARS })) {
    throw new AppError('REPORT_PERIOD_TOO_LONG', `A report covers at most ${MAX_PERIOD_YEARS} years`, period);
  }
  return { from: period.from, to: period.to, timeZone, relative: null };
}

/** The default order: a calendar or cyclic first dimension reads in time order, anything else by the first metric, largest first. */
function defaultSort(dimensions: DimensionKey[], metrics: MetricKey[]): ReportPlan['sort'] {
  const first = dimensions[0];
  if (first && (DIMENSIONS[first].kind === 'calendar' || DIMENSIONS[first].kind === 'cyclic')) return { by: first, order: 'asc' };
  return { by: metrics[0]!, order: 'desc' };
}

/**
 * A definition checked and made concrete: known, compatible dimensions and metrics, the period as
 * local dates in `timeZone` (the organization's), a sort on something the report shows, a row limit.
 */
export function planReport(definition: ReportDefinition, now: Date, timeZone: string): ReportPlan {
  const dimensions = checkDimensions(definition.dimensions);
  const metrics = checkMetrics(definition.metrics);
  const period = resolvePeriod(definition.period, now, timeZone);
  let sort = defaultSort(dimensions, metrics);
  if (definition.sort) {
    const by = definition.sort.by;
    const shown = (dimensions as string[]).includes(by) || (metrics as string[]).includes(by);
    if (!shown) throw invalid(`Sort by "${by}": it is not one of the report's dimensions or metrics`, { sort: by });
    sort = { by: by as DimensionKey | MetricKey, order: definition.sort.order ?? 'desc' };
  }
  return {
    dimensions,
    metrics,
    byCurrency: metrics.some(isMoneyMetric),
    period,
    sort,
    limit: definition.limit ?? DEFAULT_LIMIT,
  };
}
