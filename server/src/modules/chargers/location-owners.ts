import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../../db/schema/index.js';
import { inScope } from '../../db/scope-sql.js';
import { type Scope, canReachOrganization } from '../../domain/scope.js';
import { AppError } from '../../errors.js';
import { ancestorsOf, organizationTree } from '../organizations/queries.js';
import { userScope } from '../users/reach.js';
import { findUser } from './queries.js';

/**
 * A location owner may host chargers of its own organization or of one above or below it,
 * and only one the caller can reach.
 */
async function hostingOrganizations(db: Db, scope: Scope, chargerOrganizationId: string): Promise<string[]> {
  const related = new Set([
    ...(await ancestorsOf(db, chargerOrganizationId)),
    ...(await organizationTree(db, [chargerOrganizationId])),
  ]);
  return [...related].filter((id) => canReachOrganization(scope, id));
}

export async function assertEligibleOwner(db: Db, scope: Scope, userId: string, chargerOrganizationId: string): Promise<void> {
  const user = await findUser(db, userId);
  const hosting = await hostingOrganizations(db, scope, chargerOrganizationId);
  const inReach = user ? await isUserInReach(db, scope, user.id) : false;
  if (!user?.organizationId || !hosting.includes(user.organizationId) || !inReach) {
    throw new AppError('UNPROCESSABLE', "No user with this id belongs to the charger's organization", { field: 'userId' });
  }
  if (user.role !== 'location_owner') {
    throw new AppError(
      'UNPROCESSABLE',
      `${user.name} is not a location owner; only location owners can be assigned to chargers`,
      {
        field: 'userId',
      },
    );
  }
}

/** A caller limited to chosen sites picks only owners whose chargers all lie within them (see `userScope`). */
async function isUserInReach(db: Db, scope: Scope, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), userScope(scope)));
  return row !== undefined;
}

/**
 * The location owners who could host this charger. Whoever may assign an owner may see these
 * names, even without users:read (a Network Manager picks from a list, not by typing an id).
 */
export async function eligibleOwners(db: Db, scope: Scope, chargerOrganizationId: string) {
  const hosting = await hostingOrganizations(db, scope, chargerOrganizationId);
  return db
    .select({ id: users.id, name: users.name, email: users.email, organizationId: users.organizationId })
    .from(users)
    .where(
      and(
        eq(users.role, 'location_owner'),
        eq(users.disabled, false),
        isNotNull(users.organizationId),
        inScope(users.organizationId, hosting),
        userScope(scope),
      ),
    )
    .orderBy(asc(users.name));
}
