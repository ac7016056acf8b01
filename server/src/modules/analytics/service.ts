import { DateTime } from 'luxon';
import type { Db } from '../../db/client.js';
import { seesOperatorInternals, shownFigures } from '../../domain/operator-internals.js';
import { type Scope, canReachCharger, canReachOrganization, canReachSite } from '../../domain/scope.js';
import { AppError, notFound } from '../../errors.js';
import type { LabelledWindow, FigureFilter } from './figures-sql.js';
import { type Bucket, type PeriodKey, bucketStarts, daysBetween, zoneWindow } from './periods.js';
import {
  type FigureRow,
  chargerById,
  organizationsInReach,
  periodTotals,
  revenueByGroup,
  siteById,
  timeSeries,
} from './queries.js';
import type { RevenueQueryInput, SummaryQueryInput, TimeSeriesQueryInput } from './schemas.js';

/** The caller's scope narrowed by the request's filters; a filter outside the scope is 404, as if it did not exist. */
async function figureFilter(
  db: Db,
  scope: Scope,
  filters: { organizationId?: string; siteId?: string; chargerId?: string },
): Promise<FigureFilter> {
  if (filters.organizationId && !canReachOrganization(scope, filters.organizationId)) throw notFound('Organization');
  if (filters.siteId) {
    const site = await siteById(db, filters.siteId);
    if (!site || !canReachSite(scope, site)) throw notFound('Site');
  }
  if (filters.chargerId) {
    const charger = await chargerById(db, filters.chargerId);
    if (!charger || !canReachCharger(scope, charger)) throw notFound('Charger');
  }
  return { scope, ...filters };
}

/** One window per time zone the reachable organizations use: each is read on its own clock. */
async function windowsFor(db: Db, f: FigureFilter, periods: readonly PeriodKey[], now: Date) {
  const organizations = await organizationsInReach(db, f);
  if (f.organizationId && organizations.length === 0) throw notFound('Organization');
  const zones = [...new Set(organizations.map((o) => o.time_zone))];
  const windows: LabelledWindow[] = periods.flatMap((period) =>
    zones.map((zone) => ({ period, window: zoneWindow(period, now, zone) })),
  );
  return { windows, currencies: [...new Set(organizations.map((o) => o.currency))].sort() };
}

const allFigures = (row: FigureRow) => ({
  currency: row.currency,
  sessions: Number(row.sessions),
  energyWh: Number(row.energy_wh),
  netMinor: Number(row.net_minor),
  grossMinor: Number(row.gross_minor),
  taxMinor: Number(row.tax_minor),
  gatewayFeeMinor: Number(row.gateway_fee_minor),
  platformCommissionMinor: Number(row.platform_commission_minor),
  locationOwnerCommissionMinor: Number(row.location_owner_commission_minor),
  partnerShareMinor: Number(row.partner_share_minor),
  energyCostMinor: Number(row.energy_cost_minor),
  marginMinor: Number(row.margin_minor),
});

/** The figures as the caller may see them: a location owner gets the operator's internals as null. */
const figures = (scope: Scope, row: FigureRow) => shownFigures(scope, allFigures(row));

const ZERO: Omit<FigureRow, 'currency'> = {
  sessions: '0',
  energy_wh: '0',
  net_minor: '0',
  tax_minor: '0',
  gross_minor: '0',
  gateway_fee_minor: '0',
  platform_commission_minor: '0',
  location_owner_commission_minor: '0',
  partner_share_minor: '0',
  energy_cost_minor: '0',
  margin_minor: '0',
};

const RANKED_BY_INTERNALS: ReadonlySet<string> = new Set(['margin', 'profitability']);

