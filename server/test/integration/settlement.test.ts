import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commissionContracts, paymentMethods } from '../../src/db/schema/index.js';
import { settleStoppedSession } from '../../src/modules/settlement/service.js';
import type { RpcClient } from '../../src/ocpp/rpc.js';
import { login, makeCharger, makeOrganization, makeSite, makeUser, signedIn } from '../support/factories.js';
import { type ApiClient, apiClient } from '../support/http.js';
import { chargerPasswordHash, connect, eventually, makeToken, rows, sessionOf } from '../support/ocpp.js';
import { WORKED_EXAMPLE_ELEMENTS, workedExampleOrganization } from '../support/pricing.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let accounts: ApiClient;
beforeAll(async () => {
  t = await startTestServer();
  accounts = (await signedIn(t.url, t.db, 'accounts')).api;
});
afterAll(() => t?.close());

const ZONE = 'Asia/Colombo';
/** Yesterday in Colombo: the charger sends its queued messages with past timestamps. */
const DAY = DateTime.now().setZone(ZONE).minus({ days: 1 }).toISODate()!;
const local = (time: string, day = DAY) => DateTime.fromISO(`${day}T${time}`, { zone: ZONE }).toUTC().toISO()!;

/** The worked-example organization of docs/finance.md §13, its CH-2 with a 5 % location owner, a card-paying driver. */
async function workedExampleNetwork(contract: Partial<typeof commissionContracts.$inferInsert> = {}) {
  const net = await workedExampleOrganization(t.db, accounts, {
    contract,
    charger: { ocppPasswordHash: await chargerPasswordHash() },
  });
  const driver = await makeUser(t.db, 'driver', { organizationId: net.org.id });
  await t.db.insert(paymentMethods).values({ userId: driver.id, gateway: 'cybersource' });
  const token = await makeToken(t.db, net.org.id, { userId: driver.id });
  const cp = await connect(t.url, net.charger.ocppIdentity, 'ocpp1.6');
  await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
  return { ...net, token, cp };
}

/** A whole OCPP 1.6 transaction: start, one MeterValues per middle reading, stop. */
async function runSession(cp: RpcClient, idTag: string, readings: [string, number][]) {
  const [first, ...rest] = readings;
  const last = rest.pop()!;
  const start = (await cp.call('StartTransaction', {
    connectorId: 1,
    idTag,
    meterStart: first![1],
    timestamp: first![0],
  })) as { transactionId: number };
  for (const [at, wh] of rest)
    await cp.call('MeterValues', {
      connectorId: 1,
      transactionId: start.transactionId,
      meterValue: [{ timestamp: at, sampledValue: [{ value: String(wh), context: 'Sample.Periodic' }] }],
    });
  const stop = { transactionId: start.transactionId, idTag, meterStop: last[1], timestamp: last[0], reason: 'Local' };
  await cp.call('StopTransaction', stop);
  return { transactionId: start.transactionId, stop };
}

const settlementOf = (api: ApiClient, sessionId: string) =>
  eventually(async () => {
    const response = await api.get(`/api/v1/sessions/${sessionId}/settlement`);
    return response.status === 200 ? response.body : null;
  });

