import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { customRoles } from '../../db/schema/index.js';
import {
  BUILT_IN_ROLES,
  type BuiltInRole,
  CUSTOM_ROLE_GRANTABLE,
  PERMISSIONS,
  type Permission,
  ROLE_DEFINITIONS,
  customRolePermissionsBeyond,
  mayGrantRole,
  reachWithin,
  roleGrantViolations,
  rolePermissions,
  isPermission,
} from '../../domain/permissions.js';
import { type Scope, canReachOrganization } from '../../domain/scope.js';
import { AppError, notFound, unprocessable } from '../../errors.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import { findOrganization } from '../organizations/queries.js';
import { type CustomRoleWithDetails, findCustomRole, findCustomRoles, sitesOutsideOrganization } from './queries.js';
import type { BuiltInRolePresented, CreateRole, CustomRolePresented, RoleListFilter, UpdateRole } from './schemas.js';
import { PERMISSION_WORDS } from '../../domain/permission-words.js';

const isBuiltInKey = (id: string): id is BuiltInRole => (BUILT_IN_ROLES as readonly string[]).includes(id);

export function presentBuiltInRole(key: BuiltInRole, scope: Scope): BuiltInRolePresented {
  const definition = ROLE_DEFINITIONS[key];
  return {
    builtIn: true,
    key,
    name: definition.name,
    description: definition.description,
    scope: definition.scope,
    permissions: [...definition.permissions],
    assignable: scope.permissions.has('users:write') && mayGrantRole(scope, key),
  };
}

export function presentCustomRole(
  { role, organizationName, userCount }: CustomRoleWithDetails,
  scope: Scope,
): CustomRolePresented {
  return {
    builtIn: false,
    key: 'custom',
    id: role.id,
    organizationId: role.organizationId,
    organizationName,
    name: role.name,
    description: role.description,
    scope: role.siteIds ? 'sites' : 'organization',
    permissions: role.permissions.filter(isPermission),
    siteIds: role.siteIds ?? null,
    userCount,
    assignable:
      scope.permissions.has('users:write') &&
      mayGrantRole(scope, 'custom', role.permissions) &&
      reachWithin(scope.siteIds, role.siteIds ?? null),
    createdAt: role.createdAt.toISOString(),
    updatedAt: role.updatedAt.toISOString(),
  };
}

/** Built-in roles are the same for everyone; custom roles only those of the organizations in scope. */
export async function listRoles(db: Db, scope: Scope, filter: RoleListFilter) {
  const custom = await findCustomRoles(db, { scope, organizationId: filter.organizationId });
  return [...BUILT_IN_ROLES.map((key) => presentBuiltInRole(key, scope)), ...custom.map((row) => presentCustomRole(row, scope))];
}

export async function getRole(db: Db, scope: Scope, id: string) {
  if (isBuiltInKey(id)) return presentBuiltInRole(id, scope);
  return presentCustomRole(await getCustomRole(db, scope, id), scope);
}

/** Outside the caller's scope answers 404, so existence does not leak. */
export async function getCustomRole(db: Db, scope: Scope, id: string): Promise<CustomRoleWithDetails> {
  const row = await findCustomRole(db, id, scope);
  if (!row) throw notFound('Role');
  return row;
}

export function listPermissions(scope: Scope) {
  return PERMISSIONS.map((key) => {
    const held = scope.permissions.has(key);
    return { key, ...PERMISSION_WORDS[key], held, grantable: held && CUSTOM_ROLE_GRANTABLE.includes(key) };
  });
}

/** A custom role may hold only grantable permissions the caller holds, and reach no site the caller cannot. */
function assertGrantable(scope: Scope, permissions: readonly Permission[], siteIds: readonly string[] | null): void {
  const beyond = customRolePermissionsBeyond(scope.permissions, permissions);
  if (beyond.length > 0) {
    throw new AppError('PERMISSION_ESCALATION', `You cannot grant ${beyond.join(', ')}`, { permissions: beyond });
  }
  if (roleGrantViolations(scope, 'custom').widerReach || !reachWithin(scope.siteIds, siteIds)) {
    throw new AppError('PERMISSION_ESCALATION', 'A role cannot reach further than your own scope', { field: 'siteIds' });
  }
}

