import type { Permission } from '../api/server-tables.generated';

/**
 * Every page of the app and who may open it: the one table navigation, route guards, page titles
 * and links between pages read. The server checks the same permission (and, for
 * `wholeOrganization`, that the caller's scope covers whole organizations) on every request, so
 * this table only decides what the app shows; a page the table hides is refused by the server too.
 */
export interface PageRoute {
  /** Router path; `:id` and the like are parameters. */
  path: string;
  /** Page title, and the label of its navigation entry. */
  title: string;
  /** null: everyone signed in. */
  permission: Permission | null;
  /** Only for scopes over whole organizations (not a location owner's chargers or a role limited to sites). */
  wholeOrganization?: true;
  /** Only for platform staff: things that belong to no organization yet (unclaimed chargers). */
  platform?: true;
  /** Only for a location owner (a scope of assigned chargers): its own earnings. */
  locationOwner?: true;
  /** Listed in the navigation, in this table's order. */
  nav?: true;
}

export const ROUTES = {
  dashboard: { path: '/', title: 'Dashboard', permission: null, nav: true },
  network: { path: '/network', title: 'Network', permission: 'monitoring:read', nav: true },
  alerts: { path: '/alerts', title: 'Alerts', permission: 'alerts:read', nav: true },
  grid: { path: '/grid', title: 'Grid', permission: 'grid:read', nav: true },
  alert: { path: '/alerts/:id', title: 'Alert', permission: 'alerts:read' },
  organizations: { path: '/organizations', title: 'Organizations', permission: 'organizations:read', nav: true },
  organizationNew: { path: '/organizations/new', title: 'New organization', permission: 'organizations:write' },
  organization: { path: '/organizations/:id', title: 'Organization', permission: 'organizations:read' },
  sites: { path: '/sites', title: 'Sites', permission: 'sites:read', nav: true },
  siteEnergy: { path: '/sites/:id/energy', title: 'Site energy', permission: 'monitoring:read' },
  chargers: { path: '/chargers', title: 'Chargers', permission: 'chargers:read', nav: true },
  chargerNew: { path: '/chargers/new', title: 'New charger', permission: 'chargers:write' },
  connectionRefusals: {
    path: '/chargers/connection-refusals',
    title: 'Connection refusals',
    permission: 'chargers:read',
    wholeOrganization: true,
    nav: true,
  },
  unclaimedChargers: {
    path: '/chargers/unclaimed',
    title: 'Unclaimed chargers',
    permission: 'chargers:write',
    platform: true,
    nav: true,
  },
  charger: { path: '/chargers/:id', title: 'Charger', permission: 'chargers:read' },
  chargerEdit: { path: '/chargers/:id/edit', title: 'Edit charger', permission: 'chargers:write' },
  idTokens: { path: '/id-tokens', title: 'ID tokens', permission: 'chargers:read', wholeOrganization: true, nav: true },
  finance: { path: '/finance', title: 'Finance', permission: 'finance:read', nav: true },
  earnings: { path: '/earnings', title: 'Earnings', permission: 'finance:read', locationOwner: true, nav: true },
  tariffs: { path: '/tariffs', title: 'Tariffs', permission: 'finance:read', nav: true },
  tariffNew: { path: '/tariffs/new', title: 'New tariff', permission: 'finance:write' },
  tariff: { path: '/tariffs/:id', title: 'Tariff', permission: 'finance:read' },
  campaigns: { path: '/campaigns', title: 'Campaigns', permission: 'finance:read', nav: true },
  // Messages go to an organization's drivers: not for a role limited to sites.
  driverMessages: { path: '/messages', title: 'Messages', permission: 'messages:write', wholeOrganization: true, nav: true },
  driverMessage: { path: '/messages/:id', title: 'Message', permission: 'messages:write', wholeOrganization: true },
  transactions: { path: '/transactions', title: 'Transactions', permission: 'transactions:read', nav: true },
  transaction: { path: '/transactions/:id', title: 'Session', permission: 'transactions:read' },
  reports: { path: '/reports', title: 'Reports', permission: 'reports:read', nav: true },
  invoices: { path: '/invoices', title: 'Invoices', permission: 'invoices:read', wholeOrganization: true, nav: true },
  invoice: { path: '/invoices/:id', title: 'Invoice', permission: 'invoices:read', wholeOrganization: true },
  // Payouts are per organization: a location owner or a role limited to sites has none.
  payouts: { path: '/payouts', title: 'Payouts', permission: 'finance:read', wholeOrganization: true, nav: true },
  // A role limited to sites sees the payments of sessions at its sites (the server filters them).
  payments: { path: '/payments', title: 'Payments', permission: 'payments:read', nav: true },
  payment: { path: '/payments/:id', title: 'Payment', permission: 'payments:read' },
  // Wallets belong to organizations, not sites: a role limited to sites has none.
  wallets: { path: '/wallets', title: 'Wallets', permission: 'payments:read', wholeOrganization: true, nav: true },
  // A settlement report is of a merchant account, the whole organization's.
  paymentReconciliation: {
    path: '/payments/reconciliation',
    title: 'Reconciliation',
    permission: 'payments:read',
    wholeOrganization: true,
    nav: true,
  },
  paymentReconciliationImport: {
    path: '/payments/reconciliation/:id',
    title: 'Reconciliation import',
    permission: 'payments:read',
    wholeOrganization: true,
  },
  // Gateway credentials are platform administration: only the Admin holds gateways:configure.
  paymentGateways: { path: '/payments/gateways', title: 'Payment gateways', permission: 'gateways:configure', nav: true },
  users: { path: '/users', title: 'Users', permission: 'users:read', nav: true },
  roles: { path: '/roles', title: 'Roles', permission: 'roles:read', nav: true },
  roleNew: { path: '/roles/new', title: 'New role', permission: 'roles:write' },
  role: { path: '/roles/:id', title: 'Role', permission: 'roles:read' },
  audit: { path: '/audit', title: 'Audit log', permission: 'audit:read', nav: true },
  jobs: { path: '/jobs', title: 'Background jobs', permission: 'jobs:read', nav: true },
  myCharging: { path: '/my-charging', title: 'My charging', permission: 'self:sessions', nav: true },
  profile: { path: '/profile', title: 'Profile', permission: null },
  notifications: { path: '/notifications', title: 'Notifications', permission: null },
} as const satisfies Record<string, PageRoute>;

