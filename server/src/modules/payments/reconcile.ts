import type { TransactionState } from './gateways/types.js';
import { type PaymentsDeps, applyAnswer } from './attempts.js';
import { enqueueCollection } from './collection.js';
import { type PaymentRow, paymentById } from './queries.js';
import { gatewayConfigById } from './registry.js';

/** The state that means a payment of each type went through. */
const DONE_STATE: Record<PaymentRow['type'], TransactionState | null> = {
  authorization: 'authorized',
  capture: 'captured',
  sale: 'captured',
  top_up: 'captured',
  void: 'voided',
  refund: 'refunded',
  manual: null,
};

/** After this many looks without the gateway knowing the transaction, it never happened. */
export const RECONCILE_LOOKS = 10;

/**
 * The `reconcile-payment` job: asks the gateway what became of a payment it did not answer (or
 * answered pending) and records that. Not found yet is asked again later (a gateway's search lags);
 * after RECONCILE_LOOKS looks it is taken as never made (`error`: nothing moved), so the work that
 * waited for it goes on — a session's collection is queued again either way.
 */
export async function reconcilePayment(deps: PaymentsDeps, paymentId: string): Promise<void> {
  const row = await paymentById(deps.db, paymentId);
  if (!row || (row.status !== 'unknown' && row.status !== 'pending')) return;
  const config = row.gatewayConfigId ? await gatewayConfigById(deps.db, row.gatewayConfigId) : null;
  if (!config) return;
  const status = await deps.registry.adapterFor(config).status({
    reference: row.gatewayReference,
    amountMinor: row.amountMinor,
    currency: row.currency,
    idempotencyKey: row.idempotencyKey,
    orderReference: row.sessionId ?? row.walletId ?? row.id,
  });
  const done = DONE_STATE[row.type];
  let settled: PaymentRow;
  if (status.outcome === 'approved' && status.state === done) {
    settled = await applyAnswer(deps, row, {
      ...status,
      outcome: 'approved',
      amountMinor: status.amountMinor || row.amountMinor,
    });
  } else if (status.outcome === 'approved' && status.state === 'declined') {
    settled = await applyAnswer(deps, row, {
      ...status,
      outcome: 'declined',
      reason: status.reason ?? 'Declined (found by reconciliation)',
    });
  } else if (row.attempts + 1 >= RECONCILE_LOOKS) {
    settled = await applyAnswer(deps, row, {
      ...status,
      outcome: 'error',
      retryable: false,
      reason: `The gateway has no record of it after ${RECONCILE_LOOKS} looks: nothing was charged (RECONCILE_NOT_FOUND)`,
    });
  } else {
    // Still open: counted as one more look, asked again later.
    settled = await applyAnswer(deps, row, { ...status, outcome: row.status === 'pending' ? 'pending' : 'unknown' });
  }
  if (settled.sessionId && settled.status !== 'unknown' && settled.status !== 'pending')
    await enqueueCollection(deps.db, { id: settled.sessionId, organizationId: settled.organizationId }, `after-${settled.id}`);
}
