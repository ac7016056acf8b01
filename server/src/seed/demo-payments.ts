import { and, desc, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import {
  type GatewayKind,
  chargingSessions,
  gatewayConfigs,
  organizations,
  payments,
  sessionSettlements,
  walletEntries,
} from '../db/schema/index.js';

type PaymentInsert = typeof payments.$inferInsert;
type Settled = {
  sessionId: string;
  organizationId: string;
  currency: string;
  grossMinor: bigint;
  startedAt: Date;
  stoppedAt: Date;
};
type Card = { brand: string; last4: string };

const VISA: Card = { brand: 'visa', last4: '1111' };
const MASTERCARD: Card = { brand: 'mastercard', last4: '4444' };
const AMEX: Card = { brand: 'amex', last4: '0005' };
const MINUTE = 60_000;

/** The hold a session start takes in the demo (LKR 5,000.00, EUR 50.00), or the gross when more. */
const HOLD_MINOR: Record<string, bigint> = { LKR: 500_000n, EUR: 5_000n };
const holdOf = (s: Settled) => {
  const hold = HOLD_MINOR[s.currency] ?? s.grossMinor;
  return s.grossMinor > hold ? s.grossMinor : hold;
};

/** `minutes` after `base`, but never in the future: the latest demo sessions stopped only just now. */
const after = (base: Date, minutes: number) => new Date(Math.min(base.getTime() + minutes * MINUTE, Date.now() - MINUTE));

const STEP_DIGIT = { auth: 1, capture: 2, sale: 3, refund: 4 } as const;

/** A reference in the gateway's own shape, fixed by the session so the demo reads the same every time. */
const referenceOf = (gateway: GatewayKind, s: Settled, step: keyof typeof STEP_DIGIT) => {
  const digits = s.sessionId.replace(/\D/g, '').padEnd(12, '7').slice(0, 12);
  if (gateway === 'cybersource') return `7${digits}${STEP_DIGIT[step]}000000000`;
  if (gateway === 'amex') return `AMX-${digits.slice(0, 8)}-${step}`;
  return `RCPT-${digits.slice(0, 6)}`;
};

/** A redacted exchange as adapters store it (never card data or credentials): what was asked, what came back. */
const exchangeOf = (gateway: GatewayKind, path: string, status: number, answer: object) => ({
  request: { method: gateway === 'manual' ? 'RECORD' : 'POST', path },
  response: { status, body: { ...answer, demo: true } },
});

function row(
  s: Settled,
  fields: Omit<PaymentInsert, 'organizationId' | 'currency' | 'sessionId' | 'idempotencyKey'>,
  key: string,
) {
  return {
    organizationId: s.organizationId,
    currency: s.currency,
    sessionId: s.sessionId,
    idempotencyKey: `demo:${key}:${s.sessionId}`,
    attempts: 1,
    ...fields,
  } satisfies PaymentInsert;
}

/** An approved authorization when the session started and its approved capture of the gross after it stopped. */
function holdAndCapture(s: Settled, gateway: 'cybersource' | 'amex', card: Card): [PaymentInsert, PaymentInsert] {
  const authorizedAt = s.startedAt;
  const capturedAt = after(s.stoppedAt, 1);
  const hold = holdOf(s);
  const path = gateway === 'cybersource' ? '/pts/v2/payments' : '/api/rest/version/72/merchant/demo/order';
  const authorization = row(
    s,
    {
      id: crypto.randomUUID(),
      type: 'authorization',
      status: 'approved',
      gateway,
      amountMinor: hold,
      approvedMinor: hold,
      gatewayReference: referenceOf(gateway, s, 'auth'),
      cardBrand: card.brand,
      cardLast4: card.last4,
      exchange: exchangeOf(gateway, path, 201, { status: 'AUTHORIZED' }),
      createdAt: authorizedAt,
      updatedAt: authorizedAt,
      completedAt: authorizedAt,
    },
    'authorization',
  );
  const capture = row(
    s,
    {
      type: 'capture',
      status: 'approved',
      gateway,
      amountMinor: s.grossMinor,
      approvedMinor: s.grossMinor,
      parentId: authorization.id!,
      gatewayReference: referenceOf(gateway, s, 'capture'),
      cardBrand: card.brand,
      cardLast4: card.last4,
      exchange: exchangeOf(gateway, `${path}/capture`, 201, { status: 'PENDING' }),
      createdAt: capturedAt,
      updatedAt: capturedAt,
      completedAt: capturedAt,
    },
    'capture',
  );
  return [authorization, capture];
}

/**
 * Payment rows for a handful of settled demo sessions, each consistent with its settlement (a capture
 * or sale of the gross): approved CyberSource and Amex captures with their authorizations, a declined
 * authorization then paid at LankaCharge's cash desk (a manual sale, refundable with a receipt number
 * through the "Cash desk" manual configuration this adds), a CyberSource sale with a partial approved
 * refund, and a EUR capture at VoltWay. Rows only, **without ledger postings** (the demo sessions were
 * settled as postpaid); see docs/payments.md "Demo payments". Nothing is written when demo payments exist.
 */
export async function seedDemoPayments(db: Executor): Promise<void> {
  const [existing] = await db.select({ id: payments.id }).from(payments).limit(1);
  if (existing) return;
  const lanka = await settled(db, 'LankaCharge', 4);
  const voltway = await settled(db, 'VoltWay Europe', 1);
  if (lanka.length < 4) return;
  const [a, b, c, d] = lanka as [Settled, Settled, Settled, Settled];

  const [cashDesk] = await db
    .insert(gatewayConfigs)
    .values({ organizationId: a.organizationId, gateway: 'manual', label: 'Cash desk', currencies: [a.currency] })
    .returning({ id: gatewayConfigs.id });

  const declinedAt = c.startedAt;
  const paidAt = after(c.stoppedAt, 20);
  const soldAt = after(d.stoppedAt, 1);
  const refundedAt = after(d.stoppedAt, 26 * 60);
  const sale = row(
    d,
    {
      id: crypto.randomUUID(),
      type: 'sale',
      status: 'approved',
      gateway: 'cybersource',
      amountMinor: d.grossMinor,
      approvedMinor: d.grossMinor,
      gatewayReference: referenceOf('cybersource', d, 'sale'),
      cardBrand: VISA.brand,
      cardLast4: VISA.last4,
      exchange: exchangeOf('cybersource', '/pts/v2/payments', 201, { status: 'AUTHORIZED', capture: true }),
      createdAt: soldAt,
      updatedAt: soldAt,
      completedAt: soldAt,
    },
    'sale',
  );
  // A third of the sale, in whole major units: the driver stopped early and was given part back.
  const refundMinor = (d.grossMinor / 300n) * 100n;
  const rows: PaymentInsert[] = [
    ...holdAndCapture(a, 'cybersource', VISA),
    ...holdAndCapture(b, 'amex', AMEX),
    row(
      c,
      {
        type: 'authorization',
        status: 'declined',
        gateway: 'cybersource',
        amountMinor: holdOf(c),
        gatewayReference: referenceOf('cybersource', c, 'auth'),
        reason: 'Decline - Insufficient funds in the account. (INSUFFICIENT_FUND)',
        cardBrand: MASTERCARD.brand,
        cardLast4: MASTERCARD.last4,
        exchange: exchangeOf('cybersource', '/pts/v2/payments', 201, { status: 'DECLINED', reason: 'INSUFFICIENT_FUND' }),
        createdAt: declinedAt,
        updatedAt: declinedAt,
        completedAt: declinedAt,
      },
      'authorization',
    ),
    row(
      c,
      {
        type: 'sale',
        status: 'approved',
        gateway: 'manual',
        gatewayConfigId: cashDesk?.id ?? null,
        amountMinor: c.grossMinor,
        approvedMinor: c.grossMinor,
        gatewayReference: referenceOf('manual', c, 'sale'),
        exchange: exchangeOf('manual', 'sale', 200, { receiptNumber: referenceOf('manual', c, 'sale') }),
        createdAt: paidAt,
        updatedAt: paidAt,
        completedAt: paidAt,
      },
      'sale',
    ),
    sale,
    ...(refundMinor > 0n
      ? [
          row(
            d,
            {
              type: 'refund',
              status: 'approved',
              gateway: 'cybersource',
              amountMinor: refundMinor,
              approvedMinor: refundMinor,
              parentId: sale.id,
              gatewayReference: referenceOf('cybersource', d, 'refund'),
              cardBrand: VISA.brand,
              cardLast4: VISA.last4,
              exchange: exchangeOf('cybersource', `/pts/v2/payments/${sale.gatewayReference}/refunds`, 201, {
                status: 'PENDING',
              }),
              createdAt: refundedAt,
              updatedAt: refundedAt,
              completedAt: refundedAt,
            },
            'refund',
          ),
        ]
      : []),
    ...voltway.flatMap((v) => holdAndCapture(v, 'cybersource', MASTERCARD)),
  ];
  await db.insert(payments).values(rows);
  const collected = [a, b, c, d, ...voltway].map((s) => s.sessionId);
  await db.update(chargingSessions).set({ paymentStatus: 'captured' }).where(inArray(chargingSessions.id, collected));
}

/** The organization's latest settled sessions with money owed, leaving out those paid from a wallet. */
async function settled(db: Executor, organizationName: string, count: number): Promise<Settled[]> {
  return db
    .select({
      sessionId: sessionSettlements.sessionId,
      organizationId: sessionSettlements.organizationId,
      currency: sessionSettlements.currency,
      grossMinor: sessionSettlements.grossMinor,
      startedAt: sessionSettlements.startedAt,
      stoppedAt: sessionSettlements.stoppedAt,
    })
    .from(sessionSettlements)
    .innerJoin(organizations, eq(organizations.id, sessionSettlements.organizationId))
    .leftJoin(walletEntries, eq(walletEntries.sessionId, sessionSettlements.sessionId))
    .where(and(eq(organizations.name, organizationName), gt(sessionSettlements.grossMinor, 0n), isNull(walletEntries.id)))
    .orderBy(desc(sessionSettlements.stoppedAt))
    .limit(count);
}