export type RouteKey = keyof typeof ROUTES;
export type NavRouteKey = { [K in RouteKey]: (typeof ROUTES)[K] extends { nav: true } ? K : never }[RouteKey];

/** What the signed-in user holds, as the table needs it. */
export interface Access {
  can: (permission: Permission) => boolean;
  wholeOrganizations: boolean;
  /** The user's scope is the whole platform (Admin, Network Manager, Technical, Accounts). */
  platform: boolean;
  /** The user's scope is the chargers assigned to it (a location owner). */
  locationOwner: boolean;
}

export const mayOpen = (route: PageRoute, access: Access): boolean =>
  (route.permission === null || access.can(route.permission)) &&
  (!route.wholeOrganization || access.wholeOrganizations) &&
  (!route.platform || access.platform) &&
  (!route.locationOwner || access.locationOwner);

/** The table's routes in navigation order. */
export const NAV_ROUTES = (Object.keys(ROUTES) as RouteKey[]).filter((key): key is NavRouteKey => 'nav' in ROUTES[key]);

/** A path of the table with its parameters filled in: pathTo('charger', { id }) → "/chargers/…". */
export function pathTo(key: RouteKey, params: Record<string, string> = {}): string {
  return ROUTES[key].path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`pathTo(${key}): no value for :${name}`);
    return encodeURIComponent(value);
  });
}

export const documentTitle = (title: string): string => `${title} · Chargeboard`;
