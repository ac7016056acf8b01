import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/rows.js';
import { chargingSessions, gatewayConfigs, paymentMethods, paymentSettings } from '../../src/db/schema/index.js';
import type { SecretKeys } from '../../src/domain/secrets.js';
import { encryptSecret } from '../../src/domain/secrets.js';
import type { WalletLowBalanceEvent } from '../../src/live/bus.js';
import type { PaymentsDeps } from '../../src/modules/payments/attempts.js';
import { collectSessionPayment } from '../../src/modules/payments/collection.js';
import { paymentById } from '../../src/modules/payments/queries.js';
import { reconcilePayment } from '../../src/modules/payments/reconcile.js';
import { GatewayRegistry } from '../../src/modules/payments/registry.js';
import { upsertPaymentMethod } from '../../src/modules/payment-methods/queries.js';
import { walletById } from '../../src/modules/wallets/queries.js';
import { walletStartCheck } from '../../src/modules/wallets/service.js';
import { topUp } from '../../src/modules/wallets/top-up.js';
import { makeCustomRole, makeUser, login, signedIn } from '../support/factories.js';
import { MAGIC } from '../support/gateways/contract-server.js';
import {
  CYBERSOURCE_CREDENTIALS,
  type CyberSourceContract,
  startCyberSourceServer,
} from '../support/gateways/cybersource-server.js';
import { type ApiClient, apiClient } from '../support/http.js';
import { eventually, makeToken } from '../support/ocpp.js';
import { settledSession, workedExampleOrganization, workedExampleReadings } from '../support/pricing.js';
import { type TestServer, startTestServer } from '../support/server.js';

// Amounts are minor units: 354 384 LKR minor is LKR 3,543.84, the worked example's gross.
const GROSS = 354_384;
const key = randomBytes(32);
const keys: SecretKeys = { current: key, previous: [] };

let t: TestServer;
let gateway: CyberSourceContract;
let accounts: ApiClient;
beforeAll(async () => {
  gateway = await startCyberSourceServer();
  t = await startTestServer({ SECRETS_KEY: key.toString('hex') });
  accounts = (await signedIn(t.url, t.db, 'accounts')).api;
});
afterAll(async () => {
  await t?.close();
  await gateway?.close();
});

type Net = Awaited<ReturnType<typeof workedExampleOrganization>>;

/** An organization with the worked-example tariff and a CyberSource configuration with its credentials encrypted. */
async function network(settings: Partial<typeof paymentSettings.$inferInsert> = {}) {
  const net = await workedExampleOrganization(t.db, accounts);
  await t.db.insert(gatewayConfigs).values({
    organizationId: net.org.id,
    gateway: 'cybersource',
    label: 'CyberSource test',
    baseUrl: gateway.url,
    credentialsCiphertext: encryptSecret(keys, JSON.stringify(CYBERSOURCE_CREDENTIALS)),
    currencies: ['LKR'],
  });
  if (Object.keys(settings).length) await t.db.insert(paymentSettings).values({ organizationId: net.org.id, ...settings });
  return net;
}

/** A driver who pays sessions from the wallet, with a card on file on their RFID card for top-ups. */
async function driverOf(net: Net, card = true) {
  const user = await makeUser(t.db, 'driver', { organizationId: net.org.id });
  await upsertPaymentMethod(t.db, { userId: user.id }, 'wallet');
  if (card) {
    const token = await makeToken(t.db, net.org.id, { userId: user.id });
    await t.db.insert(paymentMethods).values({
      idTokenId: token.id,
      gateway: 'cybersource',
      cardToken: `tms_${randomBytes(4).toString('hex')}`,
      cardBrand: 'visa',
      cardLast4: '4242',
    });
  }
  return { user, api: apiClient(t.url, await login(t.url, user.email)) };
}

const walletSession = (net: Net, userId: string) =>
  settledSession(t.db, {
    organizationId: net.org.id,
    siteId: net.site.id,
    chargerId: net.charger.id,
    readings: workedExampleReadings(),
    userId,
  });

const deps = (timeoutMs?: number): PaymentsDeps => ({
  db: t.db,
  registry: new GatewayRegistry(keys, timeoutMs === undefined ? {} : { timeoutMs }),
  config: { retryMinutes: [1], reconcileAfterSeconds: 3600, gatewayTimeoutMs: 10_000, jobConcurrency: 8, databasePoolSize: 0 },
  bus: t.server.bus,
});

