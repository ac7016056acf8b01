import { Type, type Static } from 'typebox';
import { PageQuery } from '../../http/schemas.js';

export const JobStatus = Type.Union(
  [Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')],
  { description: 'queued (waiting or waiting to be retried), running, done, failed (out of attempts: the dead letter)' },
);

export const JobsQuery = Type.Object(
  {
    status: Type.Optional(JobStatus),
    kind: Type.Optional(Type.String({ maxLength: 64 })),
    page: PageQuery.page,
    pageSize: PageQuery.pageSize,
  },
  { additionalProperties: false },
);
export type JobsFilter = Static<typeof JobsQuery>;

export const JobIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

export const JobBody = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  /** In words: what the job does, e.g. "Settle session 4f…". */
  description: Type.String(),
  status: JobStatus,
  attempts: Type.Integer(),
  maxAttempts: Type.Integer(),
  organizationId: Type.Union([Type.String(), Type.Null()]),
  organizationName: Type.Union([Type.String(), Type.Null()]),
  payload: Type.Record(Type.String(), Type.Unknown()),
  lastError: Type.Union([Type.String(), Type.Null()]),
  runAt: Type.String({ format: 'date-time', description: 'When it runs (next attempt for a queued job)' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const JobSummaryBody = Type.Object({
  items: Type.Array(
    Type.Object({
      kind: Type.String(),
      status: JobStatus,
      jobs: Type.Integer(),
      oldestAgeSeconds: Type.Union([Type.Number(), Type.Null()]),
    }),
  ),
});
