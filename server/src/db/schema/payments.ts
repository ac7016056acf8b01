import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { invoices } from './billing.js';
import { chargingSessions, idTokens } from './ocpp.js';
import { organizations } from './organizations.js';
import { users } from './users.js';

/** Gateways money moves through (the wallet is ours, not a gateway). */
export const GATEWAY_KINDS = ['cybersource', 'amex', 'dialog_fuel_card', 'manual'] as const;
export type GatewayKind = (typeof GATEWAY_KINDS)[number];

/** Which payments a configuration takes: every condition given must hold. */
export interface GatewayRouting {
  /** Card brands, e.g. ["visa", "mastercard"]. */
  brands?: string[];
  /** BIN ranges (first 6–8 digits of the card), inclusive. */
  binRanges?: { from: string; to: string }[];
  currencies?: string[];
  minAmountMinor?: number;
  maxAmountMinor?: number;
}

/**
 * A gateway's configuration for one organization (or, with no organization, platform-wide).
 * Credentials are AES-256-GCM ciphertext (domain/secrets.ts); only their masked form is ever
 * returned. Routing picks the enabled configuration of the lowest `priority` whose rules match;
 * `fallbackConfigId` takes over when it does not answer.
 */
export const gatewayConfigs = pgTable(
  'gateway_configs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').references(() => organizations.id, { onDelete: 'cascade' }),
    gateway: text('gateway', { enum: GATEWAY_KINDS }).notNull(),
    label: text('label').notNull(),
    mode: text('mode', { enum: ['test', 'live'] })
      .notNull()
      .default('test'),
    enabled: boolean('enabled').notNull().default(true),
    baseUrl: text('base_url'),
    /** `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts) of the credentials as JSON. */
    credentialsCiphertext: text('credentials_ciphertext'),
    /** The same credentials masked for display, e.g. { merchantId: "lanka…01", sharedSecret: "••••" }. */
    credentialsMasked: jsonb('credentials_masked')
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** Token bucket: requests per second this instance sends to the gateway. */
    rateLimitPerSecond: integer('rate_limit_per_second').notNull().default(20),
    /** ISO 4217 codes the gateway takes for this merchant. */
    currencies: jsonb('currencies')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    routing: jsonb('routing')
      .$type<GatewayRouting>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    priority: integer('priority').notNull().default(100),
    fallbackConfigId: uuid('fallback_config_id').references((): AnyPgColumn => gatewayConfigs.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('gateway_configs_org_idx').on(t.organizationId, t.gateway, t.priority)],
);

/** Per organization: how much a session start holds, and the wallet limits. */
export const paymentSettings = pgTable('payment_settings', {
  organizationId: uuid('organization_id')
    .primaryKey()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  /** Held on a card or fuel card at session start (0: no hold; the session is charged by a sale at settlement). */
  preauthAmountMinor: bigint('preauth_amount_minor', { mode: 'bigint' })
    .notNull()
    .default(sql`0`),
  /** How far below zero a wallet may go at session end (0: never). A start needs a balance above −limit. */
  walletNegativeLimitMinor: bigint('wallet_negative_limit_minor', { mode: 'bigint' })
    .notNull()
    .default(sql`0`),
  /** The most one top-up may add. */
  walletTopUpMaxMinor: bigint('wallet_top_up_max_minor', { mode: 'bigint' })
    .notNull()
    .default(sql`10000000`),
  /** A wallet at or under this after a debit raises a low-balance event. */
  walletLowBalanceMinor: bigint('wallet_low_balance_minor', { mode: 'bigint' })
    .notNull()
    .default(sql`0`),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const PAYMENT_TYPES = ['authorization', 'capture', 'sale', 'void', 'refund', 'top_up', 'manual'] as const;
export type PaymentType = (typeof PAYMENT_TYPES)[number];

/**
 * `pending`: written, not yet answered (or the gateway said pending). `approved`: done (a refund
 * that succeeded). `declined` / `error`: nothing moved. `unknown`: no answer; the reconciler asks
 * the gateway. `failed`: given up after the last retry.
 */
export const PAYMENT_STATUSES = ['pending', 'approved', 'declined', 'unknown', 'error', 'failed'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Every attempt to move money, one row each, never deleted. Amounts in minor units of `currency`. */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    type: text('type', { enum: PAYMENT_TYPES }).notNull(),
    status: text('status', { enum: PAYMENT_STATUSES }).notNull().default('pending'),
    gateway: text('gateway', { enum: [...GATEWAY_KINDS, 'wallet'] }).notNull(),
    gatewayConfigId: uuid('gateway_config_id').references(() => gatewayConfigs.id, { onDelete: 'set null' }),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }).notNull(),
    /** What the gateway approved (less than asked after a partial authorization). */
    approvedMinor: bigint('approved_minor', { mode: 'bigint' }),
    currency: text('currency').notNull(),
    sessionId: uuid('session_id').references(() => chargingSessions.id, { onDelete: 'restrict' }),
    invoiceId: uuid('invoice_id').references(() => invoices.id, { onDelete: 'restrict' }),
    walletId: uuid('wallet_id').references((): AnyPgColumn => wallets.id, { onDelete: 'restrict' }),
    /** The driver paying, when known. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    idTokenId: uuid('id_token_id').references(() => idTokens.id, { onDelete: 'set null' }),
    /** The authorization a capture or void acts on; the capture or sale a refund gives back. */
    parentId: uuid('parent_id').references((): AnyPgColumn => payments.id, { onDelete: 'restrict' }),
    /** Unique: derived from what is paid for and the attempt, so a retry never moves money twice. */
    idempotencyKey: text('idempotency_key').notNull(),
    gatewayReference: text('gateway_reference'),
    /** A decline or error in words, with the gateway's code. */
    reason: text('reason'),
    cardBrand: text('card_brand'),
    cardLast4: text('card_last4'),
    /** The redacted exchange (never card data, PINs or credentials). */
    exchange: jsonb('exchange').$type<unknown>(),
    attempts: integer('attempts').notNull().default(0),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('payments_idempotency_uq').on(t.idempotencyKey),
    index('payments_org_created_idx').on(t.organizationId, t.createdAt),
    index('payments_session_idx').on(t.sessionId),
    index('payments_parent_idx').on(t.parentId),
    index('payments_wallet_idx').on(t.walletId),
    index('payments_reference_idx').on(t.gateway, t.gatewayReference),
    index('payments_open_idx')
      .on(t.status, t.updatedAt)
      .where(sql`${t.status} IN ('pending', 'unknown')`),
  ],
);

