import type { FollowUpRequest, GatewayResult, PaymentGateway, PaymentRequest, StatusQuery, TransactionState } from './types.js';

type Operation = 'authorize' | 'sale' | 'capture' | 'void' | 'refund';

const STATE_AFTER: Record<Operation, TransactionState> = {
  authorize: 'authorized',
  sale: 'captured',
  capture: 'captured',
  void: 'voided',
  refund: 'refunded',
};

/**
 * Cash and bank transfers recorded by staff: nothing to call, so every operation is approved at once
 * under the receipt number the staff member gives. A repeated idempotency key returns the first
 * result (so a double click records one payment); the memory of keys lasts as long as this object —
 * the payments ledger (not built yet) is what will make it durable.
 */
export function manualGateway(): PaymentGateway {
  const results = new Map<string, GatewayResult & { state: TransactionState }>();

  function record(operation: Operation, r: PaymentRequest | FollowUpRequest, reference: string | null): GatewayResult {
    const earlier = results.get(r.idempotencyKey);
    if (earlier) return earlier;
    const result: GatewayResult =
      reference === null || reference.trim() === ''
        ? {
            outcome: 'error',
            retryable: false,
            reason: 'a manual payment needs the receipt number (MANUAL_RECEIPT_REQUIRED)',
            reference: null,
            amountMinor: r.amountMinor,
            currency: r.currency,
            raw: { request: { method: 'RECORD', path: operation }, failure: 'not recorded' },
          }
        : {
            outcome: 'approved',
            reference: reference.trim(),
            amountMinor: r.amountMinor,
            currency: r.currency,
            raw: { request: { method: 'RECORD', path: operation, body: { receiptNumber: reference.trim() } } },
          };
    if (result.outcome === 'approved') results.set(r.idempotencyKey, { ...result, state: STATE_AFTER[operation] });
    return result;
  }

  const receiptOf = (r: PaymentRequest) => (r.source.kind === 'manual' ? r.source.receiptNumber : null);

  return {
    name: 'manual',
    authorize: (hold) => Promise.resolve(record('authorize', hold, receiptOf(hold))),
    sale: (payment) => Promise.resolve(record('sale', payment, receiptOf(payment))),
    capture: (r) => Promise.resolve(record('capture', r, r.receiptNumber ?? r.reference)),
    void: (r) => Promise.resolve(record('void', r, r.receiptNumber ?? r.reference)),
    // A refund paid out in cash or by transfer has its own receipt; it is required.
    refund: (r) => Promise.resolve(record('refund', r, r.receiptNumber ?? null)),
    status: (query: StatusQuery) =>
      Promise.resolve(
        results.get(query.idempotencyKey) ?? {
          outcome: 'declined',
          reason: 'no manual payment was recorded under this key (MANUAL_NOT_RECORDED)',
          reference: query.reference,
          amountMinor: query.amountMinor,
          currency: query.currency,
          raw: { request: { method: 'RECORD', path: 'status' } },
        },
      ),
  };
}
