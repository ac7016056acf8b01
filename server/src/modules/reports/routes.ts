import { Type } from 'typebox';
import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { errorResponses } from '../../http/schemas.js';
import { reportCsv, reportFilename } from './csv.js';
import { ReportCatalogueBody, ReportDefinitionBody, ReportPreviewBody } from './schemas.js';
import { buildReport, presentReport, reportCatalogue } from './service.js';

const tags = ['reports'];

export function reportRoutes(app: TypedApp, { db }: AppDeps): void {
  app.get(
    '/api/v1/reports/catalogue',
    {
      config: { access: 'reports:read' },
      schema: {
        tags,
        summary: 'The dimensions, metrics and relative periods a report can be built from',
        response: { 200: ReportCatalogueBody, ...errorResponses },
      },
    },
    async (request) => reportCatalogue(actorOf(request).scope),
  );

  app.post(
    '/api/v1/reports/preview',
    {
      config: { access: 'reports:read' },
      schema: {
        tags,
        summary: 'A report (dimensions × metrics × period, filtered like Transactions) as rows, totals and its resolved period',
        body: ReportDefinitionBody,
        response: { 200: ReportPreviewBody, ...errorResponses },
      },
    },
    async (request) => presentReport(await buildReport(db, actorOf(request).scope, request.body)),
  );

  app.post(
    '/api/v1/reports/export.csv',
    {
      config: { access: 'reports:read' },
      schema: {
        tags,
        summary: "The preview's rows and totals as a streamed CSV (money in major units, energy in kWh)",
        body: ReportDefinitionBody,
        response: { 200: Type.Unknown({ description: 'the CSV file, streamed' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const report = await buildReport(db, actorOf(request).scope, request.body);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${reportFilename(report)}"`)
        .header('cache-control', 'no-store')
        .send(reportCsv(report));
    },
  );
}
