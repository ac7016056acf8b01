import { useQuery } from '@tanstack/react-query';
import { listRoles, roleKeys } from '../../api/roles';
import { type BuiltInRoleInfo, type CustomRole, PLATFORM_ROLES, type RoleKey } from '../../api/types';
import { useSession } from '../../auth/session';

export const ROLE_NAMES: Record<RoleKey, string> = {
  admin: 'Admin',
  technical: 'Technical',
  accounts: 'Accounts',
  network_manager: 'Network Manager',
  cpo: 'CPO',
  location_owner: 'Location Owner',
  driver: 'Driver',
  custom: 'Custom role',
};

export const isPlatformRole = (role: RoleKey | null): boolean => role !== null && PLATFORM_ROLES.includes(role);

/**
 * The roles this user may hand out: the server marks each role `assignable` for the caller,
 * so a CPO is offered CPO-level roles and its own custom roles, never Admin.
 */
export function useAssignableRoles() {
  const { can } = useSession();
  const query = useQuery({ queryKey: roleKeys.list(), queryFn: () => listRoles(), enabled: can('roles:read') });
  const roles = query.data ?? [];
  const builtIn = roles.filter((r): r is BuiltInRoleInfo => r.builtIn && r.assignable);
  const custom = roles.filter((r): r is CustomRole => !r.builtIn && r.assignable);
  const roleOptions = builtIn.map((r) => ({ value: r.key as string, label: r.name }));
  if (custom.length > 0) roleOptions.push({ value: 'custom', label: 'Custom role' });
  return { roleOptions, custom, isLoading: query.isLoading, unavailable: !can('roles:read') || query.isError };
}
