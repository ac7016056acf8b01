import {
  type BuiltInRole,
  type Permission,
  ROLE_DEFINITIONS,
  type RoleKey,
  type ScopeKind,
  isPermission,
} from './permissions.js';
import { AppError } from '../errors.js';

/**
 * What one user may reach. `null` means "no restriction at this level"; an empty list means nothing.
 * Every query that reads tenant data takes a Scope.
 */
export interface Scope {
  userId: string;
  role: RoleKey;
  kind: ScopeKind;
  permissions: ReadonlySet<Permission>;
  /** The user's own organization (null for unrestricted platform users). */
  homeOrganizationId: string | null;
  organizationIds: readonly string[] | null;
  siteIds: readonly string[] | null;
  chargerIds: readonly string[] | null;
}

export interface ScopeInputs {
  userId: string;
  role: RoleKey;
  organizationId: string | null;
  organizationRestriction: readonly string[] | null;
  /** The user's organization and all its descendants (organization-scoped roles). */
  organizationTree: readonly string[];
  /** For location owners: the chargers assigned to them and the sites those are at. */
  assignedChargerIds: readonly string[];
  assignedSiteIds: readonly string[];
  /** A location owner may host chargers of its CPO's parent or sub-organizations too. */
  assignedOrganizationIds: readonly string[];
  customRole: { permissions: readonly string[]; siteIds: readonly string[] | null } | null;
}

export function scopeFor(input: ScopeInputs): Scope {
  const base = { userId: input.userId, role: input.role, homeOrganizationId: input.organizationId };
  if (input.role === 'custom') {
    const role = input.customRole;
    return {
      ...base,
      kind: 'organization',
      permissions: new Set((role?.permissions ?? []).filter(isPermission)),
      organizationIds: input.organizationTree,
      siteIds: role?.siteIds ?? null,
      chargerIds: null,
    };
  }
  const definition = ROLE_DEFINITIONS[input.role as BuiltInRole];
  const permissions = new Set(definition.permissions);
  switch (definition.scope) {
    case 'platform':
      return {
        ...base,
        kind: 'platform',
        permissions,
        organizationIds: input.organizationRestriction,
        siteIds: null,
        chargerIds: null,
      };
    case 'organization':
      return {
        ...base,
        kind: 'organization',
        permissions,
        organizationIds: input.organizationTree,
        siteIds: null,
        chargerIds: null,
      };
    case 'assigned-chargers':
      return {
        ...base,
        kind: 'assigned-chargers',
        permissions,
        organizationIds: input.assignedOrganizationIds,
        siteIds: input.assignedSiteIds,
        chargerIds: input.assignedChargerIds,
      };
    case 'self':
      return { ...base, kind: 'self', permissions, organizationIds: [], siteIds: [], chargerIds: [] };
  }
}

export function hasPermission(scope: Scope, permission: Permission): boolean {
  return scope.permissions.has(permission);
}

export function canReachOrganization(scope: Scope, organizationId: string): boolean {
  return scope.organizationIds === null || scope.organizationIds.includes(organizationId);
}

export function canReachSite(scope: Scope, site: { id: string; organizationId: string }): boolean {
  return canReachOrganization(scope, site.organizationId) && (scope.siteIds === null || scope.siteIds.includes(site.id));
}

export function canReachCharger(scope: Scope, charger: { id: string; organizationId: string; siteId: string }): boolean {
  return (
    canReachSite(scope, { id: charger.siteId, organizationId: charger.organizationId }) &&
    (scope.chargerIds === null || scope.chargerIds.includes(charger.id))
  );
}

/** A user whose scope is one organization tree may only manage things inside it; platform users anywhere in their list. */
export function isWholeOrganizationScope(scope: Scope): boolean {
  return scope.siteIds === null && scope.chargerIds === null;
}

/**
 * Organization-level things (organization-wide tariffs and campaigns, payouts, invoices, re-pricing
 * runs) belong to no site: a role limited to chosen sites or assigned chargers reaches none of them.
 */
export function assertWholeOrganization(scope: Scope, what: string): void {
  if (!isWholeOrganizationScope(scope))
    throw new AppError(
      'SITE_LIMITED_SCOPE',
      `${what} belong to the whole organization, and your role reaches only some of its sites`,
    );
}

/**
 * Whether a tariff's or campaign's assignment is in reach: a site- or charger-level one when the
 * site (or charger) is; an organization-level one only for whole-organization scopes.
 */
export function canReachAssignment(
  scope: Scope,
  assignment: {
    organizationId: string;
    siteId: string | null;
    charger: { id: string; organizationId: string; siteId: string } | null;
  },
): boolean {
  const { organizationId, siteId, charger } = assignment;
  if (charger) return canReachCharger(scope, charger);
  if (siteId) return canReachSite(scope, { id: siteId, organizationId });
  return canReachOrganization(scope, organizationId) && isWholeOrganizationScope(scope);
}
