import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import {
  BASELINE_DAYS,
  type Trips,
  type UnderperformanceRule,
  type WindowFigures,
  anyTrip,
  underperformance,
} from '../../domain/underperformance.js';
import { formatMoney } from '../invoices/pdf-format.js';
import { type Found, enabled, moneyThreshold, ruleJoin, threshold } from './check-sql.js';

interface FigureRow extends Record<string, unknown> {
  charger_id: string;
  site_id: string;
  organization_id: string;
  charger_name: string | null;
  in_service: boolean;
  whole_window: boolean;
  site_name: string;
  days: number;
  percent: number;
  min_utilization: number;
  min_net: string | number;
  org_currency: string;
  recent_seconds: string | number | null;
  base_seconds: string | number | null;
  recent_net: string | number | null;
  base_net: string | number | null;
  base_sessions: string | number | null;
  currencies: string[] | null;
  recent_currencies: string[] | null;
}

const big = (v: string | number | null) => BigInt(v ?? 0);
const percentText = (part: bigint, whole: bigint) => (whole === 0n ? '0' : (Number((part * 1000n) / whole) / 10).toFixed(1));

/** What tripped, in words: each figure with its floor and its baseline when it is below them. Money in major units with its currency. */
export function lowFigures(
  f: WindowFigures,
  rule: UnderperformanceRule,
  trips: Trips,
): { utilization?: string; revenue?: string } {
  const d = BigInt(rule.days);
  const low: { utilization?: string; revenue?: string } = {};
  const windowSeconds = d * 86_400n * BigInt(Math.max(1, f.chargers));
  const scaledBase = (base: bigint) => (base * d) / BigInt(BASELINE_DAYS);
  if (trips.utilizationBaseline || trips.utilizationFloor)
    low.utilization = [
      `charging ${percentText(f.recentSeconds, windowSeconds)} % of the time`,
      ...(trips.utilizationFloor ? [`below the floor of ${rule.minUtilizationPercent} %`] : []),
      ...(trips.utilizationBaseline
        ? [
            `${percentText(f.recentSeconds, scaledBase(f.baseSeconds))} % of its baseline (${percentText(scaledBase(f.baseSeconds), windowSeconds)} %)`,
          ]
        : []),
    ].join(', ');
  if (trips.revenueBaseline || trips.revenueFloor) {
    const [currency = rule.currency] = [...f.recentCurrencies, ...f.currencies];
    const floor = rule.minNetRevenueMinor * BigInt(Math.max(1, f.chargers));
    low.revenue = [
      `net revenue ${formatMoney(f.recentNet, currency)}`,
      ...(trips.revenueFloor ? [`below the floor of ${formatMoney(floor, rule.currency)}`] : []),
      ...(trips.revenueBaseline
        ? [
            `${percentText(f.recentNet, scaledBase(f.baseNet))} % of its baseline (${formatMoney(scaledBase(f.baseNet), currency)} per ${rule.days} days)`,
          ]
        : []),
    ].join(', ');
  }
  return low;
}

const ruleOf = (row: FigureRow, wholeWindow: boolean): UnderperformanceRule => ({
  days: Number(row.days),
  percent: Number(row.percent),
  minUtilizationPercent: Number(row.min_utilization),
  minNetRevenueMinor: big(row.min_net),
  currency: row.org_currency,
  wholeWindow,
});

const floorsDetail = (rule: UnderperformanceRule) => ({
  ...(rule.minUtilizationPercent > 0 ? { minUtilizationPercent: rule.minUtilizationPercent } : {}),
  ...(rule.minNetRevenueMinor > 0n ? { minNetRevenue: formatMoney(rule.minNetRevenueMinor, rule.currency) } : {}),
});

/**
 * Chargers in service and sites (of more than one charger: a one-charger site's alert would say
 * the same as its charger's) whose utilization or net revenue over the last `days` whole local days
 * (the organization's zone, the rollups' own) is below `percent` % of their 4-week baseline, or below
 * the rule's floors. Read from settlement_daily_rollups (one row per charger and day), never from raw
 * sessions; with a floor on, chargers in service without any rollup count too (they earned nothing).
 */