async function ledgerLiability(walletId: string): Promise<number> {
  const [row] = await queryRows<{ s: string }>(
    t.db,
    sql`SELECT coalesce(sum(amount_minor), 0)::text AS s FROM ledger_postings WHERE account = 'wallet_liability' AND ref = ${walletId}`,
  );
  return Number(row!.s);
}

async function entrySum(walletId: string): Promise<number> {
  const [row] = await queryRows<{ s: string }>(
    t.db,
    sql`SELECT coalesce(sum(amount_minor), 0)::text AS s FROM wallet_entries WHERE wallet_id = ${walletId}`,
  );
  return Number(row!.s);
}

const detail = async (api: ApiClient, walletId: string) => (await api.get(`/api/v1/wallets/${walletId}`)).body;

describe('wallet top-ups by card', () => {
  it('an approved top-up is in the balance once, with its entry and postings; the same Idempotency-Key never charges twice', async () => {
    const net = await network();
    const driver = await driverOf(net);
    const first = await driver.api.request(
      'POST',
      '/api/v1/me/wallet/top-ups',
      { amountMinor: 500_000 },
      { 'idempotency-key': 'k-1' },
    );
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'approved', amountMinor: 500_000, currency: 'LKR', balanceMinor: 500_000 });
    const charged = gateway.payments.length;

    const mine = await driver.api.get('/api/v1/me/wallets');
    expect(mine.body.items).toHaveLength(1);
    const walletId = mine.body.items[0].id as string;
    const again = await driver.api.request(
      'POST',
      `/api/v1/wallets/${walletId}/top-ups`,
      { amountMinor: 500_000 },
      { 'idempotency-key': 'k-1' },
    );
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ paymentId: first.body.paymentId, balanceMinor: 500_000 });
    expect(gateway.payments.length).toBe(charged);

    const reused = await driver.api.request(
      'POST',
      `/api/v1/wallets/${walletId}/top-ups`,
      { amountMinor: 100 },
      { 'idempotency-key': 'k-1' },
    );
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const shown = await detail(driver.api, walletId);
    expect(shown.wallet).toMatchObject({ balanceMinor: 500_000, currency: 'LKR', state: 'ok' });
    expect(shown.entries.items).toEqual([
      expect.objectContaining({ kind: 'top_up', amountMinor: 500_000, balanceMinor: 500_000, paymentId: first.body.paymentId }),
    ]);
    expect(await ledgerLiability(walletId)).toBe(-500_000);
  });

  it('a decline says why and adds nothing; refusals are 4xx with their codes', async () => {
    const net = await network({ walletTopUpMaxMinor: 1_000_000n });
    const driver = await driverOf(net);
    const declined = await driver.api.post('/api/v1/me/wallet/top-ups', { amountMinor: Number(MAGIC.decline) });
    expect(declined.status).toBe(422);
    expect(declined.body.error.code).toBe('PAYMENT_DECLINED');
    expect(declined.body.error.message).toContain('Insufficient funds');
    const walletId = (await driver.api.get('/api/v1/me/wallets')).body.items[0].id as string;
    expect((await detail(driver.api, walletId)).wallet.balanceMinor).toBe(0);

    const above = await driver.api.post(`/api/v1/wallets/${walletId}/top-ups`, { amountMinor: 1_000_001 });
    expect(above.status).toBe(422);
    expect(above.body.error).toMatchObject({ code: 'TOP_UP_ABOVE_MAXIMUM' });
    expect(above.body.error.message).toContain('LKR 10,000.00');
    for (const amountMinor of [0, -5, 1.5]) {
      const bad = await driver.api.post(`/api/v1/wallets/${walletId}/top-ups`, { amountMinor });
      expect(bad.status).toBe(400);
    }

    const noCard = await driverOf(net, false);
    const refused = await noCard.api.post('/api/v1/me/wallet/top-ups', { amountMinor: 1_000 });
    expect(refused.body.error.code).toBe('NO_CARD_ON_FILE');
    await t.db.update(gatewayConfigs).set({ enabled: false }).where(eq(gatewayConfigs.organizationId, net.org.id));
    const noGateway = await driver.api.post(`/api/v1/wallets/${walletId}/top-ups`, { amountMinor: 1_000 });
    expect(noGateway.status).toBe(422);
    expect(noGateway.body.error.code).toBe('GATEWAY_NOT_CONFIGURED');
    expect(await entrySum(walletId)).toBe(0);
  });

  it('a top-up the gateway never answers is unknown; the reconciler finds it charged and credits it once', async () => {
    const net = await network();
    const driver = await driverOf(net);
    const created = await accounts.post('/api/v1/wallets', { userId: driver.user.id, currency: 'LKR' });
    expect(created.status).toBe(201);
    const wallet = (await walletById(t.db, created.body.id))!;
    const result = await topUp(deps(300), wallet, { amountMinor: Number(MAGIC.hang), createdBy: driver.user.id });
    expect(result).toMatchObject({ status: 'unknown', balanceMinor: 0 });

    await reconcilePayment(deps(), result.paymentId);
    await reconcilePayment(deps(), result.paymentId);
    expect((await paymentById(t.db, result.paymentId))!.status).toBe('approved');
    expect(await entrySum(wallet.id)).toBe(Number(MAGIC.hang));
    expect(await ledgerLiability(wallet.id)).toBe(-Number(MAGIC.hang));
  });
});

