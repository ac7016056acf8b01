import { sql } from 'drizzle-orm';
import type { Db, Executor, Tx } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import type { AlertRuleType, AlertSeverity, alerts } from '../../db/schema/index.js';
import type { EventBus } from '../../live/bus.js';
import { notifyUsers } from '../notifications/notify.js';
import { alertTimeZone, describeAlert } from './describe.js';
import { alertRecipients } from './recipients.js';
import { RULES } from './rules.js';
import { effectiveRule } from './settings.js';

export type AlertRow = typeof alerts.$inferSelect;

/** What the alert engine works with. */
export interface AlertDeps {
  db: Db;
  bus: EventBus;
}

/** A condition a rule saw on one object. */
export interface Condition {
  ruleType: AlertRuleType;
  organizationId: string;
  siteId?: string | null;
  chargerId?: string | null;
  connectorId?: number | null;
  /** One open alert per key: `<rule>:<object>` (e.g. `charger_offline:<charger id>`). */
  key: string;
  title: string;
  detail?: Record<string, unknown>;
  subjectType?: string | null;
  subjectId?: string | null;
  /**
   * `repeat`: each raise while open counts as another occurrence (abnormal stops, failed captures);
   * `ensure`: a condition that is still true is not a new occurrence (a periodic check seeing it again).
   */
  mode: 'repeat' | 'ensure';
  /**
   * A periodic check seeing the condition again (not a new event): an alert a person resolved by
   * hand stays resolved until the condition has been seen to clear.
   */
  recheck?: boolean;
}

/** A condition cleared and raised again within this long reopens its alert (a flapping charger is one alert). */
export const REOPEN_WITHIN_MINUTES = 60;

/** Rows the SQL below returns, in the alerts table's own column names. */
interface AlertSqlRow extends Record<string, unknown> {
  id: string;
  organization_id: string;
  site_id: string | null;
  charger_id: string | null;
  connector_id: number | null;
  rule_type: AlertRuleType;
  severity: AlertSeverity;
  status: string;
  title: string;
  occurrences: number;
  change: 'raised' | 'repeated' | 'reopened' | 'none';
}

const placeOf = (row: AlertSqlRow) => ({
  organizationId: row.organization_id,
  siteId: row.site_id,
  chargerId: row.charger_id,
  ruleType: row.rule_type,
});

const publish = (bus: EventBus, row: AlertSqlRow, change: string) =>
  bus.publish('alert.changed', {
    alertId: row.id,
    organizationId: row.organization_id,
    siteId: row.site_id,
    chargerId: row.charger_id,
    connectorId: row.connector_id,
    ruleType: row.rule_type,
    severity: row.severity,
    status: row.status,
    title: row.title,
    occurrences: Number(row.occurrences),
    change,
    at: new Date().toISOString(),
  });

/** Whether availability alerts for a charger are muted now: Maintenance/Inactive, or a maintenance window on it or its site. */
export async function isMuted(db: Executor, chargerId: string): Promise<boolean> {
  const [row] = await queryRows<{ muted: boolean }>(
    db,
    sql`SELECT (c.admin_status <> 'active' OR c.retired_at IS NOT NULL OR EXISTS (
              SELECT 1 FROM maintenance_windows w
              WHERE (w.charger_id = c.id OR (w.charger_id IS NULL AND w.site_id = c.site_id))
                AND w.starts_at <= now() AND w.ends_at > now())) AS muted
        FROM chargers c WHERE c.id = ${chargerId}`,
  );
  return row?.muted ?? true;
}

/** Tells the people in reach of an alert (in-app, and their channels through the delivery jobs). */
async function notifyAlert(tx: Tx, row: AlertSqlRow, occasion: string, title: string, body: string): Promise<string[]> {
  const recipients = await alertRecipients(tx, placeOf(row));
  const userIds = recipients.map((r) => r.id);
  const ids = await notifyUsers(tx, userIds, {
    organizationId: row.organization_id,
    category: 'alert',
    type: row.rule_type,
    title,
    body,
    link: `/alerts/${row.id}`,
    severity: row.severity,
    alertId: row.id,
    dedupeKey: `alert:${row.id}:${occasion}`,
  });
  return ids.length ? userIds : [];
}

/** Publishes the in-app notifications made in a committed transaction, for the bells. */
async function publishNotifications(deps: AlertDeps, alertId: string, occasion: string): Promise<void> {
  const rows = await queryRows<{ id: string; user_id: string; title: string; severity: string | null; link: string | null }>(
    deps.db,
    sql`SELECT id, user_id, title, severity, link FROM notifications WHERE alert_id = ${alertId} AND dedupe_key = ${`alert:${alertId}:${occasion}`}`,
  );
  const at = new Date().toISOString();
  for (const n of rows)
    deps.bus.publish('notification.created', {
      userId: n.user_id,
      notificationId: n.id,
      category: 'alert',
      title: n.title,
      severity: n.severity,
      link: n.link,
      at,
    });
}

