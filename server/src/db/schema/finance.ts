import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { TariffElement } from '../../domain/finance/tariff.js';
import { PAYMENT_GATEWAYS, type PaymentGateway } from '../../domain/payment-gateways.js';
import { invoices } from './billing.js';
import { chargers } from './chargers.js';
import { commissionContracts, organizations } from './organizations.js';
import { chargingSessions, idTokens } from './ocpp.js';
import { sites } from './sites.js';
import { users } from './users.js';

/**
 * An OCPI 2.2.1 tariff, assigned to an organization (both site and charger null), a site, a charger
 * or one connector of a charger; valid from `validFrom` (inclusive) until `validTo` (exclusive, null = open).
 */
export const tariffs = pgTable(
  'tariffs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    currency: text('currency').notNull(),
    elements: jsonb('elements').$type<TariffElement[]>().notNull(),
    siteId: uuid('site_id').references(() => sites.id, { onDelete: 'restrict' }),
    chargerId: uuid('charger_id').references(() => chargers.id, { onDelete: 'restrict' }),
    /** The OCPP connector number on `chargerId` (as sessions record it). */
    connectorId: integer('connector_id'),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    validTo: timestamp('valid_to', { withTimezone: true }),
    /** Raised on every change; `tariff_versions` keeps each version's snapshot. */
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('tariffs_org_idx').on(t.organizationId, t.validFrom)],
);

export type TariffSnapshot = Omit<typeof tariffs.$inferSelect, 'createdAt' | 'updatedAt' | 'validFrom' | 'validTo'> & {
  validFrom: string;
  validTo: string | null;
};

/** Every version a tariff ever had, so a settlement always points at the prices it used. */
export const tariffVersions = pgTable(
  'tariff_versions',
  {
    tariffId: uuid('tariff_id')
      .notNull()
      .references(() => tariffs.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    snapshot: jsonb('snapshot').$type<TariffSnapshot>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'tariff_versions_pk', columns: [t.tariffId, t.version] })],
);

export type { PaymentGateway };

