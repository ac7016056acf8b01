/**
 * The one permission table (docs/roles.md describes the built-in roles). Every route declares one of these
 * permissions; the server checks it, and the web app hides what a user cannot do.
 */
export const PERMISSIONS = [
  'organizations:read',
  'organizations:write',
  'sites:read',
  'sites:write',
  'chargers:read',
  'chargers:write',
  'chargers:assign-owner',
  'chargers:command',
  'monitoring:read',
  'alerts:read',
  'alerts:write',
  'messages:write',
  'grid:read',
  'grid:write',
  'transactions:read',
  'finance:read',
  'finance:write',
  'invoices:read',
  'invoices:write',
  'payments:read',
  'payments:write',
  'wallets:read',
  'wallets:write',
  'gateways:configure',
  'reports:read',
  'users:read',
  'users:write',
  'roles:read',
  'roles:write',
  'audit:read',
  'jobs:read',
  'jobs:write',
  'self:sessions',
  'self:wallet',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const BUILT_IN_ROLES = ['admin', 'technical', 'accounts', 'network_manager', 'cpo', 'location_owner', 'driver'] as const;
export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];
export type RoleKey = BuiltInRole | 'custom';

/** How far a role reaches: the whole platform, one organization tree, the chargers assigned to the user, or the user alone. */
export type ScopeKind = 'platform' | 'organization' | 'assigned-chargers' | 'self';

export interface RoleDefinition {
  key: BuiltInRole;
  name: string;
  description: string;
  scope: ScopeKind;
  permissions: readonly Permission[];
}

const ALL: readonly Permission[] = PERMISSIONS.filter((p) => !p.startsWith('self:'));
const USER_ADMINISTRATION: readonly Permission[] = ['users:read', 'users:write', 'roles:read', 'roles:write'];

export const ROLE_DEFINITIONS: Record<BuiltInRole, RoleDefinition> = {
  admin: {
    key: 'admin',
    name: 'Admin',
    description: 'Platform administrator: everything, across all organizations',
    scope: 'platform',
    permissions: ALL,
  },
  technical: {
    key: 'technical',
    name: 'Technical',
    description: 'Platform technical operations: everything but user/role administration and gateway credentials',
    scope: 'platform',
    permissions: ALL.filter((p) => !USER_ADMINISTRATION.includes(p) && p !== 'gateways:configure'),
  },
  accounts: {
    key: 'accounts',
    name: 'Accounts',
    description: 'Finance team: finance, transactions, invoicing, payments, refunds, wallets; reads chargers',
    scope: 'platform',
    permissions: [
      'organizations:read',
      'sites:read',
      'chargers:read',
      'transactions:read',
      'finance:read',
      'finance:write',
      'invoices:read',
      'invoices:write',
      'payments:read',
      'payments:write',
      'wallets:read',
      'wallets:write',
      'reports:read',
      // Money alerts only (invoice overdue, capture failed): network alerts also need monitoring:read.
      'alerts:read',
    ],
  },
  network_manager: {
    key: 'network_manager',
    name: 'Network Manager',
    description: 'Network operations: chargers, remote commands, monitoring, alerts, grid',
    scope: 'platform',
    permissions: [
      'organizations:read',
      'sites:read',
      'sites:write',
      'chargers:read',
      'chargers:write',
      'chargers:assign-owner',
      'chargers:command',
      'monitoring:read',
      'alerts:read',
      'alerts:write',
      'grid:read',
      'grid:write',
      'reports:read',
    ],
  },
  cpo: {
    key: 'cpo',
    name: 'CPO',
    description: 'Charge point operator staff: read-only network, revenue, payments and invoices of its organization',
    scope: 'organization',
    permissions: [
      'organizations:read',
      'sites:read',
      'chargers:read',
      'chargers:assign-owner',
      'monitoring:read',
      'alerts:read',
      'grid:read',
      'transactions:read',
      'finance:read',
      'payments:read',
      'invoices:read',
      'reports:read',
      'users:read',
      'users:write',
      'roles:read',
      'roles:write',
      // Messages to its own organization's drivers (docs/driver-messages.md).
      'messages:write',
    ],
  },
  location_owner: {
    key: 'location_owner',
    name: 'Location Owner',
    description: 'Host of chargers: the CPO view filtered to the chargers assigned to them',
    scope: 'assigned-chargers',
    permissions: [
      'sites:read',
      'chargers:read',
      'monitoring:read',
      'alerts:read',
      'transactions:read',
      'finance:read',
      'reports:read',
    ],
  },
  driver: {
    key: 'driver',
    name: 'Driver',
    description: 'Charging customer: own sessions, receipts, wallet, notifications',
    scope: 'self',
    permissions: ['self:sessions', 'self:wallet'],
  },
};

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