describe('settlement at session stop', () => {
  it('settles the worked example (docs/finance.md §13.1) end to end, once, and a later tariff edit changes nothing', async () => {
    const net = await workedExampleNetwork();
    const { transactionId, stop } = await runSession(net.cp, net.token.token, [
      [local('17:50'), 0],
      [local('18:30'), 14_000],
      [local('19:10'), 27_500],
    ]);
    const session = await sessionOf(t.db, net.charger.id, transactionId);
    const settled = await settlementOf(accounts, session.id);

    expect(settled).toMatchObject({
      currency: 'LKR',
      timeZone: ZONE,
      energyWh: 27_500,
      tariffId: net.tariffId,
      tariffVersion: 1,
      flags: [],
      lines: [
        { type: 'ENERGY', unitPrice: '90.00', quantity: '14.0000', amountMinor: 126_000 },
        { type: 'ENERGY', unitPrice: '120.00', quantity: '13.5000', amountMinor: 162_000 },
        { type: 'FLAT', unitPrice: '50.00', quantity: '1.0000', amountMinor: 5000 },
      ],
      netMinor: 293_000,
      taxLines: [
        { name: 'SSCL', rate: '0.025', baseMinor: 293_000, amountMinor: 7325 },
        { name: 'VAT', rate: '0.18', baseMinor: 300_325, amountMinor: 54_059 },
      ],
      taxMinor: 61_384,
      grossMinor: 354_384,
      paymentMethod: 'cybersource',
      gateway: 'cybersource',
      gatewayFeeMinor: 8860,
      gatewayFeeBearer: 'organization',
      platformCommissionMinor: 29_300,
      locationOwnerId: net.owner.id,
      locationOwnerCommissionMinor: 14_650,
      partnerShareMinor: 240_190,
      energyCostMinor: 123_750,
      marginMinor: 116_440,
    });
    const balance = await rows(
      t.db,
      sql`SELECT sum(amount_minor)::text AS s FROM ledger_postings WHERE session_id = ${session.id}`,
    );
    expect(balance[0].s).toBe('0');
    expect(settled.postings.length).toBeGreaterThanOrEqual(6);

    // A repeated stop (the answer was lost), a repeated event and a direct call settle nothing more.
    await net.cp.call('StopTransaction', stop);
    t.server.bus.publish('session.stopped', {
      sessionId: session.id,
      chargerId: net.charger.id,
      organizationId: net.org.id,
      siteId: net.site.id,
      transactionId: String(transactionId),
      evseId: 1,
      connectorId: 1,
      startedAt: session.startedAt.toISOString(),
      stoppedAt: session.stoppedAt!.toISOString(),
      energyWh: 27_500,
      powerW: null,
      socPercent: null,
      status: 'completed',
      closedBy: 'charger',
      flagged: false,
    });
    expect(await settleStoppedSession(t.db, session.id)).toBeNull();
    const counts = await rows(
      t.db,
      sql`SELECT (SELECT count(*)::int FROM session_settlements WHERE session_id = ${session.id}) AS settlements,
                 (SELECT count(*)::int FROM ledger_postings WHERE session_id = ${session.id}) AS postings`,
    );
    expect(counts[0]).toEqual({ settlements: 1, postings: settled.postings.length });

    // The tariff changes later: the stored settlement keeps its figures and its version.
    const edited = await accounts.patch(`/api/v1/tariffs/${net.tariffId}`, {
      elements: [{ price_components: [{ type: 'ENERGY', price: '200.00', step_size: 0 }] }],
    });
    expect(edited.body.version).toBe(2);
    const again = (await accounts.get(`/api/v1/sessions/${session.id}/settlement`)).body;
    expect(again).toMatchObject({ netMinor: 293_000, grossMinor: 354_384, tariffVersion: 1 });
    const used = await rows(t.db, sql`SELECT snapshot FROM tariff_versions WHERE tariff_id = ${net.tariffId} AND version = 1`);
    expect(used[0].snapshot.elements).toEqual(WORKED_EXAMPLE_ELEMENTS);
    // A tariff a settlement used cannot be deleted.
    expect((await accounts.delete(`/api/v1/tariffs/${net.tariffId}`)).body.error.code).toBe('TARIFF_IN_USE');

    // Scope: the charger's location owner sees it, another location owner does not, nor another organization's CPO.
    const hostApi = apiClient(t.url, await login(t.url, net.owner.email));
    expect((await hostApi.get(`/api/v1/sessions/${session.id}/settlement`)).body.locationOwnerCommissionMinor).toBe(14_650);
    const owner = await signedIn(t.url, t.db, 'location_owner', { organizationId: net.org.id });
    expect((await owner.api.get(`/api/v1/sessions/${session.id}/settlement`)).status).toBe(404);
    const other = await makeOrganization(t.db);
    const foreignCpo = (await signedIn(t.url, t.db, 'cpo', { organizationId: other.id })).api;
    expect((await foreignCpo.get(`/api/v1/sessions/${session.id}/settlement`)).status).toBe(404);
    const ownCpo = (await signedIn(t.url, t.db, 'cpo', { organizationId: net.org.id })).api;
    expect((await ownCpo.get(`/api/v1/sessions/${session.id}/settlement`)).body.netMinor).toBe(293_000);
    await net.cp.close();
  });

  it('a session no tariff applies to settles with net 0, flagged NO_TARIFF, paid manually by default', async () => {
    const org = await makeOrganization(t.db, { taxes: [{ name: 'VAT', rate: '0.18', compound: false }] });
    const site = await makeSite(t.db, org.id);
    const charger = await makeCharger(t.db, site, { ocppPasswordHash: await chargerPasswordHash() });
    const token = await makeToken(t.db, org.id);
    const cp = await connect(t.url, charger.ocppIdentity, 'ocpp1.6');
    await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    const { transactionId } = await runSession(cp, token.token, [
      [local('10:00'), 500],
      [local('11:00'), 10_500],
    ]);
    const session = await sessionOf(t.db, charger.id, transactionId);
    const settled = await settlementOf(accounts, session.id);
    expect(settled).toMatchObject({
      flags: ['NO_TARIFF', 'NO_CONTRACT'],
      tariffId: null,
      energyWh: 10_000,
      netMinor: 0,
      grossMinor: 0,
      paymentMethod: 'manual',
      gateway: null,
      gatewayFeeMinor: 0,
      platformCommissionMinor: 0,
    });
    await cp.close();
  });

  it('the most specific tariff wins: a connector tariff over the organization default', async () => {
    const net = await workedExampleNetwork();
    const connectorTariff = await accounts.post('/api/v1/tariffs', {
      organizationId: net.org.id,
      name: 'Fast connector',
      currency: 'LKR',
      elements: [{ price_components: [{ type: 'ENERGY', price: '100.00', step_size: 0 }] }],
      validFrom: '2020-01-01T00:00:00Z',
      chargerId: net.charger.id,
      connectorId: 1,
    });
    const { transactionId } = await runSession(net.cp, net.token.token, [
      [local('08:00'), 0],
      [local('09:00'), 10_000],
    ]);
    const settled = await settlementOf(accounts, (await sessionOf(t.db, net.charger.id, transactionId)).id);
    expect(settled).toMatchObject({ tariffId: connectorTariff.body.id, netMinor: 100_000 });
    await net.cp.close();
  });

  it('kWh-tier commission uses the organization’s kWh of the period’s sessions that ended before', async () => {
    const net = await workedExampleNetwork({
      kind: 'kwh_tiers',
      percent: null,
      tiers: [
        { fromKwh: '0', percent: '0.10' },
        { fromKwh: '20', percent: '0.05' },
      ],
    });
    const first = await runSession(net.cp, net.token.token, [
      [local('08:00'), 0],
      [local('09:00'), 20_000],
    ]);
    const a = await settlementOf(accounts, (await sessionOf(t.db, net.charger.id, first.transactionId)).id);
    // 20 kWh × 90.00 + 50.00 = 1 850.00; no kWh before it in the period → 10 % (its own 20 kWh count for the next).
    expect(a).toMatchObject({ netMinor: 185_000, platformCommissionMinor: 18_500 });
    const second = await runSession(net.cp, net.token.token, [
      [local('10:00'), 20_000],
      [local('11:00'), 40_000],
    ]);
    const b = await settlementOf(accounts, (await sessionOf(t.db, net.charger.id, second.transactionId)).id);
    // 20 kWh ended before it → the 20 kWh tier, 5 %.
    expect(b).toMatchObject({ netMinor: 185_000, platformCommissionMinor: 9250 });
    await net.cp.close();
  });
});
