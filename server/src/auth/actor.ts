import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { chargers, customRoles, users } from '../db/schema/index.js';
import { type Scope, scopeFor } from '../domain/scope.js';
import { organizationTree } from '../modules/organizations/queries.js';

export interface Actor {
  id: string;
  email: string;
  name: string;
  mustChangePassword: boolean;
  scope: Scope;
  /** The session (refresh-token family) of the access token this request came with; null elsewhere. */
  sessionId: string | null;
}

/** Loads a user and computes its scope afresh on every request, so role or assignment changes apply at once. */
export async function loadActor(db: Executor, userId: string): Promise<Actor | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user || user.disabled) return null;
  const customRole = user.customRoleId
    ? ((await db.select().from(customRoles).where(eq(customRoles.id, user.customRoleId)))[0] ?? null)
    : null;
  const treeRoot = customRole?.organizationId ?? user.organizationId;
  const tree = (user.role === 'cpo' || user.role === 'custom') && treeRoot ? await organizationTree(db, [treeRoot]) : [];
  const assigned =
    user.role === 'location_owner'
      ? await db
          .select({ id: chargers.id, siteId: chargers.siteId, organizationId: chargers.organizationId })
          .from(chargers)
          .where(eq(chargers.locationOwnerId, user.id))
      : [];
  const scope = scopeFor({
    userId: user.id,
    role: user.role,
    organizationId: user.organizationId,
    organizationRestriction: user.organizationRestriction ?? null,
    organizationTree: tree,
    assignedChargerIds: assigned.map((c) => c.id),
    assignedSiteIds: [...new Set(assigned.map((c) => c.siteId))],
    assignedOrganizationIds: [...new Set(assigned.map((c) => c.organizationId))],
    customRole: customRole ? { permissions: customRole.permissions, siteIds: customRole.siteIds ?? null } : null,
  });
  return { id: user.id, email: user.email, name: user.name, mustChangePassword: user.mustChangePassword, scope, sessionId: null };
}
