import { api } from './client';
import type { ItemOf, QueryOf, ResponseBody } from './contract';

/** Revenue analytics (docs/api.md "Revenue analytics"): money in integer minor units, per currency. */
export const PERIODS = [
  'today',
  'week',
  'month',
  'year',
  '24h',
  '7d',
  '30d',
  '365d',
] as const satisfies readonly RevenueParams['period'][];
export type RevenueParams = QueryOf<'/api/v1/analytics/revenue'>;
export type Period = RevenueParams['period'];
export type GroupBy = NonNullable<RevenueParams['groupBy']>;
export type RevenueSort = NonNullable<RevenueParams['sort']>;
export type TimeSeriesParams = QueryOf<'/api/v1/analytics/timeseries'>;
export type Bucket = TimeSeriesParams['bucket'];

export const PERIOD_LABELS: Record<Period, string> = {
  today: 'Today',
  week: 'This week',
  month: 'This month',
  year: 'This year',
  '24h': 'Last 24 h',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '365d': 'Last 365 days',
};

export type RevenuePage = ResponseBody<'/api/v1/analytics/revenue'>;
export type RevenueRow = ItemOf<RevenuePage>;
export type RevenueSummary = ResponseBody<'/api/v1/analytics/summary'>;
export type SummaryTile = RevenueSummary['tiles'][number];
export type TimeSeries = ResponseBody<'/api/v1/analytics/timeseries'>;
/** What every figure set carries: one currency's sessions, energy and money. */
export type Figures = TimeSeries['items'][number];
/** Figures after settlement: fees, commissions, shares, energy cost and margin. */
export type SettledFigures = Omit<SummaryTile, 'period'>;

export const analyticsKeys = {
  all: ['analytics'] as const,
  revenue: (params: RevenueParams) => ['analytics', 'revenue', params] as const,
  summary: (organizationId: string | null) => ['analytics', 'summary', organizationId] as const,
  series: (params: object) => ['analytics', 'series', params] as const,
};

export const getRevenue = (params: RevenueParams) => api.get<RevenuePage>('/analytics/revenue', { ...params });
export const getRevenueSummary = (organizationId: string | null) =>
  api.get<RevenueSummary>('/analytics/summary', { organizationId });
export const getTimeSeries = (params: TimeSeriesParams) => api.get<TimeSeries>('/analytics/timeseries', params);
