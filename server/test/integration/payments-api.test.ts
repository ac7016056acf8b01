import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, ledgerPostings, payments } from '../../src/db/schema/index.js';
import type { PaymentsDeps } from '../../src/modules/payments/attempts.js';
import { makeCharger, makeCustomRole, makeOrganization, makeSite, makeUser, login, signedIn } from '../support/factories.js';
import { MAGIC } from '../support/gateways/contract-server.js';
import {
  CYBERSOURCE_CREDENTIALS,
  type CyberSourceContract,
  startCyberSourceServer,
} from '../support/gateways/cybersource-server.js';
import { MPGS_CREDENTIALS, type MpgsContract, startMpgsServer } from '../support/gateways/mpgs-server.js';
import { type ApiClient, apiClient } from '../support/http.js';
import { makeToken } from '../support/ocpp.js';
import { TEST_SECRETS_KEY, chargedSession, gatewayConfig, paysWith, testPaymentsDeps } from '../support/payments.js';
import { DAY, settledSession, workedExampleOrganization, workedExampleReadings } from '../support/pricing.js';
import { type TestServer, startTestServer } from '../support/server.js';

// The worked example of docs/finance.md §13, paid by card through CyberSource: gross LKR 3,543.84 =
// SSCL 73.25 + VAT 540.59 + commission 293.00 + owner 146.50 + partner share 2,401.90 + gateway fee 88.60.
const GROSS = 354_384n;
const PARTNER_PART = 240_190n + 8_860n; // the partner share, and the gateway fee it bears (the gateway keeps it)

let t: TestServer;
let cyberSource: CyberSourceContract;
let mpgs: MpgsContract;
let deps: PaymentsDeps;
let accounts: ApiClient;
let example: Awaited<ReturnType<typeof workedExampleOrganization>>;
let other: { org: { id: string }; charger: Awaited<ReturnType<typeof makeCharger>>; site: { id: string } };
let cyberConfig: Awaited<ReturnType<typeof gatewayConfig>>;
let amexConfig: Awaited<ReturnType<typeof gatewayConfig>>;
let driver: Awaited<ReturnType<typeof makeUser>>;
let tokenId: string;

/** A worked-example session on CH-2 paid by the driver's card, and its approved sale (or capture). */
async function paidSession(options: { hold?: boolean; day?: string } = {}) {
  const sessionId = await settledSession(t.db, {
    organizationId: example.org.id,
    siteId: example.site.id,
    chargerId: example.charger.id,
    readings: workedExampleReadings(options.day ?? DAY),
    idTokenId: tokenId,
    userId: driver.id,
  });
  const payment = await chargedSession(
    deps,
    cyberConfig,
    { id: sessionId, organizationId: example.org.id, userId: driver.id, idTokenId: tokenId },
    GROSS,
    options.hold ? { hold: true } : {},
  );
  expect(payment.status).toBe('approved');
  return { sessionId, payment };
}

const refund = (id: string, body: Record<string, unknown>, headers: Record<string, string> = {}, client = accounts) =>
  client.request('POST', `/api/v1/payments/${id}/refunds`, { reason: 'Charged twice', ...body }, headers);

async function refundPostingsOf(sessionId: string) {
  return t.db
    .select()
    .from(ledgerPostings)
    .where(and(eq(ledgerPostings.sessionId, sessionId), eq(ledgerPostings.entryKind, 'refund')));
}

beforeAll(async () => {
  t = await startTestServer({ SECRETS_KEY: TEST_SECRETS_KEY });
  [cyberSource, mpgs] = await Promise.all([startCyberSourceServer(), startMpgsServer()]);
  deps = testPaymentsDeps(t.db);
  accounts = (await signedIn(t.url, t.db, 'accounts')).api;
  example = await workedExampleOrganization(t.db, accounts);
  driver = await makeUser(t.db, 'driver', { organizationId: example.org.id });
  tokenId = (await makeToken(t.db, example.org.id, { userId: driver.id })).id;
  await paysWith(t.db, tokenId, 'cybersource');
  cyberConfig = await gatewayConfig(t.db, {
    organizationId: example.org.id,
    gateway: 'cybersource',
    baseUrl: cyberSource.url,
    credentials: CYBERSOURCE_CREDENTIALS,
  });
  const org = await makeOrganization(t.db, { currency: 'USD', timeZone: 'America/New_York' });
  const site = await makeSite(t.db, org.id);
  other = { org, site, charger: await makeCharger(t.db, site) };
  amexConfig = await gatewayConfig(t.db, {
    organizationId: org.id,
    gateway: 'amex',
    baseUrl: mpgs.url,
    credentials: MPGS_CREDENTIALS,
  });
});

