import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCharger, makeCustomRole, makeOrganization, makeSite, signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let admin: ApiClient;
beforeAll(async () => {
  t = await startTestServer();
  admin = (await signedIn(t.url, t.db, 'admin')).api;
});
afterAll(() => t?.close());

const auditOf = async (entityId: string) =>
  (await admin.get(`/api/v1/audit?entityType=site&entityId=${entityId}`)).body.items as any[];

describe('creating and editing sites', () => {
  it('creates a site with exact coordinates, defaults the time zone to the organization, and audits it', async () => {
    const org = await makeOrganization(t.db, { name: 'Lanka Charge', timeZone: 'Asia/Colombo' });
    const created = await admin.post('/api/v1/sites', {
      organizationId: org.id,
      name: 'Galle Face',
      addressLine: '1A Centre Road',
      city: 'Colombo',
      country: 'LK',
      latitude: '6.927079',
      longitude: '79.8453',
      gridLimitKw: '400.500',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      organizationId: org.id,
      organizationName: 'Lanka Charge',
      name: 'Galle Face',
      city: 'Colombo',
      latitude: '6.927079',
      longitude: '79.8453',
      gridLimitKw: '400.5',
      timeZone: 'Asia/Colombo',
      chargerCount: 0,
    });
    const read = await admin.get(`/api/v1/sites/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    const [entry] = await auditOf(created.body.id);
    expect(entry).toMatchObject({ action: 'create', organizationId: org.id });
    expect(entry.changes.name).toEqual({ before: null, after: 'Galle Face' });
  });

  it('rejects unknown fields, impossible coordinates, negative grid limits and unknown time zones', async () => {
    const org = await makeOrganization(t.db);
    const base = { organizationId: org.id, name: 'Somewhere' };
    const unknown = await admin.post('/api/v1/sites', { ...base, owner: 'me' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('VALIDATION_FAILED');
    expect(unknown.body.error.message).toMatch(/owner/);

    const north = await admin.post('/api/v1/sites', { ...base, latitude: '90.5', longitude: '10' });
    expect(north.status).toBe(400);
    expect(north.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'latitude' } });
    const west = await admin.post('/api/v1/sites', { ...base, latitude: '10', longitude: '-180.000001' });
    expect(west.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'longitude' } });
    const half = await admin.post('/api/v1/sites', { ...base, latitude: '10' });
    expect(half.status).toBe(400);
    expect(half.body.error.message).toMatch(/both latitude and longitude/);
    const words = await admin.post('/api/v1/sites', { ...base, latitude: 'north', longitude: '10' });
    expect(words.status).toBe(400);

    const negative = await admin.post('/api/v1/sites', { ...base, gridLimitKw: '-5' });
    expect(negative.status).toBe(400);
    const zone = await admin.post('/api/v1/sites', { ...base, timeZone: 'Mars/Olympus_Mons' });
    expect(zone.status).toBe(422);
    expect(zone.body.error.code).toBe('TIME_ZONE_UNKNOWN');
    const noOrg = await admin.post('/api/v1/sites', { ...base, organizationId: '00000000-0000-4000-8000-000000000000' });
    expect(noOrg.status).toBe(422);
    expect(noOrg.body.error.details).toEqual({ field: 'organizationId' });

    const list = await admin.get(`/api/v1/sites?organizationId=${org.id}`);
    expect(list.body.total).toBe(0);
  });

  it('edits a site, audits before and after, and keeps the organization fixed', async () => {
    const org = await makeOrganization(t.db);
    const site = await makeSite(t.db, org.id, { name: 'Old name', gridLimitKw: '100' });
    const changed = await admin.patch(`/api/v1/sites/${site.id}`, {
      name: 'New name',
      gridLimitKw: '150.25',
      latitude: '-33.8688',
      longitude: '151.2093',
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'New name', gridLimitKw: '150.25', latitude: '-33.8688', longitude: '151.2093' });
    expect((await admin.get(`/api/v1/sites/${site.id}`)).body.name).toBe('New name');
    const [entry] = await auditOf(site.id);
    expect(entry.action).toBe('update');
    expect(entry.changes.name).toEqual({ before: 'Old name', after: 'New name' });
    expect(entry.changes.gridLimitKw).toEqual({ before: '100.000', after: '150.250' });

    const moved = await admin.patch(`/api/v1/sites/${site.id}`, { organizationId: (await makeOrganization(t.db)).id });
    expect(moved.status).toBe(400);
    expect(moved.body.error.code).toBe('VALIDATION_FAILED');
    const outOfRange = await admin.patch(`/api/v1/sites/${site.id}`, { latitude: '-91' });
    expect(outOfRange.status).toBe(400);
    expect((await admin.patch(`/api/v1/sites/${site.id}`, {})).status).toBe(400);
    expect((await admin.get(`/api/v1/sites/${site.id}`)).body.latitude).toBe('-33.8688');
  });

  it('deletes an empty site but refuses one with chargers, retired ones included', async () => {
    const org = await makeOrganization(t.db);
    const empty = await makeSite(t.db, org.id);
    const busy = await makeSite(t.db, org.id);
    await makeCharger(t.db, busy, { retiredAt: new Date() });

    const refused = await admin.delete(`/api/v1/sites/${busy.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'IN_USE', details: { chargers: 1 } });
    expect((await admin.get(`/api/v1/sites/${busy.id}`)).status).toBe(200);

    expect((await admin.delete(`/api/v1/sites/${empty.id}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/sites/${empty.id}`)).status).toBe(404);
    expect((await auditOf(empty.id))[0].action).toBe('delete');
  });
});

