import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectors } from '../../src/db/schema/index.js';
import type { RpcClient } from '../../src/ocpp/rpc.js';
import { login, makeCharger, makeOrganization, makeSite, makeUser, signedIn } from '../support/factories.js';
import { type ApiClient, apiClient } from '../support/http.js';
import { chargerPasswordHash, connect, eventually, isoAgo, makeToken } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
const clients: RpcClient[] = [];
let f: {
  c1: { id: string; ocppIdentity: string; name: string };
  c2: { id: string; ocppIdentity: string; name: string };
  c3: { id: string; ocppIdentity: string; name: string };
  hidden: { id: string };
  retired: { id: string };
  orgA: { id: string };
  cpo: ApiClient;
  cpoB: ApiClient;
  owner: ApiClient;
  admin: ApiClient;
  tag: string;
};
let cp1: RpcClient;
let cp2: RpcClient;

beforeAll(async () => {
  t = await startTestServer({ OCPP_HEARTBEAT_SECONDS: '120' });
  const orgA = await makeOrganization(t.db, { timeZone: 'Asia/Colombo' });
  const orgB = await makeOrganization(t.db);
  const site = await makeSite(t.db, orgA.id, { latitude: '6.927100', longitude: '79.861200' });
  const siteB = await makeSite(t.db, orgB.id);
  const password = await chargerPasswordHash();
  const ownerUser = await makeUser(t.db, 'location_owner', { organizationId: orgA.id });
  const c1 = await makeCharger(t.db, site, {
    name: 'A · first',
    ocppPasswordHash: password,
    locationOwnerId: ownerUser.id,
    locationOwnerShare: '0.1',
  });
  await t.db.insert(connectors).values({ chargerId: c1.id, connectorId: 2, type: 'Type2', maxPowerKw: '22' });
  const c2 = await makeCharger(t.db, site, { name: 'B · second', ocppPasswordHash: password });
  const c3 = await makeCharger(t.db, site, { name: 'C · never connected' });
  const hidden = await makeCharger(t.db, site, { name: 'D · hidden', visible: false });
  const retired = await makeCharger(t.db, site, { name: 'E · retired', retiredAt: new Date() });
  await makeCharger(t.db, siteB, { name: 'Other organization' });
  f = {
    c1,
    c2,
    c3,
    hidden,
    retired,
    orgA,
    cpo: (await signedIn(t.url, t.db, 'cpo', { organizationId: orgA.id })).api,
    cpoB: (await signedIn(t.url, t.db, 'cpo', { organizationId: orgB.id })).api,
    owner: apiClient(t.url, await login(t.url, ownerUser.email)),
    admin: (await signedIn(t.url, t.db, 'admin')).api,
    tag: (await makeToken(t.db, orgA.id)).token,
  };

  cp1 = await connect(t.url, c1.ocppIdentity, 'ocpp1.6');
  cp2 = await connect(t.url, c2.ocppIdentity, 'ocpp1.6');
  clients.push(cp1, cp2);
  for (const cp of [cp1, cp2]) await cp.call('BootNotification', { chargePointVendor: 'ABB', chargePointModel: 'Terra' });
  // Yesterday's session on the first charger does not count as today's energy.
  const old = (await cp1.call('StartTransaction', {
    connectorId: 1,
    idTag: f.tag,
    meterStart: 0,
    timestamp: isoAgo(2 * 86_400_000),
  })) as { transactionId: number };
  await cp1.call('StopTransaction', {
    transactionId: old.transactionId,
    meterStop: 9000,
    timestamp: isoAgo(2 * 86_400_000 - 60_000),
  });
  // A finished session on the second charger today, then it faults.
  const done = (await cp2.call('StartTransaction', {
    connectorId: 1,
    idTag: f.tag,
    meterStart: 500,
    timestamp: isoAgo(40_000),
  })) as {
    transactionId: number;
  };
  await cp2.call('StopTransaction', { transactionId: done.transactionId, meterStop: 2500, timestamp: isoAgo(20_000) });
  await cp2.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: isoAgo(15_000) });
  await cp2.call('StatusNotification', {
    connectorId: 1,
    errorCode: 'GroundFailure',
    status: 'Faulted',
    info: 'RCD tripped',
    vendorId: 'ABB',
    vendorErrorCode: 'E42',
    timestamp: isoAgo(10_000),
  });
  // A running session on the first charger.
  await cp1.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing' });
  const running = (await cp1.call('StartTransaction', {
    connectorId: 1,
    idTag: f.tag,
    meterStart: 10_000,
    timestamp: isoAgo(30_000),
  })) as { transactionId: number };
  await cp1.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'SuspendedEV' });
  await cp1.call('MeterValues', {
    connectorId: 1,
    transactionId: running.transactionId,
    meterValue: [
      {
        timestamp: isoAgo(5_000),
        sampledValue: [
          { value: '15000', measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
          { value: '11', measurand: 'Power.Active.Import', unit: 'kW' },
          { value: '55', measurand: 'SoC', unit: 'Percent' },
        ],
      },
    ],
  });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close({ force: true })));
  await t?.close();
});

