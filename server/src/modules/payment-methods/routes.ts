import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { auditContext } from '../../http/request-context.js';
import { IdParams, errorResponses } from '../../http/schemas.js';
import { PaymentMethodBody, SetPaymentMethodBody } from './schemas.js';
import * as service from './service.js';

const tags = ['payment-methods'];
const response = { 200: PaymentMethodBody, ...errorResponses };

/**
 * How a driver pays, per ID token or per user; settlement charges the gateway fee of the method found.
 * Reading takes payments:read or the holder's own read permission, so the route admits any signed-in
 * user and the handler makes that one check.
 */
export function paymentMethodRoutes(app: TypedApp, { db }: AppDeps): void {
  app.get(
    '/api/v1/id-tokens/:id/payment-method',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'The payment method of an ID token (payments:read or chargers:read) and the one settlement would use',
        params: IdParams,
        response,
      },
    },
    async (request) => {
      const { scope } = actorOf(request);
      service.assertCanReadPaymentMethod(scope, 'chargers:read');
      return service.tokenPaymentMethod(db, scope, request.params.id);
    },
  );

  app.put(
    '/api/v1/id-tokens/:id/payment-method',
    {
      config: { access: 'payments:write' },
      schema: { tags, summary: 'Set the payment method of an ID token', params: IdParams, body: SetPaymentMethodBody, response },
    },
    async (request) =>
      service.setTokenPaymentMethod(db, auditContext(request), actorOf(request).scope, request.params.id, request.body.gateway),
  );

  app.delete(
    '/api/v1/id-tokens/:id/payment-method',
    {
      config: { access: 'payments:write' },
      schema: {
        tags,
        summary: "Remove an ID token's own payment method: its driver's, else manual, applies",
        params: IdParams,
        response,
      },
    },
    async (request) => service.setTokenPaymentMethod(db, auditContext(request), actorOf(request).scope, request.params.id, null),
  );

  app.get(
    '/api/v1/users/:id/payment-method',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'The payment method of a user, for all of its tokens (payments:read or users:read)',
        params: IdParams,
        response,
      },
    },
    async (request) => {
      const { scope } = actorOf(request);
      service.assertCanReadPaymentMethod(scope, 'users:read');
      return service.userPaymentMethod(db, scope, request.params.id);
    },
  );

  app.put(
    '/api/v1/users/:id/payment-method',
    {
      config: { access: 'payments:write' },
      schema: { tags, summary: 'Set the payment method of a user', params: IdParams, body: SetPaymentMethodBody, response },
    },
    async (request) =>
      service.setUserPaymentMethod(db, auditContext(request), actorOf(request).scope, request.params.id, request.body.gateway),
  );

  app.delete(
    '/api/v1/users/:id/payment-method',
    {
      config: { access: 'payments:write' },
      schema: {
        tags,
        summary: "Remove a user's payment method: manual (postpaid) applies",
        params: IdParams,
        response,
      },
    },
    async (request) => service.setUserPaymentMethod(db, auditContext(request), actorOf(request).scope, request.params.id, null),
  );
}