describe('listing sites', () => {
  it('filters by organization, searches name and city, sorts and pages', async () => {
    const org = await makeOrganization(t.db);
    const other = await makeOrganization(t.db);
    const kandy = await makeSite(t.db, org.id, { name: 'Temple Road', city: 'Kandy' });
    await makeSite(t.db, org.id, { name: 'Harbour', city: 'Galle' });
    await makeSite(t.db, org.id, { name: 'Airport', city: 'Colombo' });
    await makeSite(t.db, other.id, { name: 'Harbour East', city: 'Galle' });
    await makeCharger(t.db, kandy);
    await makeCharger(t.db, kandy);
    await makeCharger(t.db, kandy, { retiredAt: new Date() });

    const all = await admin.get(`/api/v1/sites?organizationId=${org.id}`);
    expect(all.body.total).toBe(3);
    expect(all.body.items.map((s: any) => s.name)).toEqual(['Airport', 'Harbour', 'Temple Road']);
    expect(all.body.items[2].chargerCount).toBe(2);

    const byCity = await admin.get(`/api/v1/sites?organizationId=${org.id}&sort=city&order=desc`);
    expect(byCity.body.items.map((s: any) => s.city)).toEqual(['Kandy', 'Galle', 'Colombo']);

    const searched = await admin.get(`/api/v1/sites?organizationId=${org.id}&q=galle`);
    expect(searched.body.items.map((s: any) => s.name)).toEqual(['Harbour']);
    const acrossOrgs = await admin.get('/api/v1/sites?q=harbour');
    expect(acrossOrgs.body.items.map((s: any) => s.name).sort()).toEqual(['Harbour', 'Harbour East']);

    const page2 = await admin.get(`/api/v1/sites?organizationId=${org.id}&pageSize=2&page=2`);
    expect(page2.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page2.body.items.map((s: any) => s.name)).toEqual(['Temple Road']);

    expect((await admin.get('/api/v1/sites?sort=grid')).status).toBe(400);
    expect((await admin.get('/api/v1/sites?pageSize=500')).status).toBe(400);
  });
});

