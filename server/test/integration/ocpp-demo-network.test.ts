import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type RunningServer, startServer } from '../../src/main.js';
import { DEMO_CHARGER_IDENTITIES } from '../../src/seed/demo-data.js';
import { isolatedDatabaseUrl } from '../support/database.js';
import { eventually, rows } from '../support/ocpp.js';

let server: RunningServer;
let drop: () => Promise<void>;

beforeAll(async () => {
  const database = await isolatedDatabaseUrl();
  drop = database.drop;
  const config = loadConfig(
    {
      JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
      LOG_LEVEL: 'silent',
      DEMO_DATA: 'always',
      DEMO_SIMULATOR: 'on',
    },
    { port: 0, host: '127.0.0.1', databaseUrl: database.url, memoryDatabase: true },
  );
  // A fast schedule: sessions start within a second and send meter values every 300 ms.
  server = await startServer(config, {
    logger: false,
    demoSchedule: { meterSeconds: 0.3, sessionSeconds: 30, idleSeconds: 0.5, wave: 25 },
  });
});
afterAll(async () => {
  await server?.close();
  await drop?.();
});

describe('the live demo network (DEMO_SIMULATOR=on)', () => {
  it('brings the demo chargers online on both protocol versions and charges with the demo ID tokens', async () => {
    const expected = DEMO_CHARGER_IDENTITIES.length;
    const online = await eventually(async () => {
      const [row] = await rows(
        server.database.db,
        sql`SELECT count(*)::int AS n, count(DISTINCT protocol)::int AS protocols FROM charger_connections WHERE online`,
      );
      return row.n === expected ? row : null;
    }, 20_000);
    expect(online.protocols).toBe(2);

    const charging = await eventually(async () => {
      const sessions = await rows(
        server.database.db,
        sql`SELECT s.protocol, s.authorization_status, s.energy_wh::int AS energy, s.power_w::int AS power, t.token
            FROM charging_sessions s JOIN id_tokens t ON t.id = s.id_token_id
            WHERE s.status = 'active' AND s.energy_wh > 0`,
      );
      return sessions.length >= 2 ? sessions : null;
    }, 10_000);
    expect(charging.every((s) => s.authorization_status === 'Accepted' && s.power > 0)).toBe(true);
    expect(charging.every((s) => /^[A-Z]+-RFID-\d{3}$/.test(s.token))).toBe(true);

    const statuses = await eventually(async () => {
      const found = await rows(server.database.db, sql`SELECT DISTINCT status FROM connector_statuses`);
      const set = new Set(found.map((r) => r.status as string));
      return ['Charging', 'Faulted', 'Unavailable'].every((s) => set.has(s)) ? set : null;
    }, 10_000);
    expect(statuses.has('Charging')).toBe(true);

    // Maintenance chargers report Unavailable.
    const maintenance = await rows(
      server.database.db,
      sql`SELECT DISTINCT cs.status FROM connector_statuses cs JOIN chargers c ON c.id = cs.charger_id
          WHERE c.admin_status = 'maintenance' AND cs.evse_id > 0`,
    );
    expect(maintenance.map((r) => r.status)).toEqual(['Unavailable']);
  }, 60_000);
});
