import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcClient } from '../../src/ocpp/rpc.js';
import { login, makeCharger, makeOrganization, makeSite, makeUser, signedIn } from '../support/factories.js';
import { type ApiClient, apiClient } from '../support/http.js';
import { chargerPasswordHash, connect, isoAgo, makeToken } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
const clients: RpcClient[] = [];
const ids = { finished: '', running: '', foreign: '' };
let f: {
  orgA: { id: string; name: string };
  orgB: { id: string };
  c1: { id: string; name: string };
  c2: { id: string };
  cpo: ApiClient;
  cpoB: ApiClient;
  owner: ApiClient;
  admin: ApiClient;
  driver: ApiClient;
  driverTag: string;
};

const minute = 60_000;

async function sessionIdOf(api: ApiClient, chargerId: string, status: string): Promise<string> {
  const list = (await api.get(`/api/v1/sessions?chargerId=${chargerId}&status=${status}`)).body;
  return list.items[0].id as string;
}

beforeAll(async () => {
  t = await startTestServer({ OCPP_HEARTBEAT_SECONDS: '120' });
  const orgA = await makeOrganization(t.db, { name: 'Sessions Own' });
  const orgB = await makeOrganization(t.db);
  const siteA = await makeSite(t.db, orgA.id, { name: 'Harbour' });
  const siteB = await makeSite(t.db, orgB.id);
  const password = await chargerPasswordHash();
  const ownerUser = await makeUser(t.db, 'location_owner', { organizationId: orgA.id });
  const driverUser = await makeUser(t.db, 'driver', { organizationId: orgA.id });
  const c1 = await makeCharger(t.db, siteA, {
    name: 'Harbour 1',
    ocppPasswordHash: password,
    locationOwnerId: ownerUser.id,
    locationOwnerShare: '0.1',
  });
  const c2 = await makeCharger(t.db, siteA, { ocppPasswordHash: password });
  const cb = await makeCharger(t.db, siteB, { ocppPasswordHash: password });
  const driverTag = (await makeToken(t.db, orgA.id, { userId: driverUser.id })).token;
  f = {
    orgA,
    orgB,
    c1,
    c2,
    cpo: (await signedIn(t.url, t.db, 'cpo', { organizationId: orgA.id })).api,
    cpoB: (await signedIn(t.url, t.db, 'cpo', { organizationId: orgB.id })).api,
    owner: apiClient(t.url, await login(t.url, ownerUser.email)),
    admin: (await signedIn(t.url, t.db, 'admin')).api,
    driver: apiClient(t.url, await login(t.url, driverUser.email)),
    driverTag,
  };
  const [cp1, cp2, cpB] = await Promise.all([c1, c2, cb].map((c) => connect(t.url, c.ocppIdentity, 'ocpp1.6')));
  clients.push(cp1!, cp2!, cpB!);
  for (const cp of clients) await cp.call('BootNotification', { chargePointVendor: 'ABB', chargePointModel: 'Terra' });

  // The driver's session: 700 one-minute samples, more than a chart takes.
  const started = (await cp1!.call('StartTransaction', {
    connectorId: 1,
    idTag: driverTag,
    meterStart: 100_000,
    timestamp: isoAgo(701 * minute),
  })) as { transactionId: number };
  for (let batch = 0; batch < 7; batch++) {
    const meterValue = Array.from({ length: 100 }, (_, i) => {
      const n = batch * 100 + i + 1;
      return {
        timestamp: isoAgo((701 - n) * minute),
        sampledValue: [
          { value: String(100_000 + n * 100), measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
          { value: '6000', measurand: 'Power.Active.Import', unit: 'W' },
          { value: String(Math.min(100, 20 + Math.floor(n / 10))), measurand: 'SoC', unit: 'Percent' },
        ],
      };
    });
    await cp1!.call('MeterValues', { connectorId: 1, transactionId: started.transactionId, meterValue });
  }
  await cp1!.call('StopTransaction', { transactionId: started.transactionId, meterStop: 170_000, timestamp: isoAgo(0) });

  const otherTag = (await makeToken(t.db, orgA.id)).token;
  await cp2!.call('StartTransaction', { connectorId: 1, idTag: otherTag, meterStart: 0, timestamp: isoAgo(10 * minute) });
  const foreignTag = (await makeToken(t.db, orgB.id)).token;
  await cpB!.call('StartTransaction', { connectorId: 1, idTag: foreignTag, meterStart: 0, timestamp: isoAgo(5 * minute) });

  ids.finished = await sessionIdOf(f.admin, c1.id, 'completed');
  ids.running = await sessionIdOf(f.admin, c2.id, 'active');
  ids.foreign = await sessionIdOf(f.admin, cb.id, 'active');
}, 120_000);
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close({ force: true })));
  await t?.close();
});

