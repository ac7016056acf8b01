import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { AVAILABLE, type Found, enabled, ruleJoin, threshold } from './check-sql.js';

/**
 * The periodic rules that read what chargers did rather than what they are: boots and refused ID
 * tokens (charger_events) and sessions started at a site (underperforming.ts reads the settled figures).
 * Each is one statement over the whole network; per charger or site it costs index probes, never
 * a scan of its history.
 */

/** Boots are counted over this window (the rule: more than `count` boots in an hour). */
export const BOOT_WINDOW_MINUTES = 60;
/** How many of the last refused tokens an authorization-failures alert lists (masked). */
export const LAST_TOKENS_SHOWN = 5;
/** Site idle compares with the same weekday and hours in this many weeks before… */
export const IDLE_HISTORY_WEEKS = 4;
/** …and calls the site usually busy then when it had a session in that window in at least this many of them. */
export const IDLE_USUAL_WEEKS = 3;

/** More than `count` boots of an available charger in the last hour; only chargers that booted in the hour are counted. */
export const bootLoops = (db: Executor) =>
  queryRows<Found>(
    db,
    sql`SELECT 'boot_loop:' || c.id AS key, c.organization_id, c.site_id, c.id AS charger_id, NULL::int AS connector_id,
               c.name || ' booted ' || b.boots || ' times in the last hour' AS title, NULL AS subject_id,
               jsonb_build_object('charger', c.name, 'boots', b.boots, 'limit', ${threshold('boot_loop', 'count')},
                                  'firstBootAt', b.first_at, 'lastBootAt', b.last_at) AS detail
        FROM charger_connections cc JOIN chargers c ON c.id = cc.charger_id
        ${ruleJoin('boot_loop', sql`c.organization_id`)}
        CROSS JOIN LATERAL (
          SELECT count(*)::int AS boots, min(e.at) AS first_at, max(e.at) AS last_at FROM charger_events e
          WHERE e.charger_id = c.id AND e.at > now() - make_interval(mins => ${BOOT_WINDOW_MINUTES}) AND e.kind = 'boot'
        ) b
        WHERE cc.last_boot_at > now() - make_interval(mins => ${BOOT_WINDOW_MINUTES}) AND ${AVAILABLE} AND ${enabled('boot_loop')}
          AND b.boots > ${threshold('boot_loop', 'count')}`,
  );

/** At least `count` ID tokens refused at one charger within `minutes`; the last few refused tokens, masked, in the detail. */
export async function authorizationFailures(db: Executor): Promise<Found[]> {
  const found = await queryRows<Found & { tokens: string[] | null }>(
    db,
    sql`SELECT 'authorization_failures:' || c.id AS key, c.organization_id, c.site_id, c.id AS charger_id,
               NULL::int AS connector_id,
               a.refusals || ' ID tokens refused at ' || c.name || ' in ' || ${threshold('authorization_failures', 'minutes')}
                 || ' minutes' AS title,
               NULL AS subject_id, a.tokens,
               jsonb_build_object('charger', c.name, 'refusals', a.refusals,
                                  'withinMinutes', ${threshold('authorization_failures', 'minutes')},
                                  'lastRefusedAt', a.last_at) AS detail
        FROM chargers c
        ${ruleJoin('authorization_failures', sql`c.organization_id`)}
        CROSS JOIN LATERAL (
          SELECT count(*)::int AS refusals, max(e.at) AS last_at,
                 array_agg(coalesce(e.detail->>'token', '••••') || ' ' || coalesce(e.status, '') ORDER BY e.at DESC, e.id DESC) AS tokens
          FROM charger_events e
          WHERE e.charger_id = c.id AND e.kind = 'authorization_refused'
            AND e.at > now() - make_interval(mins => ${threshold('authorization_failures', 'minutes')})
        ) a
        WHERE c.retired_at IS NULL AND ${enabled('authorization_failures')}
          AND a.refusals >= ${threshold('authorization_failures', 'count')}`,
  );
  return found.map(({ tokens, ...f }) => ({
    ...f,
    detail: { ...f.detail, lastTokens: [...new Set(tokens ?? [])].slice(0, LAST_TOKENS_SHOWN) },
  }));
}

interface IdleRow extends Record<string, unknown> {
  site_id: string;
  organization_id: string;
  name: string;
  time_zone: string;
  hours: number;
  in_use: boolean;
  usual_weeks: number;
  window_from: string;
  window_to: string;
}

