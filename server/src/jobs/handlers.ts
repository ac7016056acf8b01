import type { Db } from '../db/client.js';
import { executeRun } from '../modules/invoices/bulk-run.js';
import { settleStoppedSession } from '../modules/settlement/service.js';
import type { PaymentsDeps } from '../modules/payments/attempts.js';
import { collectSessionPayment } from '../modules/payments/collection.js';
import { reconcilePayment } from '../modules/payments/reconcile.js';
import type { JobQueue } from './queue.js';

/** What each kind of job does (jobs/kinds.ts lists the kinds). Every handler is idempotent. */
export function registerJobHandlers(queue: JobQueue, db: Db): void {
  // A session already settled is left as it is (one settlement per session), so running twice is harmless.
  queue.register('settle-session', async ({ sessionId }) => {
    await settleStoppedSession(db, sessionId);
  });
  // A run restarted after a crash starts its counters afresh; generating a period twice gives one draft.
  queue.register('invoice-run', async ({ runId, organizationIds, at }) => {
    await executeRun(db, runId, organizationIds, at ? new Date(at) : new Date());
  });
}

/**
 * Payment jobs run on their own queue (lanes of their own, PAYMENT_JOB_CONCURRENCY): each waits
 * mostly on a gateway, so they neither queue behind settlements nor hold a settlement lane. Each
 * reads what was done so far and does the next step; gateway calls carry idempotency keys.
 */
export function registerPaymentJobHandlers(queue: JobQueue, payments: PaymentsDeps): void {
  queue.register('collect-session-payment', async ({ sessionId }) => {
    await collectSessionPayment(payments, sessionId);
  });
  queue.register('reconcile-payment', async ({ paymentId }) => {
    await reconcilePayment(payments, paymentId);
  });
}
