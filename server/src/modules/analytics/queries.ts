import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { inScope } from '../../db/scope-sql.js';
import { FIGURE_COLUMNS, type FigureFilter, type LabelledWindow, figuresCte, grainFor, rowFilter, sums } from './figures-sql.js';
import { type Bucket, splitDays } from './periods.js';
import { refundRows } from './refund-figures.js';

export type FigureName = 'sessions' | (typeof FIGURE_COLUMNS)[number];
export type FigureRow = Record<FigureName, string> & { currency: string };

/** The organizations a filter can reach: their ids, time zones and currencies. */
export async function organizationsInReach(db: Executor, f: FigureFilter) {
  const where = [inScope(sql`id`, f.scope.organizationIds), f.organizationId ? sql`id = ${f.organizationId}::uuid` : undefined];
  const parts = where.filter((p): p is SQL => p !== undefined);
  return queryRows<{ id: string; time_zone: string; currency: string }>(
    db,
    sql`SELECT id, time_zone, currency FROM organizations ${parts.length ? sql`WHERE ${sql.join(parts, sql` AND `)}` : sql``}`,
  );
}

export async function siteById(db: Executor, id: string) {
  const [row] = await queryRows<{ id: string; organization_id: string }>(
    db,
    sql`SELECT id, organization_id FROM sites WHERE id = ${id}::uuid`,
  );
  return row ? { id: row.id, organizationId: row.organization_id } : null;
}

export async function chargerById(db: Executor, id: string) {
  const [row] = await queryRows<{ id: string; organization_id: string; site_id: string }>(
    db,
    sql`SELECT id, organization_id, site_id FROM chargers WHERE id = ${id}::uuid`,
  );
  return row ? { id: row.id, organizationId: row.organization_id, siteId: row.site_id } : null;
}

/** Per period and currency: the sums of every figure. */
export async function periodTotals(db: Executor, windows: LabelledWindow[], f: FigureFilter) {
  return queryRows<FigureRow & { period: string }>(
    db,
    sql`WITH ${figuresCte(windows, f, grainFor(f))} SELECT period, currency, ${sums()} FROM figures GROUP BY period, currency`,
  );
}

export type GroupBy = 'charger' | 'site' | 'organization';
export type RevenueSort = 'net' | 'gross' | 'energy' | 'sessions' | 'margin' | 'profitability' | 'name';

/** The groups (all chargers, sites or organizations in reach, earners or not) and how to name them. */
const GROUPS: Record<GroupBy, { key: string; base: SQL }> = {
  charger: {
    key: 'charger_id',
    base: sql`SELECT c.id, c.name, c.organization_id, org.name AS organization_name, c.site_id, st.name AS site_name,
      c.id AS charger_id, org.currency AS home_currency, c.retired_at IS NOT NULL AS retired
      FROM chargers c JOIN organizations org ON org.id = c.organization_id JOIN sites st ON st.id = c.site_id`,
  },
  site: {
    key: 'site_id',
    base: sql`SELECT st.id, st.name, st.organization_id, org.name AS organization_name, st.id AS site_id, st.name AS site_name,
      org.currency AS home_currency, false AS retired
      FROM sites st JOIN organizations org ON org.id = st.organization_id`,
  },
  organization: {
    key: 'organization_id',
    base: sql`SELECT org.id, org.name, org.id AS organization_id, org.name AS organization_name, NULL::uuid AS site_id,
      NULL::text AS site_name, org.currency AS home_currency, false AS retired
      FROM organizations org`,
  },
};

const SORT_SQL: Record<RevenueSort, string> = {
  net: 'coalesce(a.net_minor, 0)',
  gross: 'coalesce(a.gross_minor, 0)',
  energy: 'coalesce(a.energy_wh, 0)',
  sessions: 'coalesce(a.sessions, 0)',
  margin: 'coalesce(a.margin_minor, 0)',
  profitability: 'a.margin_minor::numeric / nullif(a.net_minor, 0)',
  name: 'g.name',
};

export interface RevenueQuery {
  groupBy: GroupBy;
  sort: RevenueSort;
  order: 'asc' | 'desc';
  currency?: string;
  limit: number;
  offset: number;
}

export type RevenueRow = FigureRow & {
  id: string;
  name: string;
  organization_id: string;
  organization_name: string;
  site_id: string | null;
  site_name: string | null;
  profitability: string | null;
  total: string;
};

