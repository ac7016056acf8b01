import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { queryRows } from '../db/rows.js';
import type { JobStatus } from '../db/schema/jobs.js';
import { type JobKind, type JobPayloads, MAX_ATTEMPTS } from './kinds.js';

export interface NewJob<K extends JobKind> {
  kind: K;
  payload: JobPayloads[K];
  /** Enqueueing the same key again does nothing while the first job exists (kept JOB_RETENTION_DAYS after it finished). */
  dedupeKey?: string;
  organizationId?: string | null;
  runAt?: Date;
}

/**
 * Adds a job — call it with the transaction of the change that causes the work, so the job exists
 * exactly when the change does. Returns the new id, or null when a job with the key already exists.
 */
export async function enqueueJob<K extends JobKind>(db: Executor, job: NewJob<K>): Promise<number | null> {
  const [row] = await queryRows<{ id: string | number }>(
    db,
    sql`INSERT INTO jobs (kind, dedupe_key, payload, organization_id, max_attempts, run_at)
      VALUES (${job.kind}, ${job.dedupeKey ?? null}, ${JSON.stringify(job.payload)}::jsonb, ${job.organizationId ?? null},
        ${MAX_ATTEMPTS[job.kind]}, ${(job.runAt ?? new Date()).toISOString()}::timestamptz)
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING id`,
  );
  return row ? Number(row.id) : null;
}

export interface ClaimedJob {
  id: number;
  kind: JobKind;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
}

/**
 * Claims up to `limit` due jobs of the given kinds for this instance: queued ones whose time has
 * come, and running ones whose lease ran out (their process died). SKIP LOCKED lets every instance
 * claim at once without waiting on, or taking, each other's rows. `overdueOnly` (the charger
 * traffic is bursting) claims only jobs already waiting longer than `overdueMs`. `holding` are the
 * jobs this instance is still running: a lease of its own that ran out while its event loop was
 * busy is extended by its heartbeat, never claimed a second time by itself.
 */
export async function claimJobs(
  db: Executor,
  claim: {
    instance: string;
    kinds: readonly JobKind[];
    limit: number;
    leaseSeconds: number;
    overdueMs: number | null;
    holding?: readonly number[];
  },
): Promise<ClaimedJob[]> {
  const holding = claim.holding ?? [];
  const notHeld =
    holding.length === 0
      ? sql``
      : sql`AND id NOT IN (${sql.join(
          holding.map((id) => sql`${id}`),
          sql`, `,
        )})`;
  const dueBefore = claim.overdueMs === null ? sql`now()` : sql`now() - ${claim.overdueMs} * interval '1 millisecond'`;
  const rows = await queryRows<{
    id: string | number;
    kind: JobKind;
    payload: Record<string, unknown> | string;
    attempts: number;
    max_attempts: number;
  }>(
    db,
    sql`UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ${claim.instance},
        locked_until = now() + ${claim.leaseSeconds} * interval '1 second', updated_at = now()
      WHERE id IN (
        SELECT id FROM jobs
        WHERE status IN ('queued', 'running') AND run_at <= ${dueBefore}
          AND (status = 'queued' OR locked_until < now()) ${notHeld}
          AND kind IN (${sql.join(
            claim.kinds.map((k) => sql`${k}`),
            sql`, `,
          )})
        ORDER BY run_at, id
        LIMIT ${claim.limit}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING id, kind, payload, attempts, max_attempts`,
  );
  return rows
    .map((r) => ({
      id: Number(r.id),
      kind: r.kind,
      payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as Record<string, unknown>) : r.payload,
      attempts: r.attempts,
      maxAttempts: r.max_attempts,
    }))
    .sort((a, b) => a.id - b.id);
}

/** Done — only if this instance still holds the job (a lease that ran out may have passed it on); `locked_by` says who ran it. */
export async function completeJob(db: Executor, id: number, instance: string): Promise<void> {
  await db.execute(sql`UPDATE jobs SET status = 'done', finished_at = now(), updated_at = now(),
      locked_until = NULL, last_error = NULL
    WHERE id = ${id} AND locked_by = ${instance} AND status = 'running'`);
}

/** A failed attempt: queued again at `retryAt`, or dead-lettered (`failed`) when `retryAt` is null. */
export async function failJob(db: Executor, id: number, instance: string, error: string, retryAt: Date | null): Promise<void> {
  await db.execute(sql`UPDATE jobs SET
      status = ${retryAt ? 'queued' : 'failed'},
      run_at = ${retryAt ? sql`${retryAt.toISOString()}::timestamptz` : sql`run_at`},
      finished_at = ${retryAt ? sql`NULL` : sql`now()`},
      last_error = ${error.slice(0, 2000)}, locked_by = NULL, locked_until = NULL, updated_at = now()
    WHERE id = ${id} AND locked_by = ${instance} AND status = 'running'`);
}

/** Keeps this instance's running jobs: long work extends its lease well before it runs out. */
export async function extendLeases(db: Executor, ids: readonly number[], instance: string, leaseSeconds: number) {
  if (ids.length === 0) return;
  await db.execute(sql`UPDATE jobs SET locked_until = now() + ${leaseSeconds} * interval '1 second'
    WHERE locked_by = ${instance} AND status = 'running' AND id IN (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`);
}

/** Finished jobs older than the retention period, a batch at a time. */
export async function purgeFinishedJobs(db: Executor, retentionDays: number): Promise<number> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`DELETE FROM jobs WHERE id IN (
      SELECT id FROM jobs WHERE status = 'done' AND finished_at < now() - ${retentionDays} * interval '1 day' LIMIT 5000
    ) RETURNING id`,
  );
  return rows.length;
}

export interface JobCounts {
  kind: string;
  status: JobStatus;
  jobs: number;
  /** Seconds the oldest due job of this kind and status has waited (queued only), else null. */
  oldestAgeSeconds: number | null;
}

/** Jobs per kind and status, and how long the oldest due one has waited: /metrics and the jobs page. */
export async function jobCounts(db: Executor, organizationIds: readonly string[] | null = null): Promise<JobCounts[]> {
  const orgFilter =
    organizationIds === null
      ? sql`true`
      : organizationIds.length === 0
        ? sql`false`
        : sql`organization_id IN (${sql.join(
            organizationIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`;
  const rows = await queryRows<{ kind: string; status: JobStatus; jobs: number | string; oldest: number | string | null }>(
    db,
    sql`SELECT kind, status, count(*)::int AS jobs,
        CASE WHEN status = 'queued' THEN extract(epoch FROM now() - min(run_at) FILTER (WHERE run_at <= now())) END AS oldest
      FROM jobs WHERE ${orgFilter} GROUP BY kind, status ORDER BY kind, status`,
  );
  return rows.map((r) => ({
    kind: r.kind,
    status: r.status,
    jobs: Number(r.jobs),
    oldestAgeSeconds: r.oldest === null ? null : Math.max(0, Number(r.oldest)),
  }));
}
