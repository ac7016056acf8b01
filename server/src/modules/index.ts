import type { AppDeps, TypedApp } from '../http/app-types.js';
import { analyticsRoutes } from './analytics/routes.js';
import { auditRoutes } from './audit/routes.js';
import { authRoutes } from './auth/routes.js';
import { campaignRoutes } from './campaigns/routes.js';
import { chargerRoutes } from './chargers/routes.js';
import { chargingRoutes } from './charging/routes.js';
import { earningsRoutes } from './earnings/routes.js';
import { invoiceRoutes } from './invoices/routes.js';
import { jobRoutes } from './jobs/routes.js';
import { payoutRoutes } from './payouts/routes.js';
import { idTokenRoutes } from './id-tokens/routes.js';
import { liveRoutes } from './live/routes.js';
import { organizationRoutes } from './organizations/routes.js';
import { paymentMethodRoutes } from './payment-methods/routes.js';
import { repricingRoutes } from './repricing/routes.js';
import { roleRoutes } from './roles/routes.js';
import { sessionRoutes } from './sessions/routes.js';
import { settlementRoutes } from './settlement/routes.js';
import { siteRoutes } from './sites/routes.js';
import { tariffRoutes } from './tariffs/routes.js';
import { transactionRoutes } from './transactions/routes.js';
import { userRoutes } from './users/routes.js';

/** Every area's routes, in one list. */
export async function registerModules(app: TypedApp, deps: AppDeps): Promise<void> {
  authRoutes(app, deps);
  organizationRoutes(app, deps);
  siteRoutes(app, deps);
  chargerRoutes(app, deps);
  chargingRoutes(app, deps);
  idTokenRoutes(app, deps);
  userRoutes(app, deps);
  roleRoutes(app, deps);
  auditRoutes(app, deps);
  liveRoutes(app, deps);
  sessionRoutes(app, deps);
  tariffRoutes(app, deps);
  settlementRoutes(app, deps);
  transactionRoutes(app, deps);
  campaignRoutes(app, deps);
  paymentMethodRoutes(app, deps);
  repricingRoutes(app, deps);
  analyticsRoutes(app, deps);
  invoiceRoutes(app, deps);
  payoutRoutes(app, deps);
  earningsRoutes(app, deps);
  jobRoutes(app, deps);
}