/** A driver's prepaid balance in one currency: the sum of its entries, nothing stored beside them. */
export const wallets = pgTable(
  'wallets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    currency: text('currency').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('wallets_user_currency_uq').on(t.userId, t.currency), index('wallets_org_idx').on(t.organizationId)],
);

export const WALLET_ENTRY_KINDS = ['top_up', 'debit', 'refund', 'adjustment'] as const;
export type WalletEntryKind = (typeof WALLET_ENTRY_KINDS)[number];

/** One movement of a wallet (+ in, − out). A session is debited once (unique per wallet and session). */
export const walletEntries = pgTable(
  'wallet_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    walletId: uuid('wallet_id')
      .notNull()
      .references(() => wallets.id, { onDelete: 'restrict' }),
    kind: text('kind', { enum: WALLET_ENTRY_KINDS }).notNull(),
    amountMinor: bigint('amount_minor', { mode: 'bigint' }).notNull(),
    sessionId: uuid('session_id').references(() => chargingSessions.id, { onDelete: 'restrict' }),
    paymentId: uuid('payment_id').references(() => payments.id, { onDelete: 'restrict' }),
    reason: text('reason'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('wallet_entries_wallet_idx').on(t.walletId, t.id),
    uniqueIndex('wallet_entries_session_debit_uq')
      .on(t.walletId, t.sessionId)
      .where(sql`${t.kind} = 'debit'`),
    uniqueIndex('wallet_entries_payment_uq')
      .on(t.paymentId)
      .where(sql`${t.paymentId} IS NOT NULL`),
  ],
);

export const RECONCILIATION_OUTCOMES = ['matched', 'missing_ours', 'missing_theirs', 'amount_mismatch'] as const;
export type ReconciliationOutcome = (typeof RECONCILIATION_OUTCOMES)[number];

/** One imported gateway settlement report and what matching it found. */
export const paymentReconciliations = pgTable(
  'payment_reconciliations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').references(() => organizations.id, { onDelete: 'cascade' }),
    gateway: text('gateway', { enum: GATEWAY_KINDS }).notNull(),
    fileName: text('file_name').notNull(),
    /** The report's period: our payments in it that the report lacks are "missing on the gateway's side". */
    periodFrom: timestamp('period_from', { withTimezone: true }).notNull(),
    periodTo: timestamp('period_to', { withTimezone: true }).notNull(),
    counts: jsonb('counts').$type<Record<ReconciliationOutcome, number>>().notNull(),
    importedBy: uuid('imported_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('payment_reconciliations_org_idx').on(t.organizationId, t.createdAt)],
);

export const paymentReconciliationLines = pgTable(
  'payment_reconciliation_lines',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    reconciliationId: uuid('reconciliation_id')
      .notNull()
      .references(() => paymentReconciliations.id, { onDelete: 'cascade' }),
    outcome: text('outcome', { enum: RECONCILIATION_OUTCOMES }).notNull(),
    gatewayReference: text('gateway_reference'),
    paymentId: uuid('payment_id').references(() => payments.id, { onDelete: 'set null' }),
    theirAmountMinor: bigint('their_amount_minor', { mode: 'bigint' }),
    ourAmountMinor: bigint('our_amount_minor', { mode: 'bigint' }),
    currency: text('currency'),
    /** The report's line number (1 = first data row), null for a payment the report lacks. */
    line: integer('line'),
  },
  (t) => [index('payment_reconciliation_lines_idx').on(t.reconciliationId, t.outcome)],
);