const listed = async (api: ApiClient, query = '') => {
  const response = await api.get(`/api/v1/sessions${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return (response.body.items as { id: string }[]).map((s) => s.id);
};

describe('sessions', () => {
  it('lists the sessions in scope, newest first, with names and figures', async () => {
    const page = (await f.cpo.get('/api/v1/sessions')).body;
    expect(page).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    expect(page.items.map((s: { id: string }) => s.id)).toEqual([ids.running, ids.finished]);
    expect(page.items[1]).toEqual({
      id: ids.finished,
      organizationId: f.orgA.id,
      organizationName: 'Sessions Own',
      siteId: expect.any(String),
      siteName: 'Harbour',
      chargerId: f.c1.id,
      chargerName: 'Harbour 1',
      evseId: 1,
      connectorId: 1,
      idTag: f.driverTag,
      status: 'completed',
      startedAt: expect.any(String),
      stoppedAt: expect.any(String),
      energyWh: 70_000,
      powerW: null,
      socPercent: 90,
      durationSeconds: expect.any(Number),
      flagged: false,
      flagReason: null,
      closedBy: 'charger',
      settled: true,
      timeZone: 'Asia/Colombo',
    });
    expect(Math.abs(page.items[1].durationSeconds - 701 * 60)).toBeLessThanOrEqual(2);
    expect(page.items[0]).toMatchObject({ status: 'active', stoppedAt: null, energyWh: 0 });
    expect(page.items[0].durationSeconds).toBeGreaterThanOrEqual(600);
  });

  it('filters by charger, status and start time, sorts and pages', async () => {
    expect(await listed(f.cpo, `?chargerId=${f.c1.id}`)).toEqual([ids.finished]);
    expect(await listed(f.cpo, '?status=active')).toEqual([ids.running]);
    expect(await listed(f.cpo, `?from=${encodeURIComponent(isoAgo(60 * minute))}`)).toEqual([ids.running]);
    expect(await listed(f.cpo, `?to=${encodeURIComponent(isoAgo(60 * minute))}`)).toEqual([ids.finished]);
    expect(await listed(f.cpo, '?sort=energyWh&order=desc')).toEqual([ids.finished, ids.running]);
    expect(await listed(f.cpo, '?sort=startedAt&order=asc&pageSize=1&page=2')).toEqual([ids.running]);
    expect(await listed(f.admin, `?organizationId=${f.orgB.id}`)).toEqual([ids.foreign]);
    expect((await f.cpo.get('/api/v1/sessions?sort=price')).status).toBe(400);
  });

  it('keeps each viewer to its scope', async () => {
    expect((await listed(f.admin)).sort()).toEqual([ids.finished, ids.running, ids.foreign].sort());
    expect(await listed(f.owner)).toEqual([ids.finished]);
    expect(await listed(f.cpoB)).toEqual([ids.foreign]);
    expect(await listed(f.cpoB, `?organizationId=${f.orgA.id}`)).toEqual([]);
    expect((await f.cpoB.get(`/api/v1/sessions/${ids.finished}`)).status).toBe(404);
    expect((await f.owner.get(`/api/v1/sessions/${ids.running}`)).status).toBe(404);
    expect((await f.driver.get('/api/v1/sessions')).status).toBe(403);
  });

  it('gives a driver only the sessions of their own tokens', async () => {
    const own = (await f.driver.get('/api/v1/me/sessions')).body;
    expect(own).toMatchObject({ total: 1, items: [{ id: ids.finished, energyWh: 70_000 }] });
    expect((await f.cpo.get('/api/v1/me/sessions')).status).toBe(403);
  });

  it('answers one session with a chart of at most 500 points ending at its energy', async () => {
    const response = await f.cpo.get(`/api/v1/sessions/${ids.finished}`);
    expect(response.status).toBe(200);
    const session = response.body;
    expect(session).toMatchObject({ id: ids.finished, meterStartWh: 100_000, meterStopWh: 170_000, energyWh: 70_000 });
    const samples = session.samples as { at: string; energyWh: number; powerW: number; socPercent: number }[];
    expect(samples).toHaveLength(500);
    expect(samples[0]).toEqual({ at: expect.any(String), energyWh: 100, powerW: 6000, socPercent: 20 });
    expect(samples.at(-1)).toMatchObject({ energyWh: 70_000, socPercent: 90 });
    const times = samples.map((s) => Date.parse(s.at));
    expect(times.every((time, i) => i === 0 || time > times[i - 1]!)).toBe(true);
    expect(samples.every((s, i) => i === 0 || s.energyWh >= samples[i - 1]!.energyWh)).toBe(true);

    const running = (await f.cpo.get(`/api/v1/sessions/${ids.running}`)).body;
    expect(running).toMatchObject({ status: 'active', samples: [] });
  });
});
