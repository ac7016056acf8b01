import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { auditContext } from '../../http/request-context.js';
import { IdParams, Page, PageQuery, errorResponses, pageOf } from '../../http/schemas.js';
import { Type } from 'typebox';
import { AdjustmentBody, RepriceBody, RepriceResultBody, RepriceTariffBody, RepriceTariffResultBody } from './schemas.js';
import * as service from './service.js';

const tags = ['settlement'];
const AdjustmentsQuery = Type.Object({ page: PageQuery.page, pageSize: PageQuery.pageSize }, { additionalProperties: false });

/** Explicit, audited re-pricing of settled sessions (never a silent rewrite) and its history. */
export function repricingRoutes(app: TypedApp, { db }: AppDeps): void {
  app.post(
    '/api/v1/sessions/:id/reprice',
    {
      config: { access: 'finance:write' },
      schema: {
        tags,
        summary: 'Re-price a settled session with the tariff in force now; writes an adjustment only when figures change',
        params: IdParams,
        body: RepriceBody,
        response: { 200: RepriceResultBody, ...errorResponses },
      },
    },
    async (request) =>
      service.repriceSession(db, auditContext(request), actorOf(request).scope, request.params.id, request.body.reason),
  );

  app.get(
    '/api/v1/sessions/:id/adjustments',
    {
      config: { access: 'finance:read' },
      schema: {
        tags,
        summary: 'The re-pricings of a session, newest first: revision, reason, who, figures before and after',
        params: IdParams,
        querystring: AdjustmentsQuery,
        response: { 200: Page(AdjustmentBody), ...errorResponses },
      },
    },
    async (request) => service.listAdjustments(db, actorOf(request).scope, request.params.id, pageOf(request.query)),
  );

  app.post(
    '/api/v1/tariffs/:id/reprice',
    {
      config: { access: 'finance:write' },
      schema: {
        tags,
        summary: 'After a tariff correction: re-price the sessions it priced that started in [from, to); reports counts',
        params: IdParams,
        body: RepriceTariffBody,
        response: { 200: RepriceTariffResultBody, ...errorResponses },
      },
    },
    async (request) =>
      service.repriceTariffSessions(db, auditContext(request), actorOf(request).scope, request.params.id, request.body),
  );
}
