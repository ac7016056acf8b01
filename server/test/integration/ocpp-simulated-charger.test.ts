import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectors } from '../../src/db/schema/index.js';
import { SimulatedCharger } from '../../src/ocpp/simulated-charger.js';
import { makeCharger, makeOrganization, makeSite, signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { CHARGER_PASSWORD, chargerPasswordHash, eventually, makeToken, rows, wsBase } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let admin: ApiClient;
beforeAll(async () => {
  t = await startTestServer();
  admin = (await signedIn(t.url, t.db, 'admin')).api;
});
afterAll(() => t?.close());

/** A charger with one 11 kW Type 2 connector, simulated charging for a minute with samples every 200 ms. */
async function charging(protocol: '1.6' | '2.0.1') {
  const org = await makeOrganization(t.db);
  const site = await makeSite(t.db, org.id);
  const token = await makeToken(t.db, org.id);
  const charger = await makeCharger(t.db, site, { ocppPasswordHash: await chargerPasswordHash() });
  await t.db
    .update(connectors)
    .set({ type: 'Type2', maxPowerKw: '11' })
    .where(sql`${connectors.chargerId} = ${charger.id}`);
  const simulated = new SimulatedCharger({
    url: wsBase(t.url),
    identity: charger.ocppIdentity,
    password: CHARGER_PASSWORD,
    protocol,
    connectors: 1,
    maxPowerW: [11_000],
    idTag: token.token,
    meterSeconds: 0.2,
    sessionSeconds: 60,
    idleSeconds: 0.1,
    heartbeatSeconds: null,
    log: () => undefined,
  });
  await simulated.start();
  const session = await eventually(async () => {
    const [found] = await rows(
      t.db,
      sql`SELECT id, power_w::float AS power FROM charging_sessions
          WHERE charger_id = ${charger.id} AND status = 'active' AND power_w > 0`,
    );
    return found ?? null;
  }, 10_000);
  return { charger, simulated, session };
}

const sessionRow = async (id: string) =>
  (await rows(t.db, sql`SELECT status, stop_reason FROM charging_sessions WHERE id = ${id}`))[0];
/** Epoch milliseconds of the charger's last BootNotification. */
const lastBoot = async (chargerId: string): Promise<number> =>
  (
    await rows(
      t.db,
      sql`SELECT (extract(epoch FROM last_boot_at) * 1000)::float AS ms FROM charger_connections WHERE charger_id = ${chargerId}`,
    )
  )[0].ms;

describe.each(['1.6', '2.0.1'] as const)('a simulated OCPP %s charger acts on commands as a real one', (protocol) => {
  it('draws no more than its connector’s maximum', async () => {
    const { charger, simulated } = await charging(protocol);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const [peak] = await rows(
        t.db,
        sql`SELECT max(value)::float AS w FROM meter_samples WHERE charger_id = ${charger.id} AND measurand = 'Power.Active.Import'`,
      );
      expect(peak.w).toBeGreaterThan(0);
      expect(peak.w).toBeLessThanOrEqual(11_000);
    } finally {
      await simulated.stop();
    }
  });

  it('Unlock: 1.6 ends the running session first (UnlockCommand); 2.0.1 refuses while it runs', async () => {
    const { charger, simulated, session } = await charging(protocol);
    try {
      const answer = await admin.post(`/api/v1/chargers/${charger.id}/commands/unlock-connector`, { connectorId: 1, evseId: 1 });
      expect(answer.status).toBe(200);
      if (protocol === '1.6') {
        expect(answer.body.response).toEqual({ status: 'Unlocked' });
        expect(await sessionRow(session.id)).toEqual({ status: 'completed', stop_reason: 'UnlockCommand' });
      } else {
        expect(answer.body.response).toEqual({ status: 'OngoingAuthorizedTransaction' });
        expect((await sessionRow(session.id)).status).toBe('active');
      }
    } finally {
      await simulated.stop();
    }
  });

  it('Reset: ends the running session, drops the connection and boots again', async () => {
    const { charger, simulated, session } = await charging(protocol);
    try {
      const bootedAt = await lastBoot(charger.id);
      const answer = await admin.post(`/api/v1/chargers/${charger.id}/commands/reset`, { type: 'hard' });
      expect(answer.status).toBe(200);
      expect(answer.body.response).toEqual({ status: 'Accepted' });
      const ended = await eventually(async () => {
        const row = await sessionRow(session.id);
        return row.status === 'completed' ? row : null;
      }, 5000);
      expect(ended.stop_reason).toBe(protocol === '1.6' ? 'HardReset' : 'ImmediateReset');
      const rebooted = await eventually(async () => {
        const at = await lastBoot(charger.id);
        return at > bootedAt ? at : null;
      }, 10_000);
      expect(rebooted).toBeGreaterThan(bootedAt);
      // Back in service: it charges again after the reboot.
      await eventually(async () => {
        const [again] = await rows(
          t.db,
          sql`SELECT id FROM charging_sessions WHERE charger_id = ${charger.id} AND status = 'active' AND id <> ${session.id}`,
        );
        return again ?? null;
      }, 10_000);
    } finally {
      await simulated.stop();
    }
  }, 30_000);
});
