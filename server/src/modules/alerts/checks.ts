import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import type { AlertRuleType } from '../../db/schema/index.js';
import { AVAILABLE, type Found, enabled, ruleJoin, threshold } from './check-sql.js';
import { type AlertDeps, type Condition, clearAllBut, raiseCondition, standingAlerts } from './engine.js';
import { FIRMWARE_FAILURES, RULES } from './rules.js';
import { underperformers } from './underperforming.js';
import { authorizationFailures, bootLoops, idleSites } from './usage-checks.js';

/**
 * The periodic rules: each is one query over the whole network that returns the conditions true
 * now; new ones are raised, and open alerts of the rule that are no longer true resolve by themselves.
 */

/**
 * Raises what is newly true and resolves what no longer is (open alerts whose key is not in `keep`,
 * by default the keys found); returns how many were found, raised and resolved.
 */
async function reconcile(
  deps: AlertDeps,
  ruleType: AlertRuleType,
  found: Found[],
  subjectType: string | null = null,
  keep: ReadonlySet<string> = new Set(found.map((f) => f.key)),
) {
  const standing = await standingAlerts(deps.db, ruleType);
  let raised = 0;
  for (const f of found) {
    if (standing.unresolved.has(f.key) || standing.held.has(f.key)) continue;
    const condition: Condition = {
      ruleType,
      organizationId: f.organization_id,
      siteId: f.site_id,
      chargerId: f.charger_id,
      connectorId: f.connector_id,
      key: f.key,
      title: f.title,
      detail: f.detail,
      subjectType: f.subject_type ?? subjectType,
      subjectId: f.subject_id,
      mode: 'ensure',
      recheck: true,
    };
    if (await raiseCondition(deps, condition)) raised += 1;
  }
  const cleared = await clearAllBut(deps, ruleType, standing, keep);
  return { found: found.length, raised, cleared };
}

/** Offline longer than the threshold (the event-driven check's safety net, e.g. after a restart). */
const offline = (db: Executor) =>
  queryRows<Found>(
    db,
    sql`SELECT 'charger_offline:' || c.id AS key, c.organization_id, c.site_id, c.id AS charger_id, NULL::int AS connector_id,
               c.name || ' is offline' AS title, NULL AS subject_id,
               jsonb_build_object('charger', c.name, 'offlineSince', cc.offline_since) AS detail
        FROM charger_connections cc JOIN chargers c ON c.id = cc.charger_id
        ${ruleJoin('charger_offline', sql`c.organization_id`)}
        WHERE NOT cc.online AND cc.offline_since IS NOT NULL AND ${AVAILABLE} AND ${enabled('charger_offline')}
          AND cc.offline_since <= now() - make_interval(mins => ${threshold('charger_offline', 'minutes')})`,
  );

/** Connected (as far as the socket goes) but silent longer than the threshold. */
const silent = (db: Executor) =>
  queryRows<Found>(
    db,
    sql`SELECT 'heartbeat_missing:' || c.id AS key, c.organization_id, c.site_id, c.id AS charger_id, NULL::int AS connector_id,
               c.name || ' is not heartbeating' AS title, NULL AS subject_id,
               jsonb_build_object('charger', c.name, 'lastMessageAt', cc.last_message_at) AS detail
        FROM charger_connections cc JOIN chargers c ON c.id = cc.charger_id
        ${ruleJoin('heartbeat_missing', sql`c.organization_id`)}
        WHERE cc.online AND ${AVAILABLE} AND ${enabled('heartbeat_missing')}
          AND cc.last_message_at <= now() - make_interval(mins => ${threshold('heartbeat_missing', 'minutes')})`,
  );

/** A connector in Preparing, SuspendedEV or Finishing (the rule's statuses) longer than the threshold. */
const stuck = (db: Executor) =>
  queryRows<Found>(
    db,
    sql`SELECT 'connector_stuck:' || c.id || ':' || s.evse_id || ':' || s.connector_id AS key, c.organization_id, c.site_id,
               c.id AS charger_id, s.connector_id, c.name || ' connector ' || s.connector_id || ' stuck in ' || s.status AS title,
               NULL AS subject_id, jsonb_build_object('charger', c.name, 'status', s.status, 'since', s.at) AS detail
        FROM connector_statuses s JOIN chargers c ON c.id = s.charger_id
        JOIN charger_connections cc ON cc.charger_id = c.id AND cc.online
        ${ruleJoin('connector_stuck', sql`c.organization_id`)}
        WHERE ${AVAILABLE} AND ${enabled('connector_stuck')}
          AND s.status IN (SELECT jsonb_array_elements_text(coalesce(own.thresholds->'statuses', platform.thresholds->'statuses',
                                                                    ${JSON.stringify(RULES.connector_stuck.thresholds.statuses)}::jsonb)))
          AND s.at <= now() - make_interval(mins => ${threshold('connector_stuck', 'minutes')})`,
  );

