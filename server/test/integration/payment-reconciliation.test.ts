/**
 * Importing a gateway settlement report and matching it against our payment rows
 * (docs/payments.md#reconciliation): each outcome, what is stored, scope, and bad input.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, paymentReconciliationLines, payments } from '../../src/db/schema/index.js';
import { makeCharger, makeCustomRole, makeOrganization, makeSite, signedIn } from '../support/factories.js';
import type { ApiClient } from '../support/http.js';
import { type TestServer, startTestServer } from '../support/server.js';
import { storedSession } from '../support/sessions.js';

let t: TestServer;
let accounts: ApiClient;
let cpo: ApiClient;
/** A custom role of the organization holding payments:read and payments:write. */
let orgStaff: ApiClient;
/** The same, in another organization. */
let otherStaff: ApiClient;
let org: { id: string };
let other: { id: string };
let sessionId: string;

/** 10 March 2026, a time of day in Colombo (UTC+05:30). */
const colombo = (time: string, day = '2026-03-10') => new Date(`${day}T${time}:00+05:30`);

async function payment(values: Partial<typeof payments.$inferInsert> & { gatewayReference: string; amountMinor: bigint }) {
  await t.db.insert(payments).values({
    organizationId: org.id,
    type: 'capture',
    status: 'approved',
    gateway: 'cybersource',
    currency: 'LKR',
    idempotencyKey: randomUUID(),
    createdAt: colombo('10:00'),
    ...values,
  });
}

const REPORT = [
  'Batch Date,Merchant ID,Request ID,Application,Amount,Currency',
  '2026-03-10,lanka01,REF-MATCH,ics_bill,2930.00,LKR',
  '2026-03-10,lanka01,REF-MISMATCH,ics_bill,1600.00,LKR',
  '2026-03-10,lanka01,REF-UNKNOWN,ics_bill,10.00,LKR',
  '2026-03-10,lanka01,REF-REFUND,ics_credit,200.00,LKR',
  '2026-03-10,lanka01,REF-DECLINED,ics_bill,5.00,LKR',
  '2026-03-10,lanka01,REF-AUTH,ics_auth,5.00,LKR',
  '',
].join('\r\n');

const upload = (api: ApiClient, body: Record<string, unknown>) =>
  api.post('/api/v1/payment-reconciliations', { gateway: 'cybersource', fileName: 'batch-2026-03-10.csv', ...body });

beforeAll(async () => {
  t = await startTestServer();
  org = await makeOrganization(t.db, { name: 'LankaCharge' });
  other = await makeOrganization(t.db, { name: 'Other Power' });
  const site = await makeSite(t.db, org.id);
  const charger = await makeCharger(t.db, site);
  sessionId = (await storedSession(t.db, { charger, startedAt: colombo('09:00') })).id;
  accounts = (await signedIn(t.url, t.db, 'accounts')).api;
  cpo = (await signedIn(t.url, t.db, 'cpo', { organizationId: org.id })).api;
  const staffRole = await makeCustomRole(t.db, org.id, ['payments:read', 'payments:write']);
  orgStaff = (await signedIn(t.url, t.db, 'custom', { organizationId: org.id, customRoleId: staffRole.id })).api;
  const otherRole = await makeCustomRole(t.db, other.id, ['payments:read', 'payments:write']);
  otherStaff = (await signedIn(t.url, t.db, 'custom', { organizationId: other.id, customRoleId: otherRole.id })).api;

  await payment({ gatewayReference: 'REF-MATCH', amountMinor: 293_000n, sessionId });
  await payment({ gatewayReference: 'REF-MISMATCH', amountMinor: 150_000n, type: 'sale' });
  await payment({ gatewayReference: 'REF-THEIRS', amountMinor: 50_000n, createdAt: colombo('23:59') });
  await payment({ gatewayReference: 'REF-REFUND', amountMinor: 20_000n, type: 'refund' });
  // Not approved, or not money moved: none of these is ours to reconcile.
  await payment({ gatewayReference: 'REF-DECLINED', amountMinor: 500n, status: 'declined' });
  await payment({ gatewayReference: 'REF-HOLD', amountMinor: 100_000n, type: 'authorization' });
  // Another gateway, the next day, another organization.
  await payment({ gatewayReference: 'REF-AMEX', amountMinor: 1_000n, gateway: 'amex' });
  await payment({ gatewayReference: 'REF-LATER', amountMinor: 1_000n, createdAt: colombo('00:00', '2026-03-11') });
  await payment({ gatewayReference: 'REF-OTHER', amountMinor: 7_000n, organizationId: other.id });
}, 120_000);
afterAll(() => t?.close());

