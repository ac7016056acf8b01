import { type Column, type SQL, and, eq, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { inScope } from '../../db/scope-sql.js';
import { type Scope, assertWholeOrganization, canReachAssignment, isWholeOrganizationScope } from '../../domain/scope.js';
import { AppError } from '../../errors.js';
import { chargers } from '../../db/schema/index.js';
import { type ChargerScope, chargerScope } from '../chargers/queries.js';

/** The columns that say where a tariff or campaign applies: its organization, and a site or charger or neither. */
export interface AssignmentColumns {
  organizationId: Column;
  siteId: Column;
  chargerId?: Column;
}

/**
 * Where a scope reaches among things assigned to an organization, a site or a charger (tariffs,
 * campaigns) — the SQL twin of `canReachAssignment`: a scope limited to chosen sites or chargers
 * sees those assigned to its sites or chargers, never the organization-wide ones.
 */
export function assignmentScope(scope: ChargerScope, columns: AssignmentColumns): SQL | undefined {
  const organization = inScope(columns.organizationId, scope.organizationIds);
  if (scope.siteIds === null && scope.chargerIds === null) return organization;
  const siteLevel = and(
    columns.chargerId ? isNull(columns.chargerId) : undefined,
    isNotNull(columns.siteId),
    inScope(columns.siteId, scope.siteIds),
  );
  const chargerLevel = columns.chargerId
    ? sql`${columns.chargerId} IN (SELECT ${chargers.id} FROM ${chargers} WHERE ${chargerScope(scope) ?? sql`true`})`
    : undefined;
  return and(organization, or(siteLevel, chargerLevel));
}

export interface Assignment {
  organizationId: string;
  siteId: string | null;
  chargerId?: string | null;
}

/**
 * Refuses a write that would put a tariff or campaign (`what`, plural) where the caller does not
 * reach: organization-wide, or on a site or charger outside its sites. 403 `SITE_LIMITED_SCOPE`
 * either way, decided from the caller's own lists, so it tells nothing about other sites.
 */
export async function assertAssignmentInReach(db: Executor, scope: Scope, assignment: Assignment, what: string): Promise<void> {
  if (isWholeOrganizationScope(scope)) return;
  if (!assignment.siteId && !assignment.chargerId) assertWholeOrganization(scope, `Organization-wide ${what}`);
  const [charger] = assignment.chargerId
    ? await db
        .select({ id: chargers.id, organizationId: chargers.organizationId, siteId: chargers.siteId })
        .from(chargers)
        .where(eq(chargers.id, assignment.chargerId))
    : [];
  const reachable =
    (!assignment.chargerId || charger !== undefined) &&
    canReachAssignment(scope, { organizationId: assignment.organizationId, siteId: assignment.siteId, charger: charger ?? null });
  if (!reachable)
    throw new AppError('SITE_LIMITED_SCOPE', `Your role reaches only some sites; these ${what} would apply outside them`, {
      field: assignment.chargerId ? 'chargerId' : 'siteId',
    });
}
