import { api } from './client';

/** Revenue analytics (docs/api.md "Revenue analytics"): money in integer minor units, per currency. */
export const PERIODS = ['today', 'week', 'month', 'year', '24h', '7d', '30d', '365d'] as const;
export type Period = (typeof PERIODS)[number];
export type GroupBy = 'charger' | 'site' | 'organization';
export type Bucket = 'day' | 'week' | 'month';
export type RevenueSort = 'net' | 'gross' | 'energy' | 'sessions' | 'margin' | 'profitability' | 'name';

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

export interface Figures {
  currency: string;
  sessions: number;
  energyWh: number;
  netMinor: number;
  grossMinor: number;
  taxMinor: number;
}

export interface SettledFigures extends Figures {
  gatewayFeeMinor: number;
  platformCommissionMinor: number;
  locationOwnerCommissionMinor: number;
  partnerShareMinor: number;
  energyCostMinor: number;
  marginMinor: number;
}

export interface RevenueRow extends SettledFigures {
  id: string;
  name: string;
  organizationId: string;
  organizationName: string;
  siteId: string | null;
  siteName: string | null;
  /** margin ÷ net, exact decimal string; null without net revenue. */
  profitability: string | null;
}

export interface RevenuePage {
  period: Period;
  groupBy: GroupBy;
  asOf: string;
  items: RevenueRow[];
  total: number;
  page: number;
  pageSize: number;
}

export interface RevenueParams {
  period: Period;
  groupBy: GroupBy;
  organizationId?: string;
  siteId?: string;
  sort?: RevenueSort;
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

export interface SummaryTile extends SettledFigures {
  period: Period;
}

export interface TimeSeries {
  bucket: Bucket;
  from: string;
  to: string;
  items: (Figures & { bucketStart: string })[];
}

export const analyticsKeys = {
  all: ['analytics'] as const,
  revenue: (params: RevenueParams) => ['analytics', 'revenue', params] as const,
  summary: (organizationId: string | null) => ['analytics', 'summary', organizationId] as const,
  series: (params: object) => ['analytics', 'series', params] as const,
};

export const getRevenue = (params: RevenueParams) => api.get<RevenuePage>('/analytics/revenue', { ...params });
export const getRevenueSummary = (organizationId: string | null) =>
  api.get<{ asOf: string; tiles: SummaryTile[] }>('/analytics/summary', { organizationId });
export const getTimeSeries = (params: { bucket: Bucket; from: string; to: string; organizationId?: string }) =>
  api.get<TimeSeries>('/analytics/timeseries', params);