export async function underperformers(db: Executor): Promise<Found[]> {
  const rows = await queryRows<FigureRow>(
    db,
    sql`WITH orgs AS (
          SELECT o.id, o.currency AS org_currency, (now() AT TIME ZONE o.time_zone)::date AS today,
                 ((now() AT TIME ZONE o.time_zone)::date - ${threshold('underperforming', 'days')})::timestamp
                   AT TIME ZONE o.time_zone AS window_start,
                 ${threshold('underperforming', 'days')} AS days, ${threshold('underperforming', 'percent')} AS percent,
                 ${threshold('underperforming', 'minUtilizationPercent')} AS min_utilization,
                 ${moneyThreshold('underperforming', 'minNetRevenueMinor')} AS min_net
          FROM organizations o ${ruleJoin('underperforming', sql`o.id`)}
          WHERE ${enabled('underperforming')}
        ), figures AS (
          SELECT r.charger_id, r.site_id, r.organization_id,
                 sum(r.duration_seconds - r.idle_seconds) FILTER (WHERE r.local_date >= o.today - o.days) AS recent_seconds,
                 sum(r.duration_seconds - r.idle_seconds) FILTER (WHERE r.local_date < o.today - o.days) AS base_seconds,
                 sum(r.net_minor) FILTER (WHERE r.local_date >= o.today - o.days) AS recent_net,
                 sum(r.net_minor) FILTER (WHERE r.local_date < o.today - o.days) AS base_net,
                 sum(r.sessions) FILTER (WHERE r.local_date < o.today - o.days) AS base_sessions,
                 array_agg(DISTINCT r.currency) AS currencies,
                 array_agg(DISTINCT r.currency) FILTER (WHERE r.local_date >= o.today - o.days AND r.sessions > 0) AS recent_currencies
          FROM orgs o JOIN settlement_daily_rollups r ON r.organization_id = o.id
            AND r.local_date >= o.today - o.days - ${BASELINE_DAYS}::int AND r.local_date < o.today
          GROUP BY r.charger_id, r.site_id, r.organization_id
        ), unused AS (
          -- with a floor on, a charger in service that settled nothing in 5 weeks is the lowest of all
          SELECT c.id AS charger_id, c.site_id, c.organization_id, 0, 0, 0, 0, 0, NULL::text[], NULL::text[]
          FROM orgs o JOIN chargers c ON c.organization_id = o.id
          WHERE (o.min_utilization > 0 OR o.min_net > 0) AND c.retired_at IS NULL AND c.admin_status = 'active'
            AND NOT EXISTS (SELECT 1 FROM figures f WHERE f.charger_id = c.id)
        ), all_figures AS (SELECT * FROM figures UNION ALL SELECT * FROM unused)
        SELECT f.*, o.days, o.percent, o.min_utilization, o.min_net, o.org_currency,
               c.name AS charger_name, s.name AS site_name,
               coalesce(c.retired_at IS NULL AND c.admin_status = 'active', false) AS in_service,
               coalesce(c.created_at <= o.window_start, false) AS whole_window
        FROM all_figures f JOIN orgs o ON o.id = f.organization_id JOIN sites s ON s.id = f.site_id
        LEFT JOIN chargers c ON c.id = f.charger_id`,
  );
  const found: Found[] = [];
  const sites = new Map<
    string,
    { row: FigureRow; figures: WindowFigures & { currencies: Set<string>; recentCurrencies: Set<string> }; wholeWindow: boolean }
  >();
  const title = (name: string, low: ReturnType<typeof lowFigures>, days: number) =>
    `${name} is underperforming over the last ${days} days: ${[low.utilization, low.revenue].filter(Boolean).join('; ')}`;
  for (const row of rows) {
    const figures: WindowFigures = {
      recentSeconds: big(row.recent_seconds),
      baseSeconds: big(row.base_seconds),
      recentNet: big(row.recent_net),
      baseNet: big(row.base_net),
      baseSessions: big(row.base_sessions),
      currencies: new Set(row.currencies ?? []),
      recentCurrencies: new Set(row.recent_currencies ?? []),
      chargers: 1,
    };
    let site = sites.get(row.site_id);
    if (!site) {
      site = {
        row,
        figures: {
          ...figures,
          currencies: new Set(),
          recentCurrencies: new Set(),
          recentSeconds: 0n,
          baseSeconds: 0n,
          recentNet: 0n,
          baseNet: 0n,
          baseSessions: 0n,
          chargers: 0,
        },
        wholeWindow: true,
      };
      sites.set(row.site_id, site);
    }
    const s = site.figures;
    s.recentSeconds += figures.recentSeconds;
    s.baseSeconds += figures.baseSeconds;
    s.recentNet += figures.recentNet;
    s.baseNet += figures.baseNet;
    s.baseSessions += figures.baseSessions;
    figures.currencies.forEach((c) => s.currencies.add(c));
    figures.recentCurrencies.forEach((c) => s.recentCurrencies.add(c));
    if (!row.in_service) continue;
    s.chargers += 1;
    site.wholeWindow &&= row.whole_window;
    const rule = ruleOf(row, row.whole_window);
    const trips = underperformance(figures, rule);
    if (!anyTrip(trips)) continue;
    const low = lowFigures(figures, rule, trips);
    found.push({
      key: `underperforming:charger:${row.charger_id}`,
      organization_id: row.organization_id,
      site_id: row.site_id,
      charger_id: row.charger_id,
      connector_id: null,
      title: title(row.charger_name ?? 'A charger', low, rule.days),
      subject_id: null,
      detail: { charger: row.charger_name, days: rule.days, percentOfBaseline: rule.percent, ...floorsDetail(rule), ...low },
    });
  }
  for (const [siteId, { row, figures, wholeWindow }] of sites) {
    if (figures.chargers < 2) continue;
    const rule = ruleOf(row, wholeWindow);
    const trips = underperformance(figures, rule);
    if (!anyTrip(trips)) continue;
    const low = lowFigures(figures, rule, trips);
    found.push({
      key: `underperforming:site:${siteId}`,
      organization_id: row.organization_id,
      site_id: siteId,
      charger_id: null,
      connector_id: null,
      title: title(row.site_name, low, rule.days),
      subject_id: siteId,
      subject_type: 'site',
      detail: {
        site: row.site_name,
        chargers: figures.chargers,
        days: rule.days,
        percentOfBaseline: rule.percent,
        ...floorsDetail(rule),
        ...low,
      },
    });
  }
  return found;
}
