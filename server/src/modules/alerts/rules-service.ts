import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, Executor } from '../../db/client.js';
import {
  type AlertRuleType,
  alertRules,
  chargers,
  maintenanceWindows,
  organizations,
  sites,
  users,
} from '../../db/schema/index.js';
import { inScope } from '../../db/scope-sql.js';
import { type Scope, assertWholeOrganization, canReachCharger, canReachOrganization, canReachSite } from '../../domain/scope.js';
import { AppError, forbidden, notFound } from '../../errors.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import { RULES, thresholdProblems } from './rules.js';
import type { AlertRuleValues, MaintenanceValues } from './schemas.js';
import { effectiveRules } from './settings.js';

/** Rules are set per whole organization, or platform-wide (organization null) by platform users. */
async function ruleLevel(db: Executor, scope: Scope, organizationId: string | null | undefined) {
  assertWholeOrganization(scope, 'Alert rules');
  if (!organizationId) {
    if (scope.kind !== 'platform' || scope.organizationIds !== null)
      throw forbidden('Platform-wide alert rules are set by platform users who reach every organization');
    return null;
  }
  if (!canReachOrganization(scope, organizationId)) throw notFound('Organization');
  const [org] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId));
  if (!org) throw notFound('Organization');
  return org.id;
}

export async function listAlertRules(db: Executor, scope: Scope, organizationId: string | undefined) {
  const level = await ruleLevel(db, scope, organizationId ?? (scope.kind === 'platform' ? null : scope.homeOrganizationId));
  const rules = await effectiveRules(db, level);
  const [org] = level
    ? await db.select({ currency: organizations.currency }).from(organizations).where(eq(organizations.id, level))
    : [];
  return {
    organizationId: level,
    currency: org?.currency ?? null,
    items: [...rules.values()].map((r) => {
      const rule = RULES[r.ruleType];
      return {
        ruleType: r.ruleType,
        label: rule.label,
        trigger: rule.trigger,
        implemented: rule.implemented,
        availability: rule.availability,
        enabled: r.enabled,
        severity: r.severity,
        thresholds: r.thresholds,
        thresholdSpecs: rule.specs,
        escalateAfterMinutes: r.escalateAfterMinutes,
        source: r.source,
      };
    }),
  };
}

export function parseRuleType(value: string): AlertRuleType {
  if (!(value in RULES)) throw new AppError('ALERT_RULE_UNKNOWN', `There is no alert rule "${value}"`);
  return value as AlertRuleType;
}

/** PUT /alert-rules/:ruleType: the organization's (or the platform's) settings of one rule; audited. */
export async function putAlertRule(db: Db, audit: AuditContext, scope: Scope, ruleTypeText: string, values: AlertRuleValues) {
  const ruleType = parseRuleType(ruleTypeText);
  const rule = RULES[ruleType];
  if (values.enabled && !rule.implemented)
    throw new AppError('ALERT_RULE_NOT_AVAILABLE', `“${rule.label}” is not evaluated yet, so it cannot be enabled`);
  const problems = thresholdProblems(rule, values.thresholds);
  if (problems.length) throw new AppError('ALERT_THRESHOLD_INVALID', problems.join('; '), { problems });
  const level = await ruleLevel(db, scope, values.organizationId);
  await db.transaction(async (tx) => {
    const where = and(
      eq(alertRules.ruleType, ruleType),
      level ? eq(alertRules.organizationId, level) : isNull(alertRules.organizationId),
    );
    const [before] = await tx.select().from(alertRules).where(where);
    const set = {
      enabled: values.enabled,
      severity: values.severity,
      thresholds: values.thresholds,
      escalateAfterMinutes: values.escalateAfterMinutes,
      updatedBy: scope.userId,
      updatedAt: new Date(),
    };
    if (before) await tx.update(alertRules).set(set).where(eq(alertRules.id, before.id));
    else await tx.insert(alertRules).values({ ...set, organizationId: level, ruleType });
    await recordAudit(tx, audit, {
      entityType: 'alert_rule',
      entityId: `${level ?? 'platform'}:${ruleType}`,
      action: before ? 'update' : 'create',
      organizationId: level,
      before: before
        ? {
            enabled: before.enabled,
            severity: before.severity,
            thresholds: before.thresholds,
            escalateAfterMinutes: before.escalateAfterMinutes,
          }
        : null,
      after: {
        enabled: set.enabled,
        severity: set.severity,
        thresholds: set.thresholds,
        escalateAfterMinutes: set.escalateAfterMinutes,
      },
    });
  });
  const listed = await listAlertRules(db, scope, level ?? undefined);
  return listed.items.find((r) => r.ruleType === ruleType)!;
}

const creator = alias(users, 'creator');

const windowColumns = {
  window: maintenanceWindows,
  siteName: sites.name,
  chargerName: chargers.name,
  createdByName: creator.name,
};

