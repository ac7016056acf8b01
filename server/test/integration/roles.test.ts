import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstSignIn, makeCustomRole, makeOrganization, makeSite, makeUser, signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let admin: ApiClient;
beforeAll(async () => {
  t = await startTestServer();
  admin = (await signedIn(t.url, t.db, 'admin')).api;
});
afterAll(() => t?.close());

const INITIAL = 'initial-password-1';
let counter = 0;
const newEmail = () => `role-user-${++counter}-${Date.now()}@roles.example`;

async function cpoSetup() {
  const org = await makeOrganization(t.db, { name: 'Lanka EV' });
  const sub = await makeOrganization(t.db, { name: 'Lanka EV Hotels', parentId: org.id });
  const cpo = (await signedIn(t.url, t.db, 'cpo', { organizationId: org.id })).api;
  return { org, sub, cpo };
}

type Role = { builtIn: boolean; key: string; id?: string; name: string; assignable: boolean };

describe('reading roles and permissions', () => {
  it('lists the seven built-in roles read-only and only the custom roles in the caller’s scope', async () => {
    const { org, sub, cpo } = await cpoSetup();
    const own = await makeCustomRole(t.db, org.id, ['chargers:read']);
    const inSub = await makeCustomRole(t.db, sub.id, ['transactions:read']);
    const foreign = await makeCustomRole(t.db, (await makeOrganization(t.db)).id, ['chargers:read']);
    await makeUser(t.db, 'custom', { organizationId: org.id, customRoleId: own.id });

    const response = await cpo.get('/api/v1/roles');
    expect(response.status).toBe(200);
    const roles: Role[] = response.body;
    expect(roles.filter((r) => r.builtIn).map((r) => r.key)).toEqual([
      'admin',
      'technical',
      'accounts',
      'network_manager',
      'cpo',
      'location_owner',
      'driver',
    ]);
    expect(roles.find((r) => r.key === 'cpo')).toMatchObject({
      name: 'CPO',
      scope: 'organization',
      assignable: false,
      permissions: expect.arrayContaining(['chargers:read']),
    });
    expect(roles.find((r) => r.key === 'location_owner')?.assignable).toBe(true);
    const custom = roles.filter((r) => !r.builtIn);
    expect(custom.map((r) => r.id).sort()).toEqual([own.id, inSub.id].sort());
    expect(custom.map((r) => r.id)).not.toContain(foreign.id);
    expect(custom.find((r) => r.id === own.id)).toMatchObject({
      key: 'custom',
      organizationId: org.id,
      organizationName: 'Lanka EV',
      permissions: ['chargers:read'],
      siteIds: null,
      scope: 'organization',
      userCount: 1,
      assignable: true,
    });
    const onlySub = (await cpo.get(`/api/v1/roles?organizationId=${sub.id}`)).body as Role[];
    expect(onlySub.filter((r) => !r.builtIn).map((r) => r.id)).toEqual([inSub.id]);
    expect((await cpo.get(`/api/v1/roles/${foreign.id}`)).status).toBe(404);
    expect((await cpo.get('/api/v1/roles/driver')).body).toMatchObject({
      builtIn: true,
      key: 'driver',
      permissions: ['self:sessions', 'self:wallet'],
    });
  });

  it('lists every permission with the ones the caller holds and may grant', async () => {
    const { cpo } = await cpoSetup();
    const cpoView = (await cpo.get('/api/v1/permissions')).body as { key: string; held: boolean; grantable: boolean }[];
    const of = (list: typeof cpoView, key: string) => {
      const found = list.find((p) => p.key === key);
      if (!found) return undefined;
      const { area, name, description, ...rest } = found as typeof found & { area: string; name: string; description: string };
      expect([area, name, description].every((text) => text.length > 0)).toBe(true);
      return rest;
    };
    expect(cpoView).toHaveLength(34);
    // A CPO holds messages:write and may put it in a custom role (docs/driver-messages.md).
    expect(of(cpoView, 'messages:write')).toEqual({ key: 'messages:write', held: true, grantable: true });
    // Each comes with its name, group and a line on what it allows, for the role editor.
    expect(cpoView.find((p) => p.key === 'chargers:assign-owner')).toMatchObject({
      area: 'Chargers',
      name: 'Assign location owners',
      description: expect.stringContaining('location owner'),
    });
    expect(of(cpoView, 'chargers:read')).toEqual({ key: 'chargers:read', held: true, grantable: true });
    expect(of(cpoView, 'chargers:write')).toEqual({ key: 'chargers:write', held: false, grantable: false });
    // A CPO reads its organization's payments (and may put that in a custom role); moving money is Accounts'.
    expect(of(cpoView, 'payments:read')).toEqual({ key: 'payments:read', held: true, grantable: true });
    expect(of(cpoView, 'payments:write')).toEqual({ key: 'payments:write', held: false, grantable: false });
    const adminView = (await admin.get('/api/v1/permissions')).body as typeof cpoView;
    expect(of(adminView, 'chargers:write')?.grantable).toBe(true);
    expect(of(adminView, 'organizations:write')).toEqual({ key: 'organizations:write', held: true, grantable: false });
    expect(of(adminView, 'audit:read')?.grantable).toBe(false);
    // Background jobs are platform operations: held by the admin, never put in a custom role.
    expect(of(adminView, 'jobs:write')).toEqual({ key: 'jobs:write', held: true, grantable: false });
    expect(of(cpoView, 'jobs:read')).toEqual({ key: 'jobs:read', held: false, grantable: false });
  });
});

