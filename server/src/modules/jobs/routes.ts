import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { auditContext } from '../../http/request-context.js';
import { Page, errorResponses, pageOf } from '../../http/schemas.js';
import { JobBody, JobIdParams, JobSummaryBody, JobsQuery } from './schemas.js';
import { jobSummary, listJobs, retryJob } from './service.js';

const tags = ['jobs'];

/** The durable job queue for operators: what waits, what failed and why, and a retry. */
export function jobRoutes(app: TypedApp, { db, jobs }: AppDeps): void {
  app.get(
    '/api/v1/jobs',
    {
      config: { access: 'jobs:read' },
      schema: {
        tags,
        summary: 'Background jobs, most recently changed first; filter by status (failed: the dead letter) and kind',
        querystring: JobsQuery,
        response: { 200: Page(JobBody), ...errorResponses },
      },
    },
    async (request) => listJobs(db, actorOf(request).scope, request.query, pageOf(request.query)),
  );

  app.get(
    '/api/v1/jobs/summary',
    {
      config: { access: 'jobs:read' },
      schema: {
        tags,
        summary: 'Jobs per kind and status, with how long the oldest due job has waited',
        response: { 200: JobSummaryBody, ...errorResponses },
      },
    },
    async (request) => jobSummary(db, actorOf(request).scope),
  );

  app.post(
    '/api/v1/jobs/:id/retry',
    {
      config: { access: 'jobs:write' },
      schema: {
        tags,
        summary: 'Queue a failed job again with all its attempts (after fixing its cause)',
        params: JobIdParams,
        response: { 200: JobBody, ...errorResponses },
      },
    },
    async (request) => {
      const job = await retryJob(db, auditContext(request), actorOf(request).scope, request.params.id);
      jobs?.wake();
      return job;
    },
  );
}
