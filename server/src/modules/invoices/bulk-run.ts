import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { invoiceRuns, organizations } from '../../db/schema/index.js';
import { inScope } from '../../db/scope-sql.js';
import { AppError } from '../../errors.js';
import { enqueueJob } from '../../jobs/queries.js';
import type { AuditContext } from '../audit/service.js';
import { generateDraft } from './generate.js';

export type InvoiceRunRow = typeof invoiceRuns.$inferSelect;

/** Organizations generated side by side: enough to overlap round trips, few enough to leave the pool for requests. */
const WORKERS = 4;

export function presentRun(r: InvoiceRunRow) {
  return {
    id: r.id,
    trigger: r.trigger,
    status: r.status,
    total: r.total,
    generated: r.generated,
    skipped: r.skipped,
    failed: r.failed,
    errors: r.errors,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

type Outcome = 'generated' | 'skipped' | 'failed';

async function count(db: Db, id: string, outcome: Outcome, error?: { organizationId: string; message: string }) {
  const column = sql.identifier(outcome);
  await db.execute(
    error
      ? sql`UPDATE invoice_runs SET failed = failed + 1, errors = errors || ${JSON.stringify([error])}::jsonb WHERE id = ${id}`
      : sql`UPDATE invoice_runs SET ${column} = ${column} + 1 WHERE id = ${id}`,
  );
}

/** One organization's most recent closed period: generated, skipped (already invoiced, nothing settled) or failed. */
async function invoiceOne(db: Db, audit: AuditContext, runId: string, organizationId: string, now: Date): Promise<void> {
  try {
    const result = await generateDraft(db, audit, organizationId, undefined, { now, skipEmpty: true });
    await count(db, runId, result?.created ? 'generated' : 'skipped');
  } catch (error) {
    const message = error instanceof AppError ? error.message : 'Unexpected error while generating the invoice';
    await count(db, runId, 'failed', { organizationId, message });
  }
}

/**
 * Works through every organization in `organizationIds` (null: all), updating the run's counters as it
 * goes — the `invoice-run` job. Run again after a crash it starts its counters afresh; drafts already
 * generated are then counted as skipped (generating twice gives one draft).
 */
export async function executeRun(db: Db, runId: string, organizationIds: readonly string[] | null, now = new Date()) {
  const audit: AuditContext = { actorId: null, actorEmail: null, requestId: `invoice-run:${runId}` };
  try {
    const orgs = await db
      .select({ id: organizations.id })
      .from(organizations)
      .where(inScope(organizations.id, organizationIds))
      .orderBy(asc(organizations.name), asc(organizations.id));
    await db
      .update(invoiceRuns)
      .set({ total: orgs.length, generated: 0, skipped: 0, failed: 0, errors: [] })
      .where(eq(invoiceRuns.id, runId));
    let next = 0;
    const worker = async () => {
      while (next < orgs.length) await invoiceOne(db, audit, runId, orgs[next++]!.id, now);
    };
    await Promise.all(Array.from({ length: Math.min(WORKERS, orgs.length) }, worker));
    await db.update(invoiceRuns).set({ status: 'finished', finishedAt: new Date() }).where(eq(invoiceRuns.id, runId));
  } catch {
    await db
      .update(invoiceRuns)
      .set({ status: 'failed', finishedAt: new Date() })
      .where(eq(invoiceRuns.id, runId))
      .catch(() => undefined);
  }
}

/** The run's work, queued in the transaction that creates the run (it survives a crash; any instance runs it). */
const enqueueRun = (tx: Executor, runId: string, organizationIds: readonly string[] | null, at: Date | null) =>
  enqueueJob(tx, {
    kind: 'invoice-run',
    payload: { runId, organizationIds: organizationIds && [...organizationIds], at: at?.toISOString() ?? null },
    dedupeKey: `invoice-run:${runId}`,
  });

/** POST /invoice-runs: a manual run over the caller's organizations. */
export async function startManualRun(db: Db, requestedBy: string | null, organizationIds: readonly string[] | null) {
  return db.transaction(async (tx) => {
    const [run] = await tx.insert(invoiceRuns).values({ trigger: 'manual', requestedBy }).returning();
    await enqueueRun(tx, run!.id, organizationIds, null);
    return run!;
  });
}

/**
 * The scheduled run of a key (one per UTC day): the first instance to insert the key runs it, every other
 * instance's insert does nothing. Returns the run id when this instance claimed it.
 */
export async function claimScheduledRun(db: Db, runKey: string, claimedBy: string, now: Date): Promise<string | null> {
  return db.transaction(async (tx) => {
    const [run] = await tx
      .insert(invoiceRuns)
      .values({ trigger: 'scheduled', runKey, claimedBy })
      .onConflictDoNothing()
      .returning({ id: invoiceRuns.id });
    if (run) await enqueueRun(tx, run.id, null, now);
    return run?.id ?? null;
  });
}

export async function findRun(db: Db, id: string) {
  const [row] = await db.select().from(invoiceRuns).where(eq(invoiceRuns.id, id));
  return row ?? null;
}

export async function latestRuns(db: Db, limit: number) {
  return db.select().from(invoiceRuns).orderBy(desc(invoiceRuns.startedAt), desc(invoiceRuns.id)).limit(limit);
}
