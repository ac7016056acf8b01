import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { runScheduledInvoicing, scheduledRunKey } from '../../src/jobs/invoice-scheduler.js';
import { startServer } from '../../src/main.js';
import { isolatedDatabaseUrl } from '../support/database.js';
import { makeOrganization, signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { ZONE, invoicedOrganization, settledSession } from '../support/invoicing.js';
import { eventually, rows } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let accounts: ApiClient;
beforeAll(async () => {
  t = await startTestServer({ INVOICE_SCHEDULE: 'off' });
  accounts = (await signedIn(t.url, t.db, 'accounts')).api;
});
afterAll(() => t?.close());

const YEAR = DateTime.now().setZone(ZONE).year;

const finished = (api: ApiClient, id: string) =>
  eventually(async () => {
    const run = (await api.get(`/api/v1/invoice-runs/${id}`)).body;
    return run.status === 'running' ? null : run;
  }, 30_000);

describe('numbering', () => {
  it('20 concurrent Sends get numbers 1..20 of the year, without gaps or repeats', async () => {
    const drafts: string[] = [];
    for (let i = 0; i < 20; i++) {
      const org = await makeOrganization(t.db, { timeZone: ZONE });
      drafts.push((await accounts.post('/api/v1/invoices', { organizationId: org.id })).body.id);
    }
    const sent = await Promise.all(drafts.map((id) => accounts.post(`/api/v1/invoices/${id}/send`)));
    expect(sent.map((r) => r.status)).toEqual(drafts.map(() => 200));
    const numbers = sent.map((r) => r.body.number as string).sort();
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `INV-${YEAR}-${String(i + 1).padStart(6, '0')}`));
    const sequence = await rows(t.db, sql`SELECT last_number FROM invoice_number_sequences WHERE series = 'INV'`);
    expect(sequence).toEqual([{ last_number: 20 }]);
  });
});

describe('bulk runs', () => {
  it('generates drafts for closed periods with progress counters; a second run generates nothing', async () => {
    const a = await invoicedOrganization(t.db);
    const b = await invoicedOrganization(t.db);
    const idle = await invoicedOrganization(t.db);
    await settledSession(t.db, a);
    await settledSession(t.db, b, 20_000);
    const started = await accounts.post('/api/v1/invoice-runs');
    expect(started.status).toBe(202);
    const run = await finished(accounts, started.body.id);
    expect(run).toMatchObject({ trigger: 'manual', status: 'finished', failed: 0, errors: [] });
    expect(run.generated).toBe(2);
    expect(run.total).toBe(run.generated + run.skipped);
    expect(run.finishedAt).not.toBeNull();
    const invoicesOf = async (orgId: string) => (await accounts.get(`/api/v1/invoices?organizationId=${orgId}`)).body;
    expect((await invoicesOf(a.org.id)).items).toMatchObject([{ status: 'draft', subtotalMinor: 9000 }]);
    expect((await invoicesOf(b.org.id)).items).toMatchObject([{ status: 'draft', subtotalMinor: 18_000 }]);
    expect((await invoicesOf(idle.org.id)).total).toBe(0);

    const again = await finished(accounts, (await accounts.post('/api/v1/invoice-runs')).body.id);
    expect(again).toMatchObject({ status: 'finished', generated: 0, skipped: run.total });
    expect((await invoicesOf(a.org.id)).total).toBe(1);
    const latest = (await accounts.get('/api/v1/invoice-runs?limit=2')).body.items;
    expect(latest.map((r: { id: string }) => r.id)).toEqual([again.id, run.id]);
  });

  it('an organization that fails is counted and named; the others are still invoiced', async () => {
    const good = await invoicedOrganization(t.db);
    const broken = await invoicedOrganization(t.db);
    await settledSession(t.db, good);
    await settledSession(t.db, broken);
    await t.db.execute(sql`UPDATE organizations SET billing_day = 40 WHERE id = ${broken.org.id}`);
    const run = await finished(accounts, (await accounts.post('/api/v1/invoice-runs')).body.id);
    expect(run).toMatchObject({ status: 'finished', generated: 1, failed: 1 });
    expect(run.errors).toEqual([{ organizationId: broken.org.id, message: expect.any(String) }]);
    expect((await accounts.get(`/api/v1/invoices?organizationId=${good.org.id}`)).body.total).toBe(1);
  });

  it('the scheduled job claims its run key once, however many instances tick', async () => {
    const place = await invoicedOrganization(t.db);
    await settledSession(t.db, place);
    const now = new Date();
    const claims = await Promise.all(['instance-a', 'instance-b', 'instance-c'].map((i) => runScheduledInvoicing(t.db, i, now)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    // The run is a durable job: the server's worker takes it.
    const runs = await eventually(async () => {
      const found = await rows(t.db, sql`SELECT run_key, status, claimed_by FROM invoice_runs WHERE trigger = 'scheduled'`);
      return found[0]?.status === 'finished' ? found : null;
    }, 20_000);
    expect(runs).toEqual([
      { run_key: scheduledRunKey(now), status: 'finished', claimed_by: expect.stringMatching(/^instance-/) },
    ]);
    expect((await accounts.get(`/api/v1/invoices?organizationId=${place.org.id}`)).body.total).toBe(1);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('several server instances on one PostgreSQL', () => {
  it('two instances running the every-second schedule make one run and invoice each organization once', async () => {
    const database = await isolatedDatabaseUrl();
    const config = (schedule: string) =>
      loadConfig(
        {
          JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
          LOG_LEVEL: 'silent',
          DEMO_DATA: 'never',
          INVOICE_SCHEDULE: schedule,
        },
        { port: 0, host: '127.0.0.1', databaseUrl: database.url },
      );
    const first = await startServer(config('off'), { logger: false });
    const servers = [first];
    try {
      const places = [await invoicedOrganization(first.database.db), await invoicedOrganization(first.database.db)];
      for (const place of places) await settledSession(first.database.db, place);
      servers.push(await startServer(config('* * * * * *'), { logger: false }));
      servers.push(await startServer(config('* * * * * *'), { logger: false }));
      const db = first.database.db;
      await eventually(async () => {
        const [run] = await rows(db, sql`SELECT status FROM invoice_runs WHERE trigger = 'scheduled'`);
        return run?.status === 'finished' ? true : null;
      }, 20_000);
      await new Promise((resolve) => setTimeout(resolve, 2500)); // both instances tick a few more times
      const runs = await rows(db, sql`SELECT run_key, generated FROM invoice_runs WHERE trigger = 'scheduled'`);
      expect(runs).toEqual([{ run_key: scheduledRunKey(new Date()), generated: 2 }]);
      const counts = await rows(db, sql`SELECT organization_id, count(*)::int AS n FROM invoices GROUP BY organization_id`);
      expect(counts.map((c) => c.n)).toEqual([1, 1]);
    } finally {
      for (const server of servers.reverse()) await server.close();
      await database.drop();
    }
  }, 60_000);
});
