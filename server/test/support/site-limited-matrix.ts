/**
 * The authorization matrix's site-limited custom role: a role of the own organization limited to
 * one site and holding every permission a custom role can hold (CUSTOM_ROLE_GRANTABLE). By
 * default it reaches what is on its site — the `own` side — and neither a sibling site of the same
 * organization nor a foreign organization. The exceptions, written out from docs/api.md
 * ("What a role limited to sites reaches"), independently of the server's code:
 *
 * - `refused`: 403 on every side — a permission no custom role can hold, or organization-level
 *   things (invoices, payouts, re-pricing runs, ID tokens, new sites, the organization's settings, its payment
 *   settings and wallets).
 * - `organization`: the organization itself is in reach (its name, currency, contracts, analytics
 *   filtered to the role's sites), so there is no sibling variant: own in reach, foreign not.
 * - `absent`: in reach nowhere, not even on its own side (the row makes something that lies
 *   outside any single site).
 */
export type SiteLimitedRule = 'refused' | 'organization' | 'absent';

export const SITE_LIMITED_RULES: Record<string, SiteLimitedRule> = {
  'GET /api/v1/organizations': 'organization',
  'POST /api/v1/organizations': 'refused',
  'GET /api/v1/organizations/{id}': 'organization',
  'PATCH /api/v1/organizations/{id}': 'refused',
  'DELETE /api/v1/organizations/{id}': 'refused',
  'PUT /api/v1/organizations/{id}/logo': 'refused',
  'GET /api/v1/organizations/{id}/logo': 'organization',
  'DELETE /api/v1/organizations/{id}/logo': 'refused',
  'GET /api/v1/organizations/{id}/contracts': 'organization',
  'POST /api/v1/organizations/{id}/contracts': 'refused',
  'PATCH /api/v1/organizations/{id}/contracts/{contractId}': 'refused',
  'DELETE /api/v1/organizations/{id}/contracts/{contractId}': 'refused',

  'POST /api/v1/sites': 'refused',
  // The grid feeds are the organization's: read where the organization is in reach, managed by whole-organization roles only.
  'GET /api/v1/grid/feeds': 'organization',
  'GET /api/v1/grid/feeds/{id}': 'organization',
  'GET /api/v1/grid/feeds/{id}/readings': 'organization',
  'POST /api/v1/grid/feeds': 'refused',
  'PUT /api/v1/grid/feeds/{id}': 'refused',
  'DELETE /api/v1/grid/feeds/{id}': 'refused',
  // Unclaimed chargers are the platform staff's to claim.
  'GET /api/v1/chargers/unclaimed': 'refused',
  'POST /api/v1/chargers/unclaimed/{id}/claim': 'refused',
  'POST /api/v1/chargers/unclaimed/{id}/reject': 'refused',
  'GET /api/v1/chargers/rejected': 'refused',
  'DELETE /api/v1/chargers/rejected/{id}': 'refused',
  // The row deletes a new, empty site of the organization: never one of the role's sites.
  'DELETE /api/v1/sites/{id}': 'absent',

  'GET /api/v1/id-tokens': 'refused',
  'POST /api/v1/id-tokens': 'refused',
  'GET /api/v1/id-tokens/{id}': 'refused',
  'PATCH /api/v1/id-tokens/{id}': 'refused',
  'GET /api/v1/id-tokens/{id}/payment-method': 'refused',
  'PUT /api/v1/id-tokens/{id}/payment-method': 'refused',
  'DELETE /api/v1/id-tokens/{id}/payment-method': 'refused',

  'GET /api/v1/audit': 'refused',
  'GET /api/v1/audit/verify': 'refused',
  // Alert rules are the organization's settings.
  'GET /api/v1/alert-rules': 'refused',
  'PUT /api/v1/alert-rules/{ruleType}': 'refused',
  // Messages go to the organization's drivers, not a site's.
  'GET /api/v1/driver-messages': 'refused',
  'POST /api/v1/driver-messages': 'refused',
  'POST /api/v1/driver-messages/preview': 'refused',
  'GET /api/v1/driver-messages/options': 'refused',
  'GET /api/v1/driver-messages/{id}': 'refused',
  'POST /api/v1/driver-messages/{id}/cancel': 'refused',
  'GET /api/v1/jobs': 'refused',
  'GET /api/v1/jobs/summary': 'refused',
  'POST /api/v1/jobs/{id}/retry': 'refused',
  'GET /api/v1/me/sessions': 'refused',
  'GET /api/v1/me/sessions/{id}/receipt.pdf': 'refused',

  'POST /api/v1/tariffs/preview': 'organization',
  'POST /api/v1/tariffs/{id}/reprice': 'refused',

  'GET /api/v1/invoices': 'refused',
  'POST /api/v1/invoices': 'refused',
  'GET /api/v1/invoices/{id}': 'refused',
  'GET /api/v1/invoices/{id}/pdf': 'refused',
  'POST /api/v1/invoices/{id}/regenerate': 'refused',
  'POST /api/v1/invoices/{id}/send': 'refused',
  'POST /api/v1/invoices/{id}/payments': 'refused',
  'POST /api/v1/invoices/{id}/credit-notes': 'refused',
  'POST /api/v1/invoice-runs': 'refused',
  'GET /api/v1/invoice-runs': 'refused',
  'GET /api/v1/invoice-runs/{id}': 'refused',
  'GET /api/v1/payouts/balances': 'refused',
  'GET /api/v1/payouts/entries': 'refused',
  // A settlement report is of the organization's merchant account.
  'POST /api/v1/payment-reconciliations': 'refused',
  'GET /api/v1/payment-reconciliations': 'refused',
  'GET /api/v1/payment-reconciliations/{id}': 'refused',
  'POST /api/v1/payouts': 'refused',
  // gateways:configure is never in a custom role.
  'GET /api/v1/gateway-configs': 'refused',
  'POST /api/v1/gateway-configs': 'refused',
  'GET /api/v1/gateway-configs/{id}': 'refused',
  'PATCH /api/v1/gateway-configs/{id}': 'refused',
  'DELETE /api/v1/gateway-configs/{id}': 'refused',
  // Payment settings and wallets belong to the whole organization (a wallet is a driver's, at no site).
  'GET /api/v1/payment-settings/{organizationId}': 'refused',
  'PUT /api/v1/payment-settings/{organizationId}': 'refused',
  'GET /api/v1/wallets': 'refused',
  'POST /api/v1/wallets': 'refused',
  'GET /api/v1/wallets/{id}': 'refused',
  'POST /api/v1/wallets/{id}/top-ups': 'refused',
  'POST /api/v1/wallets/{id}/adjustments': 'refused',
  'POST /api/v1/wallets/{id}/refunds': 'refused',
  // self:wallet is a driver's, never in a custom role.
  'GET /api/v1/me/wallets': 'refused',
  'POST /api/v1/me/wallet/top-ups': 'refused',

  // Earnings are a location owner's; a custom role never is one.
  'GET /api/v1/earnings': 'refused',
  'GET /api/v1/analytics/revenue': 'organization',
  'GET /api/v1/analytics/summary': 'organization',
  'GET /api/v1/analytics/timeseries': 'organization',
  'GET /api/v1/transactions/summary': 'organization',
  'GET /api/v1/payments/stats': 'organization',
  'GET /api/v1/transactions/export': 'organization',
  'POST /api/v1/reports/preview': 'organization',
  'POST /api/v1/reports/export.csv': 'organization',
};
