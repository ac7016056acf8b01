import type { Permission } from './permissions.js';

export interface PermissionWords {
  /** The group it is listed under. */
  area: string;
  /** What it is called where a person reads it. */
  name: string;
  /** One line on what it allows. */
  description: string;
}

/** Every permission in words, for the role editor and the roles page: one source, served with the permissions. */
export const PERMISSION_WORDS: Record<Permission, PermissionWords> = {
  'organizations:read': {
    area: 'Organizations',
    name: 'View organizations',
    description: 'See organizations, their settings and billing details.',
  },
  'organizations:write': {
    area: 'Organizations',
    name: 'Manage organizations',
    description: 'Create, edit and remove organizations.',
  },
  'sites:read': { area: 'Sites', name: 'View sites', description: 'See sites, their addresses and opening hours.' },
  'sites:write': { area: 'Sites', name: 'Manage sites', description: 'Create, edit and remove sites.' },
  'chargers:read': {
    area: 'Chargers',
    name: 'View chargers',
    description: 'See chargers, connectors, ID tokens and refused connections.',
  },
  'chargers:write': {
    area: 'Chargers',
    name: 'Manage chargers',
    description: 'Register, edit and retire chargers; issue and block ID tokens; claim unknown chargers.',
  },
  'chargers:assign-owner': {
    area: 'Chargers',
    name: 'Assign location owners',
    description: 'Give a charger a location owner and set their commission share.',
  },
  'chargers:command': {
    area: 'Chargers',
    name: 'Send commands to chargers',
    description: 'Start and stop sessions remotely, reset, unlock connectors.',
  },
  'monitoring:read': {
    area: 'Monitoring',
    name: 'Live monitoring',
    description: 'See the live dashboard, the map and chargers’ live state.',
  },
  'alerts:read': {
    area: 'Monitoring',
    name: 'View alerts',
    description: 'See alerts raised about chargers and sessions (reserved: alerts are not built yet).',
  },
  'alerts:write': {
    area: 'Monitoring',
    name: 'Manage alerts',
    description: 'Acknowledge alerts and set alert rules (reserved: alerts are not built yet).',
  },
  'messages:write': {
    area: 'Drivers',
    name: 'Message drivers',
    description: 'Compose, schedule and cancel messages to the organization’s drivers, and see each one’s delivery.',
  },
  'grid:read': {
    area: 'Energy management',
    name: 'View energy limits',
    description: 'See site power limits and charging profiles (reserved: not built yet).',
  },
  'grid:write': {
    area: 'Energy management',
    name: 'Manage energy limits',
    description: 'Set site power limits and charging profiles (reserved: not built yet).',
  },
  'transactions:read': {
    area: 'Sessions',
    name: 'View sessions',
    description: 'See charging sessions, their meter readings and cost breakdowns.',
  },
  'finance:read': {
    area: 'Finance',
    name: 'View finance',
    description: 'See revenue, tariffs, campaigns, contracts and payouts.',
  },
  'finance:write': {
    area: 'Finance',
    name: 'Manage pricing',
    description: 'Edit tariffs, campaigns and contracts; re-price sessions.',
  },
  'invoices:read': { area: 'Invoices', name: 'View invoices', description: 'See invoices and download their PDFs.' },
  'invoices:write': {
    area: 'Invoices',
    name: 'Manage invoices',
    description: 'Generate, finalize and send invoices, record their payments, issue credit notes.',
  },
  'payments:read': {
    area: 'Payments',
    name: 'View payments',
    description: 'See payment methods (payment collection is not built yet).',
  },
  'payments:write': {
    area: 'Payments',
    name: 'Manage payments',
    description: 'Set the payment method of ID tokens and drivers; record payouts to organizations.',
  },
  'wallets:read': {
    area: 'Payments',
    name: 'View wallets',
    description: 'See drivers’ wallet balances and top-ups (reserved: wallets are not built yet).',
  },
  'wallets:write': {
    area: 'Payments',
    name: 'Manage wallets',
    description: 'Credit and debit drivers’ wallets (reserved: wallets are not built yet).',
  },
  'gateways:configure': {
    area: 'Payments',
    name: 'Configure payment gateways',
    description: 'Set the credentials and fees of payment gateways (reserved: not built yet).',
  },
  'reports:read': {
    area: 'Reports',
    name: 'Reports',
    description: 'Run, schedule and download reports (reserved: reports are not built yet).',
  },
  'users:read': { area: 'Users and roles', name: 'View users', description: 'See users and the roles they hold.' },
  'users:write': {
    area: 'Users and roles',
    name: 'Manage users',
    description: 'Invite, edit and disable users and give them roles.',
  },
  'roles:read': { area: 'Users and roles', name: 'View roles', description: 'See built-in and custom roles.' },
  'roles:write': { area: 'Users and roles', name: 'Manage custom roles', description: 'Create and edit custom roles.' },
  'audit:read': { area: 'Audit', name: 'Audit log', description: 'Read who changed what and when, and verify the log’s chain.' },
  'jobs:read': {
    area: 'Background jobs',
    name: 'View background jobs',
    description: 'See queued, failed and finished background work.',
  },
  'jobs:write': {
    area: 'Background jobs',
    name: 'Retry background jobs',
    description: 'Queue failed background work again once its cause is fixed.',
  },
  'self:sessions': { area: 'Driver', name: 'Own charging', description: 'See one’s own sessions and cards.' },
  'self:wallet': {
    area: 'Driver',
    name: 'Own wallet',
    description: 'See one’s own wallet, its history, and top it up by card.',
  },
};