describe('wallet debits at session end', () => {
  it('debits a settled wallet session once, posts it, marks it wallet_debited, and raises a low balance', async () => {
    const net = await network({ walletLowBalanceMinor: 200_000n });
    const driver = await driverOf(net);
    await driver.api.post('/api/v1/me/wallet/top-ups', { amountMinor: 500_000 });
    const walletId = (await driver.api.get('/api/v1/me/wallets')).body.items[0].id as string;
    const events: WalletLowBalanceEvent[] = [];
    const off = t.server.bus.on('wallet.low_balance', (e) => events.push(e));

    const sessionId = await walletSession(net, driver.user.id);
    await collectSessionPayment(deps(), sessionId);
    await collectSessionPayment(deps(), sessionId); // the job repeated: nothing more
    // The server's own job may have debited first and publishes after its commit: one event either way.
    await eventually(async () => events.some((e) => e.walletId === walletId));
    off();

    const [session] = await t.db.select().from(chargingSessions).where(eq(chargingSessions.id, sessionId));
    expect(session!.paymentStatus).toBe('wallet_debited');
    const shown = await detail(driver.api, walletId);
    expect(shown.wallet).toMatchObject({ balanceMinor: 500_000 - GROSS, state: 'low' });
    expect(shown.entries.items[0]).toMatchObject({
      kind: 'debit',
      amountMinor: -GROSS,
      balanceMinor: 500_000 - GROSS,
      sessionId,
    });
    expect(shown.entries.total).toBe(2);
    expect(await ledgerLiability(walletId)).toBe(-(500_000 - GROSS));
    // The session's whole entry balances: settlement's payment clearing is cleared by the debit.
    const [clearing] = await queryRows<{ s: string }>(
      t.db,
      sql`SELECT sum(amount_minor)::text AS s FROM ledger_postings WHERE session_id = ${sessionId} AND account = 'payment_clearing'`,
    );
    expect(Number(clearing!.s)).toBe(0);
    expect(events.filter((e) => e.walletId === walletId)).toEqual([
      expect.objectContaining({
        organizationId: net.org.id,
        siteId: net.site.id,
        chargerId: net.charger.id,
        sessionId,
        balanceMinor: 500_000 - GROSS,
        lowBalanceMinor: 200_000,
        currency: 'LKR',
      }),
    ]);
  });

  it('debits beyond the negative limit anyway, marked as owed; a start is refused at or below −limit', async () => {
    const net = await network({ walletNegativeLimitMinor: 100_000n });
    const driver = await driverOf(net);
    const check = { userId: driver.user.id, organizationId: net.org.id, currency: 'LKR' };
    expect(await walletStartCheck(t.db, check)).toEqual({ ok: true }); // 0 > −1,000.00

    const sessionId = await walletSession(net, driver.user.id);
    await collectSessionPayment(deps(), sessionId);
    const walletId = (await driver.api.get('/api/v1/me/wallets')).body.items[0].id as string;
    const shown = await detail(driver.api, walletId);
    expect(shown.wallet).toMatchObject({ balanceMinor: -GROSS, state: 'negative' });
    expect(shown.entries.items[0]).toMatchObject({ kind: 'debit', beyondLimit: true });
    expect(shown.entries.items[0].reason).toContain('LKR 2,543.84 owed');

    const refused = await walletStartCheck(t.db, check);
    expect(refused).toMatchObject({ ok: false, balanceMinor: -GROSS });
    expect(refused.ok === false && refused.reason).toContain('LKR -3,543.84');
    await accounts.post(`/api/v1/wallets/${walletId}/adjustments`, { amountMinor: GROSS - 100_000, reason: 'Paid in cash' });
    expect(await walletStartCheck(t.db, check)).toMatchObject({ ok: false }); // exactly −limit: still refused
    await accounts.post(`/api/v1/wallets/${walletId}/adjustments`, { amountMinor: 1, reason: 'Rounding' });
    expect(await walletStartCheck(t.db, check)).toEqual({ ok: true });
  });
});

