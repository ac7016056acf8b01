import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JobKind, settlementKey } from '../../src/jobs/kinds.js';
import { claimJobs } from '../../src/jobs/queries.js';
import type { RpcClient } from '../../src/ocpp/rpc.js';
import { signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { connect, eventually, isoAgo, makeOcppCharger, makeToken, rows, sessionOf } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let admin: ApiClient;
beforeAll(async () => {
  // Fast back-off so eight attempts fit in a few seconds.
  t = await startTestServer({ JOB_RETRY_BASE_MS: '40', JOB_POLL_MS: '50', INVOICE_SCHEDULE: 'off' });
  admin = (await signedIn(t.url, t.db, 'admin')).api;
});
afterAll(() => t?.close());

/** A 1.6 charger of a fresh organization that has charged one session (start, stop). */
async function chargeOnce(cp: RpcClient, idTag: string, chargerId: string) {
  const start = (await cp.call('StartTransaction', {
    connectorId: 1,
    idTag,
    meterStart: 0,
    timestamp: isoAgo(3_600_000),
  })) as { transactionId: number };
  await cp.call('StopTransaction', {
    transactionId: start.transactionId,
    idTag,
    meterStop: 12_000,
    timestamp: isoAgo(60_000),
    reason: 'Local',
  });
  return sessionOf(t.db, chargerId, start.transactionId);
}

const jobOf = async (sessionId: string) =>
  (await rows(t.db, sql`SELECT * FROM jobs WHERE dedupe_key = ${settlementKey(sessionId)}`))[0];

describe('settlement as a durable job', () => {
  it('a stop commits with its settlement job, which runs once', async () => {
    const { org, charger } = await makeOcppCharger(t.db);
    const token = await makeToken(t.db, org.id);
    const cp = await connect(t.url, charger.ocppIdentity, 'ocpp1.6');
    await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    const session = await chargeOnce(cp, token.token, charger.id);
    await cp.close();
    const job = await eventually(async () => {
      const row = await jobOf(session.id);
      return row?.status === 'done' ? row : null;
    });
    expect(job).toMatchObject({ kind: 'settle-session', attempts: 1, organization_id: org.id, last_error: null });
    expect(job.payload).toEqual({ sessionId: session.id });
    const settled = await rows(t.db, sql`SELECT count(*)::int AS n FROM session_settlements WHERE session_id = ${session.id}`);
    expect(settled[0].n).toBe(1);
  });

  it('a settlement that throws is retried with back-off, then shown as failed with its error; Retry after the fix settles it', async () => {
    // A real failure from the real database: every settlement insert is refused until the trigger is dropped.
    await t.db.execute(sql`CREATE OR REPLACE FUNCTION refuse_settlements() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'settlements are refused by the test'; END $$`);
    await t.db.execute(sql`CREATE TRIGGER refuse_settlements BEFORE INSERT ON session_settlements
      FOR EACH ROW EXECUTE FUNCTION refuse_settlements()`);
    const { org, charger } = await makeOcppCharger(t.db);
    const token = await makeToken(t.db, org.id);
    const cp = await connect(t.url, charger.ocppIdentity, 'ocpp1.6');
    await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    const session = await chargeOnce(cp, token.token, charger.id);
    await cp.close();

    const failed = await eventually(
      async () => {
        const list = (await admin.get('/api/v1/jobs?status=failed&kind=settle-session')).body;
        return list.items.find((j: { payload: { sessionId: string } }) => j.payload.sessionId === session.id);
      },
      30_000,
      100,
    );
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: 8,
      maxAttempts: 8,
      organizationId: org.id,
      organizationName: org.name,
      description: `Settle charging session ${session.id}`,
    });
    expect(failed.lastError).toContain('settlements are refused by the test');
    expect(new Date(failed.finishedAt).getTime()).toBeGreaterThan(new Date(failed.createdAt).getTime());
    expect((await admin.get(`/api/v1/sessions/${session.id}/settlement`)).status).toBe(404);

    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/chargeboard_jobs\{kind="settle-session",state="failed"\} 1\b/);
    expect(metrics).toMatch(/chargeboard_job_attempts_total\{kind="settle-session",outcome="retry"\} 7\b/);
    const summary = (await admin.get('/api/v1/jobs/summary')).body.items;
    expect(summary).toContainEqual({ kind: 'settle-session', status: 'failed', jobs: 1, oldestAgeSeconds: null });

    // Retrying before the cause is fixed fails again at once; after the fix it settles, once.
    await t.db.execute(sql`DROP TRIGGER refuse_settlements ON session_settlements`);
    const retried = await admin.post(`/api/v1/jobs/${failed.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: 'queued', attempts: 0 });
    const settlement = await eventually(async () => {
      const response = await admin.get(`/api/v1/sessions/${session.id}/settlement`);
      return response.status === 200 ? response.body : null;
    });
    expect(settlement.energyWh).toBe(12_000);
    const done = await eventually(async () => ((await jobOf(session.id)).status === 'done' ? jobOf(session.id) : null));
    expect(done).toMatchObject({ attempts: 1, last_error: null });

    const again = await admin.post(`/api/v1/jobs/${failed.id}/retry`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('JOB_NOT_FAILED');
    const audit = (await admin.get(`/api/v1/audit?entityType=job&entityId=${failed.id}`)).body.items;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'retry' });
  });

  it('only platform operators see jobs: others are refused, unknown ids are 404', async () => {
    const network = (await signedIn(t.url, t.db, 'network_manager')).api;
    const technical = (await signedIn(t.url, t.db, 'technical')).api;
    const { org } = await makeOcppCharger(t.db);
    const cpo = (await signedIn(t.url, t.db, 'cpo', { organizationId: org.id })).api;
    expect((await network.get('/api/v1/jobs')).status).toBe(403);
    expect((await cpo.get('/api/v1/jobs')).status).toBe(403);
    expect((await cpo.post('/api/v1/jobs/1/retry')).status).toBe(403);
    expect((await technical.get('/api/v1/jobs')).status).toBe(200);
    expect((await technical.post('/api/v1/jobs/999999/retry')).status).toBe(404);
    const bad = await technical.get('/api/v1/jobs?status=lost');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('leases', () => {
  it('an instance whose lease ran out while it still runs the job does not claim it a second time; another instance does', async () => {
    // A kind no handler of the running server takes, so only these claims touch it.
    const kind = 'lease-test' as JobKind;
    const [row] = await rows(
      t.db,
      sql`INSERT INTO jobs (kind, payload, max_attempts, run_at) VALUES (${kind}, '{}'::jsonb, 3, now()) RETURNING id`,
    );
    const id = Number(row.id);
    const claim = (instance: string, holding: number[]) =>
      claimJobs(t.db, { instance, kinds: [kind], limit: 5, leaseSeconds: 30, overdueMs: null, holding });
    expect((await claim('a', [])).map((j) => [j.id, j.attempts])).toEqual([[id, 1]]);
    // Its event loop stalled past the lease: the lease is over, yet 'a' still runs the job.
    await t.db.execute(sql`UPDATE jobs SET locked_until = now() - interval '1 second' WHERE id = ${id}`);
    expect(await claim('a', [id])).toEqual([]);
    const [held] = await rows(t.db, sql`SELECT attempts, locked_by FROM jobs WHERE id = ${id}`);
    expect(held).toEqual({ attempts: 1, locked_by: 'a' });
    // Another instance takes over a lease that ran out (the first may have died).
    expect((await claim('b', [])).map((j) => [j.id, j.attempts])).toEqual([[id, 2]]);
  });
});
