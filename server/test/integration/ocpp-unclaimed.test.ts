import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrganization, makeSite, signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { basic, connect, eventually, makeOcppCharger, rows, upgradeStatus } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let admin: ApiClient;
beforeAll(async () => {
  t = await startTestServer({ OCPP_UNKNOWN_CHARGERS: 'pending' });
  admin = (await signedIn(t.url, t.db, 'admin')).api;
});
afterAll(() => t?.close());

const boot = {
  chargePointVendor: 'ABB',
  chargePointModel: 'Terra AC',
  chargePointSerialNumber: 'ABB-77',
  firmwareVersion: '1.8.2',
};

describe('unknown chargers under the "pending" policy', () => {
  it('waits as Pending in the unclaimed list; once claimed into an organization and site it is Accepted on the next boot', async () => {
    const identity = `NEW-${Date.now()}`;
    const password = 'first-password-used';
    const cp = await connect(t.url, identity, 'ocpp1.6', password);
    const triggered: string[] = [];
    cp.handle('TriggerMessage', async ({ params }) => {
      triggered.push(params?.requestedMessage);
      return { status: 'Accepted' };
    });
    expect(await cp.call('BootNotification', boot)).toMatchObject({ status: 'Pending' });
    await expect(
      cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' }),
    ).rejects.toMatchObject({ rpcErrorCode: 'SecurityError' });

    const list = await admin.get('/api/v1/chargers/unclaimed');
    expect(list.status).toBe(200);
    const entry = list.body.find((u: any) => u.ocppIdentity === identity);
    expect(entry).toMatchObject({
      vendor: 'ABB',
      model: 'Terra AC',
      serialNumber: 'ABB-77',
      firmwareVersion: '1.8.2',
      protocol: 'ocpp1.6',
      presentedPassword: true,
      bootCount: 1,
    });
    expect(JSON.stringify(list.body)).not.toMatch(/\$2[aby]\$/);

    // The identity keeps the password it first presented.
    expect(await upgradeStatus(t.url, identity, basic(identity, 'another-password'))).toBe(401);

    const org = await makeOrganization(t.db);
    const site = await makeSite(t.db, org.id);
    const otherSite = await makeSite(t.db, (await makeOrganization(t.db)).id);
    expect(
      (await admin.post(`/api/v1/chargers/unclaimed/${entry.id}/claim`, { organizationId: org.id, siteId: otherSite.id })).status,
    ).toBe(422);
    const claimed = await admin.post(`/api/v1/chargers/unclaimed/${entry.id}/claim`, {
      organizationId: org.id,
      siteId: site.id,
      name: 'Lobby AC',
    });
    expect(claimed.status).toBe(201);
    expect(claimed.body).toMatchObject({ ocppIdentity: identity, name: 'Lobby AC', organizationId: org.id, siteId: site.id });
    const [charger] = await rows(
      t.db,
      sql`SELECT vendor, model, ocpp_password_hash IS NOT NULL AS has_password FROM chargers WHERE id = ${claimed.body.id}`,
    );
    expect(charger).toEqual({ vendor: 'ABB', model: 'Terra AC', has_password: true });
    expect((await admin.get('/api/v1/chargers/unclaimed')).body.some((u: any) => u.ocppIdentity === identity)).toBe(false);
    const [audit] = await rows(t.db, sql`SELECT action, organization_id FROM audit_log WHERE entity_id = ${claimed.body.id}`);
    expect(audit).toEqual({ action: 'claim', organization_id: org.id });

    // A connected Pending charger is asked to boot again at once.
    await eventually(async () => triggered.includes('BootNotification'));
    expect(await cp.call('BootNotification', boot)).toMatchObject({ status: 'Accepted' });
    expect(await cp.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' })).toEqual({});
    await cp.close();
    // And it logs in with the same password afterwards.
    expect(await upgradeStatus(t.url, identity, basic(identity, password))).toBe(101);
  });

  it('only platform staff with chargers:write see and claim unclaimed chargers', async () => {
    const { org } = await makeOcppCharger(t.db);
    const cpo = (await signedIn(t.url, t.db, 'cpo', { organizationId: org.id })).api;
    const accounts = (await signedIn(t.url, t.db, 'accounts')).api;
    const manager = (await signedIn(t.url, t.db, 'network_manager')).api;
    expect((await cpo.get('/api/v1/chargers/unclaimed')).status).toBe(403);
    expect((await accounts.get('/api/v1/chargers/unclaimed')).status).toBe(403);
    expect((await manager.get('/api/v1/chargers/unclaimed')).status).toBe(200);
    expect(
      (
        await manager.post('/api/v1/chargers/unclaimed/00000000-0000-4000-8000-000000000000/claim', {
          organizationId: org.id,
          siteId: org.id,
        })
      ).status,
    ).toBe(422);
  });
});

describe('rejecting an unknown charger', () => {
  it('refuses its next connections without remembering it again, until it is forgiven', async () => {
    const identity = `STRAY-${Date.now()}`;
    const cp = await connect(t.url, identity, 'ocpp1.6', 'stray-password-01');
    expect(await cp.call('BootNotification', boot)).toMatchObject({ status: 'Pending' });
    await cp.close();
    const entry = (await admin.get('/api/v1/chargers/unclaimed')).body.find((u: any) => u.ocppIdentity === identity);
    expect(entry).toBeDefined();

    const rejected = await admin.post(`/api/v1/chargers/unclaimed/${entry.id}/reject`, {});
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(201);
    expect(rejected.body).toMatchObject({ ocppIdentity: identity, vendor: 'ABB', model: 'Terra AC' });
    expect((await admin.get('/api/v1/chargers/unclaimed')).body.some((u: any) => u.ocppIdentity === identity)).toBe(false);
    const again = await admin.post(`/api/v1/chargers/unclaimed/${entry.id}/reject`, {});
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('NOT_FOUND');

    // Its next connection is refused at the upgrade, in any letter case, and it does not come back as unclaimed.
    expect(await upgradeStatus(t.url, identity, basic(identity, 'stray-password-01'))).toBe(401);
    expect(await upgradeStatus(t.url, identity.toLowerCase(), basic(identity.toLowerCase(), 'stray-password-01'))).toBe(401);
    expect((await admin.get('/api/v1/chargers/unclaimed')).body.some((u: any) => u.ocppIdentity === identity)).toBe(false);
    const listed = (await admin.get('/api/v1/chargers/rejected')).body.find((r: any) => r.ocppIdentity === identity);
    expect(listed).toMatchObject({ id: rejected.body.id });
    const refusals = await rows(
      t.db,
      sql`SELECT reason FROM ocpp_auth_failures WHERE lower(identity) = lower(${identity}) ORDER BY 1`,
    );
    expect(refusals.map((r) => r.reason)).toContain('rejected');

    // Only platform staff may reject or forgive.
    const { org } = await makeOcppCharger(t.db);
    const cpo = (await signedIn(t.url, t.db, 'cpo', { organizationId: org.id })).api;
    expect((await cpo.get('/api/v1/chargers/rejected')).status).toBe(403);
    expect((await cpo.delete(`/api/v1/chargers/rejected/${rejected.body.id}`)).status).toBe(403);

    expect((await admin.delete(`/api/v1/chargers/rejected/${rejected.body.id}`)).status).toBe(204);
    expect((await admin.delete(`/api/v1/chargers/rejected/${rejected.body.id}`)).status).toBe(404);
    const back = await connect(t.url, identity, 'ocpp1.6', 'stray-password-01');
    expect(await back.call('BootNotification', boot)).toMatchObject({ status: 'Pending' });
    await back.close();
    expect((await admin.get('/api/v1/chargers/unclaimed')).body.some((u: any) => u.ocppIdentity === identity)).toBe(true);
    const audit = await rows(t.db, sql`SELECT action FROM audit_log WHERE entity_id = ${rejected.body.id} ORDER BY seq`);
    expect(audit.map((a) => a.action)).toEqual(['reject', 'forgive']);
  });
});

describe('ID tokens API', () => {
  it('issues, lists, blocks and expires tokens within the organization scope, audited', async () => {
    const { org } = await makeOcppCharger(t.db);
    const other = await makeOrganization(t.db);
    const created = await admin.post('/api/v1/id-tokens', {
      organizationId: org.id,
      token: 'RFID-0001',
      kind: 'rfid',
      label: 'Fleet van 3',
      vehicleRef: 'WP-CAB-1234',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ token: 'RFID-0001', status: 'active', expiresAt: null, vehicleRef: 'WP-CAB-1234' });
    const duplicate = await admin.post('/api/v1/id-tokens', { organizationId: org.id, token: 'rfid-0001', kind: 'app' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('DUPLICATE');
    expect((await admin.post('/api/v1/id-tokens', { organizationId: other.id, token: 'RFID-0001', kind: 'rfid' })).status).toBe(
      201,
    );
    expect((await admin.post('/api/v1/id-tokens', { organizationId: org.id, token: 'has space', kind: 'rfid' })).status).toBe(
      400,
    );

    const blocked = await admin.patch(`/api/v1/id-tokens/${created.body.id}`, {
      status: 'blocked',
      expiresAt: '2030-01-01T00:00:00.000Z',
    });
    expect(blocked.body).toMatchObject({ status: 'blocked', expiresAt: '2030-01-01T00:00:00.000Z' });

    const cpo = (await signedIn(t.url, t.db, 'cpo', { organizationId: org.id })).api;
    const seen = await cpo.get('/api/v1/id-tokens');
    expect(seen.body.items.map((i: any) => i.organizationId)).toEqual([org.id]);
    expect((await cpo.get(`/api/v1/id-tokens/${created.body.id}`)).status).toBe(200);
    expect((await cpo.post('/api/v1/id-tokens', { organizationId: org.id, token: 'X1', kind: 'rfid' })).status).toBe(403);
    const audit = await rows(t.db, sql`SELECT action FROM audit_log WHERE entity_id = ${created.body.id} ORDER BY seq`);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
  });
});
