import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_ROLES,
  PERMISSIONS,
  ROLE_DEFINITIONS,
  type Permission,
  permissionsBeyond,
} from '../../src/domain/permissions.js';
import {
  assertWholeOrganization,
  canReachAssignment,
  canReachCharger,
  canReachOrganization,
  canReachSite,
  scopeFor,
} from '../../src/domain/scope.js';

const can = (role: keyof typeof ROLE_DEFINITIONS, permission: Permission) =>
  ROLE_DEFINITIONS[role].permissions.includes(permission);

describe('the permission table (the roles of docs/roles.md)', () => {
  it('Admin can do everything tenant-facing', () => {
    for (const p of PERMISSIONS.filter((p) => !p.startsWith('self:'))) expect(can('admin', p)).toBe(true);
  });

  it.each([
    ['technical', 'users:write', false],
    ['technical', 'roles:write', false],
    ['technical', 'gateways:configure', false],
    ['technical', 'chargers:command', true],
    ['technical', 'invoices:write', true],
    ['accounts', 'invoices:write', true],
    ['accounts', 'payments:write', true],
    ['accounts', 'wallets:write', true],
    ['accounts', 'chargers:read', true],
    ['accounts', 'chargers:write', false],
    ['accounts', 'chargers:command', false],
    ['network_manager', 'chargers:command', true],
    ['network_manager', 'grid:write', true],
    ['network_manager', 'alerts:write', true],
    ['network_manager', 'invoices:read', false],
    ['network_manager', 'users:write', false],
    ['cpo', 'chargers:read', true],
    ['cpo', 'chargers:write', false],
    ['cpo', 'chargers:command', false],
    ['cpo', 'chargers:assign-owner', true],
    ['cpo', 'invoices:read', true],
    ['cpo', 'invoices:write', false],
    ['cpo', 'users:write', true],
    ['cpo', 'organizations:write', false],
    ['location_owner', 'chargers:read', true],
    ['location_owner', 'finance:read', true],
    ['location_owner', 'users:read', false],
    ['location_owner', 'invoices:read', false],
    ['driver', 'self:sessions', true],
    ['driver', 'chargers:read', false],
    ['driver', 'organizations:read', false],
  ] as const)('%s %s → %s', (role, permission, expected) => {
    expect(can(role, permission)).toBe(expected);
  });

  it('every built-in role is defined with a scope and only known permissions', () => {
    for (const role of BUILT_IN_ROLES) {
      expect(ROLE_DEFINITIONS[role].permissions.every((p) => (PERMISSIONS as readonly string[]).includes(p))).toBe(true);
    }
  });

  it('names what a creator may not grant', () => {
    const cpo = new Set(ROLE_DEFINITIONS.cpo.permissions);
    expect(permissionsBeyond(cpo, ['chargers:read', 'chargers:write', 'users:read'])).toEqual(['chargers:write']);
    expect(permissionsBeyond(cpo, ROLE_DEFINITIONS.location_owner.permissions)).toEqual([]);
  });
});

