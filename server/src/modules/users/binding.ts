import type { Db } from '../../db/client.js';
import { ROLE_DEFINITIONS, type RoleKey, isPlatformRole, reachWithin, roleGrantViolations } from '../../domain/permissions.js';
import { type Scope, canReachOrganization } from '../../domain/scope.js';
import { AppError, unprocessable } from '../../errors.js';
import { findCustomRole } from '../roles/queries.js';
import { type UserRow, missingOrganizations } from './queries.js';

/** What a user's access is made of: its role and what binds it to organizations. */
export interface RoleBinding {
  role: RoleKey;
  organizationId: string | null;
  customRoleId: string | null;
  organizationRestriction: string[] | null;
}

export const bindingOf = (user: UserRow): RoleBinding => ({
  role: user.role,
  organizationId: user.organizationId,
  customRoleId: user.customRoleId,
  organizationRestriction: user.organizationRestriction ?? null,
});

export const sameBinding = (a: RoleBinding, b: RoleBinding): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The binding after a change. Fields that do not apply to the new role fall away unless sent,
 * and a newly chosen custom role brings its own organization.
 */
export function nextBinding(current: RoleBinding, input: Partial<RoleBinding>): RoleBinding {
  const role = input.role ?? current.role;
  const platform = isPlatformRole(role);
  const keepOrganization = !platform && !(role === 'custom' && input.customRoleId !== undefined);
  return {
    role,
    organizationId: input.organizationId !== undefined ? input.organizationId : keepOrganization ? current.organizationId : null,
    customRoleId: input.customRoleId !== undefined ? input.customRoleId : role === 'custom' ? current.customRoleId : null,
    organizationRestriction:
      input.organizationRestriction !== undefined
        ? input.organizationRestriction
        : platform
          ? current.organizationRestriction
          : null,
  };
}

interface Grant {
  role: RoleKey;
  customRole: { name: string; permissions: string[]; siteIds: string[] | null } | null;
  organizationRestriction: string[] | null;
}

/** Why giving this role would hand out more than the caller holds, or null when it would not. */
function escalationIn(scope: Scope, grant: Grant): AppError | null {
  const name = grant.customRole?.name ?? (grant.role === 'custom' ? 'custom' : ROLE_DEFINITIONS[grant.role].name);
  const violations = roleGrantViolations(scope, grant.role, grant.customRole?.permissions ?? []);
  if (violations.permissions.length > 0) {
    return new AppError(
      'PERMISSION_ESCALATION',
      `The ${name} role grants ${violations.permissions.join(', ')}, which you do not hold`,
      {
        role: grant.role,
        permissions: violations.permissions,
      },
    );
  }
  const widerSites = grant.role === 'custom' && !reachWithin(scope.siteIds, grant.customRole?.siteIds ?? null);
  if (violations.widerReach || widerSites) {
    return new AppError('PERMISSION_ESCALATION', `You cannot give the ${name} role: it reaches as far as your own or further`, {
      role: grant.role,
      permissions: [],
    });
  }
  if (isPlatformRole(grant.role) && !reachWithin(scope.organizationIds, grant.organizationRestriction)) {
    return new AppError('PERMISSION_ESCALATION', 'A platform user you create must be restricted to organizations you can reach', {
      field: 'organizationRestriction',
      permissions: [],
    });
  }
  return null;
}

/** Acting on a user (editing, disabling, resetting its password) needs the right to grant its role. */
export async function assertMayManage(db: Db, scope: Scope, user: UserRow): Promise<void> {
  const custom = user.customRoleId ? await findCustomRole(db, user.customRoleId, null) : null;
  const violation = escalationIn(scope, {
    role: user.role,
    customRole: custom ? { ...custom.role, siteIds: custom.role.siteIds ?? null } : null,
    organizationRestriction: user.organizationRestriction ?? null,
  });
  if (violation)
    throw new AppError(
      'PERMISSION_ESCALATION',
      'This user has a role beyond what you may grant, so you cannot change it',
      violation.details,
    );
}

/**
 * Checks a role binding is well formed and the caller may grant it; returns it with the
 * organization of a custom role filled in.
 */
export async function assertMayGrant(db: Db, scope: Scope, binding: RoleBinding): Promise<RoleBinding> {
  const platform = isPlatformRole(binding.role);
  if (platform && binding.organizationId) {
    throw unprocessable('Platform roles belong to no organization; limit them with organizationRestriction', {
      field: 'organizationId',
    });
  }
  if (!platform && binding.organizationRestriction)
    throw unprocessable('Only platform roles take an organization restriction', { field: 'organizationRestriction' });
  if (binding.role !== 'custom' && binding.customRoleId)
    throw unprocessable('customRoleId goes only with role "custom"', { field: 'customRoleId' });

  let organizationId = binding.organizationId;
  let customRole: Grant['customRole'] = null;
  if (binding.role === 'custom') {
    const found = binding.customRoleId ? await findCustomRole(db, binding.customRoleId, scope) : null;
    if (!found) throw unprocessable('Choose an existing custom role', { field: 'customRoleId' });
    organizationId ??= found.role.organizationId;
    if (organizationId !== found.role.organizationId)
      throw unprocessable('The custom role belongs to another organization', { field: 'customRoleId' });
    customRole = { ...found.role, siteIds: found.role.siteIds ?? null };
  }
  if (!platform && !organizationId) throw unprocessable('This role needs an organization', { field: 'organizationId' });

  const violation = escalationIn(scope, {
    role: binding.role,
    customRole,
    organizationRestriction: binding.organizationRestriction,
  });
  if (violation) throw violation;

  if (
    organizationId &&
    (!canReachOrganization(scope, organizationId) || (await missingOrganizations(db, [organizationId])).length > 0)
  ) {
    throw unprocessable('The organization does not exist', { field: 'organizationId' });
  }
  const missing = await missingOrganizations(db, binding.organizationRestriction ?? []);
  if (missing.length > 0)
    throw unprocessable('Some organizations of the restriction do not exist', {
      field: 'organizationRestriction',
      organizationIds: missing,
    });
  return { ...binding, organizationId };
}
