import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrganization, signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let admin: ApiClient;
let adminEmail: string;
beforeAll(async () => {
  t = await startTestServer();
  const signed = await signedIn(t.url, t.db, 'admin');
  admin = signed.api;
  adminEmail = signed.user.email;
});
afterAll(() => t?.close());

describe('audit trail', () => {
  it('records who changed what, with before and after of the changed fields and the request id', async () => {
    const created = await admin.post('/api/v1/organizations', {
      name: 'Audited Org',
      currency: 'EUR',
      timeZone: 'Europe/Berlin',
    });
    const update = await admin.request(
      'PATCH',
      `/api/v1/organizations/${created.body.id}`,
      { name: 'Audited Org GmbH', paymentTermsDays: 45 },
      { 'x-request-id': 'req-audit-1' },
    );
    expect(update.status).toBe(200);
    const entries = await admin.get(`/api/v1/audit?entityType=organization&entityId=${created.body.id}`);
    expect(entries.body.items.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
    const [latest] = entries.body.items;
    expect(latest).toMatchObject({ actorEmail: adminEmail, requestId: 'req-audit-1', organizationId: created.body.id });
    expect(latest.changes).toEqual({
      name: { before: 'Audited Org', after: 'Audited Org GmbH' },
      paymentTermsDays: { before: 30, after: 45 },
    });
  });

  it('a refused change writes no audit entry', async () => {
    const org = await makeOrganization(t.db);
    const before = (await admin.get('/api/v1/audit?pageSize=1')).body.total;
    expect((await admin.patch(`/api/v1/organizations/${org.id}`, { currency: 'NOPE' })).status).toBe(400);
    expect((await admin.get('/api/v1/audit?pageSize=1')).body.total).toBe(before);
  });

  it('filters by actor and time', async () => {
    const { user, api: other } = await signedIn(t.url, t.db, 'admin');
    await other.post('/api/v1/organizations', { name: 'By Other', currency: 'EUR', timeZone: 'Europe/Paris' });
    const mine = await admin.get(`/api/v1/audit?actorId=${user.id}`);
    expect(mine.body.items.every((e: { actorId: string }) => e.actorId === user.id)).toBe(true);
    expect(mine.body.total).toBe(1);
    const future = await admin.get(`/api/v1/audit?from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`);
    expect(future.body.total).toBe(0);
  });

  it('a CPO reads only its organizations’ audit entries', async () => {
    const own = await makeOrganization(t.db);
    const foreign = await makeOrganization(t.db);
    await admin.patch(`/api/v1/organizations/${own.id}`, { name: 'Own renamed' });
    await admin.patch(`/api/v1/organizations/${foreign.id}`, { name: 'Foreign renamed' });
    // CPOs do not hold audit:read at all: the platform's auditors read the trail.
    const { api: cpo } = await signedIn(t.url, t.db, 'cpo', { organizationId: own.id });
    expect((await cpo.get('/api/v1/audit')).status).toBe(403);
  });

  it('verification passes on an untouched chain and names the first altered row', async () => {
    for (let i = 0; i < 3; i++)
      await admin.post('/api/v1/organizations', { name: `Chain ${i}`, currency: 'LKR', timeZone: 'Asia/Colombo' });
    const intact = await admin.get('/api/v1/audit/verify');
    expect(intact.body.ok).toBe(true);
    expect(intact.body.checked).toBeGreaterThanOrEqual(3);

    const rows = await admin.get('/api/v1/audit?pageSize=3');
    const victim = rows.body.items[1].seq as number;
    await t.db.execute(
      sql`UPDATE audit_log SET changes = '{"name":{"before":null,"after":"Forged"}}'::jsonb WHERE seq = ${victim}`,
    );
    const broken = await admin.get('/api/v1/audit/verify');
    expect(broken.body.ok).toBe(false);
    expect(broken.body.firstBroken.seq).toBe(victim);

    // Restore so later assertions in this file see an intact chain again… and deleting a row is caught too.
    await t.db.execute(sql`DELETE FROM audit_log WHERE seq = ${victim}`);
    const deleted = await admin.get('/api/v1/audit/verify');
    expect(deleted.body.ok).toBe(false);
    expect(deleted.body.firstBroken.seq).toBeGreaterThan(victim);
  });
});
