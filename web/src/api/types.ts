/**
 * Resource shapes of the API. Each is named by the endpoint that returns or takes it, derived from
 * the types generated out of the server's OpenAPI document (see contract.ts): nothing here is
 * declared a second time by hand. Money is integer minor units; rates and prices are exact
 * decimal strings.
 */
import type { ItemOf, RequestBody, ResponseBody } from './contract';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ListParams {
  page?: number;
  pageSize?: number;
  q?: string;
  sort?: string;
  order?: 'asc' | 'desc';
}

export type Me = ResponseBody<'/api/v1/me'>;
export type LoginReply = ResponseBody<'/api/v1/auth/login', 'post'>;
export type RoleKey = User['role'];
export type ScopeKind = BuiltInRoleInfo['scope'];

// ── organizations ────────────────────────────────────────────────────────────
export type Organization = ResponseBody<'/api/v1/organizations/{id}'>;
export type CreateOrganization = RequestBody<'/api/v1/organizations', 'post'>;
export type UpdateOrganization = RequestBody<'/api/v1/organizations/{id}', 'patch'>;
/** What an organization's profile form edits. */
export type OrganizationSettings = Omit<
  Organization,
  'id' | 'hasLogo' | 'logoUrl' | 'siteCount' | 'chargerCount' | 'createdAt' | 'updatedAt'
>;
export type Tax = Organization['taxes'][number];
export type GatewayCharge = Organization['gatewayCharges'][number];
export type GatewayName = GatewayCharge['gateway'];
export type BillingCycle = Organization['billingCycle'];

export type Contract = ItemOf<ResponseBody<'/api/v1/organizations/{id}/contracts'>>;
export type ContractFields = RequestBody<'/api/v1/organizations/{id}/contracts', 'post'>;
export type ContractKind = Contract['kind'];
export type CommissionTier = NonNullable<Contract['tiers']>[number];

// ── sites ────────────────────────────────────────────────────────────────────
export type Site = ResponseBody<'/api/v1/sites/{id}'>;
/** The organization of a site is fixed once created. */
export type CreateSite = RequestBody<'/api/v1/sites', 'post'>;
export type UpdateSite = RequestBody<'/api/v1/sites/{id}', 'patch'>;

// ── chargers ─────────────────────────────────────────────────────────────────
export type Charger = ResponseBody<'/api/v1/chargers/{id}'>;
export type CreateCharger = RequestBody<'/api/v1/chargers', 'post'>;
export type UpdateCharger = RequestBody<'/api/v1/chargers/{id}', 'patch'>;
export type Connector = Charger['connectors'][number];
export type ConnectorInput = NonNullable<CreateCharger['connectors']>[number];
export type AdminStatus = Charger['adminStatus'];
export type ConnectorType = Connector['type'];
export const ADMIN_STATUSES: AdminStatus[] = ['active', 'inactive', 'maintenance'];
export const CONNECTOR_TYPES: readonly ConnectorType[] = ['Type2', 'CCS2', 'CHAdeMO', 'Type1', 'CCS1', 'GBT', 'Schuko'];

// ── users and roles ──────────────────────────────────────────────────────────
export const PLATFORM_ROLES: RoleKey[] = ['admin', 'technical', 'accounts', 'network_manager'];

export type User = ResponseBody<'/api/v1/users/{id}'>;
export type CreateUser = RequestBody<'/api/v1/users', 'post'>;
export type UpdateUser = RequestBody<'/api/v1/users/{id}', 'patch'>;

export type RoleInfo = ItemOf<ResponseBody<'/api/v1/roles'>>;
export type BuiltInRoleInfo = Extract<RoleInfo, { builtIn: true }>;
export type CustomRole = Extract<RoleInfo, { builtIn: false }>;
export type PermissionInfo = ItemOf<ResponseBody<'/api/v1/permissions'>>;
export type CreateRole = RequestBody<'/api/v1/roles', 'post'>;
export type UpdateRole = RequestBody<'/api/v1/roles/{id}', 'patch'>;

// ── audit ────────────────────────────────────────────────────────────────────
export type AuditEntry = ItemOf<ResponseBody<'/api/v1/audit'>>;
export type FieldChange = AuditEntry['changes'][string];
export type ChainReport = ResponseBody<'/api/v1/audit/verify'>;
