import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChargerConnectionEvent } from '../../src/live/bus.js';
import { connect, eventually, isoAgo, makeOcppCharger, makeToken, rows, sessionOf } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
const connectionEvents: ChargerConnectionEvent[] = [];
beforeAll(async () => {
  // A one-second heartbeat: silent for two seconds means Offline.
  t = await startTestServer({ OCPP_HEARTBEAT_SECONDS: '1', OCPP_STALE_SESSION_SECONDS: '3' });
  t.server.bus.on('charger.connection', (e) => connectionEvents.push(e));
});
afterAll(() => t?.close());

const connection = async (chargerId: string) =>
  (
    await rows(t.db, sql`SELECT online, offline_since, last_message_at FROM charger_connections WHERE charger_id = ${chargerId}`)
  )[0];

describe('offline detection', () => {
  it('no message for twice the heartbeat interval: Offline since the last message; the next message brings it back', async () => {
    const { charger } = await makeOcppCharger(t.db);
    const cp = await connect(t.url, charger.ocppIdentity, 'ocpp1.6');
    const sentAt = Date.now();
    expect(await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' })).toMatchObject({ interval: 1 });
    const lastMessage = Date.now();
    const offline = await eventually(async () => {
      const row = await connection(charger.id);
      return row.online ? null : row;
    }, 6000);
    const silentFor = Date.now() - lastMessage;
    expect(silentFor).toBeGreaterThanOrEqual(2000);
    // Offline since the last message the server received (between sending it and its answer), not since detection.
    const offlineSince = new Date(offline.offline_since).getTime();
    expect(offlineSince).toBeGreaterThanOrEqual(sentAt - 5);
    expect(offlineSince).toBeLessThanOrEqual(lastMessage + 5);
    expect(connectionEvents.filter((e) => e.chargerId === charger.id).map((e) => e.online)).toEqual([true, false]);
    await cp.call('Heartbeat', {});
    const back = await connection(charger.id);
    expect(back).toMatchObject({ online: true, offline_since: null });
    expect(connectionEvents.filter((e) => e.chargerId === charger.id).map((e) => e.online)).toEqual([true, false, true]);
    await cp.close();
  });

  it('a closed socket is Offline at once, with the time it closed', async () => {
    const { charger } = await makeOcppCharger(t.db);
    const cp = await connect(t.url, charger.ocppIdentity, 'ocpp2.0.1');
    await cp.call('BootNotification', { reason: 'PowerUp', chargingStation: { vendorName: 'V', model: 'M' } });
    const closedAt = Date.now();
    await cp.close();
    const row = await eventually(async () => {
      const r = await connection(charger.id);
      return r.online ? null : r;
    }, 2000);
    expect(Math.abs(new Date(row.offline_since).getTime() - closedAt)).toBeLessThan(1000);
  });

  it('a charger that keeps talking stays online', async () => {
    const { charger } = await makeOcppCharger(t.db);
    const cp = await connect(t.url, charger.ocppIdentity, 'ocpp1.6');
    await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 500));
      await cp.call('Heartbeat', {});
    }
    expect((await connection(charger.id)).online).toBe(true);
    expect(connectionEvents.filter((e) => e.chargerId === charger.id && !e.online)).toEqual([]);
    await cp.close();
  });

  it('an active session with no message for the configured time is closed by rule and flagged', async () => {
    const { charger, org } = await makeOcppCharger(t.db);
    const token = await makeToken(t.db, org.id);
    const cp = await connect(t.url, charger.ocppIdentity, 'ocpp1.6');
    await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    const start: any = await cp.call('StartTransaction', {
      connectorId: 1,
      idTag: token.token,
      meterStart: 100,
      timestamp: isoAgo(1000),
    });
    await cp.call('MeterValues', {
      connectorId: 1,
      transactionId: start.transactionId,
      meterValue: [{ timestamp: isoAgo(500), sampledValue: [{ value: '350' }] }],
    });
    await cp.close();
    const closed = await eventually(async () => {
      const s = await sessionOf(t.db, charger.id, start.transactionId);
      return s.status === 'completed' ? s : null;
    }, 8000);
    expect(closed).toMatchObject({ closedBy: 'timeout', flagged: true, flagReason: 'closed_after_timeout', energyWh: 250 });
  });
});
