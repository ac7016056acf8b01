import type { Tx } from '../../db/client.js';
import { refundPostings } from '../../domain/finance/refund-ledger.js';
import type { Scope } from '../../domain/scope.js';
import { AppError, notFound } from '../../errors.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import { formatMoney } from '../invoices/pdf-format.js';
import { insertPostings } from '../settlement/queries.js';
import { type PaymentsDeps, attemptPayment, onPaymentSettled } from './attempts.js';
import {
  approvedRefundsOfSession,
  paymentWithOrganization,
  refundsOf,
  settlementOfSession,
  visiblePayment,
} from './dashboard-queries.js';
import type { RefundInput } from './dashboard-schemas.js';
import { presentPayment } from './dashboard.js';
import { type PaymentRow, insertAttempt, isFinal, paymentById } from './queries.js';
import { capturedOf, countedRefunds, refusalOf } from './refund-rules.js';
import { gatewayConfigById } from './registry.js';

/**
 * The adjusting entry of a refund that became approved, in the transaction that made it final
 * (docs/payments.md "Refunds"). The settlement row is locked, so two refunds of one session settling
 * at once take their cumulative shares one after the other.
 */
export async function postRefund(tx: Tx, refund: PaymentRow): Promise<void> {
  if (refund.status !== 'approved' || !refund.sessionId) return;
  const settlement = await settlementOfSession(tx, refund.sessionId, true);
  if (!settlement || settlement.grossMinor <= 0n) return;
  const before = await approvedRefundsOfSession(tx, refund.sessionId, refund.id);
  const postings = refundPostings(settlement, refund.gateway, before, capturedOf(refund));
  const at = refund.completedAt ?? new Date();
  await insertPostings(
    tx,
    postings.map((p) => ({
      organizationId: refund.organizationId,
      sessionId: refund.sessionId,
      account: p.account,
      ref: p.ref ?? null,
      entryKind: 'refund' as const,
      documentId: refund.id,
      currency: refund.currency,
      amountMinor: p.amountMinor,
      at,
    })),
  );
}

let installed = false;
/** Registers the refund ledger hook once per process (every app built in it shares the hook table). */
export function installRefundLedger(): void {
  if (installed) return;
  installed = true;
  onPaymentSettled('refund', postRefund);
}

/** The client's key is kept per payment, so one key can never answer with another payment's refund. */
const clientKeyOf = (paymentId: string, key: string) => `refund:${paymentId}:key:${key}`;

export interface RefundRequest {
  input: RefundInput;
  /** The Idempotency-Key header; wins over the body's key. */
  headerKey?: string | undefined;
}

/**
 * Refunds part or all of an approved capture or sale. The refund row is written under a lock on the
 * payment after summing its refunds so far (pending and unanswered ones count), so two requests at once
 * can never refund more than was captured together; then the gateway is called through `attemptPayment`
 * with the row's key, and the answer's ledger entry is written by `postRefund`. The same idempotency
 * key answers with the same refund (and finishes it if it was left unanswered).
 */
export async function refundPayment(
  deps: PaymentsDeps | undefined,
  audit: AuditContext,
  scope: Scope,
  actorId: string,
  paymentId: string,
  { input, headerKey }: RefundRequest,
) {
  if (!deps) throw new AppError('UNAVAILABLE', 'Payments are not available on this server');
  const { db } = deps;
  const found = await visiblePayment(db, scope, paymentId);
  if (!found) throw notFound('Payment');
  const clientKey = headerKey ?? input.idempotencyKey;
  const amount = BigInt(input.amountMinor);

  const { refund, parent } = await db.transaction(async (tx) => {
    const parent = (await paymentById(tx, paymentId, true))!;
    if (clientKey) {
      const [existing] = (await refundsOf(tx, parent.id)).filter((r) => r.idempotencyKey === clientKeyOf(parent.id, clientKey));
      if (existing) {
        if (existing.amountMinor !== amount)
          throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was used for a refund of another amount', {
            refundId: existing.id,
          });
        return { refund: existing, parent };
      }
    }
    const refusal = await refusalOf(tx, parent);
    if (refusal) throw new AppError('PAYMENT_NOT_REFUNDABLE', refusal);
    if (parent.gateway === 'manual' && !input.receiptNumber)
      throw new AppError('RECEIPT_NUMBER_REQUIRED', 'A manual refund needs the receipt number of the money paid back', {
        field: 'receiptNumber',
      });
    const refunds = await refundsOf(tx, parent.id);
    const left = capturedOf(parent) - countedRefunds(refunds);
    if (amount > left)
      throw new AppError(
        'REFUND_EXCEEDS_CAPTURED',
        left > 0n
          ? `${formatMoney(left, parent.currency)} can still be refunded`
          : `Nothing is left to refund: ${formatMoney(capturedOf(parent), parent.currency)} was captured and is refunded or being refunded`,
        { field: 'amountMinor', refundableMinor: Number(left > 0n ? left : 0n), currency: parent.currency },
      );
    const { row } = await insertAttempt(tx, {
      organizationId: parent.organizationId,
      type: 'refund',
      gateway: parent.gateway,
      gatewayConfigId: parent.gatewayConfigId,
      amountMinor: amount,
      currency: parent.currency,
      idempotencyKey: clientKey ? clientKeyOf(parent.id, clientKey) : `refund:${parent.id}:${refunds.length + 1}`,
      parentId: parent.id,
      sessionId: parent.sessionId,
      invoiceId: parent.invoiceId,
      userId: parent.userId,
      idTokenId: parent.idTokenId,
      cardBrand: parent.cardBrand,
      cardLast4: parent.cardLast4,
      createdBy: actorId,
    });
    await recordAudit(tx, audit, {
      entityType: 'payment',
      entityId: row.id,
      action: 'refund',
      organizationId: parent.organizationId,
      after: {
        paymentId: parent.id,
        amountMinor: Number(amount),
        currency: parent.currency,
        reason: input.reason,
        ...(input.receiptNumber ? { receiptNumber: input.receiptNumber } : {}),
      },
    });
    return { refund: row, parent };
  });

  let answered = refund;
  if (!isFinal(refund.status)) {
    const config = await gatewayConfigById(db, parent.gatewayConfigId!);
    if (!config)
      throw new AppError('PAYMENT_NOT_REFUNDABLE', 'The gateway configuration this payment went through no longer exists');
    answered = await attemptPayment(deps, {
      type: 'refund',
      config,
      organizationId: refund.organizationId,
      amountMinor: refund.amountMinor,
      currency: refund.currency,
      idempotencyKey: refund.idempotencyKey,
      orderReference: parent.sessionId ?? parent.id,
      parent,
      createdBy: actorId,
      ...(input.receiptNumber ? { receiptNumber: input.receiptNumber } : {}),
    });
  }
  return presentPayment((await paymentWithOrganization(db, answered.id))!);
}