describe('a wallet history', () => {
  it('lists entries newest first by their number, also where the numbers gain a digit (99 → 100)', async () => {
    const net = await network();
    const driver = await driverOf(net);
    const walletId = (await accounts.post('/api/v1/wallets', { userId: driver.user.id, currency: 'LKR' })).body.id as string;
    const [last] = await queryRows<{ n: string }>(t.db, sql`SELECT last_value::text AS n FROM wallet_entries_id_seq`);
    // Make the next id one below a power of ten, so the three entries cross it.
    const next = BigInt(last!.n) + 1n;
    const power = 10n ** BigInt(String(next).length);
    await t.db.execute(sql`SELECT setval('wallet_entries_id_seq', ${String(power - 2n)}::bigint)`);
    for (const [amountMinor, reason] of [
      [100, 'first'],
      [200, 'second'],
      [300, 'third'],
    ] as const)
      expect((await accounts.post(`/api/v1/wallets/${walletId}/adjustments`, { amountMinor, reason })).status).toBe(201);
    const entries = (await detail(accounts, walletId)).entries.items as { reason: string; balanceMinor: number }[];
    expect(entries.map((e) => [e.reason, e.balanceMinor])).toEqual([
      ['third', 600],
      ['second', 300],
      ['first', 100],
    ]);
  });
});

