/**
 * Resource shapes per docs/api.md and the TypeBox schemas in server/src/modules/*\/schemas.ts.
 * Money is integer minor units; rates and prices are exact decimal strings.
 */

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

export type RoleKey = 'admin' | 'technical' | 'accounts' | 'network_manager' | 'cpo' | 'location_owner' | 'driver' | 'custom';
export type ScopeKind = 'platform' | 'organization' | 'assigned-chargers' | 'self';

export interface Me {
  user: {
    id: string;
    email: string;
    name: string;
    role: string;
    roleName: string;
    organizationId: string | null;
    mustChangePassword: boolean;
    phone: string | null;
  };
  scope: {
    kind: string;
    organizationIds: string[] | null;
    siteIds: string[] | null;
    chargerIds: string[] | null;
  };
  permissions: string[];
}

export interface LoginReply {
  accessToken: string;
  expiresIn: number;
  me: Me;
}

// ── organizations ────────────────────────────────────────────────────────────
export type GatewayName = 'cybersource' | 'amex' | 'dialog_fuel_card' | 'manual' | 'wallet';
export type BillingCycle = 'weekly' | 'monthly' | 'quarterly';

export interface Tax {
  name: string;
  /** exact decimal fraction: "0.18" is 18 % */
  rate: string;
  compound: boolean;
}

export interface GatewayCharge {
  gateway: GatewayName;
  /** exact decimal fraction of gross */
  percent: string;
  /** minor units per payment */
  fixed: number;
}

export interface OrganizationSettings {
  name: string;
  parentId: string | null;
  currency: string;
  timeZone: string;
  addressLine: string | null;
  city: string | null;
  country: string | null;
  taxId: string | null;
  contactEmail: string | null;
  billingCycle: BillingCycle;
  billingDay: number;
  paymentTermsDays: number;
  taxes: Tax[];
  energyCostPerKwh: string;
  gatewayCharges: GatewayCharge[];
  gatewayFeeBearer: 'organization' | 'platform';
  unknownChargerPolicy: 'reject' | 'pending';
}

export interface Organization extends OrganizationSettings {
  id: string;
  hasLogo: boolean;
  logoUrl: string | null;
  siteCount: number;
  chargerCount: number;
  createdAt: string;
  updatedAt: string;
}

export type CreateOrganization = Partial<OrganizationSettings> & Pick<OrganizationSettings, 'name' | 'currency' | 'timeZone'>;
export type UpdateOrganization = Partial<OrganizationSettings>;

export type ContractKind = 'percent_of_net' | 'per_kwh' | 'kwh_tiers';
export interface CommissionTier {
  fromKwh: string;
  percent: string;
}
export interface ContractFields {
  name: string;
  kind: ContractKind;
  percent: string | null;
  perKwh: string | null;
  tiers: CommissionTier[] | null;
  effectiveFrom: string;
  effectiveTo: string | null;
  renewalNoticeDays: number;
}
export interface Contract extends ContractFields {
  id: string;
  organizationId: string;
  createdAt: string;
}

// ── sites ────────────────────────────────────────────────────────────────────
export interface SiteEditable {
  name: string;
  addressLine: string | null;
  city: string | null;
  country: string | null;
  /** decimal degrees as exact strings */
  latitude: string | null;
  longitude: string | null;
  timeZone: string;
  /** kW as a decimal string */
  gridLimitKw: string | null;
}
/** The organization of a site is fixed once created. */
export type CreateSite = Partial<SiteEditable> & { organizationId: string; name: string };
export type UpdateSite = Partial<SiteEditable>;
export interface Site extends SiteEditable {
  id: string;
  organizationId: string;
  organizationName: string;
  chargerCount: number;
  createdAt: string;
  updatedAt: string;
}

// ── chargers ─────────────────────────────────────────────────────────────────
export type AdminStatus = 'active' | 'inactive' | 'maintenance';
export const ADMIN_STATUSES: AdminStatus[] = ['active', 'inactive', 'maintenance'];
export const CONNECTOR_TYPES = ['Type2', 'CCS2', 'CHAdeMO', 'Type1', 'CCS1', 'GBT', 'Schuko'] as const;
export type ConnectorType = (typeof CONNECTOR_TYPES)[number];