const windowBody = (row: {
  window: typeof maintenanceWindows.$inferSelect;
  siteName: string | null;
  chargerName: string | null;
  createdByName: string | null;
}) => ({
  id: row.window.id,
  organizationId: row.window.organizationId,
  siteId: row.window.siteId,
  siteName: row.siteName,
  chargerId: row.window.chargerId,
  chargerName: row.chargerName,
  startsAt: row.window.startsAt.toISOString(),
  endsAt: row.window.endsAt.toISOString(),
  reason: row.window.reason,
  createdAt: row.window.createdAt.toISOString(),
  createdBy: row.createdByName,
});

const windowsJoined = (db: Executor) =>
  db
    .select(windowColumns)
    .from(maintenanceWindows)
    .leftJoin(sites, eq(sites.id, maintenanceWindows.siteId))
    .leftJoin(chargers, eq(chargers.id, maintenanceWindows.chargerId))
    .leftJoin(creator, eq(creator.id, maintenanceWindows.createdBy));

const windowReach = (scope: Scope) =>
  and(
    inScope(maintenanceWindows.organizationId, scope.organizationIds),
    // A charger's window is in reach where its charger's site is.
    inScope(sql`coalesce(${maintenanceWindows.siteId}, ${chargers.siteId})`, scope.siteIds),
    scope.chargerIds === null ? undefined : inScope(maintenanceWindows.chargerId, scope.chargerIds),
  );

export async function listMaintenanceWindows(
  db: Executor,
  scope: Scope,
  filter: { chargerId?: string; siteId?: string; current?: boolean },
) {
  const rows = await windowsJoined(db)
    .where(
      and(
        windowReach(scope),
        filter.chargerId ? eq(maintenanceWindows.chargerId, filter.chargerId) : undefined,
        filter.siteId ? eq(maintenanceWindows.siteId, filter.siteId) : undefined,
        filter.current ? gt(maintenanceWindows.endsAt, new Date()) : undefined,
      ),
    )
    .orderBy(asc(maintenanceWindows.startsAt))
    .limit(500);
  return { items: rows.map(windowBody) };
}

/** A window on one charger, or on every charger of a site; the charger or site must be in reach. */
export async function createMaintenanceWindow(db: Db, audit: AuditContext, scope: Scope, values: MaintenanceValues) {
  const startsAt = new Date(values.startsAt);
  const endsAt = new Date(values.endsAt);
  if (!!values.chargerId === !!values.siteId)
    throw new AppError(
      'MAINTENANCE_WINDOW_INVALID',
      'A maintenance window is for one charger or one site: give exactly one of them',
    );
  if (!(endsAt > startsAt)) throw new AppError('MAINTENANCE_WINDOW_INVALID', 'A maintenance window must end after it starts');
  let place: { organizationId: string; siteId: string | null; chargerId: string | null };
  if (values.chargerId) {
    const [charger] = await db
      .select({ id: chargers.id, organizationId: chargers.organizationId, siteId: chargers.siteId })
      .from(chargers)
      .where(eq(chargers.id, values.chargerId));
    if (!charger || !canReachCharger(scope, charger)) throw notFound('Charger');
    place = { organizationId: charger.organizationId, siteId: null, chargerId: charger.id };
  } else {
    const [site] = await db
      .select({ id: sites.id, organizationId: sites.organizationId })
      .from(sites)
      .where(eq(sites.id, values.siteId!));
    if (!site || !canReachSite(scope, site) || scope.chargerIds !== null) throw notFound('Site');
    place = { organizationId: site.organizationId, siteId: site.id, chargerId: null };
  }
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(maintenanceWindows)
      .values({ ...place, startsAt, endsAt, reason: values.reason, createdBy: scope.userId })
      .returning({ id: maintenanceWindows.id });
    await recordAudit(tx, audit, {
      entityType: 'maintenance_window',
      entityId: row!.id,
      action: 'create',
      organizationId: place.organizationId,
      after: { ...place, startsAt: values.startsAt, endsAt: values.endsAt, reason: values.reason },
    });
    return row!.id;
  });
  const [row] = await windowsJoined(db).where(eq(maintenanceWindows.id, id));
  return windowBody(row!);
}

export async function deleteMaintenanceWindow(db: Db, audit: AuditContext, scope: Scope, id: string) {
  await db.transaction(async (tx) => {
    const [found] = await windowsJoined(tx).where(and(eq(maintenanceWindows.id, id), windowReach(scope)));
    if (!found) throw notFound('Maintenance window');
    const row = found.window;
    await tx.delete(maintenanceWindows).where(eq(maintenanceWindows.id, id));
    await recordAudit(tx, audit, {
      entityType: 'maintenance_window',
      entityId: id,
      action: 'delete',
      organizationId: row.organizationId,
      before: { siteId: row.siteId, chargerId: row.chargerId, reason: row.reason },
    });
  });
}
