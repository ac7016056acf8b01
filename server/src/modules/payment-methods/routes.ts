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
/** The two holders of a payment method: what each route reads, writes and says. */
const HOLDERS = [
  {
    path: 'id-tokens',
    readPermission: 'chargers:read',
    read: service.tokenPaymentMethod,
    set: service.setTokenPaymentMethod,
    summaries: {
      get: 'The payment method of an ID token (payments:read or chargers:read) and the one settlement would use',
      put: 'Set the payment method of an ID token',
      delete: "Remove an ID token's own payment method: its driver's, else manual, applies",
    },
  },
  {
    path: 'users',
    readPermission: 'users:read',
    read: service.userPaymentMethod,
    set: service.setUserPaymentMethod,
    summaries: {
      get: 'The payment method of a user, for all of its tokens (payments:read or users:read)',
      put: 'Set the payment method of a user',
      delete: "Remove a user's payment method: manual (postpaid) applies",
    },
  },
] as const;

export function paymentMethodRoutes(app: TypedApp, { db }: AppDeps): void {
  for (const holder of HOLDERS) {
    const url = `/api/v1/${holder.path}/:id/payment-method`;
    app.get(
      url,
      { config: { access: 'authenticated' }, schema: { tags, summary: holder.summaries.get, params: IdParams, response } },
      async (request) => {
        const { scope } = actorOf(request);
        service.assertCanReadPaymentMethod(scope, holder.readPermission);
        return holder.read(db, scope, request.params.id);
      },
    );
    app.put(
      url,
      {
        config: { access: 'payments:write' },
        schema: { tags, summary: holder.summaries.put, params: IdParams, body: SetPaymentMethodBody, response },
      },
      async (request) => holder.set(db, auditContext(request), actorOf(request).scope, request.params.id, request.body.gateway),
    );
    app.delete(
      url,
      { config: { access: 'payments:write' }, schema: { tags, summary: holder.summaries.delete, params: IdParams, response } },
      async (request) => holder.set(db, auditContext(request), actorOf(request).scope, request.params.id, null),
    );
  }
}
