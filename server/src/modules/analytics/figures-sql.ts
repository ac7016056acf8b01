import { type SQL, sql } from 'drizzle-orm';
import { inScope } from '../../db/scope-sql.js';
import type { Scope } from '../../domain/scope.js';
import { type ZoneWindow, splitDays, splitEdge } from './periods.js';
import { refundRows } from './refund-figures.js';

/** The settled figures analytics add up, as rollup and settlement columns share them. */
export const FIGURE_COLUMNS = [
  'energy_wh',
  'net_minor',
  'tax_minor',
  'gross_minor',
  'gateway_fee_minor',
  'platform_commission_minor',
  'location_owner_commission_minor',
  'partner_share_minor',
  'energy_cost_minor',
  'margin_minor',
] as const;

/** Which rows count: the caller's scope and the request's optional filters. */
export interface FigureFilter {
  scope: Scope;
  organizationId?: string;
  siteId?: string;
  chargerId?: string;
}

const and = (parts: (SQL | undefined)[]): SQL => {
  const present = parts.filter((p): p is SQL => p !== undefined);
  return present.length ? sql.join(present, sql` AND `) : sql`true`;
};

/** Scope and filters on a table aliased `alias` with organization_id, site_id and charger_id columns. */
export function rowFilter(alias: string, f: FigureFilter): SQL {
  const col = (name: string) => sql.raw(`${alias}.${name}`);
  return and([
    inScope(col('organization_id'), f.scope.organizationIds),
    inScope(col('site_id'), f.scope.siteIds),
    inScope(col('charger_id'), f.scope.chargerIds),
    f.organizationId ? sql`${col('organization_id')} = ${f.organizationId}::uuid` : undefined,
    f.siteId ? sql`${col('site_id')} = ${f.siteId}::uuid` : undefined,
    f.chargerId ? sql`${col('charger_id')} = ${f.chargerId}::uuid` : undefined,
  ]);
}

export interface LabelledWindow {
  period: string;
  window: ZoneWindow;
}

/** A VALUES list, or an empty typed relation when there are no rows (VALUES cannot be empty). */
function values(rows: SQL[], empty: SQL): SQL {
  return rows.length ? sql`VALUES ${sql.join(rows, sql`, `)}` : empty;
}

/**
 * Which rollups answer a question. `organization` (one row per organization and hour/day/month) when
 * it is not about chargers or sites and the caller sees whole organizations; otherwise `charger` (one
 * row per charger and day/month), which scope and filters by site and charger can narrow.
 */
export type Grain = 'charger' | 'organization';

export function grainFor(f: FigureFilter): Grain {
  const wholeOrganizations = f.scope.siteIds === null && f.scope.chargerIds === null && !f.siteId && !f.chargerId;
  return wholeOrganizations ? 'organization' : 'charger';
}

const TABLES: Record<Grain, { daily: string; monthly: string; keys: string }> = {
  charger: {
    daily: 'settlement_daily_rollups',
    monthly: 'settlement_monthly_rollups',
    keys: 'r.organization_id, r.site_id, r.charger_id',
  },
  organization: {
    daily: 'organization_daily_rollups',
    monthly: 'organization_monthly_rollups',
    keys: 'r.organization_id, NULL::uuid, NULL::uuid',
  },
};

const dateRow = (period: string, zone: string, from: string, to: string) =>
  sql`(${period}::text, ${zone}::text, ${from}::date, ${to}::date)`;
const instantRow = (period: string, zone: string, [from, to]: [Date, Date]) =>
  sql`(${period}::text, ${zone}::text, ${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz)`;
const NO_DATES = sql`SELECT NULL::text, NULL::text, NULL::date, NULL::date WHERE false`;
const NO_INSTANTS = sql`SELECT NULL::text, NULL::text, NULL::timestamptz, NULL::timestamptz WHERE false`;

/**
 * `figures(period, organization_id, site_id, charger_id, currency, sessions, …)`: for each period and
 * time zone, whole local months from the monthly rollups, the other whole local days from the daily
 * rollups, and the partial days at the edges — at the organization grain as whole UTC hours from the
 * hourly rollups plus raw `session_settlements` for the partial hours, at the charger grain raw. Each
 * organization is read in its own time zone; every read is an index range scan per organization and
 * range: OFFSET 0 keeps each LATERAL subquery from being flattened into a join that filters the range
 * only after reading all of an organization's rows. At the organization grain site_id and charger_id are NULL.
 */