/**
 * Sites idle when they usually are not: no session started at the site in the last `hours` (and
 * none charging now), while in at least IDLE_USUAL_WEEKS of the IDLE_HISTORY_WEEKS weeks before, the
 * same weekday and hours on the site's own clock had one. Only sites with a charger that is in
 * service (active, not retired, no maintenance window) count. `found` are the conditions to raise;
 * `idle` every site still without a session, whose open alert stays open (it clears when a session starts).
 */
export async function idleSites(db: Executor): Promise<{ found: Found[]; idle: Set<string> }> {
  const rows = await queryRows<IdleRow>(
    db,
    sql`WITH eligible AS (
          SELECT s.id, s.organization_id, s.name, s.time_zone, ${threshold('site_idle', 'hours')} AS hours
          FROM sites s ${ruleJoin('site_idle', sql`s.organization_id`)}
          WHERE ${enabled('site_idle')} AND EXISTS (SELECT 1 FROM chargers c WHERE c.site_id = s.id AND ${AVAILABLE})
        ), charging AS (
          SELECT DISTINCT site_id FROM charging_sessions WHERE status = 'active'
        ), now_busy AS (
          SELECT e.*, (e.id IN (SELECT site_id FROM charging) OR EXISTS (
            SELECT 1 FROM chargers c JOIN charging_sessions cs ON cs.charger_id = c.id
            WHERE c.site_id = e.id AND cs.started_at > now() - make_interval(hours => e.hours)
          )) AS in_use
          FROM eligible e
        ), history AS (
          -- only for sites idle now (most are not): the same local weekday and hours in each week before
          SELECT e.id, count(*) FILTER (WHERE EXISTS (
            SELECT 1 FROM chargers c JOIN charging_sessions cs ON cs.charger_id = c.id
            WHERE c.site_id = e.id AND cs.started_at > w.until - make_interval(hours => e.hours) AND cs.started_at <= w.until
          ))::int AS usual_weeks
          FROM now_busy e
          CROSS JOIN LATERAL (
            SELECT ((now() AT TIME ZONE e.time_zone) - make_interval(days => 7 * k)) AT TIME ZONE e.time_zone AS until
            FROM generate_series(1, ${IDLE_HISTORY_WEEKS}) AS k
          ) w
          WHERE NOT e.in_use
          GROUP BY e.id
        )
        SELECT e.id AS site_id, e.organization_id, e.name, e.time_zone, e.hours, e.in_use, coalesce(p.usual_weeks, 0) AS usual_weeks,
               to_char((now() AT TIME ZONE e.time_zone) - make_interval(hours => e.hours), 'Dy HH24:MI') AS window_from,
               to_char(now() AT TIME ZONE e.time_zone, 'Dy HH24:MI') AS window_to
        FROM now_busy e LEFT JOIN history p ON p.id = e.id`,
  );
  const key = (siteId: string) => `site_idle:${siteId}`;
  const idle = rows.filter((r) => !r.in_use);
  const raise = idle.filter((r) => Number(r.usual_weeks) >= IDLE_USUAL_WEEKS);
  const last = raise.length
    ? await queryRows<{ site_id: string; at: Date | string }>(
        db,
        sql`SELECT c.site_id, max(l.started_at) AS at FROM chargers c
            CROSS JOIN LATERAL (SELECT started_at FROM charging_sessions WHERE charger_id = c.id ORDER BY started_at DESC LIMIT 1) l
            WHERE c.site_id IN (${sql.join(
              raise.map((r) => sql`${r.site_id}::uuid`),
              sql`, `,
            )})
            GROUP BY c.site_id`,
      )
    : [];
  const lastAt = new Map(last.map((l) => [l.site_id, new Date(l.at).toISOString()]));
  const found = raise.map((r): Found => ({
    key: key(r.site_id),
    organization_id: r.organization_id,
    site_id: r.site_id,
    charger_id: null,
    connector_id: null,
    title: `No session at ${r.name} for ${r.hours} hours, when it usually has one`,
    subject_id: r.site_id,
    subject_type: 'site',
    detail: {
      site: r.name,
      idleHours: Number(r.hours),
      window: `${r.window_from}–${r.window_to.slice(-5)} (${r.time_zone})`,
      usuallyBusy: `${r.usual_weeks} of the last ${IDLE_HISTORY_WEEKS} weeks`,
      lastSessionStartedAt: lastAt.get(r.site_id) ?? null,
    },
  }));
  return { found, idle: new Set(idle.map((r) => key(r.site_id))) };
}
