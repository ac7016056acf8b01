import type { AppDeps, TypedApp } from '../../http/app-types.js';
import { actorOf } from '../../http/guard.js';
import { auditContext } from '../../http/request-context.js';
import { errorResponses } from '../../http/schemas.js';
import { OrganizationParams, PaymentSettingsBody, PaymentSettingsInput } from './schemas.js';
import { getPaymentSettings, putPaymentSettings } from './service.js';

const tags = ['payment-settings'];
const url = '/api/v1/payment-settings/:organizationId';
const response = { 200: PaymentSettingsBody, ...errorResponses };

/** Per organization: the hold at session start and the wallet limits, in the organization's currency. */
export function paymentSettingsRoutes(app: TypedApp, { db }: AppDeps): void {
  app.get(
    url,
    {
      config: { access: 'payments:read' },
      schema: {
        tags,
        summary: 'An organization’s payment settings (the defaults while none are stored)',
        params: OrganizationParams,
        response,
      },
    },
    async (request) => getPaymentSettings(db, actorOf(request).scope, request.params.organizationId),
  );
  app.put(
    url,
    {
      config: { access: 'payments:write' },
      schema: {
        tags,
        summary: 'Set an organization’s payment settings',
        params: OrganizationParams,
        body: PaymentSettingsInput,
        response,
      },
    },
    async (request) =>
      putPaymentSettings(db, auditContext(request), actorOf(request).scope, request.params.organizationId, request.body),
  );
}
