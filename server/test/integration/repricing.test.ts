import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrganization, signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { rows } from '../support/ocpp.js';
import { local, settledSession, workedExampleOrganization, workedExampleReadings, ZONE } from '../support/pricing.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let accounts: ApiClient;
let accountsUserId: string;
beforeAll(async () => {
  t = await startTestServer();
  const signed = await signedIn(t.url, t.db, 'accounts');
  accounts = signed.api;
  accountsUserId = signed.user.id;
});
afterAll(() => t?.close());

/** The worked example's off-peak price corrected from 90.00 to 80.00. */
const CORRECTED = [
  {
    price_components: [{ type: 'ENERGY', price: '120.00', step_size: 0 }],
    restrictions: { start_time: '18:30', end_time: '22:30' },
  },
  {
    price_components: [
      { type: 'ENERGY', price: '80.00', step_size: 0 },
      { type: 'FLAT', price: '50.00', step_size: 0 },
    ],
  },
];

async function counts(sessionId: string) {
  const [row] = await rows(
    t.db,
    sql`SELECT (SELECT count(*)::int FROM settlement_adjustments WHERE session_id = ${sessionId}) AS adjustments,
               (SELECT count(*)::int FROM ledger_postings WHERE session_id = ${sessionId}) AS postings,
               (SELECT count(*)::int FROM audit_log WHERE entity_id = ${sessionId} AND action = 'reprice') AS audits`,
  );
  return row as { adjustments: number; postings: number; audits: number };
}

/** Ledger totals per account and ref for one session, every entry kind together. */
async function ledgerTotals(sessionId: string) {
  const found = await rows<{ account: string; ref: string | null; total: string }>(
    t.db,
    sql`SELECT account, ref, sum(amount_minor)::text AS total FROM ledger_postings WHERE session_id = ${sessionId}
        GROUP BY account, ref HAVING sum(amount_minor) <> 0 ORDER BY account, ref`,
  );
  return found.map((r) => `${r.account}/${r.ref ?? ''}=${r.total}`);
}

/** The rollup of a charger next to the same figures summed straight from its settlements. */
async function rollupAndRawScan(chargerId: string) {
  const fields = `sessions, energy_wh, idle_seconds, net_minor, tax_minor, gross_minor, gateway_fee_minor,
    platform_commission_minor, location_owner_commission_minor, partner_share_minor, energy_cost_minor, margin_minor`;
  const rollup = await rows(
    t.db,
    sql.raw(`SELECT local_date::text AS day, ${fields.replace(/(\w+)/g, '$1::text')} FROM settlement_daily_rollups
             WHERE charger_id = '${chargerId}' ORDER BY local_date`),
  );
  const sums = fields
    .split(',')
    .map((f) => f.trim())
    .map((f) => (f === 'sessions' ? 'count(*)::text AS sessions' : `sum(${f})::text AS ${f}`))
    .join(', ');
  const raw = await rows(
    t.db,
    sql.raw(`SELECT (stopped_at AT TIME ZONE '${ZONE}')::date::text AS day, ${sums} FROM session_settlements
             WHERE charger_id = '${chargerId}' GROUP BY 1 ORDER BY 1`),
  );
  return { rollup, raw };
}

const FIGURES = [
  'lines',
  'linesTotalMinor',
  'discountMinor',
  'netMinor',
  'taxLines',
  'taxMinor',
  'grossMinor',
  'gatewayFeeMinor',
  'platformCommissionMinor',
  'locationOwnerCommissionMinor',
  'partnerShareMinor',
  'energyCostMinor',
  'marginMinor',
  'tariffId',
  'tariffVersion',
  'campaignId',
  'idleSeconds',
  'energyWh',
] as const;
const figures = (s: Record<string, unknown>) => Object.fromEntries(FIGURES.map((k) => [k, s[k]]));

