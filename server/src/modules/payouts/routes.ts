import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { auditContext } from '../../http/request-context.js';
import { Page, errorResponses, pageOf } from '../../http/schemas.js';
import { Type } from 'typebox';
import { BalanceBody, BalancesQuery, CreatePayoutBody, EntriesQuery, EntryBody, PayoutBody } from './schemas.js';
import { createPayout, listBalances, listEntries } from './service.js';

const tags = ['payouts'];

export function payoutRoutes(app: TypedApp, { db }: AppDeps): void {
  app.get(
    '/api/v1/payouts/balances',
    {
      config: { access: 'finance:read' },
      schema: {
        tags,
        summary: 'Payout balance per organization: accrued partner share, invoice deductions, credit notes, payouts',
        querystring: BalancesQuery,
        response: { 200: Type.Object({ items: Type.Array(BalanceBody) }), ...errorResponses },
      },
    },
    async (request) => listBalances(db, actorOf(request).scope, request.query.organizationId),
  );

  app.get(
    '/api/v1/payouts/entries',
    {
      config: { access: 'finance:read' },
      schema: {
        tags,
        summary: 'An organization’s payout ledger, newest first, with the running balance',
        querystring: EntriesQuery,
        response: { 200: Page(EntryBody), ...errorResponses },
      },
    },
    async (request) => listEntries(db, actorOf(request).scope, request.query.organizationId, pageOf(request.query)),
  );

  app.post(
    '/api/v1/payouts',
    {
      config: { access: 'payments:write' },
      schema: {
        tags,
        summary: 'Record a payout to an organization',
        body: CreatePayoutBody,
        response: { 201: PayoutBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const payout = await createPayout(db, auditContext(request), actor.scope, actor.id, request.body);
      return reply.status(201).send(payout);
    },
  );
}
