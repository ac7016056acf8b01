import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { PaymentGateway } from '../../domain/payment-gateways.js';

export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/** One tax of an organization's ordered tax list (docs/finance.md §4). `rate` is an exact decimal string. */
export interface TaxRule {
  name: string;
  rate: string;
  compound: boolean;
}

/** What a payment gateway charges: `percent` of gross (exact decimal) plus `fixed` minor units. */
export interface GatewayCharge {
  gateway: PaymentGateway;
  percent: string;
  fixed: number;
}

/** A kWh tier of a commission contract: from `fromKwh` upwards the `percent` of net applies. */
export interface CommissionTier {
  fromKwh: string;
  percent: string;
}

export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => organizations.id, { onDelete: 'restrict' }),
    currency: text('currency').notNull(),
    timeZone: text('time_zone').notNull(),
    addressLine: text('address_line'),
    city: text('city'),
    country: text('country'),
    taxId: text('tax_id'),
    contactEmail: text('contact_email'),
    billingCycle: text('billing_cycle', { enum: ['weekly', 'monthly', 'quarterly'] })
      .notNull()
      .default('monthly'),
    billingDay: integer('billing_day').notNull().default(1),
    paymentTermsDays: integer('payment_terms_days').notNull().default(30),
    taxes: jsonb('taxes')
      .$type<TaxRule[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    energyCostPerKwh: numeric('energy_cost_per_kwh', { precision: 18, scale: 6 }).notNull().default('0'),
    gatewayCharges: jsonb('gateway_charges')
      .$type<GatewayCharge[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    gatewayFeeBearer: text('gateway_fee_bearer', { enum: ['organization', 'platform'] })
      .notNull()
      .default('organization'),
    hasLogo: boolean('has_logo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('organizations_parent_idx').on(t.parentId)],
);

export const organizationLogos = pgTable('organization_logos', {
  organizationId: uuid('organization_id')
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  mimeType: text('mime_type').notNull(),
  data: bytea('data').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const commissionContracts = pgTable(
  'commission_contracts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['percent_of_net', 'per_kwh', 'kwh_tiers'] }).notNull(),
    percent: numeric('percent', { precision: 9, scale: 6 }),
    perKwh: numeric('per_kwh', { precision: 18, scale: 6 }),
    tiers: jsonb('tiers').$type<CommissionTier[]>(),
    effectiveFrom: date('effective_from').notNull(),
    effectiveTo: date('effective_to'),
    renewalNoticeDays: integer('renewal_notice_days').notNull().default(30),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('commission_contracts_org_idx').on(t.organizationId, t.effectiveFrom)],
);