/** GET /analytics/revenue: one period's figures per charger, site or organization, ranked. */
export async function revenue(db: Db, scope: Scope, query: RevenueQueryInput, now = new Date()) {
  const f = await figureFilter(db, scope, query);
  const { windows } = await windowsFor(db, f, [query.period], now);
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 50;
  const groupBy = query.groupBy ?? 'charger';
  const internals = seesOperatorInternals(scope);
  // Ranking by margin would show a location owner the order of figures it may not see: it ranks by net.
  const sort = query.sort && (internals || !RANKED_BY_INTERNALS.has(query.sort)) ? query.sort : 'net';
  // Several time zones: one labelled window each, all under the same period label.
  const rows = windows.length
    ? await revenueByGroup(db, windows, f, {
        groupBy,
        sort,
        order: query.order ?? 'desc',
        currency: query.currency,
        limit: pageSize,
        offset: (page - 1) * pageSize,
      })
    : [];
  return {
    period: query.period,
    groupBy,
    asOf: now.toISOString(),
    items: rows.map((row) => ({
      id: row.id,
      name: row.name,
      organizationId: row.organization_id,
      organizationName: row.organization_name,
      siteId: row.site_id,
      siteName: row.site_name,
      ...figures(scope, row),
      profitability: internals ? row.profitability : null,
    })),
    total: Number(rows[0]?.total ?? 0),
    page,
    pageSize,
  };
}

const SUMMARY_PERIODS: readonly PeriodKey[] = ['today', 'week', 'month', 'year', '24h', '7d'];

/** GET /analytics/summary: the revenue tiles, per currency (never summed across currencies). */
export async function revenueSummary(db: Db, scope: Scope, query: SummaryQueryInput, now = new Date()) {
  const f = await figureFilter(db, scope, query);
  const { windows, currencies } = await windowsFor(db, f, SUMMARY_PERIODS, now);
  const rows = windows.length ? await periodTotals(db, windows, f) : [];
  const found = new Map(rows.map((r) => [`${r.period}|${r.currency}`, r]));
  const allCurrencies = [...new Set([...currencies, ...rows.map((r) => r.currency)])].sort();
  const tiles = SUMMARY_PERIODS.flatMap((period) =>
    allCurrencies.map((currency) => ({
      period,
      ...figures(scope, found.get(`${period}|${currency}`) ?? { ...ZERO, currency }),
    })),
  );
  return { asOf: now.toISOString(), tiles };
}

/** At most this many buckets per chart: a day chart over two years is already 731 points. */
const MAX_BUCKETS = 800;
const DEFAULT_SPAN_DAYS: Record<Bucket, number> = { day: 30, week: 7 * 26, month: 365 };

/** GET /analytics/timeseries: figures per day/week/month bucket of local dates (whole days, rollups only). */
export async function revenueTimeSeries(db: Db, scope: Scope, query: TimeSeriesQueryInput, now = new Date()) {
  const bucket = query.bucket ?? 'day';
  const f = await figureFilter(db, scope, query);
  const to = query.to ?? DateTime.fromJSDate(now, { zone: 'UTC' }).toISODate()!;
  const from =
    query.from ??
    DateTime.fromISO(to, { zone: 'UTC' })
      .minus({ days: DEFAULT_SPAN_DAYS[bucket] - 1 })
      .toISODate()!;
  const days = daysBetween(from, to);
  if (days === null || days < 1) throw new AppError('DATE_RANGE_INVALID', '`from` must be a date on or before `to`');
  const starts = bucketStarts(bucket, from, to);
  if (starts.length > MAX_BUCKETS)
    throw new AppError(
      'DATE_RANGE_INVALID',
      `At most ${MAX_BUCKETS} ${bucket} buckets per request; choose a shorter range or a larger bucket`,
    );
  const rows = await timeSeries(db, bucket, from, to, f);
  const currencies = [...new Set(rows.map((r) => r.currency))].sort();
  const found = new Map(rows.map((r) => [`${r.bucket_start}|${r.currency}`, r]));
  const items = currencies.flatMap((currency) =>
    starts.map((bucketStart) => {
      const {
        currency: c,
        sessions,
        energyWh,
        netMinor,
        grossMinor,
        taxMinor,
      } = allFigures(found.get(`${bucketStart}|${currency}`) ?? { ...ZERO, currency });
      return { bucketStart, currency: c, sessions, energyWh, netMinor, grossMinor, taxMinor };
    }),
  );
  return { bucket, from, to, items };
}
