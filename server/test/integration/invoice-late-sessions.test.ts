import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { ZONE, invoicedOrganization, settledSession } from '../support/invoicing.js';
import { pdfText } from '../support/pdf-text.js';
import { rows } from '../support/ocpp.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let accounts: ApiClient;
beforeAll(async () => {
  t = await startTestServer({ INVOICE_SCHEDULE: 'off' });
  accounts = (await signedIn(t.url, t.db, 'accounts')).api;
});
afterAll(() => t?.close());

// Billed weekly with today as billing day: last week [−7, 0) has closed, and the week before [−14, −7).
const today = DateTime.now().setZone(ZONE).startOf('day');
const weekBefore = {
  periodStartDate: today.minus({ days: 14 }).toISODate()!,
  periodEndDate: today.minus({ days: 7 }).toISODate()!,
};
const printed = (d: string) => DateTime.fromISO(d).toFormat('d LLL yyyy');
const weekBeforeLabel = `${printed(weekBefore.periodStartDate)} – ${printed(today.minus({ days: 8 }).toISODate()!)}`;

async function sumStatementPayouts(organizationId: string) {
  const list = (await accounts.get(`/api/v1/invoices?organizationId=${organizationId}&kind=invoice`)).body.items;
  let sum = 0;
  for (const item of list) sum += (await accounts.get(`/api/v1/invoices/${item.id}`)).body.statement.payoutMinor;
  return sum;
}

describe('late sessions (docs/finance.md §12)', () => {
  it('a session of an already-sent period is billed once, by the next invoice, as a labelled prior-period group', async () => {
    const place = await invoicedOrganization(t.db);
    await settledSession(t.db, place, 10_000, 10); // the week before: commission 10 % of 900.00
    const first = (
      await accounts.post('/api/v1/invoices', { organizationId: place.org.id, periodStartDate: weekBefore.periodStartDate })
    ).body;
    expect(first.lines[0]).toMatchObject({ amountMinor: 9000, priorPeriod: null });
    expect((await accounts.post(`/api/v1/invoices/${first.id}/send`)).status).toBe(200);

    // A charger that was offline sends a session of the week before, after its invoice went out.
    await settledSession(t.db, place, 20_000, 9); // commission 180.00
    await settledSession(t.db, place, 5000, 1); // last week: commission 45.00
    const created = await accounts.post('/api/v1/invoices', { organizationId: place.org.id });
    expect(created.status).toBe(201);
    const second = created.body;
    expect(second.lines).toEqual([
      { kind: 'platform_commission', description: 'Platform commission', amountMinor: 4500, priorPeriod: null },
      { kind: 'gateway_charges', description: 'Gateway charges', amountMinor: 0, priorPeriod: null },
      {
        kind: 'platform_commission',
        description: `Platform commission — prior period ${weekBeforeLabel} (late sessions)`,
        amountMinor: 18_000,
        priorPeriod: weekBefore,
      },
      {
        kind: 'gateway_charges',
        description: `Gateway charges — prior period ${weekBeforeLabel} (late sessions)`,
        amountMinor: 0,
        priorPeriod: weekBefore,
      },
    ]);
    // SSCL 2.5 % of 225.00 = 5.625 → 5.63; VAT 18 % of 230.63 = 41.5134 → 41.51; total 272.14.
    expect(second).toMatchObject({ subtotalMinor: 22_500, taxMinor: 4714, totalMinor: 27_214 });
    expect(second.statement).toMatchObject({
      sessions: 2,
      energyWh: 25_000,
      netRevenueMinor: 225_000,
      payoutMinor: 225_000 - 27_214,
      priorPeriods: [{ ...weekBefore, sessions: 1, energyWh: 20_000, netRevenueMinor: 180_000 }],
    });
    // Regenerating gives the same draft: its sessions are released and claimed again, the late one included.
    const regenerated = (await accounts.post(`/api/v1/invoices/${second.id}/regenerate`)).body;
    expect(regenerated.lines).toEqual(second.lines);
    expect((await accounts.post(`/api/v1/invoices/${second.id}/send`)).status).toBe(200);

    // Exactly once: the sent invoice of the week before never changed, and no other invoice takes the session.
    expect((await accounts.get(`/api/v1/invoices/${first.id}`)).body).toMatchObject({
      subtotalMinor: 9000,
      statement: { sessions: 1 },
    });
    const older = (
      await accounts.post('/api/v1/invoices', {
        organizationId: place.org.id,
        periodStartDate: today.minus({ days: 21 }).toISODate(),
      })
    ).body;
    expect(older).toMatchObject({ subtotalMinor: 0, statement: { sessions: 0 } });
    const billed = await rows(
      t.db,
      sql`SELECT count(*)::int AS n, count(DISTINCT invoice_id)::int AS invoices FROM session_settlements
          WHERE organization_id = ${place.org.id} AND invoice_id IS NOT NULL`,
    );
    expect(billed[0]).toMatchObject({ n: 3, invoices: 2 });

    // The payout balance agrees with the statements: Σ payout = Σ partner share − Σ invoice taxes.
    const balance = (await accounts.get(`/api/v1/payouts/balances?organizationId=${place.org.id}`)).body.items[0];
    expect(balance.balanceMinor).toBe(await sumStatementPayouts(place.org.id));

    const pdf = await pdfText(new Uint8Array(await (await accounts.raw(`/api/v1/invoices/${second.id}/pdf`)).arrayBuffer()));
    expect(pdf).toContain(`Prior period ${weekBeforeLabel}`);
    expect(pdf).toContain('late sessions');
    expect(pdf).toContain('180.00');
    expect(pdf).toMatch(/of which late, from .*1 sessions, 20\.000 kWh/);
  });

  it('a late session of a period whose invoice is still a draft waits for that draft, not the next invoice', async () => {
    const place = await invoicedOrganization(t.db);
    await settledSession(t.db, place, 10_000, 10);
    const draft = (
      await accounts.post('/api/v1/invoices', { organizationId: place.org.id, periodStartDate: weekBefore.periodStartDate })
    ).body;
    await settledSession(t.db, place, 20_000, 9); // late, but its period's invoice is not sent yet
    await settledSession(t.db, place, 5000, 1);
    const next = (await accounts.post('/api/v1/invoices', { organizationId: place.org.id })).body;
    expect(next.lines.filter((l: { priorPeriod: unknown }) => l.priorPeriod !== null)).toEqual([]);
    expect(next.subtotalMinor).toBe(4500);
    const regenerated = (await accounts.post(`/api/v1/invoices/${draft.id}/regenerate`)).body;
    expect(regenerated).toMatchObject({ subtotalMinor: 27_000, statement: { sessions: 2 } });
  });

  it('a bulk run invoices a period that only has late sessions', async () => {
    const place = await invoicedOrganization(t.db);
    await settledSession(t.db, place, 10_000, 10);
    const first = (
      await accounts.post('/api/v1/invoices', { organizationId: place.org.id, periodStartDate: weekBefore.periodStartDate })
    ).body;
    await accounts.post(`/api/v1/invoices/${first.id}/send`);
    await settledSession(t.db, place, 20_000, 9);
    const run = await accounts.post('/api/v1/invoice-runs');
    expect(run.status).toBe(202);
    const found = async () => {
      for (let i = 0; i < 100; i++) {
        const list = (await accounts.get(`/api/v1/invoices?organizationId=${place.org.id}&status=draft`)).body.items;
        if (list.length > 0) return list[0];
        await new Promise((r) => setTimeout(r, 100));
      }
      return null;
    };
    const draft = await found();
    expect(draft).toMatchObject({ subtotalMinor: 18_000 });
  });
});
