import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.js';
import { basic, CHARGER_PASSWORD, connect, eventually, makeOcppCharger, upgradeStatus } from '../support/ocpp.js';
import { type ThrowawayPostgres, freePort, spawnServe, startThrowawayPostgres } from '../support/throwaway-postgres.js';

/** `chargeboard serve` started before its database, and stopped with SIGTERM while a charger's call is in flight. */
const started = await startThrowawayPostgres();
const cluster: ThrowawayPostgres | null = 'unavailableReason' in started ? null : started;
if ('unavailableReason' in started) console.log(`start-up and shutdown tests skipped: ${started.unavailableReason}`);

const readyz = async (base: string) => {
  try {
    return (await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5000) })).status;
  } catch {
    return 0;
  }
};

async function serve(env: Record<string, string>) {
  const port = await freePort();
  const server = spawnServe({
    PORT: String(port),
    LOG_LEVEL: 'info',
    DEMO_DATA: 'never',
    DEMO_SIMULATOR: 'off',
    INVOICE_SCHEDULE: 'off',
    ...env,
  });
  return { ...server, base: `http://localhost:${port}` };
}

const ready = async (s: Awaited<ReturnType<typeof serve>>) =>
  eventually(async () => (await readyz(s.base)) === 200, 45_000, 200).catch((error: unknown) => {
    throw new Error(`not ready: ${s.output().slice(-1500)}`, { cause: error });
  });

describe('start-up with the database unreachable', () => {
  it('retries for DATABASE_STARTUP_RETRY_SECONDS, then exits naming DATABASE_URL (host:port, no password)', async () => {
    const port = await freePort();
    const s = await serve({
      DATABASE_URL: `postgres://chargeboard:s3cret-pw@127.0.0.1:${port}/chargeboard`,
      DATABASE_STARTUP_RETRY_SECONDS: '2',
    });
    const t0 = Date.now();
    const code = await s.exited;
    expect(code).toBe(1);
    expect(Date.now() - t0).toBeGreaterThan(2000);
    expect(s.output()).toContain(`DATABASE_URL (127.0.0.1:${port}) is not reachable after 2 s`);
    expect(s.output()).toMatch(/ECONNREFUSED/);
    expect(s.output()).not.toContain('s3cret-pw');
  }, 40_000);
});

describe.skipIf(!cluster)('start-up and shutdown against a throwaway PostgreSQL', () => {
  const pg = cluster!;
  let database: Database;
  const children: { child: { kill(signal: NodeJS.Signals): boolean } }[] = [];
  beforeAll(async () => {
    database = await openDatabase({ databaseUrl: pg.url, dataDir: '' });
    await database.migrate();
  });
  afterAll(async () => {
    for (const c of children) c.child.kill('SIGKILL');
    await database?.close();
    pg.destroy();
  });

  it('waits for a database that comes up during the retry window, then serves', async () => {
    await pg.stop();
    const s = await serve({ DATABASE_URL: pg.url, DATABASE_STARTUP_RETRY_SECONDS: '60' });
    children.push(s);
    // It logs that it is waiting (tsx takes a while to start on a busy machine), and keeps waiting.
    await eventually(async () => /waiting for the database \(DATABASE_URL\)/.test(s.output()), 45_000, 100);
    await new Promise((r) => setTimeout(r, 1500));
    expect(s.child.exitCode).toBeNull();
    await pg.start();
    await ready(s);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  }, 60_000);

  it('SIGTERM: refuses new chargers, answers the call in flight, then closes with 1001 and logs the shutdown', async () => {
    const s = await serve({ DATABASE_URL: pg.url, SHUTDOWN_GRACE_SECONDS: '10' });
    children.push(s);
    await ready(s);
    const { charger } = await makeOcppCharger(database.db);
    const other = await makeOcppCharger(database.db);
    const client = await connect(s.base, charger.ocppIdentity, 'ocpp1.6');
    await client.call('BootNotification', { chargePointVendor: 'Test', chargePointModel: 'Shutdown' });
    const closed = new Promise<{ code: number; at: number }>((resolve) =>
      client.once('close', ({ code }: { code: number }) => resolve({ code, at: Date.now() })),
    );
    // A frozen database keeps the call in flight while the signal arrives.
    pg.freeze();
    let answeredAt = 0;
    const answer = client
      .call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' })
      .then((result) => ((answeredAt = Date.now()), result));
    try {
      await new Promise((r) => setTimeout(r, 400));
      s.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 800));
      expect(await upgradeStatus(s.base, other.charger.ocppIdentity, basic(other.charger.ocppIdentity, CHARGER_PASSWORD))).toBe(
        503,
      );
      expect(await readyz(s.base)).toBe(503);
    } finally {
      pg.thaw();
    }
    expect(await answer).toEqual({});
    const close = await closed;
    expect(close.code).toBe(1001);
    expect(answeredAt).toBeLessThanOrEqual(close.at);
    expect(await s.exited).toBe(0);
    expect(s.output()).toMatch(/"msg":"shutting down"/);
    expect(s.output()).toMatch(/"msg":"shutdown complete"/);
  }, 60_000);

  it('SIGTERM: the grace time bounds a shutdown the database holds up', async () => {
    const s = await serve({ DATABASE_URL: pg.url, SHUTDOWN_GRACE_SECONDS: '1' });
    children.push(s);
    await ready(s);
    const { charger } = await makeOcppCharger(database.db);
    const client = await connect(s.base, charger.ocppIdentity, 'ocpp1.6');
    await client.call('BootNotification', { chargePointVendor: 'Test', chargePointModel: 'Shutdown' });
    pg.freeze();
    try {
      void client
        .call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' })
        .catch(() => undefined);
      await new Promise((r) => setTimeout(r, 400));
      const t0 = Date.now();
      s.child.kill('SIGTERM');
      expect(await s.exited).toBe(1);
      // 1 s of grace for calls, 5 s to store what is queued, then the process exits anyway.
      expect(Date.now() - t0).toBeLessThan(12_000);
      expect(s.output()).toMatch(/shutdown grace time over/);
      expect(s.output()).toMatch(/shutdown did not finish in time/);
    } finally {
      pg.thaw();
    }
  }, 60_000);
});
