import { eq, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commissionContracts, sessionSettlements } from '../../src/db/schema/index.js';
import { settleStoppedSession } from '../../src/modules/settlement/service.js';
import { signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { ZONE, invoicedOrganization } from '../support/invoicing.js';
import { rows } from '../support/ocpp.js';
import { storedSession } from '../support/sessions.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let accounts: ApiClient;
beforeAll(async () => {
  t = await startTestServer({ INVOICE_SCHEDULE: 'off' });
  accounts = (await signedIn(t.url, t.db, 'accounts')).api;
});
afterAll(() => t?.close());

// Yesterday in Colombo: all four sessions end in the same (weekly) billing period. B and C end together.
const DAY = DateTime.now().setZone(ZONE).minus({ days: 1 }).toISODate()!;
const at = (time: string) => DateTime.fromISO(`${DAY}T${time}`, { zone: ZONE }).toJSDate();
const SESSIONS = [
  { name: 'A', stop: '10:00', wh: 10_000 },
  { name: 'B', stop: '11:00', wh: 10_000 },
  { name: 'C', stop: '11:00', wh: 10_000 },
  { name: 'D', stop: '12:00', wh: 2_000 },
];
// 10 % up to 15 kWh, 5 % from 15, 2 % from 25 — of the period's kWh of the sessions that ended before.
const TIERS = [
  { fromKwh: '0', percent: '0.10' },
  { fromKwh: '15', percent: '0.05' },
  { fromKwh: '25', percent: '0.02' },
];
// By end time, then session id, the kWh before each: 0 → 10 % of 900.00; 10 → 10 % of 900.00;
// 20 → 5 % of 900.00; 30 → 2 % of 180.00.
const EXPECTED_BY_RANK = [9000, 9000, 4500, 360];

async function tieredNetwork() {
  const place = await invoicedOrganization(t.db);
  await t.db
    .update(commissionContracts)
    .set({ kind: 'kwh_tiers', percent: null, tiers: TIERS })
    .where(eq(commissionContracts.organizationId, place.org.id));
  const charger = { id: place.charger.id, organizationId: place.org.id, siteId: place.site.id };
  const stored = [];
  for (const s of SESSIONS)
    stored.push({
      ...s,
      row: await storedSession(t.db, { charger, startedAt: new Date(at(s.stop).getTime() - 3_600_000), wh: s.wh }),
    });
  return { place, stored };
}

/** Commissions in the order docs/finance.md §5 ranks the sessions: end time, then session id. */
async function commissionsByRank(organizationId: string) {
  const settled = await t.db
    .select({
      sessionId: sessionSettlements.sessionId,
      stoppedAt: sessionSettlements.stoppedAt,
      c: sessionSettlements.platformCommissionMinor,
    })
    .from(sessionSettlements)
    .where(eq(sessionSettlements.organizationId, organizationId));
  settled.sort((a, b) => a.stoppedAt.getTime() - b.stoppedAt.getTime() || (a.sessionId < b.sessionId ? -1 : 1));
  return settled.map((s) => Number(s.c));
}

const ORDERS = [
  ['A', 'B', 'C', 'D'],
  ['D', 'C', 'B', 'A'],
  ['C', 'A', 'D', 'B'],
  ['B', 'D', 'A', 'C'],
  ['D', 'A', 'C', 'B'],
  ['C', 'B', 'A', 'D'],
];

describe('kWh-tier commission (docs/finance.md §5)', () => {
  it.each(ORDERS)(
    'arrival order %s%s%s%s gives the same commissions; re-pricing unchanged sessions changes nothing',
    async (...order) => {
      const { place, stored } = await tieredNetwork();
      for (const name of order) await settleStoppedSession(t.db, stored.find((s) => s.name === name)!.row.id);
      expect(await commissionsByRank(place.org.id)).toEqual(EXPECTED_BY_RANK);

      for (const s of stored) {
        const repriced = await accounts.post(`/api/v1/sessions/${s.row.id}/reprice`, { reason: 'check' });
        expect(repriced.status).toBe(200);
        expect(repriced.body.changed).toBe(false);
      }
      expect(await commissionsByRank(place.org.id)).toEqual(EXPECTED_BY_RANK);

      // The books follow: the ledger balances and the payout accrual is the settlements' partner shares.
      const [books] = await rows(
        t.db,
        sql`SELECT (SELECT coalesce(sum(amount_minor), 0) FROM ledger_postings WHERE organization_id = ${place.org.id})::text AS total,
                 (SELECT -coalesce(sum(amount_minor), 0) FROM ledger_postings
                   WHERE organization_id = ${place.org.id} AND account = 'partner_payable')::text AS payable,
                 (SELECT coalesce(sum(partner_share_minor), 0) FROM session_settlements
                   WHERE organization_id = ${place.org.id})::text AS shares`,
      );
      expect(books.total).toBe('0');
      expect(books.payable).toBe(books.shares);
    },
  );

  it('a late session re-tiers the later ones as audited adjustments, but never a session on a sent invoice', async () => {
    const { place, stored } = await tieredNetwork();
    const byName = (n: string) => stored.find((s) => s.name === n)!.row.id;
    await settleStoppedSession(t.db, byName('D')); // alone: nothing before it → 10 % of 180.00
    await settleStoppedSession(t.db, byName('A')); // D: 10 kWh before it, still 10 %: no adjustment
    await settleStoppedSession(t.db, byName('B')); // B: 10 kWh before it → 10 %; D: 20 kWh → 5 %
    const adjustments = (await accounts.get(`/api/v1/sessions/${byName('D')}/adjustments`)).body.items;
    expect(adjustments).toHaveLength(1);
    expect(adjustments[0].reason).toContain(byName('B'));
    expect([adjustments[0].before.platformCommissionMinor, adjustments[0].after.platformCommissionMinor]).toEqual([1800, 900]);
    expect(adjustments[0].after.netMinor).toBe(adjustments[0].before.netMinor);

    // Invoice and send the period; then C arrives late: D stays as it was billed (a sent invoice never changes).
    const draft = (await accounts.post('/api/v1/invoices', { organizationId: place.org.id })).body;
    expect(draft.lines[0].amountMinor).toBe(9000 + 9000 + 900);
    await accounts.post(`/api/v1/invoices/${draft.id}/send`);
    await settleStoppedSession(t.db, byName('C'));
    const d = (await accounts.get(`/api/v1/sessions/${byName('D')}/settlement`)).body;
    expect(d.platformCommissionMinor).toBe(900);
  });

  it('re-pricing a session to a different energy (corrected readings) re-tiers the later ones too', async () => {
    const { place, stored } = await tieredNetwork();
    for (const s of stored) await settleStoppedSession(t.db, s.row.id);
    expect(await commissionsByRank(place.org.id)).toEqual(EXPECTED_BY_RANK);
    // A's meter really read 2 kWh: the period's kWh before B and C drop by 8.
    const a = stored.find((s) => s.name === 'A')!.row;
    await t.db.execute(sql`UPDATE charging_sessions SET meter_stop_wh = 2000, energy_wh = 2000 WHERE id = ${a.id}`);
    const repriced = await accounts.post(`/api/v1/sessions/${a.id}/reprice`, { reason: 'Meter corrected' });
    expect(repriced.body.changed).toBe(true);
    // kWh before each: A 0 → 10 % of 180.00; 2 → 10 % of 900.00; 12 → 10 % of 900.00; D 22 → 5 % of 180.00.
    expect(await commissionsByRank(place.org.id)).toEqual([1800, 9000, 9000, 900]);
    // Same as settling the corrected sessions from scratch, in any order.
    const fresh = await tieredNetwork();
    const freshA = fresh.stored.find((s) => s.name === 'A')!.row;
    await t.db.execute(sql`UPDATE charging_sessions SET meter_stop_wh = 2000, energy_wh = 2000 WHERE id = ${freshA.id}`);
    for (const s of [...fresh.stored].reverse()) await settleStoppedSession(t.db, s.row.id);
    expect(await commissionsByRank(fresh.place.org.id)).toEqual([1800, 9000, 9000, 900]);
  });
});