export function isPlatformRole(role: RoleKey): boolean {
  return role !== 'custom' && ROLE_DEFINITIONS[role].scope === 'platform';
}

/** A creator can never grant more than it holds. Returns the permissions it may not grant. */
export function permissionsBeyond(held: ReadonlySet<Permission>, requested: readonly Permission[]): Permission[] {
  return requested.filter((p) => !held.has(p));
}

/** Permissions a custom role may contain at all: organization-level ones, never platform administration. */
export const CUSTOM_ROLE_GRANTABLE: readonly Permission[] = PERMISSIONS.filter(
  (p) =>
    ![
      'organizations:write',
      'gateways:configure',
      'audit:read',
      'jobs:read',
      'jobs:write',
      'self:sessions',
      'self:wallet',
    ].includes(p),
);

/** How far each kind of scope reaches, widest first. */
const REACH: Record<ScopeKind, number> = { platform: 3, organization: 2, 'assigned-chargers': 1, self: 0 };

export interface Grantor {
  kind: ScopeKind;
  permissions: ReadonlySet<Permission>;
}

export interface GrantViolations {
  /** Permissions of the role the grantor does not hold. */
  permissions: Permission[];
  /** The role would reach further than the grantor may hand out. */
  widerReach: boolean;
}

/** The permissions a role confers: a built-in role's table entry, or a custom role's stored list. */
export function rolePermissions(role: RoleKey, customPermissions: readonly string[] = []): Permission[] {
  return role === 'custom' ? customPermissions.filter(isPermission) : [...ROLE_DEFINITIONS[role].permissions];
}

/**
 * A creator can never grant more than it holds: every permission of the role, and no wider
 * reach. Platform users may hand out platform roles (their organization restriction bounds them,
 * checked against the organizations); anyone else only built-in roles reaching less than their
 * own, plus custom roles of their organizations — so a CPO grants location owners and custom
 * roles, never another CPO or a platform role.
 */
export function roleGrantViolations(grantor: Grantor, role: RoleKey, customPermissions: readonly string[] = []): GrantViolations {
  const requested = rolePermissions(role, customPermissions);
  // Self permissions reach only the holder's own account; customers are the platform's to create.
  const permissions = permissionsBeyond(grantor.permissions, requested).filter(
    (p) => !(grantor.kind === 'platform' && p.startsWith('self:')),
  );
  const reach = REACH[grantor.kind];
  let widerReach: boolean;
  if (grantor.kind === 'platform') widerReach = false;
  else if (role === 'custom') widerReach = reach < REACH.organization;
  else widerReach = REACH[ROLE_DEFINITIONS[role].scope] >= reach;
  return { permissions, widerReach };
}

export const mayGrantRole = (grantor: Grantor, role: RoleKey, customPermissions: readonly string[] = []): boolean => {
  const violations = roleGrantViolations(grantor, role, customPermissions);
  return violations.permissions.length === 0 && !violations.widerReach;
};

/** Of the requested custom-role permissions, those the grantor may not put in one: not held, or never grantable. */
export function customRolePermissionsBeyond(held: ReadonlySet<Permission>, requested: readonly Permission[]): Permission[] {
  return requested.filter((p) => !held.has(p) || !CUSTOM_ROLE_GRANTABLE.includes(p));
}

/**
 * Whether a requested list of organizations or sites stays within the grantor's (`null` is
 * "no restriction"): an unrestricted grantor may hand out anything, a restricted one only part
 * of its own list, never "unrestricted".
 */
export function reachWithin(held: readonly string[] | null, requested: readonly string[] | null): boolean {
  if (held === null) return true;
  return requested !== null && requested.every((id) => held.includes(id));
}
