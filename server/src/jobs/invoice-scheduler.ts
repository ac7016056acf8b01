import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Cron } from 'croner';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/client.js';
import { claimScheduledRun, runInBackground, waitForInvoiceRuns } from '../modules/invoices/bulk-run.js';

export interface InvoiceScheduler {
  stop(): Promise<void>;
}

/** One key per UTC day: whichever instance inserts it first runs that day's bulk invoicing. */
export const scheduledRunKey = (now: Date) => `invoices:${now.toISOString().slice(0, 10)}`;

/**
 * One scheduled tick: claim today's run key and, if this instance won it, generate the drafts of every
 * organization whose period has closed. Returns the run id, or null when another instance had the key.
 */
export async function runScheduledInvoicing(db: Db, instance: string, now = new Date()): Promise<string | null> {
  const runId = await claimScheduledRun(db, scheduledRunKey(now), instance);
  if (runId) await runInBackground(db, runId, null, now);
  return runId;
}

/** Starts the INVOICE_SCHEDULE job (croner); `stop` ends it and waits for a run in progress. */
export function startInvoiceScheduler(db: Db, schedule: string | null, log: FastifyBaseLogger): InvoiceScheduler {
  if (!schedule) return { stop: waitForInvoiceRuns };
  const instance = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const job = new Cron(schedule, { protect: true }, async () => {
    try {
      const runId = await runScheduledInvoicing(db, instance);
      if (runId) log.info({ runId }, 'scheduled invoicing run finished');
    } catch (error) {
      log.error({ err: error }, 'scheduled invoicing failed');
    }
  });
  return {
    async stop() {
      job.stop();
      await waitForInvoiceRuns();
    },
  };
}