describe('custom roles', () => {
  it('a CPO creates a role from its own permissions; its users get exactly those, scoped to the organization tree', async () => {
    const { org, sub, cpo } = await cpoSetup();
    const created = await cpo.post('/api/v1/roles', {
      organizationId: org.id,
      name: 'Facility manager',
      description: 'Looks after the car park',
      permissions: ['transactions:read', 'chargers:read'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      builtIn: false,
      name: 'Facility manager',
      organizationName: 'Lanka EV',
      permissions: ['chargers:read', 'transactions:read'],
      userCount: 0,
    });

    const email = newEmail();
    const user = await cpo.post('/api/v1/users', {
      email,
      name: 'Farah',
      role: 'custom',
      customRoleId: created.body.id,
      password: INITIAL,
    });
    expect(user.status).toBe(201);
    const { me, api } = await firstSignIn(t.url, email, INITIAL);
    expect(me.user).toMatchObject({ role: 'custom', roleName: 'Facility manager', organizationId: org.id });
    expect(me.permissions).toEqual(['chargers:read', 'transactions:read']);
    expect(me.scope).toEqual({
      kind: 'organization',
      organizationIds: expect.arrayContaining([org.id, sub.id]),
      siteIds: null,
      chargerIds: null,
    });
    expect(me.scope.organizationIds).toHaveLength(2);
    const refused = await api.get('/api/v1/organizations');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');

    // A change to the role applies to its users at once.
    expect(
      (await cpo.patch(`/api/v1/roles/${created.body.id}`, { permissions: ['chargers:read', 'organizations:read'] })).status,
    ).toBe(200);
    expect((await api.get('/api/v1/me')).body.permissions).toEqual(['chargers:read', 'organizations:read']);
    expect((await api.get('/api/v1/organizations')).status).toBe(200);
  });

  it('a site-scoped role limits its users to the chosen sites', async () => {
    const { org, sub, cpo } = await cpoSetup();
    const hotelSite = await makeSite(t.db, sub.id, { name: 'Hotel car park' });
    await makeSite(t.db, org.id, { name: 'Head office' });
    const role = await cpo.post('/api/v1/roles', {
      organizationId: org.id,
      name: 'Hotel operator',
      permissions: ['chargers:read', 'monitoring:read'],
      siteIds: [hotelSite.id],
    });
    expect(role.status).toBe(201);
    expect(role.body).toMatchObject({ scope: 'sites', siteIds: [hotelSite.id] });
    const email = newEmail();
    expect(
      (
        await cpo.post('/api/v1/users', {
          email,
          name: 'Hotelier',
          role: 'custom',
          customRoleId: role.body.id,
          password: INITIAL,
        })
      ).status,
    ).toBe(201);
    const { me } = await firstSignIn(t.url, email, INITIAL);
    expect(me.scope).toMatchObject({ kind: 'organization', siteIds: [hotelSite.id] });
    expect(me.permissions).toEqual(['chargers:read', 'monitoring:read']);
  });

  it('refuses permissions the creator does not hold or that no custom role may carry, naming them', async () => {
    const { org, cpo } = await cpoSetup();
    const escalated = await cpo.post('/api/v1/roles', {
      organizationId: org.id,
      name: 'Sneaky',
      permissions: ['chargers:read', 'chargers:write', 'chargers:command'],
    });
    expect(escalated.status).toBe(403);
    expect(escalated.body.error.code).toBe('PERMISSION_ESCALATION');
    expect(escalated.body.error.details.permissions).toEqual(['chargers:write', 'chargers:command']);
    const platformOnly = await admin.post('/api/v1/roles', {
      organizationId: org.id,
      name: 'Auditor',
      permissions: ['audit:read', 'organizations:write'],
    });
    expect(platformOnly.status).toBe(403);
    expect(platformOnly.body.error.details.permissions).toEqual(['audit:read', 'organizations:write']);
    const roles = (await admin.get(`/api/v1/roles?organizationId=${org.id}`)).body as Role[];
    expect(roles.filter((r) => !r.builtIn)).toEqual([]);
  });

  it.each([
    ['an unknown field', { colour: 'red' }, 400, 'VALIDATION_FAILED'],
    ['an unknown permission', { permissions: ['chargers:fly'] }, 400, 'VALIDATION_FAILED'],
    ['an empty site list', { siteIds: [] }, 400, 'VALIDATION_FAILED'],
    ['a site that does not exist', { siteIds: ['00000000-0000-4000-8000-000000000000'] }, 422, 'UNPROCESSABLE'],
  ])('refuses %s', async (_label, change, status, code) => {
    const { org, cpo } = await cpoSetup();
    const response = await cpo.post('/api/v1/roles', {
      organizationId: org.id,
      name: 'Refused',
      permissions: ['chargers:read'],
      ...change,
    });
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
  });

  it("refuses another organization, or another organization's site", async () => {
    const { org, cpo } = await cpoSetup();
    const foreign = await makeOrganization(t.db);
    const foreignSite = await makeSite(t.db, foreign.id);
    const elsewhere = await cpo.post('/api/v1/roles', {
      organizationId: foreign.id,
      name: 'Elsewhere',
      permissions: ['chargers:read'],
    });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.error.details.field).toBe('organizationId');
    const wrongSite = await admin.post('/api/v1/roles', {
      organizationId: org.id,
      name: 'Wrong site',
      permissions: ['chargers:read'],
      siteIds: [foreignSite.id],
    });
    expect(wrongSite.status).toBe(422);
    expect(wrongSite.body.error.details).toEqual({ field: 'siteIds', siteIds: [foreignSite.id] });
  });

  it('role names are unique within an organization, not across organizations', async () => {
    const { org, cpo } = await cpoSetup();
    const other = await makeOrganization(t.db);
    expect((await cpo.post('/api/v1/roles', { organizationId: org.id, name: 'Controller', permissions: [] })).status).toBe(201);
    const again = await cpo.post('/api/v1/roles', { organizationId: org.id, name: 'Controller', permissions: ['chargers:read'] });
    expect(again.status).toBe(409);
    expect((await admin.post('/api/v1/roles', { organizationId: other.id, name: 'Controller', permissions: [] })).status).toBe(
      201,
    );
  });

  it('a CPO cannot widen a role past its own permissions, nor change a role an admin made more powerful', async () => {
    const { org, cpo } = await cpoSetup();
    const own = await cpo.post('/api/v1/roles', { organizationId: org.id, name: 'Viewer', permissions: ['chargers:read'] });
    const widen = await cpo.patch(`/api/v1/roles/${own.body.id}`, { permissions: ['chargers:read', 'grid:write'] });
    expect(widen.status).toBe(403);
    expect(widen.body.error.details.permissions).toEqual(['grid:write']);
    const mighty = await makeCustomRole(t.db, org.id, ['chargers:write']);
    const rename = await cpo.patch(`/api/v1/roles/${mighty.id}`, { name: 'Mine' });
    expect(rename.status).toBe(403);
    expect((await cpo.delete(`/api/v1/roles/${mighty.id}`)).status).toBe(403);
    expect((await admin.get(`/api/v1/roles/${own.body.id}`)).body.permissions).toEqual(['chargers:read']);
  });

  it('deletes only a role no user has', async () => {
    const { org, cpo } = await cpoSetup();
    const role = await cpo.post('/api/v1/roles', { organizationId: org.id, name: 'Temporary', permissions: ['chargers:read'] });
    const holder = await makeUser(t.db, 'custom', { organizationId: org.id, customRoleId: role.body.id });
    const inUse = await cpo.delete(`/api/v1/roles/${role.body.id}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.error).toMatchObject({ code: 'IN_USE', details: { userCount: 1 } });
    expect((await cpo.patch(`/api/v1/users/${holder.id}`, { role: 'location_owner' })).status).toBe(200);
    expect((await cpo.delete(`/api/v1/roles/${role.body.id}`)).status).toBe(204);
    expect((await cpo.get(`/api/v1/roles/${role.body.id}`)).status).toBe(404);
  });

  it("built-in roles are read-only, and another organization's roles are invisible", async () => {
    const { cpo } = await cpoSetup();
    for (const response of [
      await admin.patch('/api/v1/roles/cpo', { name: 'Boss' }),
      await admin.delete('/api/v1/roles/admin'),
    ]) {
      expect(response.status).toBe(405);
      expect(response.body.error.code).toBe('BUILT_IN_ROLE_READ_ONLY');
    }
    const foreign = await makeCustomRole(t.db, (await makeOrganization(t.db)).id, ['chargers:read']);
    expect((await cpo.patch(`/api/v1/roles/${foreign.id}`, { name: 'Mine' })).status).toBe(404);
    expect((await cpo.delete(`/api/v1/roles/${foreign.id}`)).status).toBe(404);
    expect((await admin.get(`/api/v1/roles/${foreign.id}`)).body.name).toBe(foreign.name);
  });

  it('records creation, changes and deletion in the audit trail', async () => {
    const org = await makeOrganization(t.db);
    const role = await admin.post('/api/v1/roles', {
      organizationId: org.id,
      name: 'Fleet manager',
      permissions: ['transactions:read'],
    });
    await admin.patch(`/api/v1/roles/${role.body.id}`, {
      name: 'Fleet lead',
      permissions: ['transactions:read', 'reports:read'],
    });
    await admin.delete(`/api/v1/roles/${role.body.id}`);
    const entries = await admin.get(`/api/v1/audit?entityType=custom_role&entityId=${role.body.id}`);
    expect(entries.body.items.map((e: { action: string }) => e.action)).toEqual(['delete', 'update', 'create']);
    expect(entries.body.items[1]).toMatchObject({
      organizationId: org.id,
      changes: {
        name: { before: 'Fleet manager', after: 'Fleet lead' },
        permissions: { before: ['transactions:read'], after: ['reports:read', 'transactions:read'] },
      },
    });
  });
});
