import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_ROLES,
  type BuiltInRole,
  type Grantor,
  type Permission,
  ROLE_DEFINITIONS,
  type RoleKey,
  customRolePermissionsBeyond,
  mayGrantRole,
  reachWithin,
  roleGrantViolations,
} from '../../src/domain/permissions.js';

const grantorOf = (role: BuiltInRole): Grantor => ({
  kind: ROLE_DEFINITIONS[role].scope,
  permissions: new Set(ROLE_DEFINITIONS[role].permissions),
});
const customGrantor = (permissions: Permission[]): Grantor => ({ kind: 'organization', permissions: new Set(permissions) });

describe('roleGrantViolations: who may hand out which role', () => {
  // Holding users:write is the route's check; this is only what the role would confer.
  const expected: Partial<Record<BuiltInRole, readonly RoleKey[]>> = {
    admin: [...BUILT_IN_ROLES],
    cpo: ['location_owner'],
    accounts: ['accounts', 'driver'],
    location_owner: [],
    driver: [],
  };
  for (const [grantor, allowedRoles] of Object.entries(expected) as [BuiltInRole, readonly RoleKey[]][]) {
    for (const role of BUILT_IN_ROLES) {
      const allowed = allowedRoles.includes(role);
      it(`${grantor} ${allowed ? 'may' : 'may not'} grant ${role}`, () => {
        expect(mayGrantRole(grantorOf(grantor), role)).toBe(allowed);
      });
    }
  }

  it('refuses a CPO creating another CPO for reach, not for permissions', () => {
    expect(roleGrantViolations(grantorOf('cpo'), 'cpo')).toEqual({ permissions: [], widerReach: true });
  });

  it('refuses a CPO creating a driver for the self permissions it lacks', () => {
    expect(roleGrantViolations(grantorOf('cpo'), 'driver')).toEqual({
      permissions: ['self:sessions', 'self:wallet'],
      widerReach: false,
    });
  });

  it('lets a platform user hand out the driver role although it holds no self permissions', () => {
    expect(roleGrantViolations(grantorOf('admin'), 'driver')).toEqual({ permissions: [], widerReach: false });
  });

  it('lists the admin permissions a CPO lacks', () => {
    const violations = roleGrantViolations(grantorOf('cpo'), 'admin');
    expect(violations.widerReach).toBe(true);
    expect(violations.permissions).toContain('chargers:write');
    expect(violations.permissions).not.toContain('chargers:read');
  });

  it.each([
    [['chargers:read'], true],
    [['chargers:read', 'users:read'], true],
    [['chargers:read', 'chargers:write'], false],
    [['self:wallet'], false],
    // A CPO messages its drivers, and may hand that to a custom role (a communications officer).
    [['messages:write'], true],
    [[], true],
  ] as const)('a CPO granting a custom role with %j: %s', (permissions, allowed) => {
    expect(mayGrantRole(grantorOf('cpo'), 'custom', permissions)).toBe(allowed);
  });

  it('a custom-role user without messages:write cannot grant it', () => {
    const grantor = customGrantor(['users:write', 'chargers:read']);
    expect(mayGrantRole(grantor, 'custom', ['messages:write'])).toBe(false);
  });

  it('lets a custom-role user with user administration grant custom roles and location owners within its permissions', () => {
    const grantor = customGrantor([
      'users:write',
      'chargers:read',
      'sites:read',
      'monitoring:read',
      'alerts:read',
      'transactions:read',
      'finance:read',
      'reports:read',
    ]);
    expect(mayGrantRole(grantor, 'custom', ['chargers:read'])).toBe(true);
    expect(mayGrantRole(grantor, 'location_owner')).toBe(true);
    // Without one of the location owner's permissions it may not hand the role out.
    expect(mayGrantRole(customGrantor(['users:write', 'sites:read', 'chargers:read', 'finance:read']), 'location_owner')).toBe(
      false,
    );
    expect(mayGrantRole(grantor, 'custom', ['users:write', 'roles:write'])).toBe(false);
    expect(mayGrantRole(grantor, 'cpo')).toBe(false);
  });

  it('ignores unknown stored permission names instead of treating them as grants', () => {
    expect(roleGrantViolations(grantorOf('cpo'), 'custom', ['chargers:read', 'made:up'])).toEqual({
      permissions: [],
      widerReach: false,
    });
  });
});

describe('customRolePermissionsBeyond', () => {
  const admin = new Set(ROLE_DEFINITIONS.admin.permissions);
  const cpo = new Set(ROLE_DEFINITIONS.cpo.permissions);
  it.each([
    [cpo, ['chargers:read', 'reports:read'], []],
    [cpo, ['chargers:read', 'chargers:write', 'chargers:command'], ['chargers:write', 'chargers:command']],
    [admin, ['chargers:write', 'users:write'], []],
    [
      admin,
      ['organizations:write', 'audit:read', 'gateways:configure'],
      ['organizations:write', 'audit:read', 'gateways:configure'],
    ],
    [admin, ['self:sessions'], ['self:sessions']],
  ] as const)('%#: %j → %j', (held, requested, beyond) => {
    expect(customRolePermissionsBeyond(held, requested)).toEqual(beyond);
  });
});

describe('reachWithin', () => {
  it.each([
    [null, null, true],
    [null, ['a'], true],
    [['a', 'b'], ['a'], true],
    [['a', 'b'], [], true],
    [['a', 'b'], ['a', 'c'], false],
    [['a'], null, false],
    [[], ['a'], false],
  ] as const)('held %j, requested %j → %s', (held, requested, within) => {
    expect(reachWithin(held, requested)).toBe(within);
  });
});