/** Faulted connectors (the event-driven rule's safety net: a fault raised or cleared on another instance). */
const faulted = (db: Executor) =>
  queryRows<Found>(
    db,
    sql`SELECT 'connector_faulted:' || c.id || ':' || s.evse_id || ':' || s.connector_id AS key, c.organization_id, c.site_id,
               c.id AS charger_id, s.connector_id,
               c.name || CASE WHEN s.connector_id = 0 THEN '' ELSE ' connector ' || s.connector_id END || ' is faulted'
                 || CASE WHEN s.error_code IS NULL OR s.error_code = 'NoError' THEN '' ELSE ': ' || s.error_code END AS title,
               NULL AS subject_id,
               jsonb_build_object('charger', c.name, 'errorCode', s.error_code, 'info', s.info, 'vendorId', s.vendor_id,
                                  'vendorErrorCode', s.vendor_error_code, 'at', s.at) AS detail
        FROM connector_statuses s JOIN chargers c ON c.id = s.charger_id
        ${ruleJoin('connector_faulted', sql`c.organization_id`)}
        WHERE s.status = 'Faulted' AND ${AVAILABLE} AND ${enabled('connector_faulted')}`,
  );

const firmwareFailed = (db: Executor) =>
  queryRows<Found>(
    db,
    sql`SELECT 'firmware_update_failed:' || c.id AS key, c.organization_id, c.site_id, c.id AS charger_id, NULL::int AS connector_id,
               'Firmware update failed on ' || c.name AS title, NULL AS subject_id,
               jsonb_build_object('charger', c.name, 'firmwareStatus', cc.firmware_status) AS detail
        FROM charger_connections cc JOIN chargers c ON c.id = cc.charger_id
        ${ruleJoin('firmware_update_failed', sql`c.organization_id`)}
        WHERE c.retired_at IS NULL AND ${enabled('firmware_update_failed')}
          AND cc.firmware_status IN (${sql.join(
            FIRMWARE_FAILURES.map((s) => sql`${s}`),
            sql`, `,
          )})`,
  );

/** Sent invoices past their due date by more than the rule's days. */
const overdue = (db: Executor) =>
  queryRows<Found>(
    db,
    sql`SELECT 'invoice_overdue:' || i.id AS key, i.organization_id, NULL::uuid AS site_id, NULL::uuid AS charger_id,
               NULL::int AS connector_id, 'Invoice ' || coalesce(i.number, 'draft') || ' of ' || o.name || ' is overdue' AS title,
               i.id::text AS subject_id,
               jsonb_build_object('invoice', i.number, 'dueDate', i.due_date, 'organization', o.name) AS detail
        FROM invoices i JOIN organizations o ON o.id = i.organization_id
        ${ruleJoin('invoice_overdue', sql`i.organization_id`)}
        WHERE i.status = 'sent' AND i.due_date IS NOT NULL AND ${enabled('invoice_overdue')}
          AND i.due_date < current_date - ${threshold('invoice_overdue', 'days')}`,
  );

/**
 * One pass of every periodic rule; the figures say what each found, raised and resolved.
 * `daily: false` leaves out underperforming, whose windows are whole local days: the minute's tick
 * evaluates it once an hour (alerts/runtime.ts), which sees every zone's new day within the hour.
 */
export async function runPeriodicRules(deps: AlertDeps, options: { daily?: boolean } = {}) {
  const idle = await idleSites(deps.db);
  return {
    charger_offline: await reconcile(deps, 'charger_offline', await offline(deps.db)),
    heartbeat_missing: await reconcile(deps, 'heartbeat_missing', await silent(deps.db)),
    connector_faulted: await reconcile(deps, 'connector_faulted', await faulted(deps.db)),
    connector_stuck: await reconcile(deps, 'connector_stuck', await stuck(deps.db)),
    firmware_update_failed: await reconcile(deps, 'firmware_update_failed', await firmwareFailed(deps.db)),
    invoice_overdue: await reconcile(deps, 'invoice_overdue', await overdue(deps.db), 'invoice'),
    boot_loop: await reconcile(deps, 'boot_loop', await bootLoops(deps.db)),
    authorization_failures: await reconcile(deps, 'authorization_failures', await authorizationFailures(deps.db)),
    site_idle: await reconcile(deps, 'site_idle', idle.found, 'site', idle.idle),
    ...(options.daily === false
      ? {}
      : { underperforming: await reconcile(deps, 'underperforming', await underperformers(deps.db)) }),
  };
}