afterAll(async () => {
  await t?.close();
  await cyberSource?.close();
  await mpgs?.close();
});

describe('the payments list', () => {
  let colombo: Awaited<ReturnType<typeof paidSession>>;
  let declined: { id: string };
  let foreign: { id: string };
  let siteRoleSession: string;

  beforeAll(async () => {
    colombo = await paidSession();
    const second = await settledSession(t.db, {
      organizationId: example.org.id,
      siteId: example.site.id,
      chargerId: example.charger.id,
      readings: workedExampleReadings('2026-03-11'),
    });
    declined = await chargedSession(deps, cyberConfig, { id: second, organizationId: example.org.id }, MAGIC.decline);
    // A USD session in New York through Amex: another organization, another currency.
    const nySite = await makeSite(t.db, example.org.id);
    const nyCharger = await makeCharger(t.db, nySite);
    const usdSession = await settledSession(t.db, {
      organizationId: other.org.id,
      siteId: other.site.id,
      chargerId: other.charger.id,
      readings: workedExampleReadings(),
    });
    foreign = await chargedSession(deps, amexConfig, { id: usdSession, organizationId: other.org.id }, 12_500n, {
      currency: 'USD',
      brand: 'amex',
      last4: '0005',
    });
    // A payment of a session at another site of the example's organization.
    siteRoleSession = await settledSession(t.db, {
      organizationId: example.org.id,
      siteId: nySite.id,
      chargerId: nyCharger.id,
      readings: workedExampleReadings(),
    });
    await chargedSession(deps, cyberConfig, { id: siteRoleSession, organizationId: example.org.id }, 1_000n);
  });

  it('lists every gateway in scope, newest first, with totals per currency and never adds currencies', async () => {
    const all = await accounts.get('/api/v1/payments?pageSize=200');
    expect(all.status).toBe(200);
    const ids = all.body.items.map((p: { id: string }) => p.id);
    expect(ids).toEqual(expect.arrayContaining([colombo.payment.id, declined.id, foreign.id]));
    const usd = all.body.totals.find((x: { currency: string }) => x.currency === 'USD');
    expect(usd).toEqual({ currency: 'USD', count: 1, approvedMinor: 12_500, refundedMinor: 0 });
    const row = all.body.items.find((p: { id: string }) => p.id === foreign.id);
    expect(row).toMatchObject({ gateway: 'amex', type: 'sale', status: 'approved', outcome: 'succeeded', cardLast4: '0005' });
    expect(row.timeZone).toBe('America/New_York');
    expect(row).not.toHaveProperty('exchange');
  });

  it('filters by gateway, type, status, organization, local days, amount, session and reference', async () => {
    const ids = async (query: string) =>
      (await accounts.get(`/api/v1/payments?pageSize=200&${query}`)).body.items.map((p: { id: string }) => p.id);
    expect(await ids('gateway=amex')).toEqual([foreign.id]);
    expect(await ids(`status=declined&organizationId=${example.org.id}`)).toEqual([declined.id]);
    expect(await ids(`sessionId=${colombo.sessionId}`)).toEqual([colombo.payment.id]);
    expect(await ids(`minAmountMinor=${GROSS}&maxAmountMinor=${GROSS}&type=sale`)).toEqual([colombo.payment.id]);
    expect(await ids(`q=${colombo.payment.gatewayReference!.slice(4, 20)}`)).toEqual([colombo.payment.id]);
    // Made today in Colombo: today's local day includes them, yesterday's does not.
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Colombo' });
    expect(await ids(`from=${today}&to=${today}&gateway=cybersource`)).toContain(colombo.payment.id);
    expect(await ids('from=2020-01-01&to=2020-01-02')).toEqual([]);
    const declinedTotals = (await accounts.get(`/api/v1/payments?status=declined`)).body.totals;
    expect(declinedTotals).toEqual([{ currency: 'LKR', count: 1, approvedMinor: 0, refundedMinor: 0 }]);
  });

  it('refuses a reversed day or amount range with a stable code', async () => {
    expect((await accounts.get('/api/v1/payments?from=2026-03-10&to=2026-03-01')).body.error.code).toBe('DATE_RANGE_INVALID');
    const amounts = await accounts.get('/api/v1/payments?minAmountMinor=500&maxAmountMinor=100');
    expect([amounts.status, amounts.body.error.code]).toEqual([400, 'AMOUNT_RANGE_INVALID']);
    expect((await accounts.get('/api/v1/payments?gateway=paypal')).status).toBe(400);
  });

  it('shows an organization-scoped role only its organization, a site-limited role only its sites, a driver its own', async () => {
    const orgRole = await makeCustomRole(t.db, example.org.id, ['payments:read']);
    const orgUser = await makeUser(t.db, 'custom', { organizationId: example.org.id, customRoleId: orgRole.id });
    const orgApi = apiClient(t.url, await login(t.url, orgUser.email));
    const orgIds = (await orgApi.get('/api/v1/payments?pageSize=200')).body.items.map((p: { id: string }) => p.id);
    expect(orgIds).toContain(colombo.payment.id);
    expect(orgIds).not.toContain(foreign.id);
    expect((await orgApi.get(`/api/v1/payments/${foreign.id}`)).status).toBe(404);
    expect((await orgApi.get(`/api/v1/payments?organizationId=${other.org.id}`)).status).toBe(404);

    const siteRole = await makeCustomRole(t.db, example.org.id, ['payments:read'], [example.site.id]);
    const siteUser = await makeUser(t.db, 'custom', { organizationId: example.org.id, customRoleId: siteRole.id });
    const siteApi = apiClient(t.url, await login(t.url, siteUser.email));
    const siteRows = (await siteApi.get('/api/v1/payments?pageSize=200')).body.items;
    expect(siteRows.map((p: { sessionId: string }) => p.sessionId)).not.toContain(siteRoleSession);
    expect(siteRows.map((p: { id: string }) => p.id)).toContain(colombo.payment.id);

    const driverApi = apiClient(t.url, await login(t.url, driver.email));
    const own = await driverApi.get('/api/v1/payments?pageSize=200');
    expect(own.status).toBe(200);
    expect(own.body.items.length).toBeGreaterThan(0);
    expect(own.body.items.every((p: { userId: string }) => p.userId === driver.id)).toBe(true);
    expect((await driverApi.get(`/api/v1/payments/${colombo.payment.id}`)).status).toBe(200);
    expect((await driverApi.get(`/api/v1/payments/${declined.id}`)).status).toBe(404);
    expect((await driverApi.get('/api/v1/payments/stats?from=2026-01-01&to=2026-12-31')).status).toBe(403);

    // The CPO role reads its organization's payments (docs/roles.md) and nothing else's.
    const cpo = (await signedIn(t.url, t.db, 'cpo', { organizationId: example.org.id })).api;
    const seen = (await cpo.get('/api/v1/payments?pageSize=200')).body.items as { organizationId: string }[];
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((p) => p.organizationId === example.org.id)).toBe(true);
  });

  it('gives per-day, per-gateway success rates and approved volume per currency', async () => {
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Colombo' });
    const stats = await accounts.get(`/api/v1/payments/stats?from=2026-01-01&to=2099-12-31&organizationId=${example.org.id}`);
    expect(stats.status).toBe(200);
    const cyber = stats.body.days.filter((d: { gateway: string }) => d.gateway === 'cybersource');
    expect(cyber.map((d: { date: string }) => d.date)).toContain(today);
    const day = cyber.find((d: { date: string }) => d.date === today);
    expect(day.currency).toBe('LKR');
    expect(day.attempts).toBeGreaterThanOrEqual(3);
    expect(day.successRate).toBeCloseTo(day.approved / day.attempts);
    expect(day.approvedMinor).toBeGreaterThanOrEqual(Number(GROSS) + 1_000);
    expect(stats.body.days.some((d: { currency: string }) => d.currency === 'USD')).toBe(false);
  });

  it('shows one payment with its children and session; the exchange only to payments:write', async () => {
    const { sessionId, payment } = await paidSession({ hold: true });
    const detail = await accounts.get(`/api/v1/payments/${payment.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.payment).toMatchObject({ id: payment.id, type: 'capture', sessionId });
    expect(detail.body.payment.exchange).toBeTruthy();
    expect(JSON.stringify(detail.body.payment.exchange)).not.toContain('tms_7f3a');
    expect(detail.body.parent).toMatchObject({ type: 'authorization', status: 'approved' });
    expect(detail.body.session).toMatchObject({ id: sessionId, chargerName: 'CH-2', grossMinor: Number(GROSS), currency: 'LKR' });
    expect(detail.body).toMatchObject({ refundable: true, refundedMinor: 0, refundableMinor: Number(GROSS) });
    const hold = await accounts.get(`/api/v1/payments/${detail.body.parent.id}`);
    expect(hold.body.children.map((c: { id: string }) => c.id)).toEqual([payment.id]);
    expect(hold.body).toMatchObject({ refundable: false, refundableMinor: 0 });

    const reader = await makeCustomRole(t.db, example.org.id, ['payments:read']);
    const readerUser = await makeUser(t.db, 'custom', { organizationId: example.org.id, customRoleId: reader.id });
    const readerApi = apiClient(t.url, await login(t.url, readerUser.email));
    expect((await readerApi.get(`/api/v1/payments/${payment.id}`)).body.payment).not.toHaveProperty('exchange');
    expect((await refund(payment.id, { amountMinor: 100 }, {}, readerApi)).status).toBe(403);
    expect((await accounts.get('/api/v1/payments/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

describe('refunds', () => {
  it('refunds part, then more parts, then refuses beyond what was captured, in words', async () => {
    const { sessionId, payment } = await paidSession();
    const first = await refund(payment.id, { amountMinor: 100_000 });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      type: 'refund',
      status: 'approved',
      outcome: 'succeeded',
      parentId: payment.id,
      sessionId,
    });
    expect(first.body.amountMinor).toBe(100_000);
    expect((await refund(payment.id, { amountMinor: 50_000 })).status).toBe(201);
    const tooMuch = await refund(payment.id, { amountMinor: 204_385 });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error).toMatchObject({ code: 'REFUND_EXCEEDS_CAPTURED', message: 'LKR 2,043.84 can still be refunded' });
    expect(tooMuch.body.error.details).toMatchObject({ refundableMinor: 204_384, currency: 'LKR' });
    expect((await refund(payment.id, { amountMinor: 204_384 })).status).toBe(201);
    const none = await refund(payment.id, { amountMinor: 1 });
    expect(none.body.error.code).toBe('REFUND_EXCEEDS_CAPTURED');
    expect(none.body.error.message).toContain('Nothing is left to refund');

    const detail = await accounts.get(`/api/v1/payments/${payment.id}`);
    expect(detail.body.children.map((c: { amountMinor: number }) => c.amountMinor)).toEqual([100_000, 50_000, 204_384]);
    expect(detail.body).toMatchObject({ refundedMinor: Number(GROSS), refundableMinor: 0 });
    // The gateway was asked three times and refunded the capture in full.
    expect(cyberSource.payments.find((p) => p.id === payment.gatewayReference)?.refundedMinor).toBe(GROSS);

    const audited = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'payment'), eq(auditLog.action, 'refund')));
    expect(audited.filter((a) => JSON.stringify(a.changes).includes(payment.id))).toHaveLength(3);

    // Refunded in full, in three parts: every credit of the session reversed to the unit.
    const postings = await refundPostingsOf(sessionId);
    const sum = (account: string, ref?: string) =>
      postings
        .filter((p) => p.account === account && (ref === undefined || p.ref === ref))
        .reduce((s, p) => s + p.amountMinor, 0n);
    expect(postings.reduce((s, p) => s + p.amountMinor, 0n)).toBe(0n);
    expect(sum('gateway_receivable', 'cybersource')).toBe(-GROSS);
    expect(sum('tax_payable', 'SSCL')).toBe(7_325n);
    expect(sum('tax_payable', 'VAT')).toBe(54_059n);
    expect(sum('platform_commission_revenue')).toBe(29_300n);
    expect(sum('location_owner_payable')).toBe(14_650n);
    expect(sum('partner_payable')).toBe(PARTNER_PART);
    expect(sum('gateway_fee_recovery')).toBe(0n);
    for (const documentId of new Set(postings.map((p) => p.documentId)))
      expect(postings.filter((p) => p.documentId === documentId).reduce((s, p) => s + p.amountMinor, 0n)).toBe(0n);
  });

  it('takes a partial refund from the payout balance in proportion, shown as refunded', async () => {
    const before = (await accounts.get(`/api/v1/payouts/balances?organizationId=${example.org.id}`)).body.items[0];
    const { sessionId, payment } = await paidSession();
    const accrued = 240_190;
    const half = GROSS / 2n;
    expect((await refund(payment.id, { amountMinor: Number(half) })).status).toBe(201);
    const postings = await refundPostingsOf(sessionId);
    const partner = postings.filter((p) => p.account === 'partner_payable').reduce((s, p) => s + p.amountMinor, 0n);
    expect(partner).toBe(PARTNER_PART / 2n); // 249 050 × 177 192 / 354 384, exactly half
    const after = (await accounts.get(`/api/v1/payouts/balances?organizationId=${example.org.id}`)).body.items[0];
    expect(after.refundedMinor - before.refundedMinor).toBe(Number(PARTNER_PART / 2n));
    expect(after.balanceMinor - before.balanceMinor).toBe(accrued - Number(PARTNER_PART / 2n));
    const entries = await accounts.get(`/api/v1/payouts/entries?organizationId=${example.org.id}`);
    expect(entries.body.items[0]).toMatchObject({ kind: 'refund', amountMinor: -Number(PARTNER_PART / 2n) });
  });

  it('lets exactly one of two concurrent refunds through when together they exceed the capture', async () => {
    const { payment } = await paidSession();
    const amount = Number(GROSS) - 100;
    const answers = await Promise.all([refund(payment.id, { amountMinor: amount }), refund(payment.id, { amountMinor: amount })]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422]);
    expect(answers.find((a) => a.status === 422)!.body.error).toMatchObject({
      code: 'REFUND_EXCEEDS_CAPTURED',
      message: 'LKR 1.00 can still be refunded',
    });
    const rows = await t.db.select().from(payments).where(eq(payments.parentId, payment.id));
    expect(rows).toHaveLength(1);
  });

  it('answers the same idempotency key with the same refund, and refuses it for another amount', async () => {
    const { payment } = await paidSession();
    const key = { 'idempotency-key': 'double-click-1' };
    const [a, b] = await Promise.all([
      refund(payment.id, { amountMinor: 5_000 }, key),
      refund(payment.id, { amountMinor: 5_000 }, key),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.id).toBe(a.body.id);
    const again = await refund(payment.id, { amountMinor: 5_000, idempotencyKey: 'double-click-1' });
    expect(again.body.id).toBe(a.body.id);
    expect((await refund(payment.id, { amountMinor: 6_000 }, key)).body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(cyberSource.payments.find((p) => p.id === payment.gatewayReference)?.refundedMinor).toBe(5_000n);
    const detail = await accounts.get(`/api/v1/payments/${payment.id}`);
    expect(detail.body).toMatchObject({ refundedMinor: 5_000, refundableMinor: Number(GROSS) - 5_000 });
  });

  it('refuses bad input with stable codes', async () => {
    const { payment } = await paidSession({ hold: true });
    for (const amountMinor of [0, -5, 1.5, '100'])
      expect((await refund(payment.id, { amountMinor })).body.error.code, String(amountMinor)).toBe('VALIDATION_FAILED');
    expect((await refund(payment.id, { amountMinor: 100, reason: '' })).body.error.code).toBe('VALIDATION_FAILED');
    const hold = (await accounts.get(`/api/v1/payments/${payment.id}`)).body.parent.id;
    const notRefundable = await refund(hold, { amountMinor: 100 });
    expect([notRefundable.status, notRefundable.body.error.code]).toEqual([409, 'PAYMENT_NOT_REFUNDABLE']);
    const given = await refund(payment.id, { amountMinor: 100 });
    expect((await refund(given.body.id, { amountMinor: 50 })).body.error.code).toBe('PAYMENT_NOT_REFUNDABLE');
    const declined = (await accounts.get('/api/v1/payments?status=declined')).body.items[0].id;
    expect((await refund(declined, { amountMinor: 50 })).body.error.code).toBe('PAYMENT_NOT_REFUNDABLE');
    expect((await refund('00000000-0000-4000-8000-000000000000', { amountMinor: 50 })).status).toBe(404);

    const manual = await gatewayConfig(t.db, { organizationId: example.org.id, gateway: 'manual' });
    const sessionId = await settledSession(t.db, {
      organizationId: example.org.id,
      siteId: example.site.id,
      chargerId: example.charger.id,
      readings: workedExampleReadings(),
    });
    const cash = await chargedSession(deps, manual, { id: sessionId, organizationId: example.org.id }, GROSS);
    const noReceipt = await refund(cash.id, { amountMinor: 100 });
    expect([noReceipt.status, noReceipt.body.error.code]).toEqual([422, 'RECEIPT_NUMBER_REQUIRED']);
    const withReceipt = await refund(cash.id, { amountMinor: 100, receiptNumber: 'CASH-0042' });
    expect(withReceipt.body).toMatchObject({ status: 'approved', gatewayReference: 'CASH-0042' });

    // A refund the gateway refuses is shown as failed and frees its amount.
    const { payment: sale } = await paidSession();
    await t.db.update(payments).set({ gatewayReference: 'no-such-payment' }).where(eq(payments.id, sale.id));
    const refused = await refund(sale.id, { amountMinor: 100 });
    expect(refused.body).toMatchObject({ status: 'error', outcome: 'failed' });
    expect((await accounts.get(`/api/v1/payments/${sale.id}`)).body.refundableMinor).toBe(Number(GROSS));
  });
});
