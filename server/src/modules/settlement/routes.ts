import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { IdParams, errorResponses } from '../../http/schemas.js';
import { SettlementBody } from './schemas.js';
import { getSessionSettlement } from './service.js';

export function settlementRoutes(app: TypedApp, { db }: AppDeps): void {
  app.get(
    '/api/v1/sessions/:id/settlement',
    {
      config: { access: 'finance:read' },
      schema: {
        tags: ['settlement'],
        summary: 'How a stopped session was priced and split: net, taxes, gross, fees, commissions, margin, ledger postings',
        params: IdParams,
        response: { 200: SettlementBody, ...errorResponses },
      },
    },
    async (request) => getSessionSettlement(db, actorOf(request).scope, request.params.id),
  );
}