/**
 * Raises a condition: opens an alert (telling the people in reach), or counts a repeat on the open
 * one, or reopens one resolved within REOPEN_WITHIN_MINUTES. Nothing when the rule is off for the
 * organization, or when it is an availability rule and the charger is muted. Returns the alert, or null.
 */
export async function raiseCondition(deps: AlertDeps, condition: Condition): Promise<AlertSqlRow | null> {
  const rule = RULES[condition.ruleType];
  const settings = await effectiveRule(deps.db, condition.organizationId, condition.ruleType);
  if (!settings.enabled) return null;
  if (rule.availability && condition.chargerId && (await isMuted(deps.db, condition.chargerId))) return null;
  const detail = JSON.stringify(condition.detail ?? {});
  const result = await deps.db.transaction(async (tx) => {
    // One raise of a key at a time, so "open, reopen or insert" is decided once.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${condition.key}))`);
    const [open] = await queryRows<AlertSqlRow>(
      tx,
      sql`SELECT *, 'none' AS change FROM alerts WHERE condition_key = ${condition.key} AND status <> 'resolved'`,
    );
    let row: AlertSqlRow | undefined;
    if (!open && condition.recheck) {
      const [held] = await queryRows(
        tx,
        sql`SELECT 1 FROM alerts WHERE rule_type = ${condition.ruleType} AND condition_key = ${condition.key} AND held_by_hand LIMIT 1`,
      );
      if (held) return { row: null, change: 'none' as const };
    }
    if (open) {
      if (condition.mode === 'ensure') return { row: open, change: 'none' as const };
      [row] = await queryRows<AlertSqlRow>(
        tx,
        sql`UPDATE alerts SET occurrences = occurrences + 1, last_raised_at = now(), detail = ${detail}::jsonb
            WHERE id = ${open.id} RETURNING *, 'repeated' AS change`,
      );
    } else {
      // A new episode: what was resolved by hand before no longer holds anything back.
      await tx.execute(
        sql`UPDATE alerts SET held_by_hand = false
            WHERE rule_type = ${condition.ruleType} AND condition_key = ${condition.key} AND held_by_hand`,
      );
      [row] = await queryRows<AlertSqlRow>(
        tx,
        sql`UPDATE alerts SET status = 'open', occurrences = occurrences + 1, last_raised_at = now(), detail = ${detail}::jsonb,
              resolved_at = NULL, resolved_by = NULL, resolution = NULL, acknowledged_at = NULL, acknowledged_by = NULL,
              escalation_level = 0, escalated_at = NULL
            WHERE id = (SELECT id FROM alerts WHERE condition_key = ${condition.key} AND status = 'resolved'
                          AND resolved_at > now() - make_interval(mins => ${REOPEN_WITHIN_MINUTES})
                        ORDER BY resolved_at DESC LIMIT 1)
            RETURNING *, 'reopened' AS change`,
      );
      row ??= (
        await queryRows<AlertSqlRow>(
          tx,
          sql`INSERT INTO alerts (organization_id, site_id, charger_id, connector_id, rule_type, condition_key, severity, title,
                                  detail, subject_type, subject_id)
              VALUES (${condition.organizationId}, ${condition.siteId ?? null}, ${condition.chargerId ?? null},
                      ${condition.connectorId ?? null}, ${condition.ruleType}, ${condition.key}, ${settings.severity},
                      ${condition.title}, ${detail}::jsonb, ${condition.subjectType ?? null}, ${condition.subjectId ?? null})
              RETURNING *, 'raised' AS change`,
        )
      )[0];
    }
    if (!row) throw new Error(`raising ${condition.key} wrote no alert`);
    await tx.execute(sql`INSERT INTO alert_events (alert_id, kind) VALUES (${row.id}, ${row.change})`);
    // The first raise tells people; repeats and reopenings only count (a flapping charger is one message).
    const told = row.change === 'raised' ? await notifyAlert(tx, row, 'raised', row.title, await alertBody(tx, condition)) : [];
    return { row, change: row.change, told };
  });
  if (!result.row || result.change === 'none') return result.row;
  publish(deps.bus, result.row, result.change);
  if (result.change === 'raised') await publishNotifications(deps, result.row.id, 'raised');
  return result.row;
}

async function alertBody(tx: Tx, condition: Condition): Promise<string> {
  const zone = await alertTimeZone(tx, condition.organizationId, condition.siteId);
  return describeAlert(condition.ruleType, condition.detail ?? {}, zone);
}

/**
 * Conditions cleared (the charger is back, the connector is no longer faulted): their alerts resolve
 * by themselves. One statement, so the common case — nothing open — costs one indexed lookup.
 */
