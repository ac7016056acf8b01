import { type SQL, and, asc, count, desc, eq, gt, gte, inArray, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, Executor } from '../../db/client.js';
import {
  type AlertRuleType,
  alertEvents,
  alerts,
  chargers,
  maintenanceWindows,
  notificationDeliveries,
  notifications,
  organizations,
  sites,
  users,
} from '../../db/schema/index.js';
import { inScope } from '../../db/scope-sql.js';
import { type Scope, hasPermission } from '../../domain/scope.js';
import { AppError, notFound } from '../../errors.js';
import type { PageRequest } from '../../http/schemas.js';
import type { EventBus } from '../../live/bus.js';
import { userScope } from '../users/reach.js';
import { RULES } from './rules.js';
import type { AlertsFilter } from './schemas.js';

const acknowledger = alias(users, 'acknowledger');
const resolver = alias(users, 'resolver');

/** The rule types a scope may see (alerts:read and each rule's audience permission). */
export function visibleRuleTypes(scope: Scope): AlertRuleType[] {
  if (!hasPermission(scope, 'alerts:read')) return [];
  return (Object.keys(RULES) as AlertRuleType[]).filter((type) => hasPermission(scope, RULES[type].audience));
}

/** The alerts a scope reaches, as SQL: the same rule as maySeeAlert (recipients.ts). */
export function alertReach(scope: Scope): SQL | undefined {
  const types = visibleRuleTypes(scope);
  if (types.length === 0) return sql`false`;
  return and(
    inArray(alerts.ruleType, types),
    inScope(alerts.organizationId, scope.organizationIds),
    inScope(alerts.siteId, scope.siteIds),
    inScope(alerts.chargerId, scope.chargerIds),
  );
}

const columns = {
  alert: alerts,
  organizationName: organizations.name,
  siteName: sites.name,
  chargerName: chargers.name,
  acknowledgedByName: acknowledger.name,
  resolvedByName: resolver.name,
};

type Joined = {
  alert: typeof alerts.$inferSelect;
  organizationName: string | null;
  siteName: string | null;
  chargerName: string | null;
  acknowledgedByName: string | null;
  resolvedByName: string | null;
};

const iso = (d: Date | null) => d?.toISOString() ?? null;

function alertBody(row: Joined) {
  const a = row.alert;
  return {
    id: a.id,
    organizationId: a.organizationId,
    organizationName: row.organizationName ?? '',
    siteId: a.siteId,
    siteName: row.siteName,
    chargerId: a.chargerId,
    chargerName: row.chargerName,
    connectorId: a.connectorId,
    ruleType: a.ruleType,
    ruleLabel: RULES[a.ruleType]?.label ?? a.ruleType,
    severity: a.severity,
    status: a.status,
    title: a.title,
    detail: a.detail,
    subjectType: a.subjectType,
    subjectId: a.subjectId,
    occurrences: a.occurrences,
    firstRaisedAt: a.firstRaisedAt.toISOString(),
    lastRaisedAt: a.lastRaisedAt.toISOString(),
    acknowledgedAt: iso(a.acknowledgedAt),
    acknowledgedBy: row.acknowledgedByName,
    resolvedAt: iso(a.resolvedAt),
    resolvedBy: row.resolvedByName,
    resolution: a.resolution,
    escalationLevel: a.escalationLevel,
  };
}

const joined = (db: Executor) =>
  db
    .select(columns)
    .from(alerts)
    .leftJoin(organizations, eq(organizations.id, alerts.organizationId))
    .leftJoin(sites, eq(sites.id, alerts.siteId))
    .leftJoin(chargers, eq(chargers.id, alerts.chargerId))
    .leftJoin(acknowledger, eq(acknowledger.id, alerts.acknowledgedBy))
    .leftJoin(resolver, eq(resolver.id, alerts.resolvedBy));

