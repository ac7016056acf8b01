import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { auditContext } from '../../http/request-context.js';
import { IdParams, errorResponses, pageOf } from '../../http/schemas.js';
import {
  PaymentBody,
  PaymentDetailBody,
  PaymentFilterQuery,
  PaymentListBody,
  PaymentStatsBody,
  PaymentStatsQuery,
  RefundBody,
  RefundHeaders,
} from './dashboard-schemas.js';
import { listPayments, paymentDayStats, paymentDetail } from './dashboard.js';
import { installRefundLedger, refundPayment } from './refunds.js';

const tags = ['payments'];

export function paymentRoutes(app: TypedApp, { db, payments }: AppDeps): void {
  installRefundLedger();

  app.get(
    '/api/v1/payments',
    {
      // payments:read, or a driver's own payments (checked in the service).
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary:
          'Payment attempts across gateways in scope, filtered, with totals per currency (payments:read; drivers: their own)',
        querystring: PaymentFilterQuery,
        response: { 200: PaymentListBody, ...errorResponses },
      },
    },
    async (request) => listPayments(db, actorOf(request).scope, request.query, pageOf(request.query)),
  );

  app.get(
    '/api/v1/payments/stats',
    {
      config: { access: 'payments:read' },
      schema: {
        tags,
        summary: 'Per local day, gateway and currency: attempts, approvals, success rate and approved volume',
        querystring: PaymentStatsQuery,
        response: { 200: PaymentStatsBody, ...errorResponses },
      },
    },
    async (request) => paymentDayStats(db, actorOf(request).scope, request.query),
  );

  app.get(
    '/api/v1/payments/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'One payment with its parent, its captures, voids and refunds, its session and what can still be refunded',
        params: IdParams,
        response: { 200: PaymentDetailBody, ...errorResponses },
      },
    },
    async (request) => paymentDetail(db, actorOf(request).scope, request.params.id),
  );

  app.post(
    '/api/v1/payments/:id/refunds',
    {
      config: { access: 'payments:write' },
      schema: {
        tags,
        summary:
          'Refund part or all of an approved capture or sale (never more than captured; the same idempotency key, the same refund)',
        params: IdParams,
        headers: RefundHeaders,
        body: RefundBody,
        response: { 201: PaymentBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const refund = await refundPayment(payments, auditContext(request), actor.scope, actor.id, request.params.id, {
        input: request.body,
        headerKey: request.headers['idempotency-key'],
      });
      return reply.status(201).send(refund);
    },
  );
}