describe('re-pricing a settled session', () => {
  it('after a tariff correction: one adjustment, balanced adjusting postings, figures of a fresh settlement, rollup = raw scan; a repeat writes nothing', async () => {
    const net = await workedExampleOrganization(t.db, accounts);
    const place = { organizationId: net.org.id, siteId: net.site.id, chargerId: net.charger.id };
    const sessionId = await settledSession(t.db, { ...place, readings: workedExampleReadings() });

    // Nothing changed yet: 200, changed false, nothing written.
    const before = await counts(sessionId);
    const idle = await accounts.post(`/api/v1/sessions/${sessionId}/reprice`, { reason: 'Checking' });
    expect(idle.status).toBe(200);
    expect(idle.body).toMatchObject({ changed: false, adjustment: null, settlement: { netMinor: 293_000, revision: 1 } });
    expect(await counts(sessionId)).toEqual(before);

    const corrected = await accounts.patch(`/api/v1/tariffs/${net.tariffId}`, { elements: CORRECTED });
    expect(corrected.body.version).toBe(2);
    // A correction alone rewrites nothing.
    expect((await accounts.get(`/api/v1/sessions/${sessionId}/settlement`)).body.netMinor).toBe(293_000);

    const repriced = await accounts.post(`/api/v1/sessions/${sessionId}/reprice`, { reason: 'Off-peak price was mistyped' });
    expect(repriced.status).toBe(200);
    // Off-peak 14 kWh × 80.00 = 1 120.00 + 1 620.00 + 50.00 = 2 790.00.
    expect(repriced.body).toMatchObject({
      changed: true,
      adjustment: { revision: 2, reason: 'Off-peak price was mistyped', requestedBy: accountsUserId },
      settlement: { netMinor: 279_000, tariffVersion: 2, revision: 2 },
    });
    expect(repriced.body.settlement.repricedAt).not.toBeNull();
    expect(repriced.body.adjustment.before).toMatchObject({ netMinor: 293_000, grossMinor: 354_384, tariffVersion: 1 });
    expect(repriced.body.adjustment.after).toMatchObject({ netMinor: 279_000, tariffVersion: 2 });

    // The same session settled fresh under the corrected tariff gives exactly the same figures.
    const freshId = await settledSession(t.db, { ...place, readings: workedExampleReadings('2026-03-11') });
    const fresh = (await accounts.get(`/api/v1/sessions/${freshId}/settlement`)).body;
    const settlement = (await accounts.get(`/api/v1/sessions/${sessionId}/settlement`)).body;
    expect(figures(settlement)).toEqual(figures(fresh));
    // …and its ledger holds what a fresh settlement's does.
    expect(await ledgerTotals(sessionId)).toEqual(await ledgerTotals(freshId));

    const adjusting = settlement.postings.filter((p: { entryKind: string }) => p.entryKind === 'adjustment');
    expect(adjusting.length).toBeGreaterThan(0);
    expect(adjusting.reduce((sum: number, p: { amountMinor: number }) => sum + p.amountMinor, 0)).toBe(0);
    // partner payable moves by exactly the partner share difference.
    const partner = adjusting.find((p: { account: string }) => p.account === 'partner_payable');
    expect(partner.amountMinor).toBe(-(fresh.partnerShareMinor - repriced.body.adjustment.before.partnerShareMinor));

    const { rollup, raw } = await rollupAndRawScan(net.charger.id);
    expect(rollup).toEqual(raw);
    expect(rollup.find((r) => r.day === '2026-03-10')).toMatchObject({ sessions: '1', net_minor: '279000' });

    const history = await accounts.get(`/api/v1/sessions/${sessionId}/adjustments`);
    expect(history.body).toMatchObject({ total: 1, page: 1, items: [{ revision: 2 }] });
    expect(await counts(sessionId)).toEqual({ adjustments: 1, postings: before.postings + adjusting.length, audits: 1 });

    // Again: nothing changes, nothing is written.
    const again = await accounts.post(`/api/v1/sessions/${sessionId}/reprice`, { reason: 'Again' });
    expect(again.body.changed).toBe(false);
    expect(await counts(sessionId)).toEqual({ adjustments: 1, postings: before.postings + adjusting.length, audits: 1 });
  });

  it('a second correction is revision 3 and its postings net against the first adjustment', async () => {
    const net = await workedExampleOrganization(t.db, accounts);
    const sessionId = await settledSession(t.db, {
      organizationId: net.org.id,
      siteId: net.site.id,
      chargerId: net.charger.id,
      readings: workedExampleReadings(),
    });
    await accounts.patch(`/api/v1/tariffs/${net.tariffId}`, { elements: CORRECTED });
    await accounts.post(`/api/v1/sessions/${sessionId}/reprice`, { reason: 'First correction' });
    // Back to the original prices: the ledger returns to the original totals.
    const original = [
      {
        price_components: [{ type: 'ENERGY', price: '120.00', step_size: 0 }],
        restrictions: { start_time: '18:30', end_time: '22:30' },
      },
      {
        price_components: [
          { type: 'ENERGY', price: '90.00', step_size: 0 },
          { type: 'FLAT', price: '50.00', step_size: 0 },
        ],
      },
    ];
    await accounts.patch(`/api/v1/tariffs/${net.tariffId}`, { elements: original });
    const second = await accounts.post(`/api/v1/sessions/${sessionId}/reprice`, { reason: 'Reverted' });
    expect(second.body).toMatchObject({
      changed: true,
      adjustment: { revision: 3 },
      settlement: { netMinor: 293_000, tariffVersion: 3 },
    });
    const [balance] = await rows(
      t.db,
      sql`SELECT sum(amount_minor)::text AS s FROM ledger_postings WHERE session_id = ${sessionId} AND entry_kind = 'adjustment'`,
    );
    expect(balance.s).toBe('0');
    const partner = await rows(
      t.db,
      sql`SELECT sum(amount_minor)::text AS s FROM ledger_postings WHERE session_id = ${sessionId} AND account = 'partner_payable'`,
    );
    // Paid manually (no gateway fee): 2 930.00 − 293.00 − 146.50 = 2 490.50, as first settled.
    expect(partner[0].s).toBe('-249050');
    expect(
      (await accounts.get(`/api/v1/sessions/${sessionId}/adjustments`)).body.items.map((a: { revision: number }) => a.revision),
    ).toEqual([3, 2]);
  });

  it('stores idle time (plugged in after energy stopped) and adds it to the rollup', async () => {
    const net = await workedExampleOrganization(t.db, accounts);
    const sessionId = await settledSession(t.db, {
      organizationId: net.org.id,
      siteId: net.site.id,
      chargerId: net.charger.id,
      readings: [
        [local('08:00'), 0],
        [local('08:40'), 10_000],
        [local('08:50'), 10_000],
      ],
      stoppedAt: local('09:05'),
    });
    expect((await accounts.get(`/api/v1/sessions/${sessionId}/settlement`)).body.idleSeconds).toBe(25 * 60);
    const { rollup, raw } = await rollupAndRawScan(net.charger.id);
    expect(rollup).toEqual(raw);
    expect(rollup[0]).toMatchObject({ idle_seconds: '1500' });
  });

  it('scope and permission: CPO cannot re-price (no finance:write) but reads the history of its own sessions; Accounts can', async () => {
    const net = await workedExampleOrganization(t.db, accounts);
    const sessionId = await settledSession(t.db, {
      organizationId: net.org.id,
      siteId: net.site.id,
      chargerId: net.charger.id,
      readings: workedExampleReadings(),
    });
    const cpo = (await signedIn(t.url, t.db, 'cpo', { organizationId: net.org.id })).api;
    const refused = await cpo.post(`/api/v1/sessions/${sessionId}/reprice`, { reason: 'I would like a discount' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    expect(
      (
        await cpo.post(`/api/v1/tariffs/${net.tariffId}/reprice`, {
          from: '2026-01-01T00:00:00Z',
          to: '2027-01-01T00:00:00Z',
          reason: 'Nope',
        })
      ).status,
    ).toBe(403);
    expect((await cpo.get(`/api/v1/sessions/${sessionId}/adjustments`)).status).toBe(200);
    const foreignCpo = (await signedIn(t.url, t.db, 'cpo', { organizationId: (await makeOrganization(t.db)).id })).api;
    expect((await foreignCpo.get(`/api/v1/sessions/${sessionId}/adjustments`)).status).toBe(404);
    expect((await accounts.post(`/api/v1/sessions/${sessionId}/reprice`, { reason: 'Accounts may' })).status).toBe(200);
  });

  it('bad input gets a clear 4xx and writes nothing', async () => {
    const net = await workedExampleOrganization(t.db, accounts);
    const sessionId = await settledSession(t.db, {
      organizationId: net.org.id,
      siteId: net.site.id,
      chargerId: net.charger.id,
      readings: workedExampleReadings(),
    });
    await accounts.patch(`/api/v1/tariffs/${net.tariffId}`, { elements: CORRECTED });
    const cases: [string, unknown, number, string][] = [
      [`/api/v1/sessions/${sessionId}/reprice`, {}, 400, 'VALIDATION_FAILED'],
      [`/api/v1/sessions/${sessionId}/reprice`, { reason: '' }, 400, 'VALIDATION_FAILED'],
      [`/api/v1/sessions/${sessionId}/reprice`, { reason: 'Fine', extra: 1 }, 400, 'VALIDATION_FAILED'],
      [`/api/v1/sessions/00000000-0000-4000-8000-000000000000/reprice`, { reason: 'Unknown' }, 404, 'NOT_FOUND'],
      [
        `/api/v1/tariffs/${net.tariffId}/reprice`,
        { from: '2026-03-11T00:00:00Z', to: '2026-03-10T00:00:00Z', reason: 'Backwards' },
        422,
        'UNPROCESSABLE',
      ],
      [
        `/api/v1/tariffs/${net.tariffId}/reprice`,
        { from: 'yesterday', to: '2026-03-10T00:00:00Z', reason: 'Bad' },
        400,
        'VALIDATION_FAILED',
      ],
      [
        `/api/v1/tariffs/00000000-0000-4000-8000-000000000000/reprice`,
        { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z', reason: 'Unknown' },
        404,
        'NOT_FOUND',
      ],
    ];
    for (const [url, body, status, code] of cases) {
      const response = await accounts.post(url, body);
      expect([url, response.status, response.body.error?.code]).toEqual([url, status, code]);
    }
    expect(await counts(sessionId)).toMatchObject({ adjustments: 0, audits: 0 });
  });
});

describe('bulk re-pricing after a tariff correction', () => {
  it('re-prices the tariff’s sessions that started in the range and reports counts; a second run changes nothing', async () => {
    const net = await workedExampleOrganization(t.db, accounts);
    const place = { organizationId: net.org.id, siteId: net.site.id, chargerId: net.charger.id };
    const inRange = [
      await settledSession(t.db, { ...place, readings: workedExampleReadings('2026-03-10') }),
      await settledSession(t.db, { ...place, readings: workedExampleReadings('2026-03-12') }),
    ];
    const outside = await settledSession(t.db, { ...place, readings: workedExampleReadings('2026-03-20') });
    await accounts.patch(`/api/v1/tariffs/${net.tariffId}`, { elements: CORRECTED });
    const range = { from: '2026-03-01T00:00:00+05:30', to: '2026-03-15T00:00:00+05:30', reason: 'Off-peak correction' };

    const run = await accounts.post(`/api/v1/tariffs/${net.tariffId}/reprice`, range);
    expect(run.status).toBe(200);
    expect(run.body).toEqual({ matched: 2, changed: 2, unchanged: 0, failed: 0, failures: [] });
    for (const id of inRange)
      expect((await accounts.get(`/api/v1/sessions/${id}/settlement`)).body).toMatchObject({ netMinor: 279_000, revision: 2 });
    expect((await accounts.get(`/api/v1/sessions/${outside}/settlement`)).body).toMatchObject({ netMinor: 293_000, revision: 1 });

    const rerun = await accounts.post(`/api/v1/tariffs/${net.tariffId}/reprice`, range);
    expect(rerun.body).toEqual({ matched: 2, changed: 0, unchanged: 2, failed: 0, failures: [] });
    const { rollup, raw } = await rollupAndRawScan(net.charger.id);
    expect(rollup).toEqual(raw);
    const [ledger] = await rows(
      t.db,
      sql`SELECT sum(amount_minor)::text AS s FROM ledger_postings WHERE organization_id = ${net.org.id}`,
    );
    expect(ledger.s).toBe('0');
  });
});