describe('scope rules', () => {
  const inputs = {
    userId: 'u1',
    organizationId: 'org-a',
    organizationRestriction: null,
    organizationTree: ['org-a', 'org-a-sub'],
    assignedChargerIds: ['ch-1'],
    assignedSiteIds: ['site-1'],
    assignedOrganizationIds: ['org-a'],
    customRole: null,
  };

  it('platform roles see every organization unless restricted to a list', () => {
    const open = scopeFor({ ...inputs, role: 'accounts', organizationId: null });
    expect(canReachOrganization(open, 'anything')).toBe(true);
    const restricted = scopeFor({ ...inputs, role: 'accounts', organizationId: null, organizationRestriction: ['org-b'] });
    expect(canReachOrganization(restricted, 'org-b')).toBe(true);
    expect(canReachOrganization(restricted, 'org-a')).toBe(false);
  });

  it('a CPO sees its organization and its sub-organizations, nothing else', () => {
    const cpo = scopeFor({ ...inputs, role: 'cpo' });
    expect(canReachOrganization(cpo, 'org-a')).toBe(true);
    expect(canReachOrganization(cpo, 'org-a-sub')).toBe(true);
    expect(canReachOrganization(cpo, 'org-b')).toBe(false);
    expect(canReachCharger(cpo, { id: 'any', organizationId: 'org-a-sub', siteId: 'any-site' })).toBe(true);
  });

  it('a location owner reaches only the chargers assigned to them', () => {
    const owner = scopeFor({ ...inputs, role: 'location_owner' });
    expect(canReachCharger(owner, { id: 'ch-1', organizationId: 'org-a', siteId: 'site-1' })).toBe(true);
    expect(canReachCharger(owner, { id: 'ch-2', organizationId: 'org-a', siteId: 'site-1' })).toBe(false);
    expect(canReachSite(owner, { id: 'site-2', organizationId: 'org-a' })).toBe(false);
  });

  it('a driver reaches no organization data', () => {
    const driver = scopeFor({ ...inputs, role: 'driver' });
    expect(canReachOrganization(driver, 'org-a')).toBe(false);
    expect(driver.permissions.has('self:sessions')).toBe(true);
  });

  it('a custom role has exactly its permissions, limited to its sites when it names some', () => {
    const custom = scopeFor({
      ...inputs,
      role: 'custom',
      customRole: { permissions: ['chargers:read', 'bogus:perm'], siteIds: ['site-9'] },
    });
    expect([...custom.permissions]).toEqual(['chargers:read']);
    expect(canReachSite(custom, { id: 'site-9', organizationId: 'org-a' })).toBe(true);
    expect(canReachSite(custom, { id: 'site-1', organizationId: 'org-a' })).toBe(false);
    expect(canReachSite(custom, { id: 'site-9', organizationId: 'org-b' })).toBe(false);
  });

  it('a tariff or campaign is in reach of a site-limited role only where it applies on its sites', () => {
    const custom = scopeFor({ ...inputs, role: 'custom', customRole: { permissions: ['finance:read'], siteIds: ['site-9'] } });
    const cpo = scopeFor({ ...inputs, role: 'cpo' });
    const onSite9 = { id: 'ch-9', organizationId: 'org-a', siteId: 'site-9' };
    const onSite1 = { id: 'ch-1', organizationId: 'org-a', siteId: 'site-1' };
    expect(canReachAssignment(custom, { organizationId: 'org-a', siteId: 'site-9', charger: null })).toBe(true);
    expect(canReachAssignment(custom, { organizationId: 'org-a', siteId: null, charger: onSite9 })).toBe(true);
    expect(canReachAssignment(custom, { organizationId: 'org-a', siteId: 'site-1', charger: null })).toBe(false);
    expect(canReachAssignment(custom, { organizationId: 'org-a', siteId: null, charger: onSite1 })).toBe(false);
    // Organization-wide: whole-organization scopes only.
    expect(canReachAssignment(custom, { organizationId: 'org-a', siteId: null, charger: null })).toBe(false);
    expect(canReachAssignment(cpo, { organizationId: 'org-a', siteId: null, charger: null })).toBe(true);
    expect(canReachAssignment(cpo, { organizationId: 'org-b', siteId: null, charger: null })).toBe(false);
  });

  it('organization-level things refuse site-limited scopes with SITE_LIMITED_SCOPE', () => {
    const custom = scopeFor({ ...inputs, role: 'custom', customRole: { permissions: ['payments:write'], siteIds: ['site-9'] } });
    expect(() => assertWholeOrganization(custom, 'Payouts')).toThrow(
      expect.objectContaining({ code: 'SITE_LIMITED_SCOPE', status: 403 }),
    );
    expect(() => assertWholeOrganization(scopeFor({ ...inputs, role: 'cpo' }), 'Payouts')).not.toThrow();
  });
});