async function assertSitesOfOrganization(db: Db, organizationId: string, siteIds: readonly string[] | null): Promise<void> {
  if (!siteIds) return;
  const outside = await sitesOutsideOrganization(db, organizationId, siteIds);
  if (outside.length > 0)
    throw unprocessable("Every site must be a site of the role's organization", { field: 'siteIds', siteIds: outside });
}

/** The role to change: never a built-in one, and never one granting more than the caller holds. */
async function getWritableRole(db: Db, scope: Scope, id: string): Promise<CustomRoleWithDetails> {
  if (isBuiltInKey(id))
    throw new AppError('BUILT_IN_ROLE_READ_ONLY', 'Built-in roles cannot be changed or deleted; create a custom role instead');
  const row = await getCustomRole(db, scope, id);
  const beyond = customRolePermissionsBeyond(scope.permissions, rolePermissions('custom', row.role.permissions));
  if (beyond.length > 0 || !reachWithin(scope.siteIds, row.role.siteIds ?? null)) {
    throw new AppError('PERMISSION_ESCALATION', 'This role grants more than you hold, so you cannot change it', {
      permissions: beyond,
    });
  }
  return row;
}

const sortedPermissions = (permissions: readonly Permission[]) => [...new Set(permissions)].sort();

export async function createRole(db: Db, audit: AuditContext, scope: Scope, input: CreateRole) {
  if (
    !canReachOrganization(scope, input.organizationId) ||
    !(await findOrganization(db, input.organizationId, scope.organizationIds))
  ) {
    throw unprocessable('The organization does not exist', { field: 'organizationId' });
  }
  const siteIds = input.siteIds ?? null;
  assertGrantable(scope, input.permissions, siteIds);
  await assertSitesOfOrganization(db, input.organizationId, siteIds);
  const id = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(customRoles)
      .values({ ...input, siteIds, permissions: sortedPermissions(input.permissions), createdBy: scope.userId })
      .returning();
    await recordAudit(tx, audit, {
      entityType: 'custom_role',
      entityId: created!.id,
      action: 'create',
      organizationId: created!.organizationId,
      after: created!,
    });
    return created!.id;
  });
  return presentCustomRole((await findCustomRole(db, id, null))!, scope);
}

export async function updateRole(db: Db, audit: AuditContext, scope: Scope, id: string, input: UpdateRole) {
  const { role: current } = await getWritableRole(db, scope, id);
  const siteIds = input.siteIds !== undefined ? input.siteIds : (current.siteIds ?? null);
  assertGrantable(scope, input.permissions ?? rolePermissions('custom', current.permissions), siteIds);
  if (input.siteIds !== undefined) await assertSitesOfOrganization(db, current.organizationId, siteIds);
  await db.transaction(async (tx) => {
    const changes = {
      ...input,
      ...(input.permissions ? { permissions: sortedPermissions(input.permissions) } : {}),
      updatedAt: new Date(),
    };
    const [updated] = await tx.update(customRoles).set(changes).where(eq(customRoles.id, id)).returning();
    await recordAudit(tx, audit, {
      entityType: 'custom_role',
      entityId: id,
      action: 'update',
      organizationId: current.organizationId,
      before: current,
      after: updated!,
    });
  });
  return presentCustomRole((await findCustomRole(db, id, null))!, scope);
}

export async function deleteRole(db: Db, audit: AuditContext, scope: Scope, id: string): Promise<void> {
  const { role, userCount } = await getWritableRole(db, scope, id);
  if (userCount > 0)
    throw new AppError('IN_USE', `${userCount} user(s) still have this role; give them another role first`, { userCount });
  await db.transaction(async (tx) => {
    await tx.delete(customRoles).where(eq(customRoles.id, id));
    await recordAudit(tx, audit, {
      entityType: 'custom_role',
      entityId: id,
      action: 'delete',
      organizationId: role.organizationId,
      before: role,
    });
  });
}
