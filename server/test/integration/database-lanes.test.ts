import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.js';
import { queryRows } from '../../src/db/rows.js';
import { isolatedDatabaseUrl } from '../support/database.js';

/** A pool of its own (`Database.lane`): payments wait on gateways without taking the charger traffic's connections. */
let isolated: Awaited<ReturnType<typeof isolatedDatabaseUrl>>;
let database: Database;

beforeAll(async () => {
  isolated = await isolatedDatabaseUrl();
  database = await openDatabase({ databaseUrl: isolated.url, dataDir: '', memory: true, poolSize: 2 });
});

afterAll(async () => {
  await database?.close();
  await isolated?.drop();
});

const backendPid = async (db: Database['db']) =>
  Number((await queryRows<{ pid: number }>(db, sql`SELECT pg_backend_pid() AS pid`))[0]!.pid);

describe.skipIf(!process.env.TEST_DATABASE_URL)('on PostgreSQL', () => {
  it('answers through its own connections while every connection of the main pool is busy', async () => {
    const lane = database.lane('payments', 2);
    expect(database.lane('payments', 2)).toBe(lane);
    expect(database.lane('other', 0)).toBe(database.db);

    // Both main connections sleep for 1.5 s; the main pool has a query waiting behind them.
    const busy = [1, 2].map(() => queryRows(database.db, sql`SELECT pg_sleep(1.5)`));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const waitingBehind = backendPid(database.db);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(database.waiting()).toBe(1);

    const started = Date.now();
    const lanePid = await backendPid(lane);
    expect(Date.now() - started).toBeLessThan(1000);
    await Promise.all(busy);
    const mainPid = await waitingBehind;
    expect(lanePid).not.toBe(mainPid);
  });

  it('closes its connections with the database', async () => {
    const other = await openDatabase({ databaseUrl: isolated.url, dataDir: '', poolSize: 1 });
    await backendPid(other.lane('payments', 1));
    await backendPid(other.db);
    const name = new URL(isolated.url!).pathname.slice(1);
    const connections = async () =>
      Number(
        (
          await queryRows<{ n: number }>(
            database.db,
            sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = ${name} AND pid <> pg_backend_pid()`,
          )
        )[0]!.n,
      );
    const before = await connections();
    await other.close();
    // pg_stat_activity lags the disconnect by a moment.
    for (let i = 0; i < 50 && (await connections()) > before - 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await connections()).toBe(before - 2);
  });
});

describe.skipIf(!!process.env.TEST_DATABASE_URL)('on the embedded database', () => {
  it('is the one connection there is', async () => {
    expect(database.lane('payments', 4)).toBe(database.db);
  });
});