describe('live chargers and summary', () => {
  it('lists the visible chargers in service with link, aggregate status, connectors and the running session', async () => {
    const response = await f.cpo.get('/api/v1/live/chargers');
    expect(response.status).toBe(200);
    const list = response.body as any[];
    expect(list.map((c) => c.name)).toEqual(['A · first', 'B · second', 'C · never connected']);
    const [first, second, third] = list;
    expect(first).toMatchObject({
      chargerId: f.c1.id,
      ocppIdentity: f.c1.ocppIdentity,
      organizationId: f.orgA.id,
      latitude: '6.9271',
      longitude: '79.8612',
      adminStatus: 'active',
      online: true,
      offlineSince: null,
      status: 'Charging',
      connectors: [
        { evseId: 1, connectorId: 1, type: 'CCS2', maxPowerKw: '50', status: 'SuspendedEV', errorCode: 'NoError' },
        { evseId: 1, connectorId: 2, type: 'Type2', maxPowerKw: '22', status: 'Unknown', errorCode: null, since: null },
      ],
      activeSession: { evseId: 1, connectorId: 1, energyWh: 5000, powerW: 11000, socPercent: 55 },
    });
    expect(first.activeSessions).toEqual([first.activeSession]);
    expect(second.activeSessions).toEqual([]);
    expect(third.activeSessions).toEqual([]);
    expect(typeof first.lastMessageAt).toBe('string');
    expect(second).toMatchObject({
      status: 'Faulted',
      online: true,
      activeSession: null,
      connectors: [
        {
          connectorId: 1,
          status: 'Faulted',
          errorCode: 'GroundFailure',
          info: 'RCD tripped',
          vendorId: 'ABB',
          vendorErrorCode: 'E42',
        },
      ],
    });
    expect(third).toMatchObject({ status: 'Offline', online: false, lastMessageAt: null, activeSession: null });
    expect(third.connectors).toEqual([
      {
        evseId: 1,
        connectorId: 1,
        type: 'CCS2',
        maxPowerKw: '50',
        status: 'Unknown',
        errorCode: null,
        info: null,
        vendorId: null,
        vendorErrorCode: null,
        since: null,
      },
    ]);
  });

  it('lists what needs attention: the fault with its codes first, then the charger that never connected', async () => {
    const response = await f.cpo.get('/api/v1/live/attention');
    expect(response.status).toBe(200);
    expect(response.body).toEqual([
      expect.objectContaining({
        kind: 'faulted',
        chargerId: f.c2.id,
        chargerName: 'B · second',
        connectorId: 1,
        status: 'Faulted',
        errorCode: 'GroundFailure',
        info: 'RCD tripped',
        vendorId: 'ABB',
        vendorErrorCode: 'E42',
        minutes: 0,
      }),
      expect.objectContaining({ kind: 'offline', chargerId: f.c3.id, since: null, minutes: null, connectorId: null }),
    ]);
    const foreign = (await f.cpoB.get('/api/v1/live/attention')).body as any[];
    expect(foreign.map((item) => item.chargerName)).toEqual(['Other organization']);
    expect((await f.cpo.get('/api/v1/live/attention?siteId=nope')).status).toBe(400);
  });

  it('adds up the figures of the network in scope', async () => {
    const summary = (await f.cpo.get('/api/v1/live/summary')).body;
    expect(summary).toEqual({
      chargers: { total: 3, online: 2, offline: 1, byStatus: { Charging: 1, Faulted: 1, Offline: 1 } },
      activeSessions: 1,
      currentPowerW: 11000,
      energyTodayWh: 2000 + 5000,
      availabilityPercent: 33.3,
    });
    expect((await f.admin.get(`/api/v1/live/summary?organizationId=${f.orgA.id}`)).body).toEqual(summary);
  });

  it('shows a location owner only the assigned charger and another organization nothing', async () => {
    const owned = (await f.owner.get('/api/v1/live/chargers')).body as any[];
    expect(owned.map((c) => c.chargerId)).toEqual([f.c1.id]);
    expect((await f.owner.get('/api/v1/live/summary')).body).toMatchObject({
      chargers: { total: 1, online: 1 },
      energyTodayWh: 5000,
    });
    expect((await f.cpoB.get(`/api/v1/live/chargers?organizationId=${f.orgA.id}`)).body).toEqual([]);
    expect((await f.cpoB.get(`/api/v1/live/summary?organizationId=${f.orgA.id}`)).body).toMatchObject({
      chargers: { total: 0 },
      energyTodayWh: 0,
      currentPowerW: 0,
      availabilityPercent: 0,
    });
  });

  it('lists every running session of a charger charging on two connectors, newest first', async () => {
    const second = (await cp1.call('StartTransaction', {
      connectorId: 2,
      idTag: f.tag,
      meterStart: 0,
      timestamp: isoAgo(1_000),
    })) as { transactionId: number };
    await cp1.call('MeterValues', {
      connectorId: 2,
      transactionId: second.transactionId,
      meterValue: [{ timestamp: isoAgo(500), sampledValue: [{ value: '7400', measurand: 'Power.Active.Import', unit: 'W' }] }],
    });
    try {
      const charger = await eventually(async () => {
        const list = (await f.cpo.get('/api/v1/live/chargers')).body as any[];
        const c1 = list.find((c) => c.chargerId === f.c1.id);
        return c1?.activeSessions.length === 2 && c1.activeSessions[0].powerW !== null ? c1 : null;
      });
      expect(charger.activeSessions).toMatchObject([
        { connectorId: 2, powerW: 7400 },
        { connectorId: 1, energyWh: 5000, powerW: 11000 },
      ]);
      // The single session kept for older clients is the newest.
      expect(charger.activeSession).toEqual(charger.activeSessions[0]);
      expect((await f.cpo.get('/api/v1/live/summary')).body).toMatchObject({ activeSessions: 2, currentPowerW: 18400 });
    } finally {
      await cp1.call('StopTransaction', { transactionId: second.transactionId, meterStop: 100, timestamp: isoAgo(0) });
    }
    const after = (await f.cpo.get('/api/v1/live/chargers')).body as any[];
    expect(after.find((c) => c.chargerId === f.c1.id).activeSessions).toMatchObject([{ connectorId: 1 }]);
  });
});

