import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { MAGIC } from '../support/gateways/contract-server.js';
import {
  CYBERSOURCE_CREDENTIALS,
  type CyberSourceContract,
  startCyberSourceServer,
} from '../support/gateways/cybersource-server.js';
import { signedIn } from '../support/factories.js';
import { paymentMethods, walletEntries } from '../../src/db/schema/index.js';
import { ensureWallet } from '../../src/modules/wallets/queries.js';
import { chargerPasswordHash, connect, eventually, isoAgo, makeToken, rows, sessionOf } from '../support/ocpp.js';
import { gatewayConfig, putCardOnFile, setPreauth } from '../support/payments.js';
import { workedExampleOrganization } from '../support/pricing.js';
import { type TestServer, startTestServer } from '../support/server.js';
import { freePort } from '../support/throwaway-postgres.js';

// Money moving with sessions, end to end: a real OCPP 1.6 client starts and stops a session for a
// token with a card on file; the hold, the capture and the ledger are what a finance team checks.

let server: TestServer;
let gateway: CyberSourceContract;
let db: Db;
let org: { id: string };
let charger: { id: string; ocppIdentity: string };

beforeAll(async () => {
  gateway = await startCyberSourceServer();
  server = await startTestServer({
    JOB_POLL_MS: '50',
    PAYMENT_RECONCILE_AFTER_SECONDS: '1',
    PAYMENT_GATEWAY_TIMEOUT_MS: '300',
    PAYMENT_RETRY_MINUTES: '1,1',
  });
  db = server.db;
  const accounts = (await signedIn(server.url, db, 'accounts')).api;
  ({ org, charger } = await workedExampleOrganization(db, accounts, {
    charger: { ocppPasswordHash: await chargerPasswordHash() },
  }));
  await gatewayConfig(db, {
    organizationId: org.id,
    gateway: 'cybersource',
    baseUrl: gateway.url,
    credentials: CYBERSOURCE_CREDENTIALS,
  });
});
afterAll(async () => {
  await server?.close();
  await gateway?.close();
});

const paymentsOf = (sessionId: string) =>
  rows<{
    type: string;
    status: string;
    amount_minor: string;
    approved_minor: string | null;
    reason: string | null;
    idempotency_key: string;
  }>(
    db,
    sql`SELECT type, status, amount_minor::text, approved_minor::text, reason, idempotency_key FROM payments
        WHERE session_id = ${sessionId} ORDER BY created_at, id`,
  );

const settlementOf = async (sessionId: string) =>
  (
    await rows<{ gross: string; fee: string }>(
      db,
      sql`SELECT gross_minor::text AS gross, gateway_fee_minor::text AS fee FROM session_settlements WHERE session_id = ${sessionId}`,
    )
  )[0];

/** A session on connector 1 from an hour ago, `wh` delivered; returns the start's answer and the stored session. */
async function chargeOnce(tokenValue: string, wh: number) {
  const cp = await connect(server.url, charger.ocppIdentity, 'ocpp1.6');
  try {
    await cp.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
    const start = (await cp.call('StartTransaction', {
      connectorId: 1,
      idTag: tokenValue,
      meterStart: 0,
      timestamp: isoAgo(3_600_000),
    })) as { transactionId: number; idTagInfo: { status: string } };
    await cp.call('StopTransaction', {
      transactionId: start.transactionId,
      idTag: tokenValue,
      meterStop: wh,
      timestamp: isoAgo(60_000),
      reason: 'Local',
    });
    return { start, session: await sessionOf(db, charger.id, start.transactionId) };
  } finally {
    await cp.close({ force: true }).catch(() => undefined);
  }
}

const paymentStatus = async (sessionId: string) =>
  (await rows<{ s: string | null }>(db, sql`SELECT payment_status AS s FROM charging_sessions WHERE id = ${sessionId}`))[0]!.s;

