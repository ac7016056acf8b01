import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChargerPassword } from '../../src/auth/charger-passwords.js';
import { chargers } from '../../src/db/schema/index.js';
import { makeCharger, makeCustomRole, makeOrganization, makeSite, makeUser, signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let admin: ApiClient;
let manager: ApiClient;
beforeAll(async () => {
  t = await startTestServer();
  admin = (await signedIn(t.url, t.db, 'admin')).api;
  manager = (await signedIn(t.url, t.db, 'network_manager')).api;
});
afterAll(() => t?.close());

const auditOf = async (chargerId: string) =>
  (await admin.get(`/api/v1/audit?entityType=charger&entityId=${chargerId}`)).body.items as any[];
const names = (body: any) => body.items.map((c: any) => c.name);

async function network() {
  const org = await makeOrganization(t.db, { name: 'Volt Lanka' });
  const site = await makeSite(t.db, org.id, { name: 'Galle Face' });
  return { org, site };
}

describe('registering chargers', () => {
  it('registers a charger with its connectors and shows it as a user would read it', async () => {
    const { org, site } = await network();
    const created = await manager.post('/api/v1/chargers', {
      organizationId: org.id,
      siteId: site.id,
      ocppIdentity: 'LK-GF-001',
      name: 'Galle Face 1',
      vendor: 'ABB',
      model: 'Terra 54',
      serialNumber: 'SN-123',
      connectors: [
        { connectorId: 2, type: 'CHAdeMO', maxPowerKw: '50.000' },
        { connectorId: 1, evseId: 1, type: 'CCS2', maxPowerKw: '50' },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      organizationName: 'Volt Lanka',
      siteName: 'Galle Face',
      ocppIdentity: 'LK-GF-001',
      adminStatus: 'active',
      visible: true,
      hasOcppPassword: false,
      locationOwner: null,
      locationOwnerShare: null,
      retiredAt: null,
    });
    expect(created.body.connectors.map((c: any) => [c.connectorId, c.type, c.maxPowerKw])).toEqual([
      [1, 'CCS2', '50'],
      [2, 'CHAdeMO', '50'],
    ]);
    expect(created.body).not.toHaveProperty('ocppPasswordHash');
    const detail = await manager.get(`/api/v1/chargers/${created.body.id}`);
    expect(detail.body).toEqual(created.body);
    const [entry] = await auditOf(created.body.id);
    expect(entry).toMatchObject({ action: 'create', organizationId: org.id });
    expect(entry.changes.connectors.after).toHaveLength(2);
  });

  it('refuses a duplicate OCPP identity with 409 and writes nothing', async () => {
    const { org, site } = await network();
    await makeCharger(t.db, site, { ocppIdentity: 'DUP-1' });
    const response = await manager.post('/api/v1/chargers', {
      organizationId: org.id,
      siteId: site.id,
      ocppIdentity: 'DUP-1',
      name: 'Second',
      connectors: [{ connectorId: 1, type: 'Type2', maxPowerKw: '22' }],
    });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('OCPP_IDENTITY_TAKEN');
    expect(JSON.stringify(response.body)).not.toMatch(/duplicate key|constraint/i);
    expect(names((await manager.get(`/api/v1/chargers?siteId=${site.id}`)).body)).not.toContain('Second');
  });

  it('rejects bad input with clear codes', async () => {
    const { org, site } = await network();
    const otherSite = await makeSite(t.db, (await makeOrganization(t.db)).id);
    const base = { organizationId: org.id, siteId: site.id, name: 'X', ocppIdentity: 'OK-ID' };
    const post = (body: Record<string, unknown>) => manager.post('/api/v1/chargers', body);

    const unknown = await post({ ...base, colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(unknown.body.error.message).toMatch(/colour/);
    for (const ocppIdentity of ['has/slash', 'has space', '', 'x'.repeat(49), 'ümlaut']) {
      expect((await post({ ...base, ocppIdentity })).status, ocppIdentity).toBe(400);
    }
    expect((await post({ ...base, ocppIdentity: 'a.B_c:1-' + 'x'.repeat(40) })).status).toBe(201);

    const twice = await post({
      ...base,
      ocppIdentity: 'TWICE',
      connectors: [
        { connectorId: 1, type: 'CCS2', maxPowerKw: '50' },
        { connectorId: 1, type: 'Type2', maxPowerKw: '22' },
      ],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error.details).toEqual({ field: 'connectors.1.connectorId' });
    expect(
      (await post({ ...base, ocppIdentity: 'ZERO', connectors: [{ connectorId: 1, type: 'CCS2', maxPowerKw: '0' }] })).status,
    ).toBe(400);
    expect(
      (await post({ ...base, ocppIdentity: 'PLUG', connectors: [{ connectorId: 1, type: 'Tesla', maxPowerKw: '11' }] })).status,
    ).toBe(400);

    const foreignSite = await post({ ...base, ocppIdentity: 'FOREIGN', siteId: otherSite.id });
    expect(foreignSite.status).toBe(422);
    expect(foreignSite.body.error).toMatchObject({ code: 'UNPROCESSABLE', details: { field: 'siteId' } });
    const listed = await manager.get(`/api/v1/chargers?siteId=${site.id}`);
    expect(listed.body.total).toBe(1);
  });
});

describe('listing chargers', () => {
  it('filters, searches, sorts and pages; retired chargers only on request', async () => {
    const { org, site } = await network();
    const depot = await makeSite(t.db, org.id, { name: 'Airport depot' });
    await makeCharger(t.db, site, { name: 'Bravo', ocppIdentity: 'LST-2', vendor: 'Alfen' });
    await makeCharger(t.db, site, { name: 'Alpha', ocppIdentity: 'LST-3', adminStatus: 'maintenance', visible: false });
    await makeCharger(t.db, depot, { name: 'Charlie', ocppIdentity: 'LST-1', serialNumber: 'XZ-9981' });
    await makeCharger(t.db, depot, { name: 'Retired one', ocppIdentity: 'LST-0', retiredAt: new Date() });
    const list = (query: string) => admin.get(`/api/v1/chargers?organizationId=${org.id}&${query}`);

    expect(names((await list('')).body)).toEqual(['Alpha', 'Bravo', 'Charlie']);
    expect((await list('includeRetired=true')).body.total).toBe(4);
    expect(names((await list(`siteId=${depot.id}`)).body)).toEqual(['Charlie']);
    expect(names((await list('adminStatus=maintenance')).body)).toEqual(['Alpha']);
    expect(names((await list('visible=false')).body)).toEqual(['Alpha']);
    expect(names((await list('visible=true')).body)).toEqual(['Bravo', 'Charlie']);
    expect(names((await list('q=alfen')).body)).toEqual(['Bravo']);
    expect(names((await list('q=xz-99')).body)).toEqual(['Charlie']);
    expect(names((await list('q=lst-3')).body)).toEqual(['Alpha']);
    expect(names((await list('sort=ocppIdentity&order=desc')).body)).toEqual(['Alpha', 'Bravo', 'Charlie']);
    expect(names((await list('sort=site')).body)).toEqual(['Charlie', 'Alpha', 'Bravo']);
    const page = await list('pageSize=2&page=2');
    expect(page.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(names(page.body)).toEqual(['Charlie']);
    expect(page.body.items[0]).toMatchObject({ siteName: 'Airport depot', organizationName: 'Volt Lanka' });
    expect(page.body.items[0].connectors).toHaveLength(1);
    expect((await list('adminStatus=broken')).status).toBe(400);
    expect((await list('sort=power')).status).toBe(400);
  });
});

describe('changing chargers', () => {
  it('edits details, moves within the organization only, and replaces connectors keeping unchanged ones', async () => {
    const { org, site } = await network();
    const second = await makeSite(t.db, org.id, { name: 'Kandy' });
    const foreign = await makeSite(t.db, (await makeOrganization(t.db)).id);
    const charger = await makeCharger(t.db, site, { name: 'Old' });
    const before = (await admin.get(`/api/v1/chargers/${charger.id}`)).body;

    const moved = await manager.patch(`/api/v1/chargers/${charger.id}`, {
      name: 'New',
      siteId: second.id,
      firmwareVersion: '1.2.3',
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ name: 'New', siteId: second.id, siteName: 'Kandy', firmwareVersion: '1.2.3' });
    const refused = await manager.patch(`/api/v1/chargers/${charger.id}`, { siteId: foreign.id });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toEqual({ field: 'siteId' });
    expect((await manager.patch(`/api/v1/chargers/${charger.id}`, { ocppIdentity: 'NEW-ID' })).status).toBe(400);

    const replaced = await manager.patch(`/api/v1/chargers/${charger.id}`, {
      connectors: [
        { connectorId: 1, type: 'CCS2', maxPowerKw: '150' },
        { connectorId: 3, evseId: 2, type: 'Type2', maxPowerKw: '22' },
      ],
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.connectors.map((c: any) => [c.connectorId, c.evseId, c.maxPowerKw])).toEqual([
      [1, 1, '150'],
      [3, 2, '22'],
    ]);
    expect(replaced.body.connectors[0].id).toBe(before.connectors[0].id);

    const [connectorsEntry, moveEntry, ...rest] = await auditOf(charger.id);
    expect(rest).toEqual([]);
    expect(moveEntry.changes).toMatchObject({
      name: { before: 'Old', after: 'New' },
      siteId: { before: site.id, after: second.id },
    });
    expect(connectorsEntry.changes.connectors.before).toEqual([{ connectorId: 1, evseId: 1, type: 'CCS2', maxPowerKw: '50' }]);
    expect(Object.keys(connectorsEntry.changes)).toEqual(['connectors']);
  });

  it('toggles visibility and administrative status, each audited', async () => {
    const { site } = await network();
    const charger = await makeCharger(t.db, site);
    const hidden = await manager.put(`/api/v1/chargers/${charger.id}/visibility`, { visible: false });
    expect(hidden.status).toBe(200);
    expect(hidden.body.visible).toBe(false);
    const status = await manager.put(`/api/v1/chargers/${charger.id}/admin-status`, { adminStatus: 'maintenance' });
    expect(status.body.adminStatus).toBe('maintenance');
    expect((await manager.put(`/api/v1/chargers/${charger.id}/admin-status`, { adminStatus: 'broken' })).status).toBe(400);
    expect((await manager.put(`/api/v1/chargers/${charger.id}/visibility`, { visible: 'no' })).status).toBe(400);

    const [statusEntry, visibilityEntry] = await auditOf(charger.id);
    expect(statusEntry).toMatchObject({
      action: 'admin_status',
      changes: { adminStatus: { before: 'active', after: 'maintenance' } },
    });
    expect(visibilityEntry).toMatchObject({ action: 'visibility', changes: { visible: { before: true, after: false } } });
  });

  it('retires a charger: it leaves the lists, stays readable, and can no longer be changed', async () => {
    const { site } = await network();
    const charger = await makeCharger(t.db, site, { name: 'Old unit' });
    expect((await manager.delete(`/api/v1/chargers/${charger.id}`)).status).toBe(204);
    expect(names((await manager.get(`/api/v1/chargers?siteId=${site.id}`)).body)).toEqual([]);
    expect(names((await manager.get(`/api/v1/chargers?siteId=${site.id}&includeRetired=true`)).body)).toEqual(['Old unit']);
    const read = await manager.get(`/api/v1/chargers/${charger.id}`);
    expect(read.status).toBe(200);
    expect(Date.parse(read.body.retiredAt)).toBeGreaterThan(Date.now() - 60_000);

    const edit = await manager.patch(`/api/v1/chargers/${charger.id}`, { name: 'Revived' });
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe('CHARGER_RETIRED');
    expect((await manager.put(`/api/v1/chargers/${charger.id}/visibility`, { visible: false })).status).toBe(409);
    expect((await manager.delete(`/api/v1/chargers/${charger.id}`)).status).toBe(204);
    expect((await auditOf(charger.id)).map((e) => e.action)).toEqual(['retire']);
  });

  it('stores the OCPP password only hashed (fast charger format), 16–40 characters, and never shows it', async () => {
    const { site } = await network();
    const charger = await makeCharger(t.db, site);
    const short = await manager.put(`/api/v1/chargers/${charger.id}/ocpp-password`, { password: 'fifteen-chars-x' });
    expect(short.status).toBe(400);
    expect(short.body.error.code).toBe('VALIDATION_FAILED');
    const long = await manager.put(`/api/v1/chargers/${charger.id}/ocpp-password`, { password: 'x'.repeat(41) });
    expect(long.status).toBe(400);
    expect((await manager.put(`/api/v1/chargers/${charger.id}/ocpp-password`, { password: 'a-long-enough-secret' })).status).toBe(
      204,
    );

    const read = await manager.get(`/api/v1/chargers/${charger.id}`);
    expect(read.body.hasOcppPassword).toBe(true);
    expect(JSON.stringify(read.body)).not.toMatch(/sha256\$|\$2[aby]\$|a-long-enough-secret/);
    const [row] = await t.db.select().from(chargers).where(eq(chargers.id, charger.id));
    expect(row!.ocppPasswordHash).toMatch(/^sha256\$/);
    expect(await verifyChargerPassword(Buffer.from('a-long-enough-secret'), row!.ocppPasswordHash!)).toBe(true);
    const [entry] = await auditOf(charger.id);
    expect(entry.action).toBe('ocpp_password_set');
    expect(JSON.stringify(entry)).not.toMatch(/sha256\$|\$2[aby]\$|a-long-enough-secret/);
  });
});

describe('location owners', () => {
  it('a CPO assigns a location owner with a share; the owner then sees only that charger', async () => {
    const { org, site } = await network();
    const hosted = await makeCharger(t.db, site, { name: 'Hosted' });
    const other = await makeCharger(t.db, site, { name: 'Not hosted' });
    const { api: cpo } = await signedIn(t.url, t.db, 'cpo', { organizationId: org.id });
    const { user: owner, api: ownerApi } = await signedIn(t.url, t.db, 'location_owner', {
      organizationId: org.id,
      name: 'Hotel Owner',
    });
    expect((await ownerApi.get('/api/v1/chargers')).body.total).toBe(0);

    const assigned = await cpo.put(`/api/v1/chargers/${hosted.id}/location-owner`, { userId: owner.id, share: '0.15' });
    expect(assigned.status).toBe(200);
    expect(assigned.body.locationOwner).toEqual({ id: owner.id, name: 'Hotel Owner', email: owner.email });
    expect(assigned.body.locationOwnerShare).toBe('0.15');

    const seen = await ownerApi.get('/api/v1/chargers');
    expect(names(seen.body)).toEqual(['Hosted']);
    expect((await ownerApi.get(`/api/v1/chargers/${other.id}`)).status).toBe(404);
    expect((await ownerApi.put(`/api/v1/chargers/${hosted.id}/visibility`, { visible: false })).status).toBe(403);

    const [entry] = await auditOf(hosted.id);
    expect(entry).toMatchObject({
      action: 'assign_location_owner',
      changes: { locationOwnerId: { before: null, after: owner.id }, locationOwnerShare: { before: null, after: '0.15' } },
    });

    const removed = await cpo.put(`/api/v1/chargers/${hosted.id}/location-owner`, { userId: null });
    expect(removed.body).toMatchObject({ locationOwner: null, locationOwnerShare: null });
    expect((await ownerApi.get('/api/v1/chargers')).body.total).toBe(0);
  });

  it('accepts only location owners of related organizations, with a share from 0 to 1', async () => {
    const parent = await makeOrganization(t.db);
    const org = await makeOrganization(t.db, { parentId: parent.id });
    const child = await makeOrganization(t.db, { parentId: org.id });
    const site = await makeSite(t.db, org.id);
    const stranger = await makeOrganization(t.db);
    const charger = await makeCharger(t.db, site);
    const put = (body: Record<string, unknown>) => admin.put(`/api/v1/chargers/${charger.id}/location-owner`, body);
    const ownerOf = async (organizationId: string) => (await makeUser(t.db, 'location_owner', { organizationId })).id;

    expect((await put({ userId: await ownerOf(org.id) })).body.error.details).toEqual({ field: 'share' });
    expect((await put({ userId: await ownerOf(org.id), share: '1.5' })).status).toBe(400);
    expect((await put({ userId: await ownerOf(org.id), share: '15%' })).status).toBe(400);
    expect((await put({ userId: null, share: '0.1' })).status).toBe(400);
    const driver = await put({ userId: (await makeUser(t.db, 'cpo', { organizationId: org.id })).id, share: '0.1' });
    expect(driver.status).toBe(422);
    expect(driver.body.error.message).toMatch(/not a location owner/);
    const foreign = await put({ userId: await ownerOf(stranger.id), share: '0.1' });
    expect(foreign.status).toBe(422);
    expect(foreign.body.error.details).toEqual({ field: 'userId' });
    expect((await put({ userId: '00000000-0000-4000-8000-000000000000', share: '0.1' })).status).toBe(422);

    expect((await put({ userId: await ownerOf(parent.id), share: '1' })).status).toBe(200);
    expect((await put({ userId: await ownerOf(child.id), share: '0' })).body.locationOwnerShare).toBe('0');
    expect((await admin.get(`/api/v1/chargers/${charger.id}`)).body.locationOwnerShare).toBe('0');
  });

  it('offers a Network Manager, who cannot list users, the location owners that could host the charger', async () => {
    const parent = await makeOrganization(t.db);
    const org = await makeOrganization(t.db, { parentId: parent.id });
    const stranger = await makeOrganization(t.db);
    const charger = await makeCharger(t.db, await makeSite(t.db, org.id));
    const above = await makeUser(t.db, 'location_owner', { organizationId: parent.id, name: 'Above Owner' });
    const own = await makeUser(t.db, 'location_owner', { organizationId: org.id, name: 'Own Owner' });
    await makeUser(t.db, 'location_owner', { organizationId: org.id, name: 'Disabled Owner', disabled: true });
    await makeUser(t.db, 'location_owner', { organizationId: stranger.id, name: 'Stranger Owner' });
    await makeUser(t.db, 'cpo', { organizationId: org.id, name: 'Not An Owner' });
    expect((await manager.get('/api/v1/users')).status).toBe(403);
    const candidates = await manager.get(`/api/v1/chargers/${charger.id}/location-owner-candidates`);
    expect(candidates.status).toBe(200);
    expect(candidates.body.map((u: any) => u.name)).toEqual(['Above Owner', 'Own Owner']);
    expect((await manager.put(`/api/v1/chargers/${charger.id}/location-owner`, { userId: own.id, share: '0.05' })).status).toBe(
      200,
    );
    expect(candidates.body.map((u: any) => u.id)).toContain(above.id);
  });
});

describe('who sees which chargers', () => {
  it('a CPO reads its own chargers only, and never writes them', async () => {
    const a = await network();
    const b = await network();
    const mine = await makeCharger(t.db, a.site, { name: 'A charger' });
    const theirs = await makeCharger(t.db, b.site, { name: 'B charger' });
    const { api: cpo } = await signedIn(t.url, t.db, 'cpo', { organizationId: a.org.id });

    expect(names((await cpo.get('/api/v1/chargers')).body)).toEqual(['A charger']);
    expect((await cpo.get(`/api/v1/chargers?organizationId=${b.org.id}`)).body.total).toBe(0);
    expect((await cpo.get(`/api/v1/chargers?q=${encodeURIComponent(theirs.ocppIdentity)}`)).body.total).toBe(0);
    const foreign = await cpo.get(`/api/v1/chargers/${theirs.id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('NOT_FOUND');
    const owner = await makeUser(t.db, 'location_owner', { organizationId: b.org.id });
    expect((await cpo.put(`/api/v1/chargers/${theirs.id}/location-owner`, { userId: owner.id, share: '0.1' })).status).toBe(404);

    expect((await cpo.get(`/api/v1/chargers/${mine.id}`)).status).toBe(200);
    for (const response of [
      await cpo.post('/api/v1/chargers', { organizationId: a.org.id, siteId: a.site.id, ocppIdentity: 'CPO-1', name: 'x' }),
      await cpo.patch(`/api/v1/chargers/${mine.id}`, { name: 'Renamed' }),
      await cpo.delete(`/api/v1/chargers/${mine.id}`),
      await cpo.put(`/api/v1/chargers/${mine.id}/admin-status`, { adminStatus: 'inactive' }),
      await cpo.put(`/api/v1/chargers/${mine.id}/ocpp-password`, { password: 'long-enough-password' }),
    ]) {
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('FORBIDDEN');
    }
    expect((await admin.get(`/api/v1/chargers/${mine.id}`)).body).toMatchObject({
      name: 'A charger',
      adminStatus: 'active',
      retiredAt: null,
    });
  });

  it('a custom role limited to one site sees only that site and registers only there', async () => {
    const { org, site } = await network();
    const otherSite = await makeSite(t.db, org.id);
    await makeCharger(t.db, site, { name: 'Here' });
    const away = await makeCharger(t.db, otherSite, { name: 'There' });
    const role = await makeCustomRole(t.db, org.id, ['chargers:read', 'chargers:write'], [site.id]);
    const { api } = await signedIn(t.url, t.db, 'custom', { organizationId: org.id, customRoleId: role.id });

    expect(names((await api.get('/api/v1/chargers')).body)).toEqual(['Here']);
    expect((await api.get(`/api/v1/chargers/${away.id}`)).status).toBe(404);
    expect((await api.patch(`/api/v1/chargers/${away.id}`, { name: 'Mine now' })).status).toBe(404);
    const elsewhere = await api.post('/api/v1/chargers', {
      organizationId: org.id,
      siteId: otherSite.id,
      ocppIdentity: 'SITE-X',
      name: 'x',
    });
    expect(elsewhere.status).toBe(422);
    const here = await api.post('/api/v1/chargers', {
      organizationId: org.id,
      siteId: site.id,
      ocppIdentity: 'SITE-OK',
      name: 'New here',
    });
    expect(here.status).toBe(201);
    expect((await api.patch(`/api/v1/chargers/${here.body.id}`, { siteId: otherSite.id })).status).toBe(422);
  });
});
