import { and, count, desc, eq, inArray, isNotNull, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { jobs, organizations } from '../../db/schema/index.js';
import type { PageRequest } from '../../http/schemas.js';
import type { JobsFilter } from './schemas.js';

/** Restricted platform users see only jobs of their organizations (none of the platform's own). */
const reach = (organizationIds: readonly string[] | null): SQL | undefined =>
  organizationIds === null
    ? undefined
    : organizationIds.length === 0
      ? sql`false`
      : and(isNotNull(jobs.organizationId), inArray(jobs.organizationId, [...organizationIds]));

const columns = {
  id: jobs.id,
  kind: jobs.kind,
  status: jobs.status,
  attempts: jobs.attempts,
  maxAttempts: jobs.maxAttempts,
  organizationId: jobs.organizationId,
  organizationName: organizations.name,
  payload: jobs.payload,
  lastError: jobs.lastError,
  runAt: jobs.runAt,
  createdAt: jobs.createdAt,
  updatedAt: jobs.updatedAt,
  finishedAt: jobs.finishedAt,
};

export type JobRow = Awaited<ReturnType<typeof jobById>> & object;

export async function listJobRows(
  db: Executor,
  organizationIds: readonly string[] | null,
  filter: JobsFilter,
  page: PageRequest,
) {
  const where = and(
    reach(organizationIds),
    filter.status ? eq(jobs.status, filter.status) : undefined,
    filter.kind ? eq(jobs.kind, filter.kind) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select(columns)
      .from(jobs)
      .leftJoin(organizations, eq(organizations.id, jobs.organizationId))
      .where(where)
      .orderBy(desc(jobs.updatedAt), desc(jobs.id))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db.select({ n: count() }).from(jobs).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function jobById(db: Executor, id: number, organizationIds: readonly string[] | null) {
  const [row] = await db
    .select(columns)
    .from(jobs)
    .leftJoin(organizations, eq(organizations.id, jobs.organizationId))
    .where(and(eq(jobs.id, id), reach(organizationIds)));
  return row ?? null;
}

/** A dead-lettered job back in the queue with all its attempts: returns false when it is not failed (any more). */
export async function requeueFailedJob(db: Executor, id: number): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({
      status: 'queued',
      attempts: 0,
      runAt: sql`now()`,
      finishedAt: null,
      updatedAt: sql`now()`,
    })
    .where(and(eq(jobs.id, id), eq(jobs.status, 'failed')))
    .returning({ id: jobs.id });
  return rows.length === 1;
}