describe('POST /payment-reconciliations', () => {
  let id: string;

  it('matches the report against our approved payments of the organization, the gateway and the period', async () => {
    const response = await upload(accounts, { organizationId: org.id, content: REPORT });
    expect(response.status).toBe(201);
    id = response.body.reconciliation.id;
    expect(response.body.reconciliation).toMatchObject({
      organizationId: org.id,
      organizationName: 'LankaCharge',
      timeZone: 'Asia/Colombo',
      gateway: 'cybersource',
      fileName: 'batch-2026-03-10.csv',
      // The file's one local day in Colombo.
      periodFrom: '2026-03-09T18:30:00.000Z',
      periodTo: '2026-03-10T18:30:00.000Z',
      counts: { matched: 2, amount_mismatch: 1, missing_ours: 2, missing_theirs: 1 },
      importedBy: 'accounts user',
    });
    expect(response.body.skippedRows).toBe(1);
    expect(response.body.totals).toEqual(
      expect.arrayContaining([
        { outcome: 'matched', currency: 'LKR', lines: 2, theirAmountMinor: 273_000, ourAmountMinor: 273_000 },
        { outcome: 'amount_mismatch', currency: 'LKR', lines: 1, theirAmountMinor: 160_000, ourAmountMinor: 150_000 },
        { outcome: 'missing_ours', currency: 'LKR', lines: 2, theirAmountMinor: 1_500, ourAmountMinor: 0 },
        { outcome: 'missing_theirs', currency: 'LKR', lines: 1, theirAmountMinor: 0, ourAmountMinor: 50_000 },
      ]),
    );

    // Every line is stored, and the import is in the audit trail.
    expect(
      await t.db.select().from(paymentReconciliationLines).where(eq(paymentReconciliationLines.reconciliationId, id)),
    ).toHaveLength(6);
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audit).toMatchObject({ entityType: 'payment_reconciliation', action: 'import', organizationId: org.id });
  });

  it('shows the lines with both amounts, the difference, and the session a payment was for', async () => {
    const detail = await accounts.get(`/api/v1/payment-reconciliations/${id}`);
    expect(detail.status).toBe(200);
    const byReference = Object.fromEntries(detail.body.lines.items.map((l: { reference: string }) => [l.reference, l]));
    expect(byReference['REF-MATCH']).toMatchObject({
      outcome: 'matched',
      row: 1,
      theirAmountMinor: 293_000,
      ourAmountMinor: 293_000,
      differenceMinor: 0,
      payment: { type: 'capture', sessionId, currency: 'LKR' },
    });
    expect(byReference['REF-MATCH'].payment.sessionTransactionId).toEqual(expect.any(String));
    expect(byReference['REF-REFUND']).toMatchObject({ outcome: 'matched', theirAmountMinor: -20_000, ourAmountMinor: -20_000 });
    expect(byReference['REF-UNKNOWN']).toMatchObject({ outcome: 'missing_ours', row: 3, ourAmountMinor: null, payment: null });
    expect(byReference['REF-DECLINED']).toMatchObject({ outcome: 'missing_ours' });
    expect(byReference['REF-THEIRS']).toMatchObject({
      outcome: 'missing_theirs',
      row: null,
      theirAmountMinor: null,
      ourAmountMinor: 50_000,
    });
    for (const absent of ['REF-HOLD', 'REF-AMEX', 'REF-LATER', 'REF-OTHER', 'REF-AUTH'])
      expect(byReference[absent]).toBeUndefined();

    const mismatches = await accounts.get(`/api/v1/payment-reconciliations/${id}?outcome=amount_mismatch`);
    expect(mismatches.body.lines).toMatchObject({ total: 1, items: [{ reference: 'REF-MISMATCH', differenceMinor: 10_000 }] });
    expect(mismatches.body.lines.items[0].payment.type).toBe('sale');
  });

  it('lists imports newest first with counts per outcome', async () => {
    const list = await accounts.get('/api/v1/payment-reconciliations');
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({ id, counts: { amount_mismatch: 1 } });
  });

  it('a given period decides which of our payments count as missing on the gateway side', async () => {
    const response = await upload(accounts, {
      organizationId: org.id,
      content: REPORT,
      periodFrom: '2026-03-10T00:00:00+05:30',
      periodTo: '2026-03-12T00:00:00+05:30',
    });
    expect(response.status).toBe(201);
    expect(response.body.reconciliation.counts).toEqual({ matched: 2, amount_mismatch: 1, missing_ours: 2, missing_theirs: 2 });
  });

  it('for a platform user without an organization: every organization, so another’s payment matches too', async () => {
    const content = 'reference,amount,currency,date\nREF-OTHER,70.00,LKR,2026-03-20\n';
    const response = await upload(accounts, { content });
    expect(response.status).toBe(201);
    expect(response.body.reconciliation).toMatchObject({ organizationId: null, timeZone: 'UTC', counts: { matched: 1 } });
  });

  it('an organization’s own staff import for their organization without naming it', async () => {
    const response = await upload(orgStaff, {
      content: 'reference,amount\nREF-MATCH,2930.00\n',
      periodFrom: '2026-03-10T00:00:00Z',
      periodTo: '2026-03-10T12:00:00Z',
    });
    expect(response.status).toBe(201);
    expect(response.body.reconciliation).toMatchObject({ organizationId: org.id, counts: { matched: 1 } });
  });
});

