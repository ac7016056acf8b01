import type { FastifyBaseLogger } from 'fastify';
import { Cron } from 'croner';
import type { Db } from '../db/client.js';
import { claimScheduledRun } from '../modules/invoices/bulk-run.js';
import type { JobQueue } from './queue.js';

export interface InvoiceScheduler {
  stop(): void;
}

/** One key per UTC day: whichever instance inserts it first runs that day's bulk invoicing. */
export const scheduledRunKey = (now: Date) => `invoices:${now.toISOString().slice(0, 10)}`;

/**
 * One scheduled tick: claim today's run key and, if this instance won it, queue the run (an
 * `invoice-run` job, in the same transaction) for the job queue. Returns the run id, or null when
 * another instance had the key.
 */
export async function runScheduledInvoicing(db: Db, instance: string, now = new Date()): Promise<string | null> {
  return claimScheduledRun(db, scheduledRunKey(now), instance, now);
}

/** Ticks on INVOICE_SCHEDULE (croner); the run itself is a durable job, so stopping waits for nothing. */
export function startInvoiceScheduler(
  db: Db,
  schedule: string | null,
  queue: JobQueue,
  log: FastifyBaseLogger,
): InvoiceScheduler {
  if (!schedule) return { stop: () => undefined };
  const job = new Cron(schedule, { protect: true }, async () => {
    try {
      const runId = await runScheduledInvoicing(db, queue.instance);
      if (runId) {
        log.info({ runId }, 'scheduled invoicing run queued');
        queue.wake();
      }
    } catch (error) {
      log.error({ err: error }, 'scheduling the invoicing run failed');
    }
  });
  return { stop: () => job.stop() };
}
