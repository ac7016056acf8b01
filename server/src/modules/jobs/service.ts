import type { Db, Executor } from '../../db/client.js';
import type { Scope } from '../../domain/scope.js';
import { AppError, forbidden, notFound } from '../../errors.js';
import type { PageRequest } from '../../http/schemas.js';
import { jobCounts } from '../../jobs/queries.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import { type JobRow, jobById, listJobRows, requeueFailedJob } from './queries.js';
import type { JobsFilter } from './schemas.js';

/** What a job does, in words, from its kind and payload. */
export function describeJob(kind: string, payload: Record<string, unknown>): string {
  if (kind === 'settle-session') return `Settle charging session ${String(payload.sessionId)}`;
  if (kind === 'invoice-run') return payload.at ? 'Scheduled invoicing run' : 'Invoicing run started by a user';
  return kind;
}

const jobBody = (row: JobRow) => ({
  ...row,
  description: describeJob(row.kind, row.payload),
  runAt: row.runAt.toISOString(),
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  finishedAt: row.finishedAt?.toISOString() ?? null,
});

/** Jobs are platform operations: only platform users (both built-in roles holding jobs:read) see them. */
function jobReach(scope: Scope): readonly string[] | null {
  if (scope.kind !== 'platform') throw forbidden('Background jobs are for the platform’s operators');
  return scope.organizationIds;
}

export async function listJobs(db: Executor, scope: Scope, filter: JobsFilter, page: PageRequest) {
  const { rows, total } = await listJobRows(db, jobReach(scope), filter, page);
  return { items: rows.map(jobBody), total, page: page.page, pageSize: page.pageSize };
}

export async function jobSummary(db: Executor, scope: Scope) {
  return { items: await jobCounts(db, jobReach(scope)) };
}

/** POST /jobs/:id/retry: a failed job gets all its attempts again, now; audited. */
export async function retryJob(db: Db, audit: AuditContext, scope: Scope, id: number) {
  const row = await db.transaction(async (tx) => {
    const reach = jobReach(scope);
    const job = await jobById(tx, id, reach);
    if (!job) throw notFound('Job');
    if (!(await requeueFailedJob(tx, id)))
      throw new AppError('JOB_NOT_FAILED', `Only a failed job can be retried; this one is ${job.status}`);
    await recordAudit(tx, audit, {
      entityType: 'job',
      entityId: String(id),
      action: 'retry',
      organizationId: job.organizationId,
      before: { status: job.status, attempts: job.attempts, lastError: job.lastError },
      after: { status: 'queued', attempts: 0 },
    });
    return jobById(tx, id, reach);
  });
  return jobBody(row!);
}
