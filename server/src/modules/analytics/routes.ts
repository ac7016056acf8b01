import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { errorResponses } from '../../http/schemas.js';
import { RevenueBody, RevenueQuery, SummaryBody, SummaryQuery, TimeSeriesBody, TimeSeriesQuery } from './schemas.js';
import { revenue, revenueSummary, revenueTimeSeries } from './service.js';

const tags = ['analytics'];

export function analyticsRoutes(app: TypedApp, { db }: AppDeps): void {
  app.get(
    '/api/v1/analytics/revenue',
    {
      config: { access: 'finance:read' },
      schema: {
        tags,
        summary: 'Revenue, kWh, sessions, margin and profitability per charger, site or organization for a period',
        querystring: RevenueQuery,
        response: { 200: RevenueBody, ...errorResponses },
      },
    },
    async (request) => revenue(db, actorOf(request).scope, request.query),
  );

  app.get(
    '/api/v1/analytics/summary',
    {
      config: { access: 'finance:read' },
      schema: {
        tags,
        summary: 'Revenue tiles per currency: today, this week, this month, this year, last 24 h and 7 d',
        querystring: SummaryQuery,
        response: { 200: SummaryBody, ...errorResponses },
      },
    },
    async (request) => revenueSummary(db, actorOf(request).scope, request.query),
  );

  app.get(
    '/api/v1/analytics/timeseries',
    {
      config: { access: 'finance:read' },
      schema: {
        tags,
        summary: 'Net, gross, kWh and sessions over time in day, week or month buckets (local dates)',
        querystring: TimeSeriesQuery,
        response: { 200: TimeSeriesBody, ...errorResponses },
      },
    },
    async (request) => revenueTimeSeries(db, actorOf(request).scope, request.query),
  );
}