/** One period's figures per group, sorted and paged in SQL; groups without revenue show zeros. */
export async function revenueByGroup(db: Executor, windows: LabelledWindow[], f: FigureFilter, q: RevenueQuery) {
  const group = GROUPS[q.groupBy];
  // A group is in reach when its own organization/site/charger is (the base's columns, aliased g).
  const noSites = { ...f.scope, siteIds: null, chargerIds: null };
  const reach =
    q.groupBy === 'charger'
      ? rowFilter('g', f)
      : q.groupBy === 'site'
        ? rowFilter('g', { scope: { ...f.scope, chargerIds: null }, organizationId: f.organizationId, siteId: f.siteId })
        : rowFilter('g', { scope: noSites, organizationId: f.organizationId });
  const aggregated = sql.raw(
    `SELECT ${group.key} AS key, currency, ${['sessions', ...FIGURE_COLUMNS].map((c) => `sum(${c}) AS ${c}`).join(', ')} FROM figures GROUP BY ${group.key}, currency`,
  );
  const figureList = sql.raw(['sessions', ...FIGURE_COLUMNS].map((c) => `coalesce(a.${c}, 0)::text AS ${c}`).join(', '));
  const direction = sql.raw(q.order === 'asc' ? 'ASC' : 'DESC');
  // Per organization needs no charger rows when the caller sees whole organizations.
  const grain = q.groupBy === 'organization' ? grainFor(f) : 'charger';
  return queryRows<RevenueRow>(
    db,
    sql`WITH ${figuresCte(windows, f, grain)},
      g AS (${group.base}),
      a AS (${aggregated})
    SELECT g.id, g.name, g.organization_id, g.organization_name, g.site_id, g.site_name,
      coalesce(a.currency, g.home_currency) AS currency, ${figureList},
      round(a.margin_minor::numeric / nullif(a.net_minor, 0), 4)::text AS profitability,
      count(*) OVER ()::text AS total
    FROM g LEFT JOIN a ON a.key = g.id
    WHERE ${reach}
      AND (NOT g.retired OR a.key IS NOT NULL)
      ${q.currency ? sql`AND coalesce(a.currency, g.home_currency) = ${q.currency}` : sql``}
    ORDER BY ${sql.raw(SORT_SQL[q.sort])} ${direction} NULLS LAST, g.name, g.id
    LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
}

/**
 * Whole local days from the rollups, per bucket (first local date) and currency: month buckets read
 * whole months from the monthly rollups; organization-level rollups when the question allows (grainFor).
 */
export async function timeSeries(db: Executor, bucket: Bucket, from: string, to: string, f: FigureFilter) {
  const grain = grainFor(f);
  const [daily, monthly] =
    grain === 'organization'
      ? ['organization_daily_rollups', 'organization_monthly_rollups']
      : ['settlement_daily_rollups', 'settlement_monthly_rollups'];
  const filter =
    grain === 'organization' ? rowFilter('r', { scope: f.scope, organizationId: f.organizationId }) : rowFilter('r', f);
  const split = bucket === 'month' ? splitDays(from, to) : { months: null, days: [[from, to]] as [string, string][] };
  const parts = split.days.map(
    ([
      a,
      b,
    ]) => sql`SELECT to_char(date_trunc(${bucket}, r.local_date::timestamp), 'YYYY-MM-DD') AS bucket_start, r.currency, ${cols}
      FROM ${sql.raw(daily)} r WHERE r.local_date BETWEEN ${a}::date AND ${b}::date AND ${filter}`,
  );
  if (split.months)
    parts.push(sql`SELECT to_char(r.local_month, 'YYYY-MM-DD') AS bucket_start, r.currency, ${cols}
      FROM ${sql.raw(monthly)} r WHERE r.local_month BETWEEN ${split.months[0]}::date AND ${split.months[1]}::date AND ${filter}`);
  // Refunds approved on the range's local days (refund-figures.ts), bucketed by that local date.
  parts.push(sql`SELECT to_char(date_trunc(${bucket}, (rf.at AT TIME ZONE o.time_zone)::date::timestamp), 'YYYY-MM-DD') AS bucket_start,
      rf.currency, ${refundCols}
    FROM organizations o
    CROSS JOIN LATERAL (
      ${refundRows(
        FIGURE_COLUMNS,
        sql`o.id`,
        sql`(${from}::date::timestamp AT TIME ZONE o.time_zone)`,
        sql`((${to}::date + 1)::timestamp AT TIME ZONE o.time_zone)`,
        rowFilter('s', f),
      )}
      OFFSET 0
    ) rf
    WHERE ${inScope(sql`o.id`, f.scope.organizationIds) ?? sql`true`} ${f.organizationId ? sql`AND o.id = ${f.organizationId}::uuid` : sql``}`);
  return queryRows<FigureRow & { bucket_start: string }>(
    db,
    sql`SELECT bucket_start, currency, ${sums()} FROM (${sql.join(parts, sql` UNION ALL `)}) r GROUP BY 1, 2 ORDER BY 1, 2`,
  );
}

const cols = sql.raw(['sessions', ...FIGURE_COLUMNS].map((c) => `r.${c}`).join(', '));
const refundCols = sql.raw(['sessions', ...FIGURE_COLUMNS].map((c) => `rf.${c}`).join(', '));
