import { eq } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/client.js';
import { type SessionPaymentStatus, chargingSessions, payments, sessionSettlements } from '../../db/schema/index.js';
import { assertBalanced } from '../../domain/finance/ledger.js';
import { collectionKey } from '../../jobs/kinds.js';
import { enqueueJob } from '../../jobs/queries.js';
import { insertPostings } from '../settlement/queries.js';
import { type AttemptSpec, type PaymentsDeps, attemptPayment } from './attempts.js';
import { type CardOnFile, cardOnFile } from './card-on-file.js';
import { type PaymentRow, insertAttempt, isFinal, paymentById, paymentsOfSession, setSessionPaymentStatus } from './queries.js';
import { gatewayConfigById, routeGateway } from './registry.js';

type Settlement = typeof sessionSettlements.$inferSelect;
type Session = typeof chargingSessions.$inferSelect;

/** Queued in the settlement's own transaction: a settled session's money is always collected. */
export const enqueueCollection = (
  db: Executor,
  session: { id: string; organizationId: string },
  occasion?: string,
  runAt?: Date,
) =>
  enqueueJob(db, {
    kind: 'collect-session-payment',
    payload: { sessionId: session.id },
    dedupeKey: collectionKey(session.id, occasion),
    organizationId: session.organizationId,
    ...(runAt ? { runAt } : {}),
  });

/** Wallet sessions are debited by the wallets module; it registers here. */
type WalletCollector = (deps: PaymentsDeps, settlement: Settlement, session: Session) => Promise<void>;
let walletCollector: WalletCollector | null = null;
export function onWalletCollection(collector: WalletCollector): void {
  walletCollector = collector;
}

const approvedSum = (rows: PaymentRow[]) =>
  rows.filter((r) => r.status === 'approved').reduce((sum, r) => sum + (r.approvedMinor ?? r.amountMinor), 0n);

/**
 * The ledger entry of a collected session: the gateway now owes the platform what the driver owed
 * (gross less the gateway's fee, which it keeps), so payment clearing is cleared against it.
 */
async function postCollected(tx: Tx, settlement: Settlement, gateway: string): Promise<void> {
  const amount = settlement.grossMinor - settlement.gatewayFeeMinor;
  if (amount === 0n) return;
  const postings = [
    { account: 'gateway_receivable' as const, ref: gateway, amountMinor: amount },
    { account: 'payment_clearing' as const, ref: settlement.paymentMethod, amountMinor: -amount },
  ];
  assertBalanced(postings);
  await insertPostings(
    tx,
    postings.map((p) => ({
      organizationId: settlement.organizationId,
      sessionId: settlement.sessionId,
      account: p.account,
      ref: p.ref,
      entryKind: 'payment' as const,
      currency: settlement.currency,
      amountMinor: p.amountMinor,
      at: new Date(),
    })),
  );
}

async function finish(deps: PaymentsDeps, settlement: Settlement, status: SessionPaymentStatus, gateway: string | null) {
  await deps.db.transaction(async (tx) => {
    const [current] = await tx
      .select({ paymentStatus: chargingSessions.paymentStatus })
      .from(chargingSessions)
      .where(eq(chargingSessions.id, settlement.sessionId))
      .for('update');
    if (current?.paymentStatus === status) return;
    await setSessionPaymentStatus(tx, settlement.sessionId, status);
    if (status === 'captured' && gateway) await postCollected(tx, settlement, gateway);
  });
}

/**
 * Collects a settled session's money (the `collect-session-payment` job; idempotent, it reads what
 * was done so far and does the next step): nothing for postpaid sessions; the wallet debit for
 * wallet sessions; for a card on file, capture the hold up to the gross and sell the rest (no
 * hold: one sale), or void the hold when nothing is owed. A payment the gateway did not answer is
 * left to the reconciler, which queues this job again. A failure that moved nothing is retried on
 * PAYMENT_RETRY_MINUTES; after the last, the session is `payment_failed`.
 */
