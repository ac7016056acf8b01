import { Type } from 'typebox';
import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { Page, errorResponses, pageOf } from '../../http/schemas.js';
import { exportTransactions } from './export/index.js';
import {
  TransactionBody,
  TransactionExportQuery,
  TransactionFilterQuery,
  TransactionListQuery,
  TransactionSummaryBody,
} from './schemas.js';
import * as service from './service.js';

const tags = ['transactions'];

export function transactionRoutes(app: TypedApp, { db }: AppDeps): void {
  app.get(
    '/api/v1/transactions',
    {
      config: { access: 'transactions:read' },
      schema: {
        tags,
        summary: 'Sessions in scope with their settled money, filtered (organizations, place, driver, status, local days)',
        querystring: TransactionListQuery,
        response: { 200: Page(TransactionBody), ...errorResponses },
      },
    },
    async (request) => service.listTransactions(db, actorOf(request).scope, request.query, pageOf(request.query)),
  );

  app.get(
    '/api/v1/transactions/summary',
    {
      config: { access: 'transactions:read' },
      schema: {
        tags,
        summary: 'Totals of the filtered sessions (revenue per currency) and a per-charger breakdown',
        querystring: TransactionFilterQuery,
        response: { 200: TransactionSummaryBody, ...errorResponses },
      },
    },
    async (request) => service.summarizeTransactions(db, actorOf(request).scope, request.query),
  );

  app.get(
    '/api/v1/transactions/export',
    {
      config: { access: 'transactions:read' },
      schema: {
        tags,
        summary: 'Every filtered session as a streamed CSV or XLSX download',
        querystring: TransactionExportQuery,
        response: { 200: Type.Unknown({ description: 'the CSV or XLSX file, streamed' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { format, ...filter } = request.query;
      const started = Date.now();
      const result = await exportTransactions(db, actorOf(request).scope, filter, format);
      result.stream.once('close', () =>
        request.log.info(
          { export: 'transactions', format, rows: result.rows(), ms: Date.now() - started, filter },
          'transactions exported',
        ),
      );
      return reply
        .header('content-type', result.contentType)
        .header('content-disposition', `attachment; filename="${result.filename}"`)
        .header('cache-control', 'no-store')
        .send(result.stream);
    },
  );
}
