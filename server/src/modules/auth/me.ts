import { eq } from 'drizzle-orm';
import type { Static } from 'typebox';
import type { Actor } from '../../auth/actor.js';
import type { Executor } from '../../db/client.js';
import { customRoles, users } from '../../db/schema/index.js';
import { ROLE_DEFINITIONS, type BuiltInRole } from '../../domain/permissions.js';
import { notFound } from '../../errors.js';
import type { MeBody } from './schemas.js';

/** The signed-in user, its scope and computed permissions: what the web app shows and hides by. */
export async function describeMe(db: Executor, actor: Actor): Promise<Static<typeof MeBody>> {
  const [user] = await db.select().from(users).where(eq(users.id, actor.id));
  if (!user) throw notFound('User');
  let roleName = user.role === 'custom' ? 'Custom role' : ROLE_DEFINITIONS[user.role as BuiltInRole].name;
  if (user.customRoleId) {
    const [role] = await db.select({ name: customRoles.name }).from(customRoles).where(eq(customRoles.id, user.customRoleId));
    roleName = role?.name ?? roleName;
  }
  const { scope } = actor;
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      roleName,
      organizationId: user.organizationId,
      mustChangePassword: user.mustChangePassword,
      phone: user.phone,
    },
    scope: {
      kind: scope.kind,
      organizationIds: scope.organizationIds ? [...scope.organizationIds] : null,
      siteIds: scope.siteIds ? [...scope.siteIds] : null,
      chargerIds: scope.chargerIds ? [...scope.chargerIds] : null,
    },
    permissions: [...scope.permissions].sort(),
  };
}