export async function collectSessionPayment(deps: PaymentsDeps, sessionId: string): Promise<void> {
  const { db } = deps;
  const [settlement] = await db.select().from(sessionSettlements).where(eq(sessionSettlements.sessionId, sessionId));
  const [session] = await db.select().from(chargingSessions).where(eq(chargingSessions.id, sessionId));
  if (!settlement || !session) return;
  if (session.paymentStatus === 'captured' || session.paymentStatus === 'voided' || session.paymentStatus === 'payment_failed')
    return;
  if (settlement.paymentMethod === 'wallet') {
    await walletCollector?.(deps, settlement, session);
    return;
  }
  const card = await cardOnFile(db, session.idTokenId, session.userId);
  if (!card) return;

  // An attempt left open (no answer, or the process died mid-call) is asked again under its own key
  // first: the gateway answers a repeated key with what it did, so nothing moves twice.
  for (const open of (await paymentsOfSession(db, sessionId)).filter((r) => !isFinal(r.status)))
    await resume(deps, settlement, session, card, open);
  const rows = await paymentsOfSession(db, sessionId);
  if (rows.some((r) => !isFinal(r.status))) return; // still no answer: the reconciler queues this job again
  const hold = rows.find((r) => r.type === 'authorization' && r.status === 'approved') ?? null;
  const gross = settlement.grossMinor;
  const collected = approvedSum(rows.filter((r) => r.type === 'capture' || r.type === 'sale'));
  const gatewayName = card.gateway;

  if (gross === 0n) {
    if (hold) {
      const config = hold.gatewayConfigId ? await gatewayConfigById(db, hold.gatewayConfigId) : null;
      if (config)
        await attemptPayment(deps, {
          ...common(settlement, session, card),
          type: 'void',
          config,
          amountMinor: hold.approvedMinor ?? hold.amountMinor,
          idempotencyKey: `void:${sessionId}`,
          parent: hold,
        });
    }
    await finish(deps, settlement, 'voided', null);
    return;
  }
  if (collected >= gross) {
    await finish(deps, settlement, 'captured', gatewayName);
    return;
  }

  const failures = rows.filter(
    (r) =>
      (r.type === 'capture' || r.type === 'sale') && (r.status === 'declined' || r.status === 'error' || r.status === 'failed'),
  );
  const attempt = failures.length + 1;
  await setSessionPaymentStatus(db, sessionId, 'capturing');

  const holdConfig = hold?.gatewayConfigId ? await gatewayConfigById(db, hold.gatewayConfigId) : null;
  const captured = rows.some((r) => r.type === 'capture' && r.status === 'approved');
  let step: PaymentRow | null = null;
  if (hold && holdConfig && !captured) {
    const amount = (hold.approvedMinor ?? hold.amountMinor) < gross ? (hold.approvedMinor ?? hold.amountMinor) : gross;
    step = await attemptPayment(deps, {
      ...common(settlement, session, card),
      type: 'capture',
      config: holdConfig,
      amountMinor: amount,
      idempotencyKey: `capture:${sessionId}:${attempt}`,
      parent: hold,
    });
  }
  const afterCapture = step
    ? step.status === 'approved'
      ? collected + (step.approvedMinor ?? step.amountMinor)
      : null
    : collected;
  if (afterCapture !== null && afterCapture < gross) {
    const config = await routeGateway(db, {
      organizationId: settlement.organizationId,
      gateway: card.gateway,
      currency: settlement.currency,
      amountMinor: gross - afterCapture,
      cardBrand: card.brand,
    });
    step = config
      ? await attemptPayment(deps, {
          ...common(settlement, session, card),
          type: 'sale',
          config,
          source: card.source,
          amountMinor: gross - afterCapture,
          idempotencyKey: `sale:${sessionId}:${attempt}`,
        })
      : await noGateway(deps, settlement, session, card.gateway, gross - afterCapture, attempt);
  }
  if (!step) return;
  if (step.status === 'approved') {
    if (step.type === 'capture' && afterCapture !== null && afterCapture < gross) return;
    await finish(deps, settlement, 'captured', gatewayName);
    return;
  }
  if (!isFinal(step.status)) return; // unknown or pending: the reconciler queues this job again
  await retryOrFail(deps, settlement, session, attempt, step);
}

/** Repeats an open attempt with the same key (and so the same effect at the gateway). */
async function resume(deps: PaymentsDeps, settlement: Settlement, session: Session, card: CardOnFile, row: PaymentRow) {
  const config = row.gatewayConfigId ? await gatewayConfigById(deps.db, row.gatewayConfigId) : null;
  const parent = row.parentId ? await paymentById(deps.db, row.parentId) : null;
  if (!config || row.type === 'manual' || (row.parentId && !parent)) return;
  await attemptPayment(deps, {
    ...common(settlement, session, card),
    type: row.type,
    config,
    amountMinor: row.amountMinor,
    idempotencyKey: row.idempotencyKey,
    source: card.source,
    ...(parent ? { parent } : {}),
  });
}

function common(settlement: Settlement, session: Session, card: { brand: string | null; last4: string | null }) {
  return {
    organizationId: settlement.organizationId,
    currency: settlement.currency,
    orderReference: session.id,
    links: {
      sessionId: session.id,
      userId: session.userId,
      idTokenId: session.idTokenId,
      cardBrand: card.brand,
      cardLast4: card.last4,
    },
  } satisfies Partial<AttemptSpec>;
}

/** No gateway configuration takes the payment: recorded as a failed attempt, so it is seen and retried. */
async function noGateway(
  deps: PaymentsDeps,
  settlement: Settlement,
  session: Session,
  gateway: string,
  amount: bigint,
  attempt: number,
) {
  const { row } = await insertAttempt(deps.db, {
    organizationId: settlement.organizationId,
    type: 'sale',
    status: 'error',
    gateway: gateway as PaymentRow['gateway'],
    amountMinor: amount,
    currency: settlement.currency,
    sessionId: session.id,
    userId: session.userId,
    idTokenId: session.idTokenId,
    idempotencyKey: `sale:${session.id}:${attempt}`,
    reason: `No enabled ${gateway} configuration takes ${settlement.currency} payments for this organization (GATEWAY_NOT_CONFIGURED)`,
    completedAt: new Date(),
  });
  return row;
}

async function retryOrFail(deps: PaymentsDeps, settlement: Settlement, session: Session, attempt: number, failed: PaymentRow) {
  const delays = deps.config.retryMinutes;
  const retriesLeft = attempt <= delays.length;
  deps.bus.publish('payment.failed', {
    organizationId: settlement.organizationId,
    siteId: settlement.siteId,
    chargerId: settlement.chargerId,
    sessionId: session.id,
    paymentId: failed.id,
    amountMinor: Number(failed.amountMinor),
    currency: failed.currency,
    reason: failed.reason,
    attempt,
    final: !retriesLeft,
    at: new Date().toISOString(),
  });
  if (retriesLeft) {
    await enqueueCollection(deps.db, session, `retry-${attempt}`, new Date(Date.now() + delays[attempt - 1]! * 60_000));
    return;
  }
  // Given up: the last attempt is marked failed, so the Payments page and the dashboard list it.
  await deps.db.update(payments).set({ status: 'failed', updatedAt: new Date() }).where(eq(payments.id, failed.id));
  await finish(deps, settlement, 'payment_failed', null);
}