describe('a token with a card on file', () => {
  it('is held at start, and after settlement exactly the gross is captured and cleared in the ledger', async () => {
    await setPreauth(db, org.id, 500_000n); // LKR 5,000.00
    const token = await makeToken(db, org.id);
    await putCardOnFile(db, token.id, 'cybersource');
    const { start, session } = await chargeOnce(token.token, 9_000);
    expect(start.idTagInfo.status).toBe('Accepted');

    await eventually(async () => (await paymentStatus(session.id)) === 'captured', 20_000, 50);
    const settlement = (await settlementOf(session.id))!;
    expect(BigInt(settlement.gross)).toBeGreaterThan(0n);
    const attempts = await paymentsOf(session.id);
    expect(attempts.map((p) => [p.type, p.status])).toEqual([
      ['authorization', 'approved'],
      ['capture', 'approved'],
    ]);
    expect(attempts[0]!.amount_minor).toBe('500000');
    expect(attempts[1]!.amount_minor).toBe(settlement.gross);
    // At the gateway: one authorization of LKR 5,000.00, of which exactly the gross was captured.
    const atGateway = gateway.payments.filter((p) => p.code === session.id);
    expect(atGateway).toHaveLength(1);
    expect(atGateway[0]!.capturedMinor).toBe(BigInt(settlement.gross));

    const ledger = await rows<{ account: string; amount: string; kind: string }>(
      db,
      sql`SELECT account, amount_minor::text AS amount, entry_kind AS kind FROM ledger_postings WHERE session_id = ${session.id}`,
    );
    expect(ledger.reduce((sum, p) => sum + BigInt(p.amount), 0n)).toBe(0n);
    const clearing = ledger.filter((p) => p.account === 'payment_clearing').reduce((sum, p) => sum + BigInt(p.amount), 0n);
    expect(clearing).toBe(0n); // the accrual is cleared by the capture
    const receivable = ledger.find((p) => p.account === 'gateway_receivable' && p.kind === 'payment');
    expect(BigInt(receivable!.amount)).toBe(BigInt(settlement.gross) - BigInt(settlement.fee));
  });

  it('is refused at the charger (Blocked) when the hold is declined, with the reason on the hold', async () => {
    await setPreauth(db, org.id, MAGIC.decline);
    const token = await makeToken(db, org.id);
    await putCardOnFile(db, token.id, 'cybersource');
    const { start, session } = await chargeOnce(token.token, 100);
    expect(start.idTagInfo.status).toBe('Blocked');
    const [hold] = await paymentsOf(session.id);
    expect(hold).toMatchObject({ type: 'authorization', status: 'declined' });
    expect(hold!.reason).toContain('Insufficient funds');
  });

  it('sells what the hold did not cover: capture up to the hold, then one sale for the rest', async () => {
    await setPreauth(db, org.id, 1_000n); // LKR 10.00, far below the session's price
    const token = await makeToken(db, org.id);
    await putCardOnFile(db, token.id, 'cybersource');
    const { session } = await chargeOnce(token.token, 9_000);
    await eventually(async () => (await paymentStatus(session.id)) === 'captured', 20_000, 50);
    const gross = BigInt((await settlementOf(session.id))!.gross);
    const attempts = await paymentsOf(session.id);
    expect(attempts.map((p) => [p.type, p.status, p.amount_minor])).toEqual([
      ['authorization', 'approved', '1000'],
      ['capture', 'approved', '1000'],
      ['sale', 'approved', String(gross - 1_000n)],
    ]);
  });

  it('a hold the gateway never answered is reconciled, then captured once', async () => {
    await setPreauth(db, org.id, MAGIC.hang); // LKR 51.04: processed at the gateway, never answered
    const token = await makeToken(db, org.id);
    await putCardOnFile(db, token.id, 'cybersource');
    const { start, session } = await chargeOnce(token.token, 9_000);
    // No answer within the timeout: the driver charges, and the hold is asked about later.
    expect(start.idTagInfo.status).toBe('Accepted');
    await eventually(async () => (await paymentStatus(session.id)) === 'captured', 30_000, 100);
    const gross = BigInt((await settlementOf(session.id))!.gross);
    const attempts = await paymentsOf(session.id);
    expect(attempts.map((p) => [p.type, p.status, p.amount_minor])).toEqual([
      ['authorization', 'approved', String(MAGIC.hang)],
      ['capture', 'approved', String(MAGIC.hang)],
      ['sale', 'approved', String(gross - MAGIC.hang)],
    ]);
    // The gateway holds the one authorization (captured in full) and one sale: the gross, once.
    const atGateway = gateway.payments.filter((p) => p.code === session.id);
    expect(atGateway).toHaveLength(2);
    expect(atGateway.reduce((sum, p) => sum + p.capturedMinor, 0n)).toBe(gross);
  });

  it('without a card on file nothing moves: the session stays postpaid', async () => {
    const token = await makeToken(db, org.id);
    const { start, session } = await chargeOnce(token.token, 2_000);
    expect(start.idTagInfo.status).toBe('Accepted');
    await eventually(async () => (await settlementOf(session.id)) !== undefined, 10_000, 50);
    expect(await paymentsOf(session.id)).toEqual([]);
    expect(await paymentStatus(session.id)).toBeNull();
  });

  it('a 2.0.1 start whose hold is declined gets NoCredit', async () => {
    await setPreauth(db, org.id, MAGIC.decline);
    const token = await makeToken(db, org.id);
    await putCardOnFile(db, token.id, 'cybersource');
    const cs = await connect(server.url, charger.ocppIdentity, 'ocpp2.0.1');
    try {
      await cs.call('BootNotification', { reason: 'PowerUp', chargingStation: { vendorName: 'V', model: 'M' } });
      const started = (await cs.call('TransactionEvent', {
        eventType: 'Started',
        timestamp: isoAgo(60_000),
        triggerReason: 'Authorized',
        seqNo: 0,
        transactionInfo: { transactionId: `tx-nocredit-${token.token}` },
        evse: { id: 1, connectorId: 1 },
        idToken: { idToken: token.token, type: 'ISO14443' },
      })) as { idTokenInfo: { status: string } };
      expect(started.idTokenInfo.status).toBe('NoCredit');
    } finally {
      await cs.close({ force: true }).catch(() => undefined);
    }
  });
});

