import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { errorResponses } from '../../http/schemas.js';
import { EarningsBody, EarningsQuery } from './schemas.js';
import { ownerEarnings } from './service.js';

export function earningsRoutes(app: TypedApp, { db }: AppDeps): void {
  app.get(
    '/api/v1/earnings',
    {
      config: { access: 'finance:read' },
      schema: {
        tags: ['earnings'],
        summary:
          "A location owner's commission per charger and currency for local days from–to (403 NOT_A_LOCATION_OWNER for anyone else)",
        querystring: EarningsQuery,
        response: { 200: EarningsBody, ...errorResponses },
      },
    },
    async (request) => ownerEarnings(db, actorOf(request).scope, request.query),
  );
}