export interface ConnectorInput {
  connectorId: number;
  evseId?: number;
  type: ConnectorType;
  /** decimal string, kW */
  maxPowerKw: string;
}
export interface Connector {
  id: string;
  connectorId: number;
  evseId: number;
  type: ConnectorType;
  maxPowerKw: string;
}

export interface ChargerEditable {
  name: string;
  siteId: string;
  vendor: string | null;
  model: string | null;
  serialNumber: string | null;
  firmwareVersion: string | null;
  connectors: ConnectorInput[];
}
export type CreateCharger = Partial<ChargerEditable> & {
  organizationId: string;
  siteId: string;
  ocppIdentity: string;
  name: string;
};
export type UpdateCharger = Partial<ChargerEditable>;

export interface Charger {
  id: string;
  organizationId: string;
  organizationName: string;
  siteId: string;
  siteName: string;
  ocppIdentity: string;
  name: string;
  vendor: string | null;
  model: string | null;
  serialNumber: string | null;
  firmwareVersion: string | null;
  adminStatus: AdminStatus;
  visible: boolean;
  hasOcppPassword: boolean;
  locationOwner: { id: string; name: string; email: string } | null;
  /** fraction, "0.15" = 15 % */
  locationOwnerShare: string | null;
  retiredAt: string | null;
  connectors: Connector[];
  createdAt: string;
  updatedAt: string;
}

// ── users and roles ──────────────────────────────────────────────────────────
export const PLATFORM_ROLES: RoleKey[] = ['admin', 'technical', 'accounts', 'network_manager'];

export interface User {
  id: string;
  email: string;
  name: string;
  role: RoleKey;
  roleName: string;
  customRoleId: string | null;
  organizationId: string | null;
  organizationName: string | null;
  organizationRestriction: string[] | null;
  disabled: boolean;
  mustChangePassword: boolean;
  phone: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CreateUser {
  email: string;
  name: string;
  role: RoleKey;
  password: string;
  organizationId?: string | null;
  customRoleId?: string | null;
  organizationRestriction?: string[] | null;
  phone?: string | null;
}

export type UpdateUser = Partial<
  Pick<User, 'name' | 'phone' | 'role' | 'organizationId' | 'customRoleId' | 'organizationRestriction'>
>;

export interface BuiltInRoleInfo {
  builtIn: true;
  key: Exclude<RoleKey, 'custom'>;
  name: string;
  description: string;
  scope: ScopeKind;
  permissions: string[];
  assignable: boolean;
}

export interface CustomRole {
  builtIn: false;
  key: 'custom';
  id: string;
  organizationId: string;
  organizationName: string;
  name: string;
  description: string | null;
  scope: 'organization' | 'sites';
  permissions: string[];
  siteIds: string[] | null;
  userCount: number;
  assignable: boolean;
  createdAt: string;
  updatedAt: string;
}

export type RoleInfo = BuiltInRoleInfo | CustomRole;

export interface PermissionInfo {
  key: string;
  held: boolean;
  grantable: boolean;
}

export interface CreateRole {
  organizationId: string;
  name: string;
  description?: string | null;
  permissions: string[];
  siteIds?: string[] | null;
}
export type UpdateRole = Partial<Omit<CreateRole, 'organizationId'>>;

// ── audit ────────────────────────────────────────────────────────────────────
export interface FieldChange {
  before: unknown;
  after: unknown;
}
export interface AuditEntry {
  seq: number;
  at: string;
  actorId: string | null;
  actorEmail: string | null;
  entityType: string;
  entityId: string;
  action: string;
  organizationId: string | null;
  changes: Record<string, FieldChange>;
  requestId: string | null;
  hash: string;
}
export interface ChainReport {
  ok: boolean;
  checked: number;
  firstBroken: { seq: number; reason: string } | null;
}