describe('a driver who pays from a wallet', () => {
  it('is refused at start (Blocked) while the wallet is empty, and charges once it holds money', async () => {
    const { user: driver, api: driverApi } = await signedIn(server.url, db, 'driver', { organizationId: org.id });
    await db.insert(paymentMethods).values({ userId: driver.id, gateway: 'wallet' });
    const token = await makeToken(db, org.id, { userId: driver.id });
    const empty = await chargeOnce(token.token, 10);
    expect(empty.start.idTagInfo.status).toBe('Blocked');

    // The refused session's own collection may already have opened the (empty) wallet: get it or make it.
    const wallet = await ensureWallet(db, { organizationId: org.id, userId: driver.id, currency: 'LKR' });
    await db
      .insert(walletEntries)
      .values({ walletId: wallet.id, kind: 'adjustment', amountMinor: 1_000_000n, reason: 'test credit' });
    const { start, session } = await chargeOnce(token.token, 9_000);
    expect(start.idTagInfo.status).toBe('Accepted');
    await eventually(async () => (await paymentStatus(session.id)) === 'wallet_debited', 20_000, 50);
    const [debit] = await rows<{ amount: string }>(
      db,
      sql`SELECT amount_minor::text AS amount FROM wallet_entries WHERE session_id = ${session.id} AND kind = 'debit'`,
    );
    expect(BigInt(debit!.amount)).toBe(-BigInt((await settlementOf(session.id))!.gross));
    // The driver's own list says what each session cost and how it was paid.
    const own = (await driverApi.get('/api/v1/me/sessions')).body.items as {
      id: string;
      grossMinor: number | null;
      currency: string | null;
      paymentStatus: string | null;
    }[];
    expect(own.find((s) => s.id === session.id)).toMatchObject({
      grossMinor: Number((await settlementOf(session.id))!.gross),
      currency: 'LKR',
      paymentStatus: 'wallet_debited',
    });
  });
});

