import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * The durable job queue (docs/decisions/0001-durable-job-queue.md): work that must happen after a
 * change commits is a row written in the change's own transaction, claimed by any instance with
 * `FOR UPDATE SKIP LOCKED`, retried with back-off and kept as `failed` (the dead letter) when it
 * runs out of attempts. A `running` row whose lease has passed belongs to a process that died and
 * is claimed again. `dedupe_key` makes enqueueing idempotent (and a scheduled run claimed once);
 * finished rows are kept for a retention period so a key is not reused meanwhile.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    dedupeKey: text('dedupe_key'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** The tenant the work is for, when it has one: restricted platform users see only their organizations' jobs. */
    organizationId: uuid('organization_id'),
    status: text('status', { enum: JOB_STATUSES }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(8),
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('jobs_dedupe_key_idx').on(t.dedupeKey),
    // The claim reads due work in order; finished rows stay out of this index.
    index('jobs_due_idx')
      .on(t.runAt, t.id)
      .where(sql`${t.status} IN ('queued', 'running')`),
    index('jobs_status_idx').on(t.status, t.kind, t.updatedAt),
  ],
);