describe('Accounts: adjustments, refunds, opening wallets', () => {
  it('adjusts with a reason (audited), refunds at most what a session debited, refuses bad input with codes', async () => {
    const net = await network();
    const driver = await driverOf(net);
    const opened = await accounts.post('/api/v1/wallets', { userId: driver.user.id, currency: 'LKR' });
    expect(opened.status).toBe(201);
    const walletId = opened.body.id as string;
    const duplicate = await accounts.post('/api/v1/wallets', { userId: driver.user.id, currency: 'LKR' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('WALLET_EXISTS');
    expect((await accounts.post('/api/v1/wallets', { userId: driver.user.id, currency: 'XYZ' })).body.error.code).toBe(
      'CURRENCY_UNKNOWN',
    );

    const adjusted = await accounts.post(`/api/v1/wallets/${walletId}/adjustments`, {
      amountMinor: 400_000,
      reason: 'Welcome credit',
    });
    expect(adjusted.status).toBe(201);
    expect(adjusted.body.balanceMinor).toBe(400_000);
    for (const body of [{ amountMinor: 0, reason: 'x' }, { amountMinor: 100, reason: '   ' }, { amountMinor: 100 }]) {
      const bad = await accounts.post(`/api/v1/wallets/${walletId}/adjustments`, body);
      expect(bad.status).toBeGreaterThanOrEqual(400);
      expect(bad.status).toBeLessThan(500);
    }
    const [audit] = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'wallet' AND entity_id = ${walletId} AND action = 'adjust'`,
    );
    expect(audit!.n).toBe(1);

    const sessionId = await walletSession(net, driver.user.id);
    await collectSessionPayment(deps(), sessionId);
    const refund = (amountMinor: number) =>
      accounts.post(`/api/v1/wallets/${walletId}/refunds`, { sessionId, amountMinor, reason: 'Charger fault' });
    // Two refunds at once that together exceed the debit: one passes, the other is refused.
    const [a, b] = await Promise.all([refund(200_000), refund(200_000)]);
    expect([a.status, b.status].sort()).toEqual([201, 422]);
    expect([a, b].find((r) => r.status === 422)!.body.error.code).toBe('REFUND_EXCEEDS_CAPTURED');
    expect((await refund(GROSS - 200_000 + 1)).body.error.code).toBe('REFUND_EXCEEDS_CAPTURED');
    expect((await refund(GROSS - 200_000)).status).toBe(201);
    const other = await walletSession(net, (await makeUser(t.db, 'driver', { organizationId: net.org.id })).id);
    const notThis = await accounts.post(`/api/v1/wallets/${walletId}/refunds`, { sessionId: other, amountMinor: 1, reason: 'x' });
    expect(notThis.body.error.code).toBe('REFUND_EXCEEDS_CAPTURED');

    const shown = await detail(accounts, walletId);
    expect(shown.wallet.balanceMinor).toBe(400_000);
    expect(shown.entries.items.map((e: { kind: string }) => e.kind)).toEqual(['refund', 'refund', 'debit', 'adjustment']);
    expect(await ledgerLiability(walletId)).toBe(-400_000);
    expect(
      (await accounts.post(`/api/v1/wallets/${walletId}/adjustments`, { amountMinor: 1, reason: 'x', extra: 1 })).status,
    ).toBe(400);
    expect((await accounts.get('/api/v1/wallets/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

describe('who sees which wallet', () => {
  it('a driver sees only their own; staff with payments:read (a CPO too) only their organization’s', async () => {
    const north = await network();
    const south = await network();
    const a = await driverOf(north);
    const b = await driverOf(south);
    const walletA = (await accounts.post('/api/v1/wallets', { userId: a.user.id, currency: 'LKR' })).body.id as string;
    const walletB = (await accounts.post('/api/v1/wallets', { userId: b.user.id, currency: 'LKR' })).body.id as string;

    expect((await a.api.get(`/api/v1/wallets/${walletA}`)).status).toBe(200);
    expect((await a.api.get(`/api/v1/wallets/${walletB}`)).status).toBe(404);
    expect((await a.api.post(`/api/v1/wallets/${walletB}/top-ups`, { amountMinor: 100 })).status).toBe(404);
    expect((await a.api.post(`/api/v1/wallets/${walletA}/adjustments`, { amountMinor: 100, reason: 'me' })).status).toBe(403);
    expect((await a.api.get('/api/v1/wallets')).status).toBe(403);
    expect((await a.api.get('/api/v1/me/wallets')).body.items.map((w: { id: string }) => w.id)).toEqual([walletA]);

    const role = await makeCustomRole(t.db, north.org.id, ['payments:read']);
    const staff = await signedIn(t.url, t.db, 'custom', { organizationId: north.org.id, customRoleId: role.id });
    const listed = await staff.api.get('/api/v1/wallets');
    expect(listed.body.items.map((w: { id: string }) => w.id)).toEqual([walletA]);
    expect((await staff.api.get(`/api/v1/wallets/${walletB}`)).status).toBe(404);
    expect((await staff.api.get(`/api/v1/wallets?q=${encodeURIComponent(b.user.email)}`)).body.total).toBe(0);
    expect((await staff.api.post(`/api/v1/wallets/${walletA}/adjustments`, { amountMinor: 1, reason: 'x' })).status).toBe(403);

    const cpo = await signedIn(t.url, t.db, 'cpo', { organizationId: north.org.id });
    expect((await cpo.api.get('/api/v1/wallets')).body.items.map((w: { id: string }) => w.id)).toEqual([walletA]);
    expect((await cpo.api.get(`/api/v1/wallets/${walletA}`)).status).toBe(200);
    expect((await cpo.api.get(`/api/v1/wallets/${walletB}`)).status).toBe(404);
    // Reading is not acting: payments:write is what a top-up by staff needs, whichever wallet is named.
    expect((await cpo.api.post(`/api/v1/wallets/${walletA}/top-ups`, { amountMinor: 100 })).status).toBe(403);
    expect((await cpo.api.post(`/api/v1/wallets/${walletB}/top-ups`, { amountMinor: 100 })).status).toBe(403);

    // Without payments:read it is 403 for any wallet, in reach or not, as on every other route.
    const networkStaff = await signedIn(t.url, t.db, 'custom', {
      organizationId: north.org.id,
      customRoleId: (await makeCustomRole(t.db, north.org.id, ['chargers:read'])).id,
    });
    expect((await networkStaff.api.get(`/api/v1/wallets/${walletA}`)).status).toBe(403);
    expect((await networkStaff.api.get(`/api/v1/wallets/${walletB}`)).status).toBe(403);

    // A role limited to sites reaches no wallet: they belong to the whole organization.
    const siteLimited = await signedIn(t.url, t.db, 'custom', {
      organizationId: north.org.id,
      customRoleId: (await makeCustomRole(t.db, north.org.id, ['payments:read', 'payments:write'], [north.site.id])).id,
    });
    for (const walletId of [walletA, walletB]) {
      const read = await siteLimited.api.get(`/api/v1/wallets/${walletId}`);
      expect(read.status).toBe(403);
      expect(read.body.error.code).toBe('SITE_LIMITED_SCOPE');
      expect((await siteLimited.api.post(`/api/v1/wallets/${walletId}/top-ups`, { amountMinor: 100 })).status).toBe(403);
    }

    const all = await accounts.get(`/api/v1/wallets?organizationId=${south.org.id}`);
    expect(all.body.items.map((w: { id: string }) => w.id)).toEqual([walletB]);
  });
});

describe('the balance is the sum of the entries, whatever runs at once', () => {
  it('concurrent debits, top-ups and adjustments: balance = sum of entries = expected; the ledger liability = −balance', async () => {
    const net = await network();
    const driver = await driverOf(net);
    const walletId = (await accounts.post('/api/v1/wallets', { userId: driver.user.id, currency: 'LKR' })).body.id as string;
    const sessions: string[] = [];
    for (let i = 0; i < 6; i++) sessions.push(await walletSession(net, driver.user.id));
    const topUps = [120_000, 250_000, 99_999, 400_000, 1, 75_500];
    const adjustments = [-5_000, 12_345, -1];

    const work = [
      ...sessions.flatMap((id) => [collectSessionPayment(deps(), id), collectSessionPayment(deps(), id)]),
      ...topUps.map((amountMinor, i) =>
        driver.api.request('POST', `/api/v1/wallets/${walletId}/top-ups`, { amountMinor }, { 'idempotency-key': `c-${i}` }),
      ),
      // The same top-up sent twice at once: charged and credited once.
      driver.api.request('POST', `/api/v1/wallets/${walletId}/top-ups`, { amountMinor: 120_000 }, { 'idempotency-key': 'c-0' }),
      ...adjustments.map((amountMinor) =>
        accounts.post(`/api/v1/wallets/${walletId}/adjustments`, { amountMinor, reason: 'test' }),
      ),
    ];
    await Promise.all(work);

    const expected = topUps.reduce((s, v) => s + v, 0) + adjustments.reduce((s, v) => s + v, 0) - sessions.length * GROSS;
    const shown = await detail(accounts, walletId);
    expect(shown.wallet.balanceMinor).toBe(expected);
    expect(await entrySum(walletId)).toBe(expected);
    expect(await ledgerLiability(walletId)).toBe(-expected);
    expect(shown.entries.total).toBe(sessions.length + topUps.length + adjustments.length);
    // The newest entry's running balance is the balance.
    expect(shown.entries.items[0].balanceMinor).toBe(expected);
    const debited = await t.db.select().from(chargingSessions).where(eq(chargingSessions.userId, driver.user.id));
    expect(debited.every((s) => s.paymentStatus === 'wallet_debited')).toBe(true);
  });
});

describe('walletStartCheck', () => {
  it('refuses a start at or below −limit, with no wallet counting as zero', async () => {
    const net = await network(); // default limit 0
    const driver = await makeUser(t.db, 'driver', { organizationId: net.org.id });
    const check = { userId: driver.id, organizationId: net.org.id, currency: 'LKR' };
    const none = await walletStartCheck(t.db, check);
    expect(none).toMatchObject({ ok: false, balanceMinor: 0 });
    const wallet = (await accounts.post('/api/v1/wallets', { userId: driver.id, currency: 'LKR' })).body.id as string;
    await accounts.post(`/api/v1/wallets/${wallet}/adjustments`, { amountMinor: 1, reason: 'x' });
    expect(await walletStartCheck(t.db, check)).toEqual({ ok: true });
    expect(await walletStartCheck(t.db, { ...check, currency: 'USD' })).toMatchObject({ ok: false });
  });
});