describe('a gateway that cannot be reached', () => {
  it('sends new money to the fallback configuration of the same gateway; nothing is charged twice', async () => {
    const [main] = await rows<{ id: string }>(db, sql`SELECT id FROM gateway_configs WHERE organization_id = ${org.id}`);
    const closed = await freePort(); // nothing listens there: connection refused
    const first = await gatewayConfig(db, {
      organizationId: org.id,
      gateway: 'cybersource',
      label: 'Primary data centre',
      priority: 1,
      baseUrl: `http://127.0.0.1:${closed}`,
      credentials: CYBERSOURCE_CREDENTIALS,
      fallbackConfigId: main!.id,
    });
    try {
      await setPreauth(db, org.id, 0n); // no hold: one sale at settlement
      const token = await makeToken(db, org.id);
      await putCardOnFile(db, token.id, 'cybersource');
      const { session } = await chargeOnce(token.token, 3_000);
      await eventually(async () => (await paymentStatus(session.id)) === 'captured', 20_000, 50);
      const attempts = await paymentsOf(session.id);
      expect(attempts.map((p) => [p.type, p.status])).toEqual([
        ['sale', 'error'],
        ['sale', 'approved'],
      ]);
      expect(attempts[0]!.reason).toContain('unreachable');
      expect(attempts[1]!.idempotency_key).toBe(`sale:${session.id}:1:via-${main!.id}`);
    } finally {
      await db.execute(sql`UPDATE gateway_configs SET enabled = false WHERE id = ${first.id}`);
    }
  });
});

describe('a capture that keeps failing', () => {
  it('is retried on the schedule, raises payment.failed each time, and ends payment_failed after the last try', async () => {
    const accounts = (await signedIn(server.url, db, 'accounts')).api;
    const other = await workedExampleOrganization(db, accounts, { charger: { ocppPasswordHash: await chargerPasswordHash() } });
    // The merchant's credentials were changed at CyberSource and not here: every request is refused (401).
    await gatewayConfig(db, {
      organizationId: other.org.id,
      gateway: 'cybersource',
      baseUrl: gateway.url,
      credentials: { ...CYBERSOURCE_CREDENTIALS, sharedSecret: Buffer.from('an outdated secret').toString('base64') },
    });
    const token = await makeToken(db, other.org.id);
    await putCardOnFile(db, token.id, 'cybersource');
    const events: { attempt: number; final: boolean; reason: string | null }[] = [];
    const unsubscribe = server.server.bus.on('payment.failed', (e) => events.push(e));
    charger = other.charger;
    const { session } = await chargeOnce(token.token, 4_000);
    const due = () =>
      db.execute(sql`UPDATE jobs SET run_at = now() WHERE kind = 'collect-session-payment' AND status = 'queued'`);
    // Each retry waits a minute; the test brings it forward instead of waiting.
    await eventually(async () => events.length >= 1, 15_000, 50);
    await due();
    await eventually(async () => events.length >= 2, 15_000, 50);
    await due();
    await eventually(async () => (await paymentStatus(session.id)) === 'payment_failed', 15_000, 50);
    unsubscribe();
    expect(events.map((e) => [e.attempt, e.final])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(events[0]!.reason).toContain('refused our credentials');
    const attempts = await paymentsOf(session.id);
    expect(attempts.map((p) => [p.type, p.status, p.idempotency_key])).toEqual([
      ['sale', 'error', `sale:${session.id}:1`],
      ['sale', 'error', `sale:${session.id}:2`],
      ['sale', 'failed', `sale:${session.id}:3`],
    ]);
    expect(gateway.payments.filter((p) => p.code === session.id)).toHaveLength(0);
  });
});