export async function clearCondition(deps: AlertDeps, keys: string | readonly string[], note?: string): Promise<AlertSqlRow[]> {
  const list = typeof keys === 'string' ? [keys] : keys;
  const resolved = await queryRows<AlertSqlRow>(
    deps.db,
    sql`WITH r AS (
          UPDATE alerts SET status = 'resolved', resolution = 'auto', resolved_at = now()
          WHERE condition_key IN (${sql.join(
            list.map((k) => sql`${k}`),
            sql`, `,
          )}) AND status <> 'resolved'
          RETURNING *
        ), e AS (
          INSERT INTO alert_events (alert_id, kind, note) SELECT id, 'resolved', ${note ?? 'the condition cleared'} FROM r
        )
        SELECT *, 'none' AS change FROM r`,
  );
  for (const row of resolved) publish(deps.bus, row, 'resolved');
  return resolved;
}

/**
 * The alerts of a rule a periodic check must know of: the unresolved ones, and those resolved by
 * hand whose condition has not yet been seen to clear.
 */
export async function standingAlerts(
  db: Executor,
  ruleType: AlertRuleType,
): Promise<{ unresolved: Set<string>; held: Set<string> }> {
  const rows = await queryRows<{ condition_key: string; unresolved: boolean }>(
    db,
    sql`SELECT condition_key, status <> 'resolved' AS unresolved FROM alerts
        WHERE rule_type = ${ruleType} AND (status <> 'resolved' OR held_by_hand)`,
  );
  const unresolved = new Set<string>();
  const held = new Set<string>();
  for (const r of rows) (r.unresolved ? unresolved : held).add(r.condition_key);
  return { unresolved, held };
}

/**
 * A periodic rule's auto-resolve: its unresolved alerts whose key is not in `stillTrue` resolve, and
 * the hold of those resolved by hand lifts once their condition is no longer true.
 */
export async function clearAllBut(
  deps: AlertDeps,
  ruleType: AlertRuleType,
  standing: { unresolved: ReadonlySet<string>; held: ReadonlySet<string> },
  stillTrue: ReadonlySet<string>,
): Promise<number> {
  let cleared = 0;
  for (const key of standing.unresolved) if (!stillTrue.has(key)) cleared += (await clearCondition(deps, key)).length;
  const lifted = [...standing.held].filter((key) => !stillTrue.has(key));
  if (lifted.length)
    await deps.db.execute(
      sql`UPDATE alerts SET held_by_hand = false
          WHERE rule_type = ${ruleType} AND held_by_hand AND condition_key IN (${sql.join(
            lifted.map((k) => sql`${k}`),
            sql`, `,
          )})`,
    );
  return cleared;
}

/** Escalates open, unacknowledged alerts whose rule says so: everyone who may act on it is told again, urgently. */
export async function escalateDue(deps: AlertDeps): Promise<number> {
  const due = await queryRows<AlertSqlRow & { escalate_after: number }>(
    deps.db,
    sql`SELECT a.*, 'none' AS change, coalesce(own.escalate_after_minutes, platform.escalate_after_minutes) AS escalate_after
        FROM alerts a
        LEFT JOIN alert_rules own ON own.organization_id = a.organization_id AND own.rule_type = a.rule_type
        LEFT JOIN alert_rules platform ON platform.organization_id IS NULL AND platform.rule_type = a.rule_type
        WHERE a.status = 'open'
          AND coalesce(own.escalate_after_minutes, platform.escalate_after_minutes) IS NOT NULL
          AND coalesce(a.escalated_at, a.last_raised_at) <= now()
                - make_interval(mins => coalesce(own.escalate_after_minutes, platform.escalate_after_minutes))`,
  );
  for (const alert of due) {
    const level = Number(alert.escalation_level ?? 0) + 1;
    const row = await deps.db.transaction(async (tx) => {
      const [updated] = await queryRows<AlertSqlRow>(
        tx,
        sql`UPDATE alerts SET escalation_level = ${level}, escalated_at = now()
            WHERE id = ${alert.id} AND status = 'open' AND escalation_level = ${level - 1} RETURNING *, 'escalated' AS change`,
      );
      if (!updated) return null;
      await tx.execute(
        sql`INSERT INTO alert_events (alert_id, kind, note) VALUES (${alert.id}, 'escalated', ${`level ${level}`})`,
      );
      const recipients = await alertRecipients(tx, placeOf(updated), 'alerts:write');
      await notifyUsers(
        tx,
        recipients.map((r) => r.id),
        {
          organizationId: updated.organization_id,
          category: 'alert',
          type: updated.rule_type,
          title: `Escalated: ${updated.title}`,
          body: `Open and not acknowledged for ${alert.escalate_after} minutes (escalation ${level}).`,
          link: `/alerts/${updated.id}`,
          severity: 'critical',
          alertId: updated.id,
          dedupeKey: `alert:${updated.id}:escalated:${level}`,
        },
      );
      return updated;
    });
    if (!row) continue;
    publish(deps.bus, row, 'escalated');
    await publishNotifications(deps, row.id, `escalated:${level}`);
  }
  return due.length;
}
