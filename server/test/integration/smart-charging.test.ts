import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCharger } from '../../src/ocpp/simulated-charger.js';
import { makeCharger, makeOrganization, makeSite, signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import {
  CHARGER_PASSWORD,
  chargerPasswordHash,
  connect,
  eventually,
  isoAgo,
  makeOcppCharger,
  makeToken,
  rows,
  wsBase,
} from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let manager: ApiClient;
beforeAll(async () => {
  t = await startTestServer();
  manager = (await signedIn(t.url, t.db, 'network_manager')).api;
});
afterAll(() => t?.close());

/** A simulated 22 kW charger (its strict OCPP client refuses any call that breaks the official schemas) with a session drawing power. */
async function charging(protocol: '1.6' | '2.0.1', smartCharging = true) {
  const org = await makeOrganization(t.db);
  const site = await makeSite(t.db, org.id);
  const token = await makeToken(t.db, org.id);
  const charger = await makeCharger(t.db, site, { ocppPasswordHash: await chargerPasswordHash() });
  const simulated = new SimulatedCharger({
    url: wsBase(t.url),
    identity: charger.ocppIdentity,
    password: CHARGER_PASSWORD,
    protocol,
    connectors: 1,
    maxPowerW: [22_000],
    idTag: token.token,
    meterSeconds: 0.2,
    sessionSeconds: 300,
    idleSeconds: 0.1,
    heartbeatSeconds: null,
    smartCharging,
    log: () => undefined,
  });
  await simulated.start();
  await eventually(async () => {
    const [found] = await rows(
      t.db,
      sql`SELECT id FROM charging_sessions WHERE charger_id = ${charger.id} AND status = 'active' AND power_w > 0`,
    );
    return found ?? null;
  }, 10_000);
  return { charger, simulated };
}

const command = (chargerId: string, name: string, body: object) =>
  manager.post(`/api/v1/chargers/${chargerId}/commands/${name}`, body);

/** The power readings the charger sent after `since`, in W. */
const powerSince = async (chargerId: string, since: Date) =>
  (
    await rows<{ w: number }>(
      t.db,
      sql`SELECT value::float AS w FROM meter_samples
          WHERE charger_id = ${chargerId} AND measurand = 'Power.Active.Import' AND at > ${since.toISOString()}::timestamptz
          ORDER BY at`,
    )
  ).map((r) => r.w);

/** Waits until the charger has sent `count` power readings after `since`. */
const readingsAfter = (chargerId: string, since: Date, count = 3) =>
  eventually(async () => {
    const readings = await powerSince(chargerId, since);
    return readings.length >= count ? readings : null;
  }, 10_000);

describe.each(['1.6', '2.0.1'] as const)('technician charging profiles on an OCPP %s charger', (protocol) => {
  it('a 3 kW limit on the running session brings its meter values under it; the composite schedule shows it; clearing lifts it', async () => {
    const { charger, simulated } = await charging(protocol);
    try {
      const set = await command(charger.id, 'set-charging-profile', { purpose: 'tx', limit: 3, unit: 'kW', connectorId: 1 });
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({ action: 'SetChargingProfile', response: { status: 'Accepted' } });
      const limitedAt = new Date();
      const limited = await readingsAfter(charger.id, limitedAt);
      expect(Math.max(...limited)).toBeLessThanOrEqual(3_000);
      expect(Math.max(...limited)).toBeGreaterThan(0);

      const composite = await command(charger.id, 'get-composite-schedule', { connectorId: 1, unit: 'kW' });
      expect(composite.status).toBe(200);
      const periods =
        protocol === '1.6'
          ? composite.body.response.chargingSchedule.chargingSchedulePeriod
          : composite.body.response.schedule.chargingSchedulePeriod;
      expect(composite.body.response.status).toBe('Accepted');
      expect(periods[0].limit).toBe(3_000);

      const cleared = await command(charger.id, 'clear-charging-profile', { purpose: 'tx', connectorId: 1 });
      expect(cleared.body).toMatchObject({ action: 'ClearChargingProfile', response: { status: 'Accepted' } });
      const freedAt = new Date();
      const freed = await readingsAfter(charger.id, freedAt);
      // Every simulated AC car draws at least 7.4 kW less 2 % meter noise when nothing holds it back.
      expect(Math.min(...freed)).toBeGreaterThan(7_000);

      const nothingLeft = await command(charger.id, 'get-composite-schedule', { connectorId: 1 });
      expect(nothingLeft.body.response.status).toBe('Rejected');
    } finally {
      await simulated.stop();
    }
  });

  it('a charger maximum in amperes caps the charger, and is audited with what was sent', async () => {
    const { charger, simulated } = await charging(protocol);
    try {
      const set = await command(charger.id, 'set-charging-profile', { purpose: 'charger-max', limit: 8, unit: 'A' });
      expect(set.body.response.status).toBe('Accepted');
      const readings = await readingsAfter(charger.id, new Date());
      // 8 A on three phases at 230 V is 5.52 kW.
      expect(Math.max(...readings)).toBeLessThanOrEqual(5_520);
      const [audit] = await rows(
        t.db,
        sql`SELECT changes FROM audit_log WHERE entity_id = ${charger.id} AND action = 'command.set-charging-profile'`,
      );
      expect(JSON.stringify(audit.changes)).toContain('"rateUnit":"A"');
    } finally {
      await simulated.stop();
    }
  });

  it('a real strict OCPP client receives the TxProfile of its transaction, and its refusal is reported', async () => {
    const ocpp = protocol === '1.6' ? 'ocpp1.6' : 'ocpp2.0.1';
    const made = await makeOcppCharger(t.db);
    const token = await makeToken(t.db, made.org.id);
    const cp = await connect(t.url, made.charger.ocppIdentity, ocpp);
    const received: Record<string, any>[] = [];
    cp.handle('SetChargingProfile', async ({ params }) => {
      received.push(params as Record<string, any>);
      return { status: 'Rejected' };
    });
    try {
      let transactionId: string;
      if (protocol === '1.6') {
        await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
        const started = (await cp.call('StartTransaction', {
          connectorId: 1,
          idTag: token.token,
          meterStart: 0,
          timestamp: isoAgo(1000),
        })) as { transactionId: number };
        transactionId = String(started.transactionId);
      } else {
        await cp.call('BootNotification', { reason: 'PowerUp', chargingStation: { vendorName: 'V', model: 'M' } });
        transactionId = `tx-${Date.now()}`;
        await cp.call('TransactionEvent', {
          eventType: 'Started',
          timestamp: isoAgo(1000),
          triggerReason: 'Authorized',
          seqNo: 0,
          transactionInfo: { transactionId },
          evse: { id: 1, connectorId: 1 },
          idToken: { idToken: token.token, type: 'ISO14443' },
        });
      }
      const set = await command(made.charger.id, 'set-charging-profile', {
        purpose: 'tx',
        limit: 16,
        unit: 'A',
        connectorId: 1,
        durationSeconds: 900,
      });
      expect(set.status).toBe(200);
      expect(set.body.response).toEqual({ status: 'Rejected' });
      expect(received).toHaveLength(1);
      const schedule = { chargingRateUnit: 'A', duration: 900, chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] };
      if (protocol === '1.6')
        expect(received[0]).toMatchObject({
          connectorId: 1,
          csChargingProfiles: {
            transactionId: Number(transactionId),
            chargingProfilePurpose: 'TxProfile',
            chargingProfileKind: 'Absolute',
            stackLevel: 1,
            chargingSchedule: schedule,
          },
        });
      else
        expect(received[0]).toMatchObject({
          evseId: 1,
          chargingProfile: {
            transactionId,
            chargingProfilePurpose: 'TxProfile',
            chargingProfileKind: 'Absolute',
            stackLevel: 1,
            chargingSchedule: [schedule],
          },
        });
    } finally {
      await cp.close({ force: true });
    }
  });

  it('a charger without smart charging answers, and the answer is reported as it came', async () => {
    const { charger, simulated } = await charging(protocol, false);
    try {
      const set = await command(charger.id, 'set-charging-profile', {
        purpose: 'tx-default',
        limit: 7,
        unit: 'kW',
        connectorId: 1,
      });
      expect(set.status).toBe(200);
      expect(set.body.response.status).toBe(protocol === '1.6' ? 'NotSupported' : 'Rejected');
    } finally {
      await simulated.stop();
    }
  });

  it('refuses bad profiles with CHARGING_PROFILE_INVALID (422) and an offline charger with CHARGER_OFFLINE (409)', async () => {
    const { charger, simulated } = await charging(protocol);
    try {
      const bad = [
        { purpose: 'tx', limit: -3, unit: 'kW', connectorId: 1 },
        { purpose: 'tx', limit: 5000, unit: 'kW', connectorId: 1 },
        { purpose: 'tx', limit: 3, unit: 'kW', connectorId: 2 },
        { purpose: 'charger-max', limit: 3, unit: 'kW', connectorId: 1 },
        { purpose: 'tx-default', limit: 3, unit: 'kW', durationSeconds: 5 },
      ];
      for (const body of bad) {
        const response = await command(charger.id, 'set-charging-profile', body);
        expect(response.status, JSON.stringify(body)).toBe(422);
        expect(response.body.error.code).toBe('CHARGING_PROFILE_INVALID');
      }
      const wrongUnit = await command(charger.id, 'set-charging-profile', {
        purpose: 'tx',
        limit: 3,
        unit: 'MW',
        connectorId: 1,
      });
      expect(wrongUnit.status).toBe(400);
    } finally {
      await simulated.stop();
    }
    const offline = await eventually(async () => {
      const response = await command(charger.id, 'get-composite-schedule', { connectorId: 1 });
      return response.status === 409 ? response : null;
    }, 5_000);
    expect(offline.body.error.code).toBe('CHARGER_OFFLINE');
  });
});
