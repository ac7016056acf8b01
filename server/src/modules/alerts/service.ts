import { type SQL, and, asc, count, desc, eq, gte, inArray, lt, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, Executor } from '../../db/client.js';
import { type AlertRuleType, alertEvents, alerts, chargers, organizations, sites, users } from '../../db/schema/index.js';
import { inScope } from '../../db/scope-sql.js';
import { type Scope, hasPermission } from '../../domain/scope.js';
import { AppError, notFound } from '../../errors.js';
import type { PageRequest } from '../../http/schemas.js';
import type { EventBus } from '../../live/bus.js';
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

export async function getAlert(db: Executor, scope: Scope, id: string) {
  const row = await alertInReach(db, scope, id);
  const events = await db
    .select({ kind: alertEvents.kind, actor: users.name, note: alertEvents.note, at: alertEvents.at })
    .from(alertEvents)
    .leftJoin(users, eq(users.id, alertEvents.actorId))
    .where(eq(alertEvents.alertId, id))
    .orderBy(asc(alertEvents.at), asc(alertEvents.id));
  return { ...alertBody(row), events: events.map((e) => ({ ...e, actor: e.actor ?? null, at: e.at.toISOString() })) };
}

/**
 * Acknowledge (someone is on it: escalation stops) or resolve by hand. Resolving an acknowledged or
 * open alert is allowed; acting on a resolved one is 409 ALERT_RESOLVED; acknowledging twice keeps the first.
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
        : { status: 'resolved' as const, resolvedAt: new Date(), resolvedBy: scope.userId, resolution: 'manual' as const };
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
