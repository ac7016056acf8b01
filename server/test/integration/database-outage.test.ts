import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.js';
import { RPCError, type RpcClient } from '../../src/ocpp/rpc.js';
import { connect, eventually, makeOcppCharger, makeToken, rows } from '../support/ocpp.js';
import { type ThrowawayPostgres, freePort, spawnServe, startThrowawayPostgres } from '../support/throwaway-postgres.js';

/**
 * A real PostgreSQL of the test's own, restarted and frozen under a running `chargeboard serve`.
 * Runs on both test phases (it never uses TEST_DATABASE_URL); skips only where PostgreSQL's
 * binaries are missing or cannot be run.
 */
const started = await startThrowawayPostgres();
const cluster: ThrowawayPostgres | null = 'unavailableReason' in started ? null : started;
if ('unavailableReason' in started) console.log(`database-outage tests skipped: ${started.unavailableReason}`);

const readyz = async (base: string) => {
  try {
    return (await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5000) })).status;
  } catch {
    return 0;
  }
};

describe.skipIf(!cluster)('chargeboard serve while PostgreSQL restarts and freezes', () => {
  const pg = cluster!;
  let server: ReturnType<typeof spawnServe>;
  let base = '';
  let database: Database;
  beforeAll(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    server = spawnServe({
      DATABASE_URL: pg.url,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'never',
      DEMO_SIMULATOR: 'off',
      INVOICE_SCHEDULE: 'off',
      READINESS_TIMEOUT_MS: '1000',
      OCPP_HEARTBEAT_SECONDS: '300',
    });
    await eventually(async () => (await readyz(base)) === 200, 45_000, 200).catch((error: unknown) => {
      throw new Error(`the server did not become ready: ${server.output().slice(-2000)}`, { cause: error });
    });
    database = await openDatabase({ databaseUrl: pg.url, dataDir: '' });
  }, 60_000);
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await database?.close();
    pg.destroy();
  });

  it('stays up through restarts (immediate, fast), refuses what it cannot store, and loses nothing it acknowledged', async () => {
    const chargers: { id: string; client: RpcClient; idTag: string }[] = [];
    for (let i = 0; i < 4; i++) {
      const { org, charger } = await makeOcppCharger(database.db);
      const token = await makeToken(database.db, org.id);
      const client = await connect(base, charger.ocppIdentity, 'ocpp1.6');
      await client.call('BootNotification', { chargePointVendor: 'Test', chargePointModel: 'Outage' });
      chargers.push({ id: charger.id, client, idTag: token.token });
    }
    const acked = { starts: [] as { chargerId: string; tx: number }[], meters: [] as { chargerId: string; wh: number }[] };
    const stops: { chargerId: string; tx: number }[] = [];
    const refused: string[] = [];
    let running = true;
    let wh = 1000;
    // Each charger: start, three meter values, stop, again; a CALLERROR means "not stored, send again".
    const load = chargers.map(async ({ id, client, idTag }) => {
      const call = async (action: string, payload: Record<string, unknown>) => {
        try {
          return (await client.call(action, payload)) as Record<string, unknown>;
        } catch (error) {
          if (!(error instanceof RPCError)) throw error;
          refused.push((error as { rpcErrorCode?: string }).rpcErrorCode ?? 'unknown');
          await new Promise((r) => setTimeout(r, 100));
          return null;
        }
      };
      while (running) {
        const started = await call('StartTransaction', {
          connectorId: 1,
          idTag,
          meterStart: wh,
          timestamp: new Date().toISOString(),
        });
        if (!started) continue;
        const tx = Number(started.transactionId);
        acked.starts.push({ chargerId: id, tx });
        for (let m = 0; m < 3; m++) {
          const value = ++wh;
          const meter = {
            connectorId: 1,
            transactionId: tx,
            meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: String(value), unit: 'Wh' }] }],
          };
          if (await call('MeterValues', meter)) acked.meters.push({ chargerId: id, wh: value });
        }
        while (running || stops.length < acked.starts.length) {
          const stop = { transactionId: tx, meterStop: ++wh, timestamp: new Date().toISOString() };
          if (await call('StopTransaction', stop)) {
            stops.push({ chargerId: id, tx });
            break;
          }
        }
      }
    });
    const statuses: number[] = [];
    const probing = (async () => {
      while (running) {
        statuses.push(await readyz(base));
        await new Promise((r) => setTimeout(r, 150));
      }
    })();
    await new Promise((r) => setTimeout(r, 1500));
    await pg.restart('immediate');
    await eventually(async () => (await readyz(base)) === 200, 20_000, 200);
    await new Promise((r) => setTimeout(r, 1000));
    await pg.restart('fast');
    await eventually(async () => (await readyz(base)) === 200, 20_000, 200);
    await new Promise((r) => setTimeout(r, 1500));
    running = false;
    await Promise.all([...load, probing]);

    expect(server.child.exitCode).toBeNull(); // the process lived through both restarts
    expect(server.output()).not.toMatch(/Unhandled|uncaught|unhandled promise/i);
    expect(statuses).toContain(503);
    expect(await readyz(base)).toBe(200);
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused)).toEqual(new Set(['InternalError']));
    expect(acked.starts.length).toBeGreaterThan(4);

    const sessions = await rows<{ charger_id: string; transaction_id: string; status: string }>(
      database.db,
      sql`SELECT charger_id, transaction_id, status FROM charging_sessions`,
    );
    const stored = new Map(sessions.map((s) => [`${s.charger_id}/${s.transaction_id}`, s.status]));
    for (const s of acked.starts) expect(stored.has(`${s.chargerId}/${s.tx}`), `start ${s.tx}`).toBe(true);
    for (const s of stops) expect(stored.get(`${s.chargerId}/${s.tx}`), `stop ${s.tx}`).toBe('completed');
    const samples = await rows<{ charger_id: string; value: string }>(
      database.db,
      sql`SELECT charger_id, value::float8::text AS value FROM meter_samples`,
    );
    const storedSamples = new Set(samples.map((s) => `${s.charger_id}/${Number(s.value)}`));
    const lost = acked.meters.filter((m) => !storedSamples.has(`${m.chargerId}/${m.wh}`));
    expect(lost).toEqual([]);
    for (const c of chargers) await c.client.close();
  }, 90_000);

  it('answers /readyz 503 within READINESS_TIMEOUT_MS while PostgreSQL is frozen, 200 once it thaws', async () => {
    pg.freeze();
    try {
      const t0 = Date.now();
      expect(await readyz(base)).toBe(503);
      expect(Date.now() - t0).toBeLessThan(3000);
      const body = (await (await fetch(`${base}/readyz`)).json()) as { database: string };
      expect(body.database).toBe('timeout');
    } finally {
      pg.thaw();
    }
    await eventually(async () => (await readyz(base)) === 200, 20_000, 200);
  }, 30_000);
});