/** GET /alerts: newest raised first; open and acknowledged together with `status=unresolved`. */
export async function listAlerts(db: Executor, scope: Scope, filter: AlertsFilter, page: PageRequest) {
  const where = and(
    alertReach(scope),
    filter.status === 'unresolved' ? ne(alerts.status, 'resolved') : filter.status ? eq(alerts.status, filter.status) : undefined,
    filter.ruleType ? eq(alerts.ruleType, filter.ruleType as AlertRuleType) : undefined,
    filter.severity ? eq(alerts.severity, filter.severity) : undefined,
    filter.organizationId ? eq(alerts.organizationId, filter.organizationId) : undefined,
    filter.siteId ? eq(alerts.siteId, filter.siteId) : undefined,
    filter.chargerId ? eq(alerts.chargerId, filter.chargerId) : undefined,
    filter.from ? gte(alerts.lastRaisedAt, new Date(filter.from)) : undefined,
    filter.to ? lt(alerts.lastRaisedAt, new Date(filter.to)) : undefined,
  );
  const rows = await joined(db)
    .where(where)
    .orderBy(desc(alerts.lastRaisedAt), desc(alerts.id))
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  const [total] = await db.select({ n: count() }).from(alerts).where(where);
  return { items: rows.map(alertBody), total: total?.n ?? 0, page: page.page, pageSize: page.pageSize };
}

/** Open and acknowledged alerts in reach, by severity (the Alerts page's header and the nav badge). */
export async function alertCounts(db: Executor, scope: Scope) {
  const rows = await db
    .select({ severity: alerts.severity, status: alerts.status, n: count() })
    .from(alerts)
    .where(and(alertReach(scope), ne(alerts.status, 'resolved')))
    .groupBy(alerts.severity, alerts.status);
  return { items: rows.map((r) => ({ severity: r.severity, status: r.status, alerts: r.n })) };
}

async function alertInReach(db: Executor, scope: Scope, id: string) {
  const [row] = await joined(db).where(and(eq(alerts.id, id), alertReach(scope)));
  if (!row) throw notFound('Alert');
  return row;
}

/** How many notifications of one alert the "Who was told" list shows (newest first). */
export const RECIPIENTS_SHOWN = 50;

/**
 * Who was told of an alert, for those who act on it (alerts:write): each notification of it to a
 * user the viewer reaches (the Users page's rule: their own organizations' users, a site-limited
 * role only those whose reach lies within its sites), with each channel's delivery status. People
 * beyond the viewer's reach are left out, not counted: their names are not the viewer's to know.
 */