export function figuresCte(windows: LabelledWindow[], f: FigureFilter, grain: Grain = 'charger'): SQL {
  const days: SQL[] = [];
  const months: SQL[] = [];
  const spans: SQL[] = [];
  const hours: SQL[] = [];
  const edges: SQL[] = [];
  for (const { period, window: w } of windows) {
    spans.push(instantRow(period, w.timeZone, [w.from, w.to]));
    if (w.fullFrom !== null && w.fullTo !== null) {
      const split = splitDays(w.fullFrom, w.fullTo);
      if (split.months) months.push(dateRow(period, w.timeZone, ...split.months));
      for (const [from, to] of split.days) days.push(dateRow(period, w.timeZone, from, to));
    }
    for (const edge of w.edges) {
      if (grain === 'charger') {
        edges.push(instantRow(period, w.timeZone, edge));
        continue;
      }
      const split = splitEdge(edge);
      if (split.hours) hours.push(instantRow(period, w.timeZone, split.hours));
      for (const raw of split.raw) edges.push(instantRow(period, w.timeZone, raw));
    }
  }
  const orgFilter = and([
    inScope(sql`o.id`, f.scope.organizationIds),
    f.organizationId ? sql`o.id = ${f.organizationId}::uuid` : undefined,
  ]);
  const t = TABLES[grain];
  const keys = sql.raw(t.keys);
  const rollupFilter =
    grain === 'charger' ? rowFilter('r', f) : rowFilter('r', { scope: f.scope, organizationId: f.organizationId });
  const rollups = (ranges: string, table: string, column: string) => sql`
      SELECT x.period, ${keys}, r.currency, ${cols('r', true)}
      FROM zoned z
      JOIN ${sql.raw(ranges)} x ON x.time_zone = z.time_zone
      CROSS JOIN LATERAL (
        SELECT * FROM ${sql.raw(table)} r
        WHERE r.organization_id = z.id AND r.${sql.raw(column)} >= x.r_from AND r.${sql.raw(column)} ${sql.raw(
          ranges === 'hours' ? '<' : '<=',
        )} x.r_to AND ${rollupFilter}
        OFFSET 0
      ) r`;
  return sql`
    days(period, time_zone, r_from, r_to) AS (${values(days, NO_DATES)}),
    months(period, time_zone, r_from, r_to) AS (${values(months, NO_DATES)}),
    hours(period, time_zone, r_from, r_to) AS (${values(hours, NO_INSTANTS)}),
    edges(period, time_zone, e_from, e_to) AS (${values(edges, NO_INSTANTS)}),
    spans(period, time_zone, s_from, s_to) AS (${values(spans, NO_INSTANTS)}),
    zoned AS (SELECT o.id, o.time_zone FROM organizations o WHERE ${orgFilter}),
    figures AS (
      ${rollups('days', t.daily, 'local_date')}
      UNION ALL
      ${rollups('months', t.monthly, 'local_month')}
      ${grain === 'organization' ? sql`UNION ALL ${rollups('hours', 'organization_hourly_rollups', 'hour_start')}` : sql``}
      UNION ALL
      -- The raw edges: one index range scan per organization and edge.
      SELECT e.period, s.organization_id, s.site_id, s.charger_id, s.currency, 1::bigint, ${cols('s')}
      FROM zoned z
      JOIN edges e ON e.time_zone = z.time_zone
      CROSS JOIN LATERAL (
        SELECT * FROM session_settlements s
        WHERE s.organization_id = z.id AND s.stopped_at >= e.e_from AND s.stopped_at < e.e_to AND ${rowFilter('s', f)}
        OFFSET 0
      ) s
      UNION ALL
      -- Refunds approved in the period (refund-figures.ts): one row each, from its ledger entry.
      SELECT w.period, rf.organization_id, ${sql.raw(grain === 'organization' ? 'NULL::uuid, NULL::uuid' : 'rf.site_id, rf.charger_id')},
        rf.currency, ${cols('rf', true)}
      FROM zoned z
      JOIN spans w ON w.time_zone = z.time_zone
      CROSS JOIN LATERAL (
        ${refundRows(FIGURE_COLUMNS, sql`z.id`, sql`w.s_from`, sql`w.s_to`, rowFilter('s', f))}
        OFFSET 0
      ) rf
    )`;
}

const cols = (alias: string, withSessions = false) =>
  sql.raw([...(withSessions ? ['sessions::bigint'] : []), ...FIGURE_COLUMNS].map((c) => `${alias}.${c}`).join(', '));

/** `sum(...)::text AS …` for every figure (text: bigint sums stay exact through both drivers). */
export function sums(alias = ''): SQL {
  const prefix = alias ? `${alias}.` : '';
  return sql.raw(['sessions', ...FIGURE_COLUMNS].map((c) => `coalesce(sum(${prefix}${c}), 0)::text AS ${c}`).join(', '));
}
