import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, serve } from '../support/child-server.js';
import { loadConfig } from '../../src/config.js';
import { type Database, openDatabase } from '../../src/db/client.js';
import { settlementKey } from '../../src/jobs/kinds.js';
import { type RunningServer, startServer } from '../../src/main.js';
import { enqueueSettlement } from '../../src/modules/settlement/enqueue.js';
import { isolatedDatabaseUrl } from '../support/database.js';
import { makeCharger, makeOrganization, makeSite, signedIn } from '../support/factories.js';
import { workedExampleOrganization } from '../support/pricing.js';
import { chargerPasswordHash, connect, eventually, isoAgo, makeToken, rows, sessionOf } from '../support/ocpp.js';
import { storedSession } from '../support/sessions.js';

// A process killed with SIGKILL and a second instance need a database that outlives the process: PostgreSQL.
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe.runIf(process.env.TEST_DATABASE_URL)('after-commit work survives the process', () => {
  it('kill -9 right after a StopTransaction is acknowledged: after the restart the session is settled exactly once', async () => {
    const database = await isolatedDatabaseUrl();
    cleanups.push(() => database.drop());
    const env = {
      DATABASE_URL: database.url!,
      HOST: '127.0.0.1',
      JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
      LOG_LEVEL: 'silent',
      DEMO_DATA: 'never',
      DEMO_SIMULATOR: 'off',
      INVOICE_SCHEDULE: 'off',
      JOB_LEASE_SECONDS: '2',
      JOB_POLL_MS: '100',
    };
    const port = await freePort();
    const first = await serve(env, port, cleanups);
    const opened: Database = await openDatabase({ databaseUrl: database.url, dataDir: '' });
    cleanups.push(() => opened.close());
    const db = opened.db;
    const accounts = (await signedIn(`http://localhost:${port}`, db, 'accounts')).api;
    const { org, charger } = await workedExampleOrganization(db, accounts, {
      charger: { ocppPasswordHash: await chargerPasswordHash() },
    });
    const token = await makeToken(db, org.id);

    // Hold settlements back (as a slow database would), so the kill lands after the stop's commit
    // and while its settlement is under way — the moment an in-memory queue loses it.
    const blocker = new pg.Client({ connectionString: database.url! });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE session_settlements IN ACCESS EXCLUSIVE MODE');

    const cp = await connect(`http://localhost:${port}`, charger.ocppIdentity, 'ocpp1.6');
    await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    const start = (await cp.call('StartTransaction', {
      connectorId: 1,
      idTag: token.token,
      meterStart: 0,
      timestamp: isoAgo(3_600_000),
    })) as { transactionId: number };
    await cp.call('StopTransaction', {
      transactionId: start.transactionId,
      idTag: token.token,
      meterStop: 9_000,
      timestamp: isoAgo(60_000),
      reason: 'Local',
    });
    const session = await sessionOf(db, charger.id, start.transactionId);
    const job = async () => (await rows(db, sql`SELECT * FROM jobs WHERE dedupe_key = ${settlementKey(session.id)}`))[0];
    await eventually(async () => (await job())?.status === 'running', 10_000);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    cp.close({ force: true }).catch(() => undefined);
    await blocker.query('ROLLBACK');
    await blocker.end();

    const settledCount = async () =>
      (await rows(db, sql`SELECT count(*)::int AS n FROM session_settlements WHERE session_id = ${session.id}`))[0].n;
    expect(session.status).toBe('completed');
    expect(await settledCount()).toBe(0);

    await serve(env, await freePort(), cleanups);
    const done = await eventually(async () => ((await job())?.status === 'done' ? job() : null), 30_000, 100);
    // the killed attempt, and the one after its lease ran out
    expect(done.attempts, `attempts (last error: ${done.last_error})`).toBe(2);
    expect(await settledCount()).toBe(1);
    const [ledger] = await rows(
      db,
      sql`SELECT count(*)::int AS n, sum(amount_minor)::text AS balance FROM ledger_postings WHERE session_id = ${session.id}`,
    );
    expect(ledger.n).toBeGreaterThanOrEqual(6);
    expect(ledger.balance).toBe('0');
    const [rollup] = await rows(
      db,
      sql`SELECT sum(sessions)::int AS sessions, sum(energy_wh)::int AS wh FROM settlement_daily_rollups WHERE charger_id = ${charger.id}`,
    );
    expect(rollup).toEqual({ sessions: 1, wh: 9_000 });
  }, 120_000);

  it('two instances on one database share the queue and never settle a session twice', async () => {
    const database = await isolatedDatabaseUrl();
    cleanups.push(() => database.drop());
    const config = () =>
      loadConfig(
        {
          JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
          LOG_LEVEL: 'silent',
          DEMO_DATA: 'never',
          DEMO_SIMULATOR: 'off',
          INVOICE_SCHEDULE: 'off',
          JOB_POLL_MS: '20',
        },
        { port: 0, host: '127.0.0.1', databaseUrl: database.url },
      );
    const servers: RunningServer[] = [];
    cleanups.push(async () => {
      for (const s of servers) await s.close();
    });
    servers.push(await startServer(config(), { logger: false }), await startServer(config(), { logger: false }));
    const db = servers[0]!.database.db;
    const org = await makeOrganization(db);
    const site = await makeSite(db, org.id);
    const charger = await makeCharger(db, site);
    const count = 60;
    // Sixty stops committed at once with their settlement jobs, both instances' workers polling.
    const ids: string[] = [];
    await db.transaction(async (tx) => {
      for (let i = 0; i < count; i++) {
        const row = await storedSession(tx as unknown as typeof db, {
          charger,
          startedAt: new Date(Date.now() - (i + 2) * 3_600_000),
        });
        await enqueueSettlement(tx, row);
        ids.push(row.id);
      }
    });

    await eventually(
      async () =>
        (await rows(db, sql`SELECT count(*)::int AS n FROM jobs WHERE kind = 'settle-session' AND status = 'done'`))[0].n ===
        count,
      30_000,
      100,
    );
    const settled = await rows(
      db,
      sql`SELECT session_id, count(*)::int AS n FROM session_settlements GROUP BY session_id HAVING count(*) > 1`,
    );
    expect(settled).toEqual([]);
    const [total] = await rows(db, sql`SELECT count(*)::int AS n FROM session_settlements`);
    expect(total.n).toBe(count);
    const [rollup] = await rows(db, sql`SELECT sum(sessions)::int AS n FROM settlement_daily_rollups`);
    expect(rollup.n).toBe(count);
    const attempts = await rows(db, sql`SELECT attempts, locked_by FROM jobs WHERE kind = 'settle-session'`);
    expect(attempts.every((j) => j.attempts === 1)).toBe(true);
    expect(new Set(attempts.map((j) => j.locked_by)).size).toBe(2);
    expect(ids).toHaveLength(count);
  }, 90_000);
});