describe('status history and message log', () => {
  it('answers the status reports newest first', async () => {
    const history = (await f.cpo.get(`/api/v1/chargers/${f.c2.id}/status-history?limit=1`)).body;
    expect(history).toEqual([
      {
        at: expect.any(String),
        evseId: 1,
        connectorId: 1,
        status: 'Faulted',
        errorCode: 'GroundFailure',
        info: 'RCD tripped',
        vendorId: 'ABB',
        vendorErrorCode: 'E42',
      },
    ]);
    const all = (await f.cpo.get(`/api/v1/chargers/${f.c2.id}/status-history`)).body as any[];
    expect(all.map((h) => h.status)).toEqual(['Faulted', 'Available']);
    expect((await f.cpoB.get(`/api/v1/chargers/${f.c2.id}/status-history`)).status).toBe(404);
    expect((await f.owner.get(`/api/v1/chargers/${f.c2.id}/status-history`)).status).toBe(404);
  });

  it('answers the OCPP frames newest first, with the action of each answer and credentials hidden', async () => {
    cp1.handle('ChangeConfiguration', async () => ({ status: 'Accepted' }));
    const command = await f.admin.post(`/api/v1/chargers/${f.c1.id}/commands/change-configuration`, {
      key: 'AuthorizationKey',
      value: 'super-secret-authorization-key',
    });
    expect(command.status).toBe(200);
    const log = await eventually(async () => {
      const entries = (await f.cpo.get(`/api/v1/chargers/${f.c1.id}/messages?limit=500`)).body as any[];
      return entries.some((e) => e.action === 'ChangeConfiguration' && e.messageType === 3) ? entries : null;
    });
    expect(JSON.stringify(log)).not.toContain('super-secret-authorization-key');
    const call = log.find((e) => e.action === 'ChangeConfiguration' && e.messageType === 2);
    expect(call).toMatchObject({ direction: 'out', error: null });
    expect(JSON.parse(call.payload)[3]).toEqual({ key: 'AuthorizationKey', value: '[redacted]' });
    const boot = log.filter((e) => e.action === 'BootNotification');
    expect(boot.map((e) => [e.direction, e.messageType])).toEqual([
      ['out', 3],
      ['in', 2],
    ]);
    const times = log.map((e) => e.id);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect((await f.cpoB.get(`/api/v1/chargers/${f.c1.id}/messages`)).status).toBe(404);
  });
});

describe('ui config', () => {
  it('gives every signed-in user the map tiles', async () => {
    const { api } = await signedIn(t.url, t.db, 'driver');
    expect((await api.get('/api/v1/ui-config')).body).toEqual({
      mapTileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      mapAttribution: expect.stringContaining('OpenStreetMap'),
      attention: { preparingMinutes: 15, suspendedEvMinutes: 60, finishingMinutes: 15 },
    });
    expect((await apiClient(t.url).get('/api/v1/ui-config')).status).toBe(401);
  });
});