describe('scope', () => {
  it('another organization’s staff see none of it: not in the list, 404 on the import and on importing for it', async () => {
    const mine = (await accounts.get(`/api/v1/payment-reconciliations?organizationId=${org.id}`)).body.items;
    expect(mine.length).toBeGreaterThan(0);
    const list = await otherStaff.get('/api/v1/payment-reconciliations');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    expect((await otherStaff.get(`/api/v1/payment-reconciliations/${mine[0].id}`)).status).toBe(404);
    const refused = await upload(otherStaff, { organizationId: org.id, content: REPORT });
    expect(refused.status).toBe(404);
    // Their own import never reaches our organization's payments.
    const own = await upload(otherStaff, { content: REPORT });
    expect(own.status).toBe(201);
    expect(own.body.reconciliation.counts).toMatchObject({ matched: 0, missing_ours: 5 });
  });

  it('the organization’s staff see the imports of their organization only, not the all-organizations one', async () => {
    const items = (await orgStaff.get('/api/v1/payment-reconciliations')).body.items as { organizationId: string | null }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.organizationId === org.id)).toBe(true);
  });

  it('a CPO reads its organization’s imports but may not import (payments:read without payments:write)', async () => {
    expect((await cpo.get('/api/v1/payment-reconciliations')).status).toBe(200);
    expect((await upload(cpo, { content: REPORT })).status).toBe(403);
  });
});

describe('bad input', () => {
  it('a file without an amount column: 422 RECONCILIATION_FILE_INVALID naming the line and column', async () => {
    const response = await upload(accounts, { organizationId: org.id, content: 'Request ID,Currency\nR,LKR\n' });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'RECONCILIATION_FILE_INVALID', details: { line: 1, column: 'amount' } });
  });

  it('a bad amount on line 3: 422 naming it; nothing is stored', async () => {
    const before = (await accounts.get('/api/v1/payment-reconciliations')).body.total;
    const response = await upload(accounts, {
      organizationId: org.id,
      content: 'Request ID,Amount,Currency,Batch Date\nA,1.00,LKR,2026-03-10\nB,1.0.0,LKR,2026-03-10\n',
    });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({
      code: 'RECONCILIATION_FILE_INVALID',
      details: { line: 3, row: 2, column: 'Amount' },
    });
    expect(response.body.error.message).toContain('Line 3');
    expect((await accounts.get('/api/v1/payment-reconciliations')).body.total).toBe(before);
  });

  it('an unknown currency', async () => {
    const response = await upload(accounts, {
      organizationId: org.id,
      content: 'reference,amount,currency,date\nA,1.00,LKX,2026-03-10\n',
    });
    expect(response.body.error).toMatchObject({ code: 'RECONCILIATION_FILE_INVALID', details: { line: 2, column: 'currency' } });
  });

  it('no dates in the file and no period given: 422 RECONCILIATION_PERIOD_MISSING; a period ending before it starts: 400', async () => {
    const content = 'reference,amount,currency\nA,1.00,LKR\n';
    expect((await upload(accounts, { organizationId: org.id, content })).body.error.code).toBe('RECONCILIATION_PERIOD_MISSING');
    const backwards = await upload(accounts, {
      organizationId: org.id,
      content,
      periodFrom: '2026-03-10T00:00:00Z',
      periodTo: '2026-03-09T00:00:00Z',
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.code).toBe('DATE_RANGE_INVALID');
  });

  it('a report over 5 MB: 413', async () => {
    const line = 'REF-0000000001,1.00,LKR,2026-03-10\n';
    const content = `reference,amount,currency,date\n${line.repeat(Math.ceil((5 * 1024 * 1024) / line.length) + 1)}`;
    const response = await upload(accounts, { organizationId: org.id, content });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('an unknown gateway or organization id: 400 and 404', async () => {
    expect((await upload(accounts, { gateway: 'paypal', content: REPORT })).status).toBe(400);
    expect((await upload(accounts, { organizationId: randomUUID(), content: REPORT })).status).toBe(404);
    expect((await accounts.get(`/api/v1/payment-reconciliations/${randomUUID()}`)).status).toBe(404);
  });
});
