import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentMethods } from '../../src/db/schema/index.js';
import { makeOrganization, makeUser, signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { ZONE, invoicedOrganization, settledSession, weeklyClosingToday } from '../support/invoicing.js';
import { pdfText } from '../support/pdf-text.js';
import { chargerPasswordHash, connect, eventually, makeToken, rows, sessionOf } from '../support/ocpp.js';
import { workedExampleOrganization } from '../support/pricing.js';
import { type TestServer, startTestServer } from '../support/server.js';

let t: TestServer;
let accounts: ApiClient;
beforeAll(async () => {
  t = await startTestServer({ INVOICE_SCHEDULE: 'off', INVOICE_ISSUER_NAME: 'Chargeboard Lanka (Pvt) Ltd' });
  accounts = (await signedIn(t.url, t.db, 'accounts')).api;
});
afterAll(() => t?.close());

const YEAR = DateTime.now().setZone(ZONE).year;
const DAY = DateTime.now().setZone(ZONE).minus({ days: 1 }).toISODate()!;
const local = (time: string) => DateTime.fromISO(`${DAY}T${time}`, { zone: ZONE }).toUTC().toISO()!;

/**
 * The worked example of docs/finance.md §13, through OCPP and the real settlement, billed weekly so
 * yesterday's period has closed.
 */
async function workedExample() {
  const { org, charger, owner } = await workedExampleOrganization(t.db, accounts, {
    organization: { name: 'Worked Example Charging', ...weeklyClosingToday() },
    charger: { ocppPasswordHash: await chargerPasswordHash() },
  });
  const driver = await makeUser(t.db, 'driver', { organizationId: org.id });
  await t.db.insert(paymentMethods).values({ userId: driver.id, gateway: 'cybersource' });
  const token = await makeToken(t.db, org.id, { userId: driver.id });
  const cp = await connect(t.url, charger.ocppIdentity, 'ocpp1.6');
  await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
  const start = (await cp.call('StartTransaction', {
    connectorId: 1,
    idTag: token.token,
    meterStart: 0,
    timestamp: local('17:50'),
  })) as {
    transactionId: number;
  };
  await cp.call('MeterValues', {
    connectorId: 1,
    transactionId: start.transactionId,
    meterValue: [{ timestamp: local('18:30'), sampledValue: [{ value: '14000', context: 'Sample.Periodic' }] }],
  });
  await cp.call('StopTransaction', {
    transactionId: start.transactionId,
    idTag: token.token,
    meterStop: 27_500,
    timestamp: local('19:10'),
    reason: 'Local',
  });
  const session = await sessionOf(t.db, charger.id, start.transactionId);
  await eventually(async () => ((await accounts.get(`/api/v1/sessions/${session.id}/settlement`)).status === 200 ? true : null));
  await cp.close();
  return { org, owner };
}

describe('partner invoices: the worked example (docs/finance.md §13) end to end', () => {
  it('session in → settlement → draft 461.55 → send → PDF → payout 2,321.95 → credit note → payment → payout', async () => {
    const { org, owner } = await workedExample();

    const created = await accounts.post('/api/v1/invoices', { organizationId: org.id });
    expect(created.status).toBe(201);
    const draft = created.body;
    expect(draft).toMatchObject({
      kind: 'invoice',
      status: 'draft',
      displayStatus: 'draft',
      number: null,
      organizationName: 'Worked Example Charging',
      currency: 'LKR',
      lines: [
        { kind: 'platform_commission', description: 'Platform commission', amountMinor: 29_300 },
        { kind: 'gateway_charges', description: 'Gateway charges', amountMinor: 8860 },
      ],
      subtotalMinor: 38_160,
      taxLines: [
        { name: 'SSCL', rate: '0.025', compound: false, baseMinor: 38_160, amountMinor: 954 },
        { name: 'VAT', rate: '0.18', compound: true, baseMinor: 39_114, amountMinor: 7041 },
      ],
      taxMinor: 7995,
      totalMinor: 46_155,
      statement: {
        sessions: 1,
        energyWh: 27_500,
        grossCollectedMinor: 354_384,
        taxesCollectedMinor: 61_384,
        netRevenueMinor: 293_000,
        locationOwnerCommissionsMinor: 14_650,
        payoutMinor: 232_195,
      },
      billTo: { name: 'Worked Example Charging' },
    });
    expect(draft.periodEndDate).toBe(DateTime.now().setZone(ZONE).toISODate());

    // Generating again (explicitly for the same period too) gives the same invoice, never a second one.
    const again = await accounts.post('/api/v1/invoices', { organizationId: org.id, periodStartDate: draft.periodStartDate });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(draft.id);
    const concurrent = await Promise.all([1, 2, 3].map(() => accounts.post('/api/v1/invoices', { organizationId: org.id })));
    expect(concurrent.map((r) => r.body.id)).toEqual([draft.id, draft.id, draft.id]);
    expect((await accounts.get(`/api/v1/invoices?organizationId=${org.id}`)).body.total).toBe(1);

    const draftPdf = await accounts.raw(`/api/v1/invoices/${draft.id}/pdf`);
    expect(draftPdf.headers.get('content-disposition')).toBe(
      `attachment; filename="draft-worked-example-charging-${draft.periodStartDate}.pdf"`,
    );
    expect(await pdfText(new Uint8Array(await draftPdf.arrayBuffer()))).toContain('DRAFT');

    const sent = await accounts.post(`/api/v1/invoices/${draft.id}/send`);
    expect(sent.status).toBe(200);
    const today = DateTime.now().setZone(ZONE).toISODate()!;
    expect(sent.body).toMatchObject({
      status: 'sent',
      displayStatus: 'sent',
      number: `INV-${YEAR}-000001`,
      issueDate: today,
      dueDate: DateTime.fromISO(today).plus({ days: 30 }).toISODate(),
      totalMinor: 46_155,
    });

    const pdf = await accounts.raw(`/api/v1/invoices/${draft.id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="INV-${YEAR}-000001.pdf"`);
    const text = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
    expect(text).toContain('461.55');
    expect(text).toContain('2,321.95');
    expect(text).toContain(`INV-${YEAR}-000001`);
    expect(text).toContain('Chargeboard Lanka (Pvt) Ltd');

    // The payout ledger: partner share 2,401.90 accrued, the invoice's taxes 79.95 deducted → 2,321.95.
    const balance = async () => (await accounts.get(`/api/v1/payouts/balances?organizationId=${org.id}`)).body.items[0];
    expect(await balance()).toMatchObject({
      organizationName: 'Worked Example Charging',
      currency: 'LKR',
      accruedMinor: 240_190,
      invoicedMinor: 7995,
      creditedMinor: 0,
      paidOutMinor: 0,
      balanceMinor: 232_195,
    });
    const ledger = await rows(t.db, sql`SELECT coalesce(sum(amount_minor), 0)::text AS s FROM ledger_postings`);
    expect(ledger[0].s).toBe('0');

    // Sent is final: no second send, no regeneration.
    const twice = await accounts.post(`/api/v1/invoices/${draft.id}/send`);
    expect([twice.status, twice.body.error.code]).toEqual([409, 'INVOICE_ALREADY_SENT']);
    const regen = await accounts.post(`/api/v1/invoices/${draft.id}/regenerate`);
    expect([regen.status, regen.body.error.code]).toEqual([409, 'INVOICE_NOT_DRAFT']);

    // A credit note of 10.00 with the invoice's taxes: SSCL 0.25, VAT 18 % of 10.25 = 1.845 → 1.85; total 12.10.
    const credit = await accounts.post(`/api/v1/invoices/${draft.id}/credit-notes`, { amountMinor: 1000, reason: 'Goodwill' });
    expect(credit.status).toBe(201);
    expect(credit.body).toMatchObject({
      kind: 'credit_note',
      status: 'sent',
      number: `CN-${YEAR}-000001`,
      creditedInvoiceId: draft.id,
      creditedInvoiceNumber: `INV-${YEAR}-000001`,
      subtotalMinor: 1000,
      taxLines: [
        { name: 'SSCL', amountMinor: 25 },
        { name: 'VAT', baseMinor: 1025, amountMinor: 185 },
      ],
      totalMinor: 1210,
      reason: 'Goodwill',
    });
    const tooMuch = await accounts.post(`/api/v1/invoices/${draft.id}/credit-notes`, { amountMinor: 37_161, reason: 'x' });
    expect([tooMuch.status, tooMuch.body.error.code]).toEqual([422, 'CREDIT_EXCEEDS_INVOICE']);
    // Money a person reads is in major units with its currency, never a count of minor units.
    expect(tooMuch.body.error.message).toBe('At most LKR 371.60 of this invoice is left to credit');
    expect(await balance()).toMatchObject({ creditedMinor: 1210, balanceMinor: 233_405 });
    // docs/finance.md §10 "Balance": amount due = total − payments − credit notes = 461.55 − 12.10.
    expect((await accounts.get(`/api/v1/invoices/${draft.id}`)).body).toMatchObject({
      creditedMinor: 1210,
      amountDueMinor: 44_945,
      creditableMinor: 37_160,
    });

    // Payments: part, an overpayment refused with nothing written, then the rest → paid.
    const part = await accounts.post(`/api/v1/invoices/${draft.id}/payments`, {
      amountMinor: 40_000,
      paidOn: today,
      reference: 'TT-1',
    });
    expect(part.body).toMatchObject({
      status: 'sent',
      paidMinor: 40_000,
      amountDueMinor: 4945,
      payments: [{ amountMinor: 40_000, reference: 'TT-1' }],
    });
    // What is left after the credit note is the most the server takes: total − paid alone (61.55) is refused.
    const over = await accounts.post(`/api/v1/invoices/${draft.id}/payments`, { amountMinor: 6155, paidOn: today });
    expect([over.status, over.body.error.code, over.body.error.details.amountDueMinor]).toEqual([
      422,
      'PAYMENT_EXCEEDS_BALANCE',
      4945,
    ]);
    expect(over.body.error.message).toContain('LKR 49.45');
    expect((await accounts.get(`/api/v1/invoices/${draft.id}`)).body).toMatchObject({ paidMinor: 40_000, status: 'sent' });
    const rest = await accounts.post(`/api/v1/invoices/${draft.id}/payments`, { amountMinor: 4945, paidOn: today });
    expect(rest.body).toMatchObject({
      status: 'paid',
      displayStatus: 'paid',
      paidMinor: 44_945,
      creditedMinor: 1210,
      amountDueMinor: 0,
    });
    // The ledger agrees: the receivable under the invoice's number is its amount due.
    const receivable = await rows(
      t.db,
      sql`SELECT coalesce(sum(amount_minor), 0)::text AS s FROM ledger_postings
          WHERE account = 'invoice_receivable' AND ref = ${`INV-${YEAR}-000001`}`,
    );
    expect(receivable[0].s).toBe('0');
    expect(rest.body.paidAt).not.toBeNull();
    expect(rest.body.creditNotes.map((n: { number: string }) => n.number)).toEqual([`CN-${YEAR}-000001`]);
    // Settling the invoice does not move the payout balance (it was deducted when sent).
    expect((await balance()).balanceMinor).toBe(233_405);

    // Payouts: never more than the balance; the ledger reads newest first with running balances.
    const overPaid = await accounts.post('/api/v1/payouts', { organizationId: org.id, amountMinor: 233_406, paidOn: today });
    expect([overPaid.status, overPaid.body.error.code]).toEqual([422, 'PAYOUT_EXCEEDS_BALANCE']);
    expect(overPaid.body.error.message).toBe('The payout balance is LKR 2,334.05');
    const payout = await accounts.post('/api/v1/payouts', {
      organizationId: org.id,
      amountMinor: 233_405,
      paidOn: today,
      reference: 'BANK-77',
    });
    expect(payout.status).toBe(201);
    expect(payout.body).toMatchObject({ amountMinor: 233_405, currency: 'LKR', balanceMinor: 0, reference: 'BANK-77' });
    expect(await balance()).toMatchObject({ paidOutMinor: 233_405, balanceMinor: 0 });
    const entries = (await accounts.get(`/api/v1/payouts/entries?organizationId=${org.id}`)).body;
    expect(entries.total).toBe(4);
    expect(entries.items.map((e: object) => e)).toMatchObject([
      { kind: 'payout', reference: 'BANK-77', amountMinor: -233_405, balanceMinor: 0 },
      { kind: 'credit_note', reference: `CN-${YEAR}-000001`, amountMinor: 1210, balanceMinor: 233_405 },
      { kind: 'invoice', reference: `INV-${YEAR}-000001`, amountMinor: -7995, balanceMinor: 232_195 },
      { kind: 'accrual', amountMinor: 240_190, balanceMinor: 240_190 },
    ]);
    expect((await rows(t.db, sql`SELECT coalesce(sum(amount_minor), 0)::text AS s FROM ledger_postings`))[0].s).toBe('0');

    // The location owner sees neither invoices nor payouts.
    const host = await signedIn(t.url, t.db, 'location_owner', { organizationId: org.id });
    void owner;
    expect((await host.api.get('/api/v1/invoices')).status).toBe(403);
    expect((await host.api.get(`/api/v1/payouts/balances`)).status).toBe(403);
  });
});

describe('lifecycle rules and bad input', () => {
  it('a period that is not one of the organization’s, or not closed yet, is refused with nothing written', async () => {
    const org = await makeOrganization(t.db, { billingCycle: 'monthly', billingDay: 1, timeZone: ZONE });
    const mismatch = await accounts.post('/api/v1/invoices', { organizationId: org.id, periodStartDate: '2025-03-15' });
    expect([mismatch.status, mismatch.body.error.code]).toEqual([422, 'PERIOD_MISMATCH']);
    expect(mismatch.body.error.details.expected).toBe('2025-03-01');
    const thisMonth = DateTime.now().setZone(ZONE).startOf('month').toISODate();
    const open = await accounts.post('/api/v1/invoices', { organizationId: org.id, periodStartDate: thisMonth });
    expect([open.status, open.body.error.code]).toEqual([422, 'PERIOD_NOT_CLOSED']);
    const bad = await accounts.post('/api/v1/invoices', { organizationId: org.id, periodStartDate: '2025-02-30' });
    expect(bad.status).toBe(400);
    const unknown = await accounts.post('/api/v1/invoices', { organizationId: org.id, extra: 1 });
    expect(unknown.status).toBe(400);
    expect((await accounts.get(`/api/v1/invoices?organizationId=${org.id}`)).body.total).toBe(0);
    // An explicit, closed period of the right shape is invoiced even when nothing was charged.
    const march = await accounts.post('/api/v1/invoices', { organizationId: org.id, periodStartDate: '2025-03-01' });
    expect(march.status).toBe(201);
    expect(march.body).toMatchObject({ periodStartDate: '2025-03-01', periodEndDate: '2025-04-01', totalMinor: 0 });
  });

  it('a draft takes no payment or credit note; regenerating picks up a late session', async () => {
    const place = await invoicedOrganization(t.db);
    await settledSession(t.db, place, 10_000);
    const draft = (await accounts.post('/api/v1/invoices', { organizationId: place.org.id })).body;
    expect(draft.lines[0].amountMinor).toBe(9000); // 10 % of 10 kWh × 90.00
    const pay = await accounts.post(`/api/v1/invoices/${draft.id}/payments`, { amountMinor: 1, paidOn: '2026-01-01' });
    expect([pay.status, pay.body.error.code]).toEqual([409, 'INVOICE_NOT_SENT']);
    const credit = await accounts.post(`/api/v1/invoices/${draft.id}/credit-notes`, { amountMinor: 1, reason: 'x' });
    expect([credit.status, credit.body.error.code]).toEqual([409, 'INVOICE_NOT_SENT']);
    await settledSession(t.db, place, 20_000, 2);
    const regenerated = await accounts.post(`/api/v1/invoices/${draft.id}/regenerate`);
    expect(regenerated.body).toMatchObject({ id: draft.id, status: 'draft', statement: { sessions: 2, energyWh: 30_000 } });
    expect(regenerated.body.lines[0].amountMinor).toBe(27_000);
  });

  it('a send that fails half-way leaves the draft, the numbering and the ledger untouched', async () => {
    const place = await invoicedOrganization(t.db);
    await settledSession(t.db, place);
    const draft = (await accounts.post('/api/v1/invoices', { organizationId: place.org.id })).body;
    const before = await rows(
      t.db,
      sql`SELECT coalesce(max(last_number), 0) AS n FROM invoice_number_sequences WHERE series = 'INV'`,
    );
    // Corrupt payment terms make the due date fail after the number was taken inside the transaction.
    await t.db.execute(sql`UPDATE organizations SET payment_terms_days = -1 WHERE id = ${place.org.id}`);
    const failed = await accounts.post(`/api/v1/invoices/${draft.id}/send`);
    expect(failed.status).toBe(422);
    expect((await accounts.get(`/api/v1/invoices/${draft.id}`)).body).toMatchObject({ status: 'draft', number: null });
    const postings = await rows(t.db, sql`SELECT count(*)::int AS n FROM ledger_postings WHERE document_id = ${draft.id}`);
    expect(postings[0].n).toBe(0);
    await t.db.execute(sql`UPDATE organizations SET payment_terms_days = 14 WHERE id = ${place.org.id}`);
    const sent = await accounts.post(`/api/v1/invoices/${draft.id}/send`);
    expect(sent.body.number).toBe(`INV-${YEAR}-${String(Number(before[0].n) + 1).padStart(6, '0')}`);
  });

  it('an unpaid invoice past its due date shows and filters as overdue until it is paid', async () => {
    const place = await invoicedOrganization(t.db);
    await settledSession(t.db, place);
    const draft = (await accounts.post('/api/v1/invoices', { organizationId: place.org.id })).body;
    await accounts.post(`/api/v1/invoices/${draft.id}/send`);
    const listed = async (status: string) =>
      (await accounts.get(`/api/v1/invoices?organizationId=${place.org.id}&status=${status}`)).body.items.map(
        (i: { id: string }) => i.id,
      );
    expect(await listed('sent')).toEqual([draft.id]);
    expect(await listed('overdue')).toEqual([]);
    // Time passes: the due date (in Colombo) was yesterday.
    const yesterday = DateTime.now().setZone(ZONE).minus({ days: 1 }).toISODate();
    await t.db.execute(sql`UPDATE invoices SET due_date = ${yesterday} WHERE id = ${draft.id}`);
    expect((await accounts.get(`/api/v1/invoices/${draft.id}`)).body).toMatchObject({ status: 'sent', displayStatus: 'overdue' });
    expect(await listed('overdue')).toEqual([draft.id]);
    expect(await listed('sent')).toEqual([]);
    await accounts.post(`/api/v1/invoices/${draft.id}/payments`, { amountMinor: draft.totalMinor, paidOn: yesterday });
    expect(await listed('overdue')).toEqual([]);
    expect(await listed('paid')).toEqual([draft.id]);
  });
});

describe('balance (docs/finance.md §10): total − payments − credit notes, one rule for API, page and PDF', () => {
  it('a credit note lowers the amount due, can make the invoice Paid, and the receivable follows', async () => {
    const place = await invoicedOrganization(t.db);
    await settledSession(t.db, place, 10_000); // commission 90.00 → SSCL 2.25, VAT 16.61 → total 108.86
    const draft = (await accounts.post('/api/v1/invoices', { organizationId: place.org.id })).body;
    expect(draft).toMatchObject({ totalMinor: 10_886, amountDueMinor: 10_886 });
    const sent = (await accounts.post(`/api/v1/invoices/${draft.id}/send`)).body;
    const receivable = async () =>
      (
        await rows(
          t.db,
          sql`SELECT coalesce(sum(amount_minor), 0)::text AS s FROM ledger_postings
              WHERE account = 'invoice_receivable' AND ref = ${sent.number}`,
        )
      )[0].s;
    await accounts.post(`/api/v1/invoices/${draft.id}/payments`, { amountMinor: 5000, paidOn: sent.issueDate });
    // Crediting the rest of the subtotal (40.00 + SSCL 1.00 + VAT 7.38 = 48.38) leaves 108.86 − 50.00 − 48.38 = 10.48.
    const note = (await accounts.post(`/api/v1/invoices/${draft.id}/credit-notes`, { amountMinor: 4000, reason: 'Tariff error' }))
      .body;
    expect(note.totalMinor).toBe(4838);
    const after = (await accounts.get(`/api/v1/invoices/${draft.id}`)).body;
    expect(after).toMatchObject({ status: 'sent', amountDueMinor: 1048, creditableMinor: 5000 });
    expect(await receivable()).toBe('1048');
    expect(await pdfText(new Uint8Array(await (await accounts.raw(`/api/v1/invoices/${draft.id}/pdf`)).arrayBuffer()))).toMatch(
      /Amount due\s+LKR 10\.48/,
    );
    // A second credit note covering what is due makes it Paid, with no payment.
    await accounts.post(`/api/v1/invoices/${draft.id}/credit-notes`, { amountMinor: 866, reason: 'Rest' }); // 8.66 + 0.22 + 1.60 = 10.48
    const settled = (await accounts.get(`/api/v1/invoices/${draft.id}`)).body;
    expect(settled).toMatchObject({ status: 'paid', displayStatus: 'paid', amountDueMinor: 0 });
    expect(settled.paidAt).not.toBeNull();
    expect(await receivable()).toBe('0');
    const more = await accounts.post(`/api/v1/invoices/${draft.id}/payments`, { amountMinor: 1, paidOn: sent.issueDate });
    expect([more.status, more.body.error.code]).toEqual([422, 'PAYMENT_EXCEEDS_BALANCE']);
    // Listed the same way, and never overdue once nothing is due.
    const yesterday = DateTime.now().setZone(ZONE).minus({ days: 1 }).toISODate();
    await t.db.execute(sql`UPDATE invoices SET due_date = ${yesterday} WHERE id = ${draft.id}`);
    const list = (await accounts.get(`/api/v1/invoices?organizationId=${place.org.id}&kind=invoice`)).body.items;
    expect(list[0]).toMatchObject({ amountDueMinor: 0, displayStatus: 'paid' });
  });

  it('overdue follows the amount due: a credit note leaving one minor unit keeps it overdue, paying that unit ends it', async () => {
    const place = await invoicedOrganization(t.db);
    await settledSession(t.db, place, 10_000);
    const draft = (await accounts.post('/api/v1/invoices', { organizationId: place.org.id })).body;
    const sent = (await accounts.post(`/api/v1/invoices/${draft.id}/send`)).body;
    await accounts.post(`/api/v1/invoices/${draft.id}/payments`, { amountMinor: 10_000, paidOn: sent.issueDate });
    await t.db.execute(
      sql`UPDATE invoices SET due_date = ${DateTime.now().setZone(ZONE).minus({ days: 1 }).toISODate()} WHERE id = ${draft.id}`,
    );
    expect((await accounts.get(`/api/v1/invoices/${draft.id}`)).body).toMatchObject({
      displayStatus: 'overdue',
      amountDueMinor: 886,
    });
    // Credit 7.32 + SSCL 0.18 + VAT 1.35 = 8.85 of the 8.86 due: one minor unit is still due, so still overdue.
    await accounts.post(`/api/v1/invoices/${draft.id}/credit-notes`, { amountMinor: 732, reason: 'Goodwill' });
    expect((await accounts.get(`/api/v1/invoices/${draft.id}`)).body).toMatchObject({
      displayStatus: 'overdue',
      amountDueMinor: 1,
    });
    const overdue = (await accounts.get(`/api/v1/invoices?organizationId=${place.org.id}&status=overdue`)).body.items;
    expect(overdue.map((i: { id: string }) => i.id)).toEqual([draft.id]);
    await accounts.post(`/api/v1/invoices/${draft.id}/payments`, { amountMinor: 1, paidOn: sent.issueDate });
    expect((await accounts.get(`/api/v1/invoices?organizationId=${place.org.id}&status=overdue`)).body.items).toEqual([]);
  });
});

describe('scope', () => {
  it('a CPO sees only its organization’s invoices and payouts and cannot change them; drivers see nothing', async () => {
    const own = await invoicedOrganization(t.db);
    const foreign = await invoicedOrganization(t.db);
    await settledSession(t.db, own);
    await settledSession(t.db, foreign);
    const ownInvoice = (await accounts.post('/api/v1/invoices', { organizationId: own.org.id })).body;
    const foreignInvoice = (await accounts.post('/api/v1/invoices', { organizationId: foreign.org.id })).body;
    const cpo = (await signedIn(t.url, t.db, 'cpo', { organizationId: own.org.id })).api;

    const list = (await cpo.get('/api/v1/invoices?pageSize=200')).body;
    expect(list.items.map((i: { organizationId: string }) => i.organizationId)).toEqual([own.org.id]);
    expect((await cpo.get(`/api/v1/invoices/${ownInvoice.id}`)).status).toBe(200);
    expect((await cpo.get(`/api/v1/invoices/${foreignInvoice.id}`)).status).toBe(404);
    expect((await cpo.raw(`/api/v1/invoices/${foreignInvoice.id}/pdf`)).status).toBe(404);
    expect((await cpo.post(`/api/v1/invoices/${ownInvoice.id}/send`)).status).toBe(403);
    expect((await cpo.post('/api/v1/invoices', { organizationId: own.org.id })).status).toBe(403);
    expect((await cpo.post('/api/v1/invoice-runs')).status).toBe(403);
    const balances = (await cpo.get('/api/v1/payouts/balances')).body.items;
    expect(balances.map((b: { organizationId: string }) => b.organizationId)).toEqual([own.org.id]);
    expect((await cpo.get(`/api/v1/payouts/entries?organizationId=${foreign.org.id}`)).status).toBe(404);
    expect((await cpo.post('/api/v1/payouts', { organizationId: own.org.id, amountMinor: 1, paidOn: '2026-01-01' })).status).toBe(
      403,
    );

    const restricted = (await signedIn(t.url, t.db, 'accounts', { organizationRestriction: [own.org.id] })).api;
    const seen = (await restricted.get('/api/v1/invoices?pageSize=200')).body.items.map((i: { id: string }) => i.id);
    expect(seen.includes(foreignInvoice.id)).toBe(false);

    const driver = (await signedIn(t.url, t.db, 'driver', { organizationId: own.org.id })).api;
    expect((await driver.get('/api/v1/invoices')).status).toBe(403);
    expect((await driver.get('/api/v1/payouts/balances')).status).toBe(403);
  });
});
