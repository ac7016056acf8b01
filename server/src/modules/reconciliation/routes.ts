import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { auditContext } from '../../http/request-context.js';
import { IdParams, errorResponses, pageOf } from '../../http/schemas.js';
import { MAX_REPORT_BYTES } from './report.js';
import {
  CreateReconciliationBody,
  CreatedReconciliationBody,
  DetailQuery,
  ListQuery,
  ReconciliationDetailBody,
  ReconciliationListBody,
} from './schemas.js';
import { getReconciliation, importReconciliation, listReconciliations } from './service.js';

const tags = ['payments'];

export function reconciliationRoutes(app: TypedApp, { db }: AppDeps): void {
  app.post(
    '/api/v1/payment-reconciliations',
    {
      config: { access: 'payments:write' },
      // The report travels as JSON text: room for 5 MB of CSV and the escaping JSON adds to it
      // (the handler then refuses more than 5 MB of report itself).
      bodyLimit: 2 * MAX_REPORT_BYTES + 64 * 1024,
      schema: {
        tags,
        summary: "Import a gateway's settlement report (CSV text) and match it against our approved payments",
        body: CreateReconciliationBody,
        response: { 201: CreatedReconciliationBody, ...errorResponses, 413: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const created = await importReconciliation(db, auditContext(request), actor.scope, actor.id, request.body);
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/v1/payment-reconciliations',
    {
      config: { access: 'payments:read' },
      schema: {
        tags,
        summary: 'Imported settlement reports in scope, newest first, with counts per outcome',
        querystring: ListQuery,
        response: { 200: ReconciliationListBody, ...errorResponses },
      },
    },
    async (request) =>
      listReconciliations(
        db,
        actorOf(request).scope,
        { organizationId: request.query.organizationId, gateway: request.query.gateway },
        pageOf(request.query),
      ),
  );

  app.get(
    '/api/v1/payment-reconciliations/:id',
    {
      config: { access: 'payments:read' },
      schema: {
        tags,
        summary: 'One import: totals per outcome and its lines (filter by outcome) with the payment and session',
        params: IdParams,
        querystring: DetailQuery,
        response: { 200: ReconciliationDetailBody, ...errorResponses },
      },
    },
    async (request) =>
      getReconciliation(db, actorOf(request).scope, request.params.id, {
        outcome: request.query.outcome,
        ...pageOf(request.query),
      }),
  );
}
