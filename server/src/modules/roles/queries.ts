import { type Column, type SQL, and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { customRoles, organizations, sites } from '../../db/schema/index.js';
import { inScope } from '../../db/scope-sql.js';
import type { Scope } from '../../domain/scope.js';
import { organizationTree } from '../organizations/queries.js';

export type CustomRoleRow = typeof customRoles.$inferSelect;

const withDetails = {
  role: customRoles,
  organizationName: organizations.name,
  userCount: sql<number>`(SELECT count(*)::int FROM users u WHERE u.custom_role_id = ${customRoles.id})`,
};

export type CustomRoleWithDetails = { role: CustomRoleRow; organizationName: string; userCount: number };

export type RoleScope = Pick<Scope, 'organizationIds' | 'siteIds' | 'chargerIds'>;

/** A stored site list (jsonb) that is set and lies within `siteIds` — `reachWithin` in SQL. */
export function siteListWithin(column: Column | SQL, siteIds: readonly string[]): SQL {
  return sql`(${column} IS NOT NULL AND ${column} <@ ${JSON.stringify(siteIds)}::jsonb)`;
}

/**
 * Where a scope reaches among custom roles: those of its organizations; for a scope limited to
 * chosen sites only roles limited to some of those sites (a sibling role's sites stay unseen).
 */
export function customRoleScope(scope: RoleScope): SQL | undefined {
  return and(
    inScope(customRoles.organizationId, scope.organizationIds),
    scope.chargerIds !== null
      ? sql`false`
      : scope.siteIds !== null
        ? siteListWithin(customRoles.siteIds, scope.siteIds)
        : undefined,
  );
}

export async function findCustomRoles(
  db: Executor,
  query: { scope: RoleScope; organizationId?: string },
): Promise<CustomRoleWithDetails[]> {
  return db
    .select(withDetails)
    .from(customRoles)
    .innerJoin(organizations, eq(organizations.id, customRoles.organizationId))
    .where(
      and(customRoleScope(query.scope), query.organizationId ? eq(customRoles.organizationId, query.organizationId) : undefined),
    )
    .orderBy(asc(organizations.name), asc(customRoles.name), asc(customRoles.id));
}

export async function findCustomRole(
  db: Executor,
  id: string,
  /** null: unrestricted (internal reads). */
  scope: RoleScope | null,
): Promise<CustomRoleWithDetails | null> {
  const [row] = await db
    .select(withDetails)
    .from(customRoles)
    .innerJoin(organizations, eq(organizations.id, customRoles.organizationId))
    .where(and(eq(customRoles.id, id), scope ? customRoleScope(scope) : undefined));
  return row ?? null;
}

/** Of the given sites, those that are not sites of the organization or its sub-organizations. */
export async function sitesOutsideOrganization(
  db: Executor,
  organizationId: string,
  siteIds: readonly string[],
): Promise<string[]> {
  if (siteIds.length === 0) return [];
  const tree = await organizationTree(db, [organizationId]);
  const found = await db
    .select({ id: sites.id })
    .from(sites)
    .where(and(inArray(sites.id, [...siteIds]), inScope(sites.organizationId, tree)));
  const inside = new Set(found.map((s) => s.id));
  return siteIds.filter((id) => !inside.has(id));
}
