import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrganization, makeSite, signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { rows } from '../support/ocpp.js';
import { local, settledSession, workedExampleOrganization, workedExampleReadings } from '../support/pricing.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let accounts: ApiClient;
beforeAll(async () => {
  t = await startTestServer();
  accounts = (await signedIn(t.url, t.db, 'accounts')).api;
});
afterAll(() => t?.close());

const MARCH = { validFrom: '2026-03-01T00:00:00+05:30', validTo: '2026-04-01T00:00:00+05:30' };

async function settle(net: Awaited<ReturnType<typeof workedExampleOrganization>>, day = '2026-03-10') {
  const sessionId = await settledSession(t.db, {
    organizationId: net.org.id,
    siteId: net.site.id,
    chargerId: net.charger.id,
    readings: workedExampleReadings(day),
  });
  return (await accounts.get(`/api/v1/sessions/${sessionId}/settlement`)).body;
}

describe('campaigns API', () => {
  it('creates, reads, lists, changes and deletes a campaign, each change audited', async () => {
    const org = await makeOrganization(t.db);
    const created = await accounts.post('/api/v1/campaigns', {
      organizationId: org.id,
      name: 'March 10 % off',
      kind: 'percent',
      percent: '0.10',
      ...MARCH,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'March 10 % off',
      kind: 'percent',
      percent: '0.1',
      fixedMinor: null,
      siteId: null,
    });
    const id = created.body.id as string;
    expect((await accounts.get(`/api/v1/campaigns/${id}`)).body.validTo).toBe('2026-03-31T18:30:00.000Z');

    const listed = await accounts.get(`/api/v1/campaigns?organizationId=${org.id}&activeAt=2026-03-15T00:00:00Z`);
    expect(listed.body).toMatchObject({ total: 1, page: 1, pageSize: 20, items: [{ id }] });
    expect((await accounts.get(`/api/v1/campaigns?organizationId=${org.id}&activeAt=2026-04-15T00:00:00Z`)).body.total).toBe(0);

    const changed = await accounts.patch(`/api/v1/campaigns/${id}`, { kind: 'fixed', fixedMinor: 10_000 });
    expect(changed.body).toMatchObject({ kind: 'fixed', fixedMinor: 10_000, percent: null });

    expect((await accounts.delete(`/api/v1/campaigns/${id}`)).status).toBe(204);
    expect((await accounts.get(`/api/v1/campaigns/${id}`)).status).toBe(404);
    const audits = await rows(t.db, sql`SELECT action FROM audit_log WHERE entity_id = ${id} ORDER BY seq`);
    expect(audits.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
  });

  it('refuses bad input with a stable code, naming the field, and writes nothing', async () => {
    const org = await makeOrganization(t.db);
    const otherSite = await makeSite(t.db, (await makeOrganization(t.db)).id);
    const base = { organizationId: org.id, name: 'Bad', kind: 'percent', percent: '0.1', ...MARCH };
    const cases: [string, Record<string, unknown>, number, string, string | null][] = [
      ['percent 0', { percent: '0' }, 422, 'CAMPAIGN_INVALID', 'percent'],
      ['percent above 1', { percent: '1.5' }, 422, 'CAMPAIGN_INVALID', 'percent'],
      ['negative percent', { percent: '-0.1' }, 422, 'CAMPAIGN_INVALID', 'percent'],
      ['percent campaign without percent', { percent: undefined }, 422, 'CAMPAIGN_INVALID', 'percent'],
      ['negative fixed amount', { kind: 'fixed', percent: null, fixedMinor: -100 }, 422, 'CAMPAIGN_INVALID', 'fixedMinor'],
      ['validTo before validFrom', { validTo: '2026-02-01T00:00:00Z' }, 422, 'CAMPAIGN_INVALID', 'validTo'],
      ['validTo equal to validFrom', { validTo: MARCH.validFrom }, 422, 'CAMPAIGN_INVALID', 'validTo'],
      ['unknown site', { siteId: '00000000-0000-4000-8000-000000000000' }, 422, 'CAMPAIGN_INVALID', 'siteId'],
      ['another organization’s site', { siteId: otherSite.id }, 422, 'CAMPAIGN_INVALID', 'siteId'],
      ['unknown kind', { kind: 'bogo' }, 400, 'VALIDATION_FAILED', null],
      ['unknown field', { colour: 'red' }, 400, 'VALIDATION_FAILED', null],
    ];
    for (const [name, change, status, code, field] of cases) {
      const response = await accounts.post('/api/v1/campaigns', { ...base, ...change });
      expect([name, response.status, response.body.error?.code], name).toEqual([name, status, code]);
      if (field) expect(response.body.error.details, name).toEqual({ field });
    }
    const created = await accounts.post('/api/v1/campaigns', base);
    const patched = await accounts.patch(`/api/v1/campaigns/${created.body.id}`, { percent: '2' });
    expect([patched.status, patched.body.error.code]).toEqual([422, 'CAMPAIGN_INVALID']);
    const [count] = await rows(
      t.db,
      sql`SELECT count(*)::int AS n, max(percent)::text AS p FROM campaigns WHERE organization_id = ${org.id}`,
    );
    expect(count).toEqual({ n: 1, p: '0.100000' });
  });

  it('is scoped by organization: a CPO reads its own, not another’s, and cannot write', async () => {
    const own = await makeOrganization(t.db);
    const foreign = await makeOrganization(t.db);
    const mine = await accounts.post('/api/v1/campaigns', {
      organizationId: own.id,
      name: 'Mine',
      kind: 'percent',
      percent: '0.05',
      ...MARCH,
    });
    const theirs = await accounts.post('/api/v1/campaigns', {
      organizationId: foreign.id,
      name: 'Theirs',
      kind: 'percent',
      percent: '0.05',
      ...MARCH,
    });
    const cpo = (await signedIn(t.url, t.db, 'cpo', { organizationId: own.id })).api;
    expect((await cpo.get('/api/v1/campaigns?pageSize=200')).body.items.map((c: { id: string }) => c.id)).toEqual([mine.body.id]);
    expect((await cpo.get(`/api/v1/campaigns/${theirs.body.id}`)).status).toBe(404);
    const write = await cpo.post('/api/v1/campaigns', {
      organizationId: own.id,
      name: 'X',
      kind: 'percent',
      percent: '0.05',
      ...MARCH,
    });
    expect([write.status, write.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await cpo.delete(`/api/v1/campaigns/${mine.body.id}`)).status).toBe(403);
  });
});

describe('campaigns at settlement', () => {
  it('docs/finance.md §13.4, 10 % off: lines 2 930.00 → discount 293.00 → net 2 637.00 → taxes from there', async () => {
    const net = await workedExampleOrganization(t.db, accounts);
    const campaign = await accounts.post('/api/v1/campaigns', {
      organizationId: net.org.id,
      name: '10 % off',
      kind: 'percent',
      percent: '0.1',
      ...MARCH,
    });
    const s = await settle(net);
    expect(s).toMatchObject({
      linesTotalMinor: 293_000,
      discountMinor: 29_300,
      campaignId: campaign.body.id,
      netMinor: 263_700,
      // SSCL 2.5 % of 2 637.00 = 65.925 → 65.93; VAT 18 % of 2 702.93 = 486.5274 → 486.53.
      taxLines: [
        { name: 'SSCL', baseMinor: 263_700, amountMinor: 6_593 },
        { name: 'VAT', baseMinor: 270_293, amountMinor: 48_653 },
      ],
      grossMinor: 318_946,
      platformCommissionMinor: 26_370,
      locationOwnerCommissionMinor: 13_185,
    });
    // A used campaign cannot be deleted: the settlement points at it.
    const refused = await accounts.delete(`/api/v1/campaigns/${campaign.body.id}`);
    expect([refused.status, refused.body.error.code]).toEqual([409, 'CAMPAIGN_IN_USE']);
  });

  it('a site campaign wins over a bigger organization-wide one; outside its validity nothing applies', async () => {
    const net = await workedExampleOrganization(t.db, accounts);
    await accounts.post('/api/v1/campaigns', {
      organizationId: net.org.id,
      name: 'Wide 20 %',
      kind: 'percent',
      percent: '0.2',
      ...MARCH,
    });
    const site = await accounts.post('/api/v1/campaigns', {
      organizationId: net.org.id,
      siteId: net.site.id,
      name: 'Site 100.00 off',
      kind: 'fixed',
      fixedMinor: 10_000,
      ...MARCH,
    });
    expect(await settle(net)).toMatchObject({ discountMinor: 10_000, campaignId: site.body.id, netMinor: 283_000 });
    expect(await settle(net, '2026-04-02')).toMatchObject({ discountMinor: 0, campaignId: null, netMinor: 293_000 });
  });

  it('among several in force, the largest discount wins; a fixed amount never takes net below zero', async () => {
    const net = await workedExampleOrganization(t.db, accounts);
    await accounts.post('/api/v1/campaigns', {
      organizationId: net.org.id,
      name: '5 %',
      kind: 'percent',
      percent: '0.05',
      ...MARCH,
    });
    const big = await accounts.post('/api/v1/campaigns', {
      organizationId: net.org.id,
      name: 'Free charging',
      kind: 'fixed',
      fixedMinor: 1_000_000,
      ...MARCH,
    });
    const s = await settle(net);
    expect(s).toMatchObject({ campaignId: big.body.id, discountMinor: 293_000, netMinor: 0, taxMinor: 0, grossMinor: 0 });
    const [balance] = await rows(
      t.db,
      sql`SELECT coalesce(sum(amount_minor), 0)::text AS s FROM ledger_postings WHERE session_id = ${s.sessionId}`,
    );
    expect(balance.s).toBe('0');
  });

  it('a campaign created after settlement changes nothing until the session is re-priced', async () => {
    const net = await workedExampleOrganization(t.db, accounts);
    const s = await settle(net);
    await accounts.post('/api/v1/campaigns', {
      organizationId: net.org.id,
      name: '10 %',
      kind: 'percent',
      percent: '0.1',
      validFrom: local('00:00').toISOString(),
    });
    expect((await accounts.get(`/api/v1/sessions/${s.sessionId}/settlement`)).body.netMinor).toBe(293_000);
    const repriced = await accounts.post(`/api/v1/sessions/${s.sessionId}/reprice`, { reason: 'Campaign applied late' });
    expect(repriced.body).toMatchObject({ changed: true, settlement: { discountMinor: 29_300, netMinor: 263_700 } });
  });
});