async function alertRecipients(db: Executor, scope: Scope, alertId: string) {
  const reach = userScope(scope);
  const notes = await db
    .select({
      notificationId: notifications.id,
      userId: users.id,
      name: users.name,
      title: notifications.title,
      notifiedAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    // No restriction (undefined) must stay none: `or(me, undefined)` would be only me.
    .where(and(eq(notifications.alertId, alertId), reach === undefined ? undefined : or(eq(users.id, scope.userId), reach)))
    .orderBy(desc(notifications.createdAt), asc(users.name))
    .limit(RECIPIENTS_SHOWN);
  const ids = notes.map((n) => n.notificationId);
  const deliveries = ids.length
    ? await db
        .select()
        .from(notificationDeliveries)
        .where(inArray(notificationDeliveries.notificationId, ids))
        .orderBy(asc(notificationDeliveries.channel), asc(notificationDeliveries.createdAt))
    : [];
  return notes.map((n) => ({
    ...n,
    notifiedAt: n.notifiedAt.toISOString(),
    readAt: iso(n.readAt),
    // Never the target: another user's address or browser is not the viewer's to see.
    deliveries: deliveries
      .filter((d) => d.notificationId === n.notificationId)
      .map((d) => ({
        channel: d.channel,
        status: d.status,
        reason: d.reason,
        attempts: d.attempts,
        sentAt: iso(d.sentAt),
        dueAt: iso(d.dueAt),
      })),
  }));
}

/** The maintenance window muting the alert's charger now (its own, else its site's), if any. */
async function currentMaintenance(db: Executor, chargerId: string | null, siteId: string | null) {
  if (!chargerId) return null;
  const now = new Date();
  const [window] = await db
    .select({
      id: maintenanceWindows.id,
      startsAt: maintenanceWindows.startsAt,
      endsAt: maintenanceWindows.endsAt,
      reason: maintenanceWindows.reason,
      chargerId: maintenanceWindows.chargerId,
    })
    .from(maintenanceWindows)
    .where(
      and(
        or(
          eq(maintenanceWindows.chargerId, chargerId),
          siteId ? and(isNull(maintenanceWindows.chargerId), eq(maintenanceWindows.siteId, siteId)) : undefined,
        ),
        lte(maintenanceWindows.startsAt, now),
        gt(maintenanceWindows.endsAt, now),
      ),
    )
    .orderBy(desc(maintenanceWindows.endsAt))
    .limit(1);
  if (!window) return null;
  return {
    id: window.id,
    startsAt: window.startsAt.toISOString(),
    endsAt: window.endsAt.toISOString(),
    reason: window.reason,
    siteWide: window.chargerId === null,
  };
}

export async function getAlert(db: Executor, scope: Scope, id: string) {
  const row = await alertInReach(db, scope, id);
  const events = await db
    .select({ kind: alertEvents.kind, actor: users.name, note: alertEvents.note, at: alertEvents.at })
    .from(alertEvents)
    .leftJoin(users, eq(users.id, alertEvents.actorId))
    .where(eq(alertEvents.alertId, id))
    .orderBy(asc(alertEvents.at), asc(alertEvents.id));
  // The charger's own site (an alert may carry none), for a window on the whole site.
  const [charger] = row.alert.chargerId
    ? await db.select({ siteId: chargers.siteId }).from(chargers).where(eq(chargers.id, row.alert.chargerId))
    : [];
  return {
    ...alertBody(row),
    events: events.map((e) => ({ ...e, actor: e.actor ?? null, at: e.at.toISOString() })),
    recipients: hasPermission(scope, 'alerts:write') ? await alertRecipients(db, scope, id) : null,
    maintenance: await currentMaintenance(db, row.alert.chargerId, charger?.siteId ?? row.alert.siteId),
  };
}

/**
 * Acknowledge (someone is on it: escalation stops) or resolve by hand. Resolving an acknowledged or
 * open alert is allowed, and holds it: the periodic checks do not reopen it while its condition stays
 * true, only a new occurrence (a new disconnection, fault or stop) or the condition clearing and coming back; acting on a resolved one is 409 ALERT_RESOLVED; acknowledging twice keeps the first.
 */
export async function actOnAlert(
  deps: { db: Db; bus: EventBus | null },
  scope: Scope,
  id: string,
  action: 'acknowledge' | 'resolve',
  note: string | undefined,
) {
  const { db } = deps;
  const current = await alertInReach(db, scope, id);
  if (current.alert.status === 'resolved') throw new AppError('ALERT_RESOLVED', 'This alert is already resolved');
  await db.transaction(async (tx) => {
    const set =
      action === 'acknowledge'
        ? {
            status: 'acknowledged' as const,
            acknowledgedAt: sql`coalesce(${alerts.acknowledgedAt}, now())`,
            acknowledgedBy: sql`coalesce(${alerts.acknowledgedBy}, ${scope.userId}::uuid)`,
          }
        : {
            status: 'resolved' as const,
            resolvedAt: new Date(),
            resolvedBy: scope.userId,
            resolution: 'manual' as const,
            heldByHand: true,
          };
    const [updated] = await tx
      .update(alerts)
      .set(set)
      .where(and(eq(alerts.id, id), ne(alerts.status, 'resolved')))
      .returning({ id: alerts.id });
    if (!updated) throw new AppError('ALERT_RESOLVED', 'This alert is already resolved');
    await tx.insert(alertEvents).values({
      alertId: id,
      kind: action === 'acknowledge' ? 'acknowledged' : 'resolved',
      actorId: scope.userId,
      note: note ?? null,
    });
  });
  const detail = await getAlert(db, scope, id);
  deps.bus?.publish('alert.changed', {
    alertId: detail.id,
    organizationId: detail.organizationId,
    siteId: detail.siteId,
    chargerId: detail.chargerId,
    connectorId: detail.connectorId,
    ruleType: detail.ruleType,
    severity: detail.severity,
    status: detail.status,
    title: detail.title,
    occurrences: detail.occurrences,
    change: action === 'acknowledge' ? 'acknowledged' : 'resolved',
    at: new Date().toISOString(),
  });
  return detail;
}