/** How a driver pays: per ID token, or per user (all of the user's tokens). */
export const paymentMethods = pgTable(
  'payment_methods',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    idTokenId: uuid('id_token_id').references(() => idTokens.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    gateway: text('gateway', { enum: PAYMENT_GATEWAYS }).notNull(),
    /** A card on file is the gateway's token only (never a card number or CVV), with what a person recognises it by. */
    cardToken: text('card_token'),
    cardBrand: text('card_brand'),
    cardLast4: text('card_last4'),
    /** MM/YY. */
    cardExpiry: text('card_expiry'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payment_methods_token_uq')
      .on(t.idTokenId)
      .where(sql`${t.idTokenId} IS NOT NULL`),
    uniqueIndex('payment_methods_user_uq')
      .on(t.userId)
      .where(sql`${t.userId} IS NOT NULL`),
  ],
);

export interface StoredPriceLine {
  elementIndex: number;
  type: string;
  unitPrice: string;
  /** Exact quantity as a ratio "num/den" and a display figure. */
  quantityExact: string;
  quantity: string;
  amountMinor: number;
}

export interface StoredTaxLine {
  name: string;
  rate: string;
  compound: boolean;
  baseMinor: number;
  amountMinor: number;
}

const minor = (name: string) => bigint(name, { mode: 'bigint' }).notNull();

/** The settlement of one session (docs/finance.md §6), stored once when it stops. Amounts in minor units of `currency`. */
export const sessionSettlements = pgTable(
  'session_settlements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => chargingSessions.id, { onDelete: 'restrict' }),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    siteId: uuid('site_id').notNull(),
    chargerId: uuid('charger_id').notNull(),
    currency: text('currency').notNull(),
    timeZone: text('time_zone').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    stoppedAt: timestamp('stopped_at', { withTimezone: true }).notNull(),
    energyWh: bigint('energy_wh', { mode: 'number' }).notNull(),
    /** Seconds plugged in after energy stopped rising (OCPI PARKING_TIME), for idle-time figures. */
    idleSeconds: integer('idle_seconds').notNull().default(0),
    tariffId: uuid('tariff_id').references(() => tariffs.id, { onDelete: 'restrict' }),
    tariffVersion: integer('tariff_version'),
    /** e.g. NO_TARIFF, NO_CONTRACT. */
    flags: jsonb('flags')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    lines: jsonb('lines').$type<StoredPriceLine[]>().notNull(),
    linesTotalMinor: minor('lines_total_minor'),
    discountMinor: minor('discount_minor'),
    netMinor: minor('net_minor'),
    taxLines: jsonb('tax_lines').$type<StoredTaxLine[]>().notNull(),
    taxMinor: minor('tax_minor'),
    grossMinor: minor('gross_minor'),
    paymentMethod: text('payment_method').notNull(),
    gateway: text('gateway'),
    gatewayFeeMinor: minor('gateway_fee_minor'),
    gatewayFeeBearer: text('gateway_fee_bearer', { enum: ['organization', 'platform'] }).notNull(),
    commissionContractId: uuid('commission_contract_id').references(() => commissionContracts.id, { onDelete: 'set null' }),
    platformCommissionMinor: minor('platform_commission_minor'),
    locationOwnerId: uuid('location_owner_id').references(() => users.id, { onDelete: 'set null' }),
    locationOwnerShare: text('location_owner_share'),
    locationOwnerCommissionMinor: minor('location_owner_commission_minor'),
    partnerShareMinor: minor('partner_share_minor'),
    energyCostMinor: minor('energy_cost_minor'),
    marginMinor: minor('margin_minor'),
    /** The campaign whose discount applied, if any. */
    campaignId: uuid('campaign_id'),
    /** 1 at settlement, raised by each explicit re-pricing (see `settlement_adjustments`). */
    revision: integer('revision').notNull().default(1),
    /**
     * The partner invoice that bills this session (docs/finance.md §12: every settled session exactly once):
     * its own period's invoice, or — when it arrived after that one was sent — a later one, as a
     * prior-period line group. Null until a draft claims it.
     */
    invoiceId: uuid('invoice_id').references((): AnyPgColumn => invoices.id, { onDelete: 'set null' }),
    settledAt: timestamp('settled_at', { withTimezone: true }).notNull().defaultNow(),
    repricedAt: timestamp('repriced_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('session_settlements_session_uq').on(t.sessionId),
    index('session_settlements_org_stopped_idx').on(t.organizationId, t.stoppedAt),
    index('session_settlements_tariff_idx').on(t.tariffId),
    index('session_settlements_uninvoiced_idx')
      .on(t.organizationId, t.stoppedAt)
      .where(sql`${t.invoiceId} IS NULL`),
    index('session_settlements_invoice_idx').on(t.invoiceId),
  ],
);

/** Double-entry postings (docs/finance.md §7): debits positive, credits negative; every entry sums to zero. */
export const ledgerPostings = pgTable(
  'ledger_postings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    sessionId: uuid('session_id').references(() => chargingSessions.id, { onDelete: 'restrict' }),
    account: text('account').notNull(),
    ref: text('ref'),
    /** What wrote the entry: a session's settlement, a re-pricing, an invoice, a credit note, a payment or a payout. */
    entryKind: text('entry_kind', {
      enum: ['session', 'adjustment', 'invoice', 'credit_note', 'invoice_payment', 'payout', 'payment', 'refund', 'wallet'],
    })
      .notNull()
      .default('session'),
    /** The invoice, credit note or payout behind a non-session entry. */
    documentId: uuid('document_id'),
    currency: text('currency').notNull(),
    amountMinor: minor('amount_minor'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('ledger_postings_org_at_idx').on(t.organizationId, t.at),
    index('ledger_postings_session_idx').on(t.sessionId),
    index('ledger_postings_document_idx').on(t.documentId),
    // Revenue analytics read refunds by organization and time (modules/analytics/refund-figures.ts).
    index('ledger_postings_refund_at_idx')
      .on(t.organizationId, t.at)
      .where(sql`${t.entryKind} = 'refund'`),
  ],
);

/**
 * One explicit re-pricing of a settled session (after a tariff correction): the figures before and after,
 * who asked and why. The settlement row then holds the new figures and the adjusting ledger postings carry
 * the differences, so history is never silently rewritten.
 */
export const settlementAdjustments = pgTable(
  'settlement_adjustments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => chargingSessions.id, { onDelete: 'restrict' }),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    revision: integer('revision').notNull(),
    reason: text('reason').notNull(),
    requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'set null' }),
    before: jsonb('before').$type<Record<string, unknown>>().notNull(),
    after: jsonb('after').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('settlement_adjustments_session_rev_uq').on(t.sessionId, t.revision)],
);
