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

describe('the demo history', () => {
  it('has sessions a charger could deliver: metered, within the connector maximum, one card at a time, some idle', async () => {
    const db = server.database.db;
    const [history] = await rows(
      db,
      sql`SELECT count(*)::int AS sessions,
                 count(*) FILTER (WHERE id_token_id IS NOT NULL)::int AS with_card,
                 count(*) FILTER (WHERE EXISTS (SELECT 1 FROM meter_samples m WHERE m.session_id = s.id
                                                 AND m.measurand = 'Power.Active.Import'))::int AS metered
          FROM charging_sessions s WHERE transaction_id LIKE 'demo-history-%'`,
    );
    expect(history.sessions).toBeGreaterThan(100);
    expect(history.metered).toBe(history.sessions);
    expect(history.with_card).toBe(history.sessions);
    const overPower = await rows(
      db,
      sql`SELECT m.value FROM meter_samples m JOIN charging_sessions s ON s.id = m.session_id
          JOIN connectors k ON k.charger_id = s.charger_id AND k.connector_id = s.connector_id
          WHERE s.transaction_id LIKE 'demo-history-%' AND m.measurand = 'Power.Active.Import'
            AND m.value > k.max_power_kw * 1000`,
    );
    expect(overPower).toEqual([]);
    const overlaps = await rows(
      db,
      sql`SELECT a.id FROM charging_sessions a JOIN charging_sessions b
            ON a.id_token_id = b.id_token_id AND a.id < b.id AND a.started_at < b.stopped_at AND b.started_at < a.stopped_at
          WHERE a.transaction_id LIKE 'demo-history-%' AND b.transaction_id LIKE 'demo-history-%'`,
    );
    expect(overlaps).toEqual([]);
    // About half the drivers stay plugged in after the car is full: idle (parking) time in the settlement.
    const [idle] = await rows(
      db,
      sql`SELECT count(*) FILTER (WHERE z.idle_seconds > 0)::float / count(*) AS share,
                 max(z.idle_seconds::float / extract(epoch FROM s.stopped_at - s.started_at)) AS most
          FROM session_settlements z JOIN charging_sessions s ON s.id = z.session_id
          WHERE s.transaction_id LIKE 'demo-history-%'`,
    );
    expect(idle.share).toBeGreaterThan(0.3);
    expect(idle.share).toBeLessThan(0.7);
    expect(idle.most).toBeLessThan(0.5);
  });
});

describe('the demo payments', () => {
  it('pay settled sessions in full on CyberSource, Amex and at the cash desk, with one decline and one partial refund', async () => {
    const db = server.database.db;
    const paid = await rows(
      db,
      sql`SELECT p.gateway, p.type, p.amount_minor = z.gross_minor AS whole_gross, a.type AS parent_type, a.status AS parent_status,
                 p.card_brand, p.card_last4
          FROM payments p JOIN session_settlements z ON z.session_id = p.session_id
          LEFT JOIN payments a ON a.id = p.parent_id
          WHERE p.status = 'approved' AND p.type IN ('capture', 'sale') ORDER BY p.gateway, p.type`,
    );
    expect(paid.every((p) => p.whole_gross)).toBe(true);
    const captures = paid.filter((p) => p.type === 'capture');
    expect(new Set(captures.map((p) => p.gateway))).toEqual(new Set(['amex', 'cybersource']));
    expect(captures.every((p) => p.parent_type === 'authorization' && p.parent_status === 'approved' && p.card_last4)).toBe(true);
    expect(paid.filter((p) => p.type === 'sale').map((p) => p.gateway)).toEqual(['cybersource', 'manual']);

    const [declined] = await rows(db, sql`SELECT reason FROM payments WHERE status = 'declined'`);
    expect(declined.reason).toContain('INSUFFICIENT_FUND');
    const [refund] = await rows(
      db,
      sql`SELECT r.amount_minor::bigint < s.amount_minor::bigint AS partial FROM payments r
          JOIN payments s ON s.id = r.parent_id WHERE r.type = 'refund' AND r.status = 'approved' AND s.type = 'sale'`,
    );
    expect(refund.partial).toBe(true);
    // Rows only: the demo sessions were settled as postpaid, so no payment or refund entry is posted.
    const [posted] = await rows(
      db,
      sql`SELECT count(*)::int AS n FROM ledger_postings WHERE entry_kind IN ('payment', 'refund')`,
    );
    expect(posted.n).toBe(0);
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
        sql`SELECT s.protocol, s.authorization_status, s.energy_wh::int AS energy, s.power_w::float AS power, t.token,
                   k.max_power_kw::float * 1000 AS max_w
            FROM charging_sessions s JOIN id_tokens t ON t.id = s.id_token_id
            JOIN connectors k ON k.charger_id = s.charger_id AND k.connector_id = coalesce(s.connector_id, s.evse_id)
            WHERE s.status = 'active' AND s.energy_wh > 0 AND s.transaction_id NOT LIKE 'demo-history-%'`,
      );
      return sessions.length >= 2 ? sessions : null;
    }, 10_000);
    expect(charging.every((s) => s.authorization_status === 'Accepted')).toBe(true);
    expect(charging.every((s) => /^[A-Z]+-RFID-\d{3}$/.test(s.token))).toBe(true);
    // What a 22 kW Type 2 connector shows is never 50 kW; a car that is full shows 0 (SuspendedEV).
    expect(charging.filter((s) => s.power > s.max_w)).toEqual([]);

    // One card is never charging on two connectors at once, although every connector wants one.
    const [cards] = await rows(
      server.database.db,
      sql`SELECT count(*)::int AS sessions, count(DISTINCT id_token_id)::int AS cards
          FROM charging_sessions WHERE status = 'active' AND id_token_id IS NOT NULL`,
    );
    expect(cards.sessions).toBeGreaterThan(0);
    expect(cards.cards).toBe(cards.sessions);

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
