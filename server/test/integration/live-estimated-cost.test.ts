import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meterWriterStats } from '../../src/modules/charging/meter-writer.js';
import type { RpcClient } from '../../src/ocpp/rpc.js';
import { makeCharger, makeOrganization, makeSite, signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { chargerPasswordHash, connect, makeToken, rows, sessionOf } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';
import { type SseStream, openStream } from '../support/sse.js';

let t: TestServer;
const clients: RpcClient[] = [];
let stream: SseStream;
/** A Network Manager watches the network (monitoring:read) but may not read money (no finance:read). */
let operatorStream: SseStream;
let f: { priced: RpcClient; unpriced: RpcClient; pricedId: string; unpricedId: string; tagA: string; tagB: string };

/** 100.00 LKR per kWh, and 18 % VAT on top (the organization's tax). */
const ENERGY_ONLY = [{ price_components: [{ type: 'ENERGY', price: '100.00', step_size: 0 }] }];

beforeAll(async () => {
  t = await startTestServer({ OCPP_HEARTBEAT_SECONDS: '120' });
  const orgA = await makeOrganization(t.db, { taxes: [{ name: 'VAT', rate: '0.18', compound: false }] });
  const orgB = await makeOrganization(t.db);
  const siteA = await makeSite(t.db, orgA.id);
  const siteB = await makeSite(t.db, orgB.id);
  const password = await chargerPasswordHash();
  const pricedCharger = await makeCharger(t.db, siteA, { ocppPasswordHash: password });
  const unpricedCharger = await makeCharger(t.db, siteB, { ocppPasswordHash: password });
  const accounts: ApiClient = (await signedIn(t.url, t.db, 'accounts')).api;
  const tariff = await accounts.post('/api/v1/tariffs', {
    organizationId: orgA.id,
    name: 'Energy only',
    currency: 'LKR',
    elements: ENERGY_ONLY,
    validFrom: '2020-01-01T00:00:00Z',
  });
  expect(tariff.status).toBe(201);

  const admin = (await signedIn(t.url, t.db, 'admin')).api;
  const issued = await admin.post('/api/v1/stream/ticket');
  stream = await openStream(`${t.url}/api/v1/stream?ticket=${issued.body.ticket as string}`);
  const operator = (await signedIn(t.url, t.db, 'network_manager')).api;
  const operatorTicket = await operator.post('/api/v1/stream/ticket');
  operatorStream = await openStream(`${t.url}/api/v1/stream?ticket=${operatorTicket.body.ticket as string}`);

  const [priced, unpriced] = await Promise.all(
    [pricedCharger, unpricedCharger].map((c) => connect(t.url, c.ocppIdentity, 'ocpp1.6')),
  );
  clients.push(priced!, unpriced!);
  for (const cp of clients) await cp.call('BootNotification', { chargePointVendor: 'ABB', chargePointModel: 'Terra' });
  f = {
    priced: priced!,
    unpriced: unpriced!,
    pricedId: pricedCharger.id,
    unpricedId: unpricedCharger.id,
    tagA: (await makeToken(t.db, orgA.id)).token,
    tagB: (await makeToken(t.db, orgB.id)).token,
  };
});
afterAll(async () => {
  stream?.close();
  operatorStream?.close();
  await Promise.all(clients.map((c) => c.close({ force: true })));
  await t?.close();
});

const register = (wh: number, at = new Date()) => [
  {
    timestamp: at.toISOString(),
    sampledValue: [
      { value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
      { value: '7000', measurand: 'Power.Active.Import', unit: 'W' },
    ],
  },
];

function updates(sessionId: string) {
  return stream.events().filter((e) => e.type === 'session.updated' && e.payload.sessionId === sessionId);
}

describe('estimated cost on session.updated', () => {
  it('carries the cost so far under the session tariff, taxes included, computed from the readings', async () => {
    const started = (await f.priced.call('StartTransaction', {
      connectorId: 1,
      idTag: f.tagA,
      meterStart: 10_000,
      timestamp: new Date().toISOString(),
    })) as { transactionId: number };
    await f.priced.call('MeterValues', { connectorId: 1, transactionId: started.transactionId, meterValue: register(12_000) });

    // Answered only once written: the session's energy is stored when the CALLRESULT arrives.
    const session = await sessionOf(t.db, f.pricedId, started.transactionId);
    expect(session).toMatchObject({ energyWh: 2000, status: 'active' });

    await stream.waitFor((m) => m.event === 'session.updated' && m.data!.includes(session.id));
    // 2 kWh × 100.00 = 200.00 LKR net; VAT 18 % = 36.00; 236.00 gross.
    expect(updates(session.id).at(-1)!.payload).toMatchObject({
      energyWh: 2000,
      powerW: 7000,
      estimatedCost: { currency: 'LKR', netMinor: 20_000, grossMinor: 23_600 },
    });
    // The Network Manager gets the same event without the money.
    await operatorStream.waitFor((m) => m.event === 'session.updated' && m.data!.includes(session.id));
    const seenByOperator = operatorStream
      .events()
      .filter((e) => e.type === 'session.updated' && e.payload.sessionId === session.id)
      .at(-1)!.payload;
    expect(seenByOperator).toMatchObject({ energyWh: 2000, powerW: 7000 });
    expect(seenByOperator).not.toHaveProperty('estimatedCost');

    // Recomputed at most every few seconds: a later reading after that pause is priced again.
    await new Promise((resolve) => setTimeout(resolve, 3200));
    await f.priced.call('MeterValues', { connectorId: 1, transactionId: started.transactionId, meterValue: register(15_500) });
    await stream.waitFor(() => updates(session.id).length >= 2);
    expect(updates(session.id).at(-1)!.payload).toMatchObject({
      energyWh: 5500,
      estimatedCost: { currency: 'LKR', netMinor: 55_000, grossMinor: 64_900 },
    });
  });

  it('is absent when no tariff applies to the charger', async () => {
    const started = (await f.unpriced.call('StartTransaction', {
      connectorId: 1,
      idTag: f.tagB,
      meterStart: 0,
      timestamp: new Date().toISOString(),
    })) as { transactionId: number };
    await f.unpriced.call('MeterValues', { connectorId: 1, transactionId: started.transactionId, meterValue: register(1500) });
    const session = await sessionOf(t.db, f.unpricedId, started.transactionId);
    await stream.waitFor((m) => m.event === 'session.updated' && m.data!.includes(session.id));
    const payload = updates(session.id).at(-1)!.payload;
    expect(payload).toMatchObject({ energyWh: 1500 });
    expect(payload).not.toHaveProperty('estimatedCost');
  });

  it('many chargers metering at once are all written and answered (one shared transaction per batch)', async () => {
    const started = (await f.priced.call('StartTransaction', {
      connectorId: 2,
      idTag: f.tagA,
      meterStart: 0,
      timestamp: new Date().toISOString(),
    })) as { transactionId: number };
    const base = Date.now();
    // Two chargers, back to back, each waiting for its answer: every reading counts exactly once.
    await Promise.all(
      [f.priced, f.unpriced].map(async (cp, n) => {
        for (let i = 1; i <= 20; i++) {
          const at = new Date(base + i * 1000);
          if (n === 0)
            await cp.call('MeterValues', {
              connectorId: 2,
              transactionId: started.transactionId,
              meterValue: register(i * 100, at),
            });
          else await cp.call('MeterValues', { connectorId: 1, meterValue: register(1500 + i * 10, at) });
        }
      }),
    );
    expect(await sessionOf(t.db, f.pricedId, started.transactionId)).toMatchObject({ energyWh: 2000 });
    // Without a transaction id the readings count for the session active on that connector: 1500 + 20 × 10 Wh.
    const [other] = await rows<{ energy_wh: string; n: number }>(
      t.db,
      sql`SELECT s.energy_wh::text, (SELECT count(*)::int FROM meter_samples m WHERE m.session_id = s.id) AS n
          FROM charging_sessions s WHERE s.charger_id = ${f.unpricedId} AND s.status = 'active'`,
    );
    expect(other).toEqual({ energy_wh: '1700', n: 42 });
    // Written by the group commit itself, not by its one-by-one fallback.
    const stats = meterWriterStats(t.db)!;
    expect(stats.fallbacks).toBe(0);
    expect(stats.messages).toBeGreaterThanOrEqual(43);
  });
});
