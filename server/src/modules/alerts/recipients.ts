import { sql } from 'drizzle-orm';
import { type Actor, loadActor } from '../../auth/actor.js';
import type { Executor } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { type Scope, canReachCharger, canReachOrganization, canReachSite, hasPermission } from '../../domain/scope.js';
import type { Permission } from '../../domain/permissions.js';
import type { AlertRuleType } from '../../db/schema/index.js';
import { RULES } from './rules.js';

/** What an alert is about, for deciding who may hear of it. */
export interface AlertPlace {
  organizationId: string;
  siteId: string | null;
  chargerId: string | null;
}

/** Whether a scope reaches an alert: its charger, else its site, else its organization (whole-organization scopes only). */
export function reachesAlert(scope: Scope, place: AlertPlace): boolean {
  if (place.chargerId && place.siteId)
    return canReachCharger(scope, { id: place.chargerId, organizationId: place.organizationId, siteId: place.siteId });
  if (place.siteId) return canReachSite(scope, { id: place.siteId, organizationId: place.organizationId });
  return canReachOrganization(scope, place.organizationId) && scope.siteIds === null && scope.chargerIds === null;
}

/** Whether a scope may see an alert: alerts:read, the rule's audience permission, and the alert's place in reach. */
export function maySeeAlert(scope: Scope, alert: AlertPlace & { ruleType: AlertRuleType | string }): boolean {
  const rule = RULES[alert.ruleType as AlertRuleType];
  return !!rule && hasPermission(scope, 'alerts:read') && hasPermission(scope, rule.audience) && reachesAlert(scope, alert);
}

/**
 * The people who may hear of an alert: every enabled user whose scope — computed exactly as for
 * their requests (auth/actor.ts) — has the permission and reaches the alert's charger, site or
 * organization. Candidates are platform users, users of the organization or an ancestor of it,
 * and the charger's location owner; each candidate's scope then decides.
 */
export async function alertRecipients(
  db: Executor,
  place: AlertPlace & { ruleType: AlertRuleType },
  /** Escalations go to those who may act (alerts:write) as well. */
  also: Permission | null = null,
): Promise<Actor[]> {
  const candidates = await queryRows<{ id: string }>(
    db,
    sql`WITH RECURSIVE up(id, parent_id) AS (
          SELECT id, parent_id FROM organizations WHERE id = ${place.organizationId}
          UNION
          SELECT o.id, o.parent_id FROM organizations o JOIN up ON o.id = up.parent_id
        )
        SELECT u.id FROM users u
        WHERE NOT u.disabled AND u.role <> 'driver'
          AND (u.organization_id IS NULL
               OR u.organization_id IN (SELECT id FROM up)
               OR u.id = (SELECT location_owner_id FROM chargers WHERE id = ${place.chargerId}::uuid))`,
  );
  const actors = await Promise.all(candidates.map((c) => loadActor(db, c.id)));
  return actors.filter(
    (a): a is Actor => a !== null && maySeeAlert(a.scope, place) && (also === null || hasPermission(a.scope, also)),
  );
}
