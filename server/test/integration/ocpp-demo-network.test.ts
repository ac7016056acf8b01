import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type RunningServer, startServer } from '../../src/main.js';
import { DEMO_CHARGER_IDENTITIES } from '../../src/seed/demo-data.js';
import { isolatedDatabaseUrl } from '../support/database.js';
import { eventually, rows } from '../support/ocpp.js';

let server: RunningServer;
let drop: () => Promise<void>;
let database: Awaited<ReturnType<typeof isolatedDatabaseUrl>>;

beforeAll(async () => {
  database = await isolatedDatabaseUrl();
  drop = database.drop;
  const config = loadConfig(
    {
      JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
      LOG_LEVEL: 'silent',
      DEMO_DATA: 'always',
      DEMO_SIMULATOR: 'on',
    },
    // HOST unset, as `npm start` runs it.
    { port: 0, host: null, databaseUrl: database.url, memoryDatabase: true },
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

describe('a server holding the demo logins (published passwords)', () => {
  it('listens on 127.0.0.1 only when HOST is not set', () => {
    expect((server.app.server.address() as AddressInfo).address).toBe('127.0.0.1');
  });

  it('listens where HOST says, and on every interface without demo data', async () => {
    const empty = await startServer(
      loadConfig(
        { JWT_SECRET: 'test-secret-that-is-long-enough-0123456789', LOG_LEVEL: 'silent', DEMO_DATA: 'never' },
        { port: 0, host: null, databaseUrl: null, memoryDatabase: true },
      ),
      { logger: false },
    );
    try {
      expect((empty.app.server.address() as AddressInfo).address).toBe('0.0.0.0');
    } finally {
      await empty.close();
    }
    // Explicit HOST with demo logins present: the server shares its database with the demo one.
    const shared = await startServer(
      loadConfig(
        { JWT_SECRET: 'test-secret-that-is-long-enough-0123456789', LOG_LEVEL: 'silent', DEMO_DATA: 'never', HOST: '0.0.0.0' },
        { port: 0, databaseUrl: database.url, memoryDatabase: true },
      ),
      { logger: false, ...(database.url ? {} : { database: server.database }) },
    );
    try {
      expect((shared.app.server.address() as AddressInfo).address).toBe('0.0.0.0');
    } finally {
      await shared.close();
    }
  });
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
