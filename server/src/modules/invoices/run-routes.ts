import { Type } from 'typebox';
import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { IdParams, errorResponses } from '../../http/schemas.js';
import { notFound } from '../../errors.js';
import { type InvoiceRunRow, findRun, latestRuns, presentRun, startManualRun } from './bulk-run.js';
import { InvoiceRunBody, InvoiceRunListQuery } from './schemas.js';
import { invoiceScope } from './service.js';

const tags = ['invoices'];

/** A restricted caller sees only the errors of its own organizations. */
function visible(run: InvoiceRunRow, organizationIds: readonly string[] | null) {
  const shown = presentRun(run);
  return organizationIds === null
    ? shown
    : { ...shown, errors: shown.errors.filter((e) => organizationIds.includes(e.organizationId)) };
}

/** Bulk runs are an operation of invoice writers: starting one, and watching its progress. */
export function invoiceRunRoutes(app: TypedApp, { db, jobs }: AppDeps): void {
  app.post(
    '/api/v1/invoice-runs',
    {
      config: { access: 'invoices:write' },
      schema: {
        tags,
        summary: 'Start a bulk run: drafts for every organization in scope whose period closed and has no invoice yet',
        response: { 202: Type.Object({ id: Type.String() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const run = await startManualRun(db, actor.id, invoiceScope(actor.scope));
      jobs?.wake();
      return reply.status(202).send({ id: run.id });
    },
  );

  app.get(
    '/api/v1/invoice-runs',
    {
      config: { access: 'invoices:write' },
      schema: {
        tags,
        summary: 'The latest bulk runs, newest first',
        querystring: InvoiceRunListQuery,
        response: { 200: Type.Object({ items: Type.Array(InvoiceRunBody) }), ...errorResponses },
      },
    },
    async (request) => {
      const scope = invoiceScope(actorOf(request).scope);
      const runs = await latestRuns(db, request.query.limit ?? 10);
      return { items: runs.map((run) => visible(run, scope)) };
    },
  );

  app.get(
    '/api/v1/invoice-runs/:id',
    {
      config: { access: 'invoices:write' },
      schema: { tags, summary: 'A bulk run’s progress', params: IdParams, response: { 200: InvoiceRunBody, ...errorResponses } },
    },
    async (request) => {
      const scope = invoiceScope(actorOf(request).scope);
      const run = await findRun(db, request.params.id);
      if (!run) throw notFound('Invoice run');
      return visible(run, scope);
    },
  );
}
