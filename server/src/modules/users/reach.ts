import { type SQL, and, eq, or, sql } from 'drizzle-orm';
import { chargers, users } from '../../db/schema/index.js';
import { inScope } from '../../db/scope-sql.js';
import { type ChargerScope, chargerScope } from '../chargers/queries.js';
import { siteListWithin } from '../roles/queries.js';

/**
 * Where a scope reaches among users: a whole-organization scope every user of its organizations;
 * one limited to chosen sites only users whose entire reach lies within them — a Location Owner
 * all of whose chargers are in reach, a user of a custom role limited to some of those sites.
 * Organization-wide users (CPO staff, custom roles of the whole organization, drivers) are beyond it.
 */
export function userScope(scope: ChargerScope): SQL | undefined {
  const organization = inScope(users.organizationId, scope.organizationIds);
  if (scope.siteIds === null && scope.chargerIds === null) return organization;
  const ownerWithin = and(
    eq(users.role, 'location_owner'),
    sql`NOT EXISTS (SELECT 1 FROM ${chargers} WHERE ${chargers.locationOwnerId} = ${users.id} AND NOT (${chargerScope(scope) ?? sql`true`}))`,
  );
  const customWithin =
    scope.chargerIds === null && scope.siteIds !== null
      ? and(
          eq(users.role, 'custom'),
          sql`EXISTS (SELECT 1 FROM custom_roles reach_role WHERE reach_role.id = ${users.customRoleId} AND ${siteListWithin(sql.raw('reach_role.site_ids'), scope.siteIds)})`,
        )
      : undefined;
  return and(organization, or(ownerWithin, customWithin));
}
