import { type SQL, sql } from 'drizzle-orm';
import { inScope } from '../../db/scope-sql.js';
import type { Scope } from '../../domain/scope.js';
import type { ZoneWindow } from './periods.js';

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
 * `figures(period, organization_id, site_id, charger_id, currency, sessions, …)`: for each period and
 * time zone, whole local days from `settlement_daily_rollups` plus raw `session_settlements` rows of
 * the partial days at the edges. Each organization is read in its own time zone. `byCurrencyOnly`
 * (the summary: several overlapping periods) first adds the rollups up per zone, currency and day, so
 * each rollup row is read once rather than once per period; its rows carry no organization/site/charger.
 */
export function figuresCte(windows: LabelledWindow[], f: FigureFilter, options: { byCurrencyOnly?: boolean } = {}): SQL {
  const days = windows
    .filter((w) => w.window.fullFrom !== null)
    .map((w) => sql`(${w.period}::text, ${w.window.timeZone}::text, ${w.window.fullFrom}::date, ${w.window.fullTo}::date)`);
  const edges = windows.flatMap((w) =>
    w.window.edges.map(
      ([from, to]) =>
        sql`(${w.period}::text, ${w.window.timeZone}::text, ${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz)`,
    ),
  );
  const orgFilter = and([
    inScope(sql`o.id`, f.scope.organizationIds),
    f.organizationId ? sql`o.id = ${f.organizationId}::uuid` : undefined,
  ]);
  return sql`
    days(period, time_zone, full_from, full_to) AS (${values(days, sql`SELECT NULL::text, NULL::text, NULL::date, NULL::date WHERE false`)}),
    edges(period, time_zone, e_from, e_to) AS (${values(edges, sql`SELECT NULL::text, NULL::text, NULL::timestamptz, NULL::timestamptz WHERE false`)}),
    zoned AS (SELECT o.id, o.time_zone FROM organizations o WHERE ${orgFilter}),
    -- The edges: one index range scan per organization and edge (OFFSET 0 keeps the planner from
    -- flattening it into a scan of every settlement).
    ${options.byCurrencyOnly ? perDayCte(f) : sql``}
    figures AS (
      ${
        options.byCurrencyOnly
          ? sql`SELECT d.period, NULL::uuid, NULL::uuid, NULL::uuid, p.currency, ${cols('p', true)}
      FROM per_day p JOIN days d ON d.time_zone = p.time_zone AND p.local_date BETWEEN d.full_from AND d.full_to`
          : sql`SELECT d.period, r.organization_id, r.site_id, r.charger_id, r.currency, ${cols('r', true)}
      FROM zoned z
      JOIN days d ON d.time_zone = z.time_zone
      CROSS JOIN LATERAL (
        SELECT * FROM settlement_daily_rollups r
        WHERE r.organization_id = z.id AND r.local_date BETWEEN d.full_from AND d.full_to AND ${rowFilter('r', f)}
      ) r`
      }
      UNION ALL
      SELECT e.period, s.organization_id, s.site_id, s.charger_id, s.currency, 1::bigint, ${cols('s')}
      FROM zoned z
      JOIN edges e ON e.time_zone = z.time_zone
      CROSS JOIN LATERAL (
        SELECT * FROM session_settlements s
        WHERE s.organization_id = z.id AND s.stopped_at >= e.e_from AND s.stopped_at < e.e_to AND ${rowFilter('s', f)}
        OFFSET 0
      ) s
    )`;
}

const cols = (alias: string, withSessions = false) =>
  sql.raw([...(withSessions ? ['sessions::bigint'] : []), ...FIGURE_COLUMNS].map((c) => `${alias}.${c}`).join(', '));

/** Rollups per zone, currency and local date over the widest day range of each zone. */
function perDayCte(f: FigureFilter): SQL {
  const summed = sql.raw(['sessions', ...FIGURE_COLUMNS].map((c) => `sum(r.${c})::bigint AS ${c}`).join(', '));
  return sql`span AS (SELECT time_zone, min(full_from) AS lo, max(full_to) AS hi FROM days GROUP BY time_zone),
    per_day AS (
      SELECT z.time_zone, r.currency, r.local_date, ${summed}
      FROM zoned z JOIN span ON span.time_zone = z.time_zone
      JOIN settlement_daily_rollups r ON r.organization_id = z.id AND r.local_date BETWEEN span.lo AND span.hi
      WHERE ${rowFilter('r', f)}
      GROUP BY 1, 2, 3
    ),`;
}

/** `sum(...)::text AS …` for every figure (text: bigint sums stay exact through both drivers). */
export function sums(alias = ''): SQL {
  const prefix = alias ? `${alias}.` : '';
  return sql.raw(['sessions', ...FIGURE_COLUMNS].map((c) => `coalesce(sum(${prefix}${c}), 0)::text AS ${c}`).join(', '));
}
