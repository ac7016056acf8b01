import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { customRoles, organizations, sites } from '../../db/schema/index.js';
import { inScope } from '../../db/scope-sql.js';
import { organizationTree } from '../organizations/queries.js';

export type CustomRoleRow = typeof customRoles.$inferSelect;

const withDetails = {
  role: customRoles,
  organizationName: organizations.name,
  userCount: sql<number>`(SELECT count(*)::int FROM users u WHERE u.custom_role_id = ${customRoles.id})`,
};

export type CustomRoleWithDetails = { role: CustomRoleRow; organizationName: string; userCount: number };

export async function findCustomRoles(
  db: Executor,
  query: { organizationIds: readonly string[] | null; organizationId?: string },
): Promise<CustomRoleWithDetails[]> {
  return db
    .select(withDetails)
    .from(customRoles)
    .innerJoin(organizations, eq(organizations.id, customRoles.organizationId))
    .where(
      and(
        inScope(customRoles.organizationId, query.organizationIds),
        query.organizationId ? eq(customRoles.organizationId, query.organizationId) : undefined,
      ),
    )
    .orderBy(asc(organizations.name), asc(customRoles.name), asc(customRoles.id));
}

export async function findCustomRole(
  db: Executor,
  id: string,
  organizationIds: readonly string[] | null,
): Promise<CustomRoleWithDetails | null> {
  const [row] = await db
    .select(withDetails)
    .from(customRoles)
    .innerJoin(organizations, eq(organizations.id, customRoles.organizationId))
    .where(and(eq(customRoles.id, id), inScope(customRoles.organizationId, organizationIds)));
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
