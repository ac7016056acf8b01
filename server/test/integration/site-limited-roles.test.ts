/**
 * A custom role limited to one site, holding finance and user permissions, reaches what is on its
 * site and nothing of the rest of its organization: no other site's users, tariffs or campaigns,
 * nothing organization-wide, no payouts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOM_ROLE_GRANTABLE } from '../../src/domain/permissions.js';
import { login, makeCharger, makeCustomRole, makeOrganization, makeSite, makeUser, signedIn } from '../support/factories.js';
import { type ApiClient, apiClient } from '../support/http.js';
import { type TestServer, startTestServer } from '../support/server.js';

const ELEMENTS = [{ price_components: [{ type: 'ENERGY', price: '90.00', step_size: 0 }] }];
const tariff = (organizationId: string, where: object, validFrom = '2026-01-01T00:00:00Z', validTo?: string) => ({
  organizationId,
  name: `Tariff ${Math.random().toString(36).slice(2, 8)}`,
  currency: 'LKR',
  elements: ELEMENTS,
  validFrom,
  ...(validTo ? { validTo } : {}),
  ...where,
});
const campaign = (organizationId: string, where: object) => ({
  organizationId,
  name: 'Everything free',
  kind: 'percent',
  percent: '1',
  validFrom: '2026-01-01T00:00:00Z',
  ...where,
});
const ids = (body: { items: { id: string }[] }) => body.items.map((item) => item.id);

let t: TestServer;
let admin: ApiClient;
let manager: ApiClient;
let org: { id: string };
let siteA: { id: string; organizationId: string };
let siteB: { id: string; organizationId: string };
let ownerA: { id: string; email: string };
let ownerB: { id: string; email: string };
let chargerA: { id: string };
let chargerB: { id: string };
let managerRole: { id: string };

beforeAll(async () => {
  t = await startTestServer();
  admin = (await signedIn(t.url, t.db, 'admin')).api;
  org = await makeOrganization(t.db, { name: 'Two sites' });
  siteA = await makeSite(t.db, org.id, { name: 'Site A' });
  siteB = await makeSite(t.db, org.id, { name: 'Site B' });
  ownerA = await makeUser(t.db, 'location_owner', { organizationId: org.id });
  ownerB = await makeUser(t.db, 'location_owner', { organizationId: org.id });
  chargerA = await makeCharger(t.db, siteA, { locationOwnerId: ownerA.id, locationOwnerShare: '0.05' });
  chargerB = await makeCharger(t.db, siteB, { locationOwnerId: ownerB.id, locationOwnerShare: '0.05' });
  managerRole = await makeCustomRole(t.db, org.id, [...CUSTOM_ROLE_GRANTABLE], [siteA.id]);
  manager = (await signedIn(t.url, t.db, 'custom', { organizationId: org.id, customRoleId: managerRole.id })).api;
});
afterAll(() => t?.close());

describe('a custom role limited to one site', () => {
  it('cannot reset the password of another site’s location owner and sign in as them', async () => {
    const reset = await manager.post(`/api/v1/users/${ownerB.id}/reset-password`, { password: 'taken-over-password-1' });
    expect(reset.status).toBe(404);
    await expect(login(t.url, ownerB.email, 'taken-over-password-1')).rejects.toThrow(/401/);
    // Its own site's owners are its to manage.
    const host = await makeUser(t.db, 'location_owner', { organizationId: org.id });
    await makeCharger(t.db, siteA, { locationOwnerId: host.id });
    expect((await manager.post(`/api/v1/users/${host.id}/reset-password`, { password: 'temporary-password-1' })).status).toBe(
      200,
    );
  });

  it('lists only users whose whole reach lies on its site, and no CPO staff', async () => {
    const cpo = await makeUser(t.db, 'cpo', { organizationId: org.id });
    const bothSites = await makeUser(t.db, 'location_owner', { organizationId: org.id });
    await makeCharger(t.db, siteA, { locationOwnerId: bothSites.id });
    await makeCharger(t.db, siteB, { locationOwnerId: bothSites.id });
    const siteARole = await makeCustomRole(t.db, org.id, ['chargers:read'], [siteA.id]);
    const wideRole = await makeCustomRole(t.db, org.id, ['chargers:read'], [siteA.id, siteB.id]);
    const siteAUser = await makeUser(t.db, 'custom', { organizationId: org.id, customRoleId: siteARole.id });
    const wideUser = await makeUser(t.db, 'custom', { organizationId: org.id, customRoleId: wideRole.id });

    const listed = ids((await manager.get('/api/v1/users?pageSize=200')).body);
    expect(listed).toEqual(expect.arrayContaining([ownerA.id, siteAUser.id]));
    for (const outside of [ownerB.id, cpo.id, bothSites.id, wideUser.id]) expect(listed).not.toContain(outside);
    expect((await manager.get(`/api/v1/users/${bothSites.id}`)).status).toBe(404);
    expect((await manager.patch(`/api/v1/users/${cpo.id}`, { phone: '+94 11 000 0000' })).status).toBe(404);
    // The CPO of the organization still sees everyone.
    const cpoApi = apiClient(t.url, await login(t.url, cpo.email));
    expect(ids((await cpoApi.get('/api/v1/users?pageSize=200')).body)).toEqual(
      expect.arrayContaining([ownerA.id, ownerB.id, bothSites.id, wideUser.id]),
    );
  });

  it('does not see other roles’ sites', async () => {
    const siblingRole = await makeCustomRole(t.db, org.id, ['chargers:read'], [siteB.id]);
    const wholeOrgRole = await makeCustomRole(t.db, org.id, ['chargers:read']);
    const roles = (await manager.get('/api/v1/roles')).body as { id?: string; siteIds?: string[] | null }[];
    const custom = roles.filter((role) => role.id);
    expect(custom.map((role) => role.id)).toContain(managerRole.id);
    expect(custom.map((role) => role.id)).not.toContain(siblingRole.id);
    expect(custom.map((role) => role.id)).not.toContain(wholeOrgRole.id);
    expect(custom.flatMap((role) => role.siteIds ?? [])).not.toContain(siteB.id);
    expect((await manager.get(`/api/v1/roles/${siblingRole.id}`)).status).toBe(404);
  });

  it('offers only its own site’s location owners for its chargers', async () => {
    const fresh = await makeCharger(t.db, siteA);
    const candidates = (await manager.get(`/api/v1/chargers/${fresh.id}/location-owner-candidates`)).body as { id: string }[];
    expect(candidates.map((c) => c.id)).toContain(ownerA.id);
    expect(candidates.map((c) => c.id)).not.toContain(ownerB.id);
    const assigned = await manager.put(`/api/v1/chargers/${fresh.id}/location-owner`, { userId: ownerB.id, share: '0.05' });
    expect(assigned.status).toBe(422);
  });

  it('creates tariffs only on its site and chargers; organization-wide ones are refused', async () => {
    const orgWide = await manager.post('/api/v1/tariffs', tariff(org.id, {}));
    expect(orgWide.status).toBe(403);
    expect(orgWide.body.error.code).toBe('SITE_LIMITED_SCOPE');
    for (const where of [{ siteId: siteB.id }, { chargerId: chargerB.id }, { chargerId: chargerB.id, connectorId: 1 }]) {
      const elsewhere = await manager.post('/api/v1/tariffs', tariff(org.id, where));
      expect(elsewhere.status, JSON.stringify(where)).toBe(403);
      expect(elsewhere.body.error.code).toBe('SITE_LIMITED_SCOPE');
    }
    const own = await manager.post('/api/v1/tariffs', tariff(org.id, { chargerId: chargerA.id }));
    expect(own.status).toBe(201);
    // It cannot move its own tariff off its site either.
    const widened = await manager.patch(`/api/v1/tariffs/${own.body.id}`, { chargerId: null });
    expect(widened.status).toBe(403);
    expect(widened.body.error.code).toBe('SITE_LIMITED_SCOPE');
    const moved = await manager.patch(`/api/v1/tariffs/${own.body.id}`, { chargerId: chargerB.id });
    expect(moved.status).toBe(403);
  });

  it('neither sees, edits nor re-prices organization-wide tariffs', async () => {
    const orgWide = await admin.post('/api/v1/tariffs', tariff(org.id, {}, '2025-01-01T00:00:00Z'));
    const siteBTariff = await admin.post('/api/v1/tariffs', tariff(org.id, { siteId: siteB.id }, '2025-01-01T00:00:00Z'));
    const siteATariff = await admin.post('/api/v1/tariffs', tariff(org.id, { siteId: siteA.id }, '2025-01-01T00:00:00Z'));
    expect([orgWide.status, siteBTariff.status, siteATariff.status]).toEqual([201, 201, 201]);

    const listed = ids((await manager.get(`/api/v1/tariffs?pageSize=200&organizationId=${org.id}`)).body);
    expect(listed).toContain(siteATariff.body.id);
    expect(listed).not.toContain(orgWide.body.id);
    expect(listed).not.toContain(siteBTariff.body.id);
    expect((await manager.get(`/api/v1/tariffs/${orgWide.body.id}`)).status).toBe(404);
    expect((await manager.patch(`/api/v1/tariffs/${orgWide.body.id}`, { name: 'Mine now' })).status).toBe(404);
    const run = await manager.post(`/api/v1/tariffs/${siteATariff.body.id}/reprice`, {
      from: '2025-01-01T00:00:00Z',
      to: '2026-01-01T00:00:00Z',
      reason: 'Correction',
    });
    expect(run.status).toBe(403);
    expect(run.body.error.code).toBe('SITE_LIMITED_SCOPE');
  });

  it('cannot create an organization-wide 100 % campaign, nor see or edit one', async () => {
    const created = await manager.post('/api/v1/campaigns', campaign(org.id, {}));
    expect(created.status).toBe(403);
    expect(created.body.error.code).toBe('SITE_LIMITED_SCOPE');
    expect((await manager.post('/api/v1/campaigns', campaign(org.id, { siteId: siteB.id }))).status).toBe(403);

    const own = await manager.post('/api/v1/campaigns', campaign(org.id, { siteId: siteA.id, percent: '0.1' }));
    expect(own.status).toBe(201);
    const widened = await manager.patch(`/api/v1/campaigns/${own.body.id}`, { siteId: null });
    expect(widened.status).toBe(403);
    expect(widened.body.error.code).toBe('SITE_LIMITED_SCOPE');

    const orgWide = await admin.post('/api/v1/campaigns', campaign(org.id, { percent: '0.05' }));
    const listed = ids((await manager.get(`/api/v1/campaigns?pageSize=200&organizationId=${org.id}`)).body);
    expect(listed).toContain(own.body.id);
    expect(listed).not.toContain(orgWide.body.id);
    expect((await manager.patch(`/api/v1/campaigns/${orgWide.body.id}`, { percent: '1' })).status).toBe(404);
  });

  it('records no payouts, as it reads none', async () => {
    const recorded = await manager.post('/api/v1/payouts', { organizationId: org.id, amountMinor: 1, paidOn: '2026-01-01' });
    expect(recorded.status).toBe(403);
    expect(recorded.body.error.code).toBe('SITE_LIMITED_SCOPE');
    expect((await manager.get('/api/v1/payouts/balances')).status).toBe(403);
  });

  it('answers organization-level refusals with one stable code', async () => {
    for (const refused of [
      await manager.get('/api/v1/payouts/balances'),
      await manager.get('/api/v1/invoices'),
      await manager.post('/api/v1/invoices', { organizationId: org.id }),
      await manager.get('/api/v1/id-tokens'),
      await manager.post('/api/v1/sites', { organizationId: org.id, name: 'Site C', timeZone: 'Asia/Colombo' }),
    ]) {
      expect([refused.status, refused.body.error.code]).toEqual([403, 'SITE_LIMITED_SCOPE']);
    }
  });
});

describe('a location owner', () => {
  it('sees the tariffs of its own chargers and sites, not those of other hosts', async () => {
    const [from, to] = ['2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z'];
    const other = await admin.post('/api/v1/tariffs', tariff(org.id, { chargerId: chargerB.id }, from, to));
    const mine = await admin.post('/api/v1/tariffs', tariff(org.id, { chargerId: chargerA.id }, from, to));
    expect([other.status, mine.status]).toEqual([201, 201]);
    const host = apiClient(t.url, await login(t.url, ownerA.email));
    const listed = ids((await host.get('/api/v1/tariffs?pageSize=200')).body);
    expect(listed).toContain(mine.body.id);
    expect(listed).not.toContain(other.body.id);
    expect((await host.get(`/api/v1/tariffs/${other.body.id}`)).status).toBe(404);
  });
});