describe('who sees which sites', () => {
  it('a CPO sees its organization and sub-organizations only, reads but does not write', async () => {
    const orgA = await makeOrganization(t.db);
    const subA = await makeOrganization(t.db, { parentId: orgA.id });
    const orgB = await makeOrganization(t.db);
    const siteA = await makeSite(t.db, orgA.id, { name: 'A main' });
    await makeSite(t.db, subA.id, { name: 'A sub' });
    const siteB = await makeSite(t.db, orgB.id, { name: 'B main' });
    const { api: cpo } = await signedIn(t.url, t.db, 'cpo', { organizationId: orgA.id });

    const list = await cpo.get('/api/v1/sites');
    expect(list.body.items.map((s: any) => s.name)).toEqual(['A main', 'A sub']);
    expect((await cpo.get(`/api/v1/sites?organizationId=${orgB.id}`)).body.total).toBe(0);
    expect((await cpo.get(`/api/v1/sites/${siteA.id}`)).status).toBe(200);
    const foreign = await cpo.get(`/api/v1/sites/${siteB.id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('NOT_FOUND');

    const write = await cpo.patch(`/api/v1/sites/${siteA.id}`, { name: 'Renamed' });
    expect(write.status).toBe(403);
    expect((await cpo.post('/api/v1/sites', { organizationId: orgA.id, name: 'New' })).status).toBe(403);
  });

  it('a custom role limited to chosen sites sees only those, and cannot add sites', async () => {
    const org = await makeOrganization(t.db);
    const mine = await makeSite(t.db, org.id, { name: 'Hotel garage' });
    const notMine = await makeSite(t.db, org.id, { name: 'Office car park' });
    const role = await makeCustomRole(t.db, org.id, ['sites:read', 'sites:write'], [mine.id]);
    const { api } = await signedIn(t.url, t.db, 'custom', { organizationId: org.id, customRoleId: role.id });

    const list = await api.get('/api/v1/sites');
    expect(list.body.items.map((s: any) => s.name)).toEqual(['Hotel garage']);
    expect((await api.get(`/api/v1/sites/${notMine.id}`)).status).toBe(404);
    expect((await api.patch(`/api/v1/sites/${notMine.id}`, { name: 'x' })).status).toBe(404);
    expect((await api.patch(`/api/v1/sites/${mine.id}`, { city: 'Colombo' })).body.city).toBe('Colombo');
    const create = await api.post('/api/v1/sites', { organizationId: org.id, name: 'Another' });
    expect(create.status).toBe(403);
  });

  it('a location owner sees only the sites of its chargers, counting only its chargers', async () => {
    const org = await makeOrganization(t.db);
    const hosted = await makeSite(t.db, org.id, { name: 'Hosted' });
    const elsewhere = await makeSite(t.db, org.id, { name: 'Elsewhere' });
    const { user, api } = await signedIn(t.url, t.db, 'location_owner', { organizationId: org.id });
    await makeCharger(t.db, hosted, { locationOwnerId: user.id, locationOwnerShare: '0.1' });
    await makeCharger(t.db, hosted);
    await makeCharger(t.db, elsewhere);

    const list = await api.get('/api/v1/sites');
    expect(list.body.total).toBe(1);
    expect(list.body.items[0]).toMatchObject({ name: 'Hosted', chargerCount: 1 });
    expect((await api.get(`/api/v1/sites/${elsewhere.id}`)).status).toBe(404);
    expect((await admin.get(`/api/v1/sites/${hosted.id}`)).body.chargerCount).toBe(2);
  });

  it('a platform user restricted to some organizations cannot create sites elsewhere', async () => {
    const allowed = await makeOrganization(t.db);
    const forbidden = await makeOrganization(t.db);
    const { api } = await signedIn(t.url, t.db, 'network_manager', { organizationRestriction: [allowed.id] });
    const refused = await api.post('/api/v1/sites', { organizationId: forbidden.id, name: 'Sneaky' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toEqual({ field: 'organizationId' });
    const ok = await api.post('/api/v1/sites', { organizationId: allowed.id, name: 'Fine', timeZone: 'Europe/Berlin' });
    expect(ok.status).toBe(201);
    expect(ok.body.timeZone).toBe('Europe/Berlin');
  });
});
