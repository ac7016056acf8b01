import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSimulator } from '../../src/ocpp/simulator.js';
import { makeCharger, makeOrganization, makeSite } from '../support/factories.js';
import { CHARGER_PASSWORD, chargerPasswordHash, makeToken, rows, wsBase } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

describe('chargeboard simulate', () => {
  it('runs real OCPP 1.6 and 2.0.1 clients that boot, report status and complete metered sessions', async () => {
    const org = await makeOrganization(t.db);
    const site = await makeSite(t.db, org.id);
    await makeToken(t.db, org.id, { token: 'SIM-TAG' });
    const ids: string[] = [];
    for (const identity of ['SIMA-001', 'SIMA-002', 'SIMB-001', 'SIMB-002']) {
      ids.push((await makeCharger(t.db, site, { ocppIdentity: identity, ocppPasswordHash: await chargerPasswordHash() })).id);
    }
    const lines: string[] = [];
    const common = [
      '--url',
      wsBase(t.url),
      '--password',
      CHARGER_PASSWORD,
      '--connectors',
      '1',
      '--meter-seconds',
      '0.3',
      '--session-seconds',
      '1',
      '--idle-seconds',
      '0.3',
      '--duration',
      '4',
    ];
    const codes = await Promise.all([
      runSimulator(['--chargers', '2', '--protocol', '1.6', '--prefix', 'SIMA', ...common], (l) => lines.push(l)),
      runSimulator(['--chargers', '2', '--protocol', '2.0.1', '--prefix', 'SIMB', ...common], (l) => lines.push(l)),
    ]);
    expect(codes).toEqual([0, 0]);
    expect(lines.filter((l) => l.includes('boot Accepted'))).toHaveLength(4);
    const sessions = await rows(
      t.db,
      sql`SELECT c.ocpp_identity, s.protocol, s.energy_wh::int AS energy, s.authorization_status FROM charging_sessions s JOIN chargers c ON c.id = s.charger_id WHERE s.status = 'completed' AND s.closed_by = 'charger'`,
    );
    expect(new Set(sessions.map((s) => s.ocpp_identity))).toEqual(new Set(['SIMA-001', 'SIMA-002', 'SIMB-001', 'SIMB-002']));
    expect(sessions.every((s) => s.energy > 0 && s.authorization_status === 'Accepted')).toBe(true);
    const [statuses] = await rows(
      t.db,
      sql`SELECT count(DISTINCT charger_id)::int AS n FROM connector_status_history WHERE status IN ('Charging', 'Occupied')`,
    );
    expect(statuses.n).toBe(4);
  }, 30_000);
});
